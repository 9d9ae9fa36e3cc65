import { useState, type FormEvent } from "react";
import { Navigate } from "react-router-dom";
import { api, call, type Schemas } from "../api/client";
import { messageOf } from "../api/errors";
import { useResource } from "../api/useResource";
import { useAuth } from "../auth/AuthContext";
import { ErrorMessage, Loading, Notice } from "../components/Messages";
import { PageTitle } from "../components/PageTitle";

type Choices = Schemas["NotificationSettingsPublic"];
type Choice = "allocations" | "cover" | "uncovered" | "daily";

const CHOICES: { name: Choice; label: string; managers?: boolean }[] = [
  { name: "allocations", label: "A family is allocated to me" },
  { name: "cover", label: "My cover of a family starts or ends" },
  { name: "uncovered", label: "An away worker's families have no cover", managers: true },
  { name: "daily", label: "Each morning: statutory families without a worker", managers: true },
];

/** Everyone's own e-mail notices: the address, and which notices they want. */
export function NoticesPage() {
  const { user, checking } = useAuth();
  const choices = useResource(() => call(api.GET("/api/me/notifications")), []);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  if (checking) return <p role="status">Checking you are signed in…</p>;
  if (!user) return <Navigate to="/login?next=%2Fnotices" replace />;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Partial<Choices> = { email: String(form.get("email") ?? "").trim() };
    for (const choice of CHOICES) body[choice.name] = form.get(choice.name) === "on";
    setError(undefined);
    setSaved(false);
    try {
      await call(api.PATCH("/api/me/notifications", { body }));
      setSaved(true);
      choices.reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  const shown = CHOICES.filter((c) => !c.managers || user.role === "team_manager");
  return (
    <div className="narrow">
      <PageTitle>My e-mail notices</PageTitle>
      <ErrorMessage>{error ?? choices.error}</ErrorMessage>
      {choices.data && !choices.data.mail_enabled && (
        <p>This Keel does not send e-mail yet: your choices are kept for when it does.</p>
      )}
      {choices.loading && !choices.data && <Loading what="your choices" />}
      {choices.data && (
        <form onSubmit={save} noValidate>
          <div className="field">
            <label htmlFor="email">E-mail address (empty for no notices)</label>
            <input id="email" name="email" type="email" autoComplete="email" defaultValue={choices.data.email} />
          </div>
          <fieldset>
            <legend>Tell me when</legend>
            {shown.map((choice) => (
              <div className="field" key={choice.name}>
                <input
                  id={choice.name}
                  name={choice.name}
                  type="checkbox"
                  defaultChecked={choices.data?.[choice.name]}
                />{" "}
                <label htmlFor={choice.name}>{choice.label}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="button">
            Save my choices
          </button>
          <Notice>{saved ? "Your choices are saved." : undefined}</Notice>
        </form>
      )}
    </div>
  );
}
