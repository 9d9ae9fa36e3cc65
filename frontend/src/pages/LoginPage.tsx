import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { useAuth } from "../auth/AuthContext";
import { canReach, homeFor, type Area } from "../auth/roles";
import { messageOf } from "../api/errors";
import { api, call } from "../api/client";
import { useResource } from "../api/useResource";
import { ErrorMessage } from "../components/Messages";
import { PageTitle } from "../components/PageTitle";
import type { Role } from "../api/client";

function destination(role: Role, next: string | null): string {
  const area = next?.split("/")[1];
  const known: Record<string, Area> = {
    board: "board",
    me: "me",
    heatmap: "heatmap",
    units: "heatmap",
    admin: "admin",
  };
  return next && area && known[area] && canReach(role, known[area]) ? next : homeFor(role);
}

export function LoginPage() {
  const { user, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const methods = useResource(() => call(api.GET("/api/auth/methods")), []);

  if (user) return <Navigate to={destination(user.role, params.get("next"))} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!username || !password) {
      setError("Enter your username and password.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const signed = await signIn(username, password);
      navigate(destination(signed.role, params.get("next")), { replace: true });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <PageTitle>Sign in to Keel</PageTitle>
      <ErrorMessage>{error}</ErrorMessage>
      {methods.data?.single_sign_on && (
        <p>
          <a className="button" href="/api/auth/oidc/login">
            Sign in with your council account
          </a>
        </p>
      )}
      {methods.data?.passwords !== false && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="username">Username</label>
            <input id="username" name="username" autoComplete="username" spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      )}
    </div>
  );
}
