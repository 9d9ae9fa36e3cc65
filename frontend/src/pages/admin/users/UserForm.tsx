import { useState, type FormEvent } from "react";
import type { Role } from "../../../api/client";
import { ROLE_NAMES } from "../../../auth/roles";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Field } from "../../../components/Field";
import { formProblems, NO_PROBLEMS, serverProblems, type FormProblems } from "../../../components/formProblems";
import { managedUnits, unitLabel, workerLabel, type Directory } from "../directory";
import { linksFor, USER_CONFLICTS, USER_FIELD_IDS as IDS, userProblems, type UserDraft } from "./userForm";

type Props = {
  mode: "add" | "edit";
  initial: UserDraft;
  directory: Directory;
  submitLabel: string;
  /** Editing one's own account: the role and the active flag are not offered (the server refuses them). */
  isSelf?: boolean;
  /** Sends the draft; a refusal it throws is shown next to the fields it names. */
  onSubmit: (draft: UserDraft) => Promise<void>;
};

const ROLES = Object.keys(ROLE_NAMES) as Role[];

/** Adding or editing a user: the links asked for depend on the role. */
export function UserForm({ mode, initial, directory, submitLabel, isSelf = false, onSubmit }: Props) {
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<FormProblems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<UserDraft>) => setDraft((old) => ({ ...old, ...change }));
  const links = linksFor(draft.role);
  const error = problems.byField;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = userProblems(draft, mode);
    setProblems(formProblems(found, IDS, IDS.full_name));
    if (found.length) return;
    setBusy(true);
    try {
      await onSubmit(draft);
    } catch (failure) {
      setProblems(formProblems(serverProblems(failure, USER_CONFLICTS), IDS, IDS.full_name));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="narrow">
      <ErrorSummary items={problems.summary} />
      {mode === "add" && (
        <Field
          id={IDS.username}
          label="Username"
          error={error.username}
          hint="Lower-case letters, digits, dots, dashes or underscores, for example a.khan"
        >
          <input
            id={IDS.username}
            value={draft.username}
            onChange={(e) => set({ username: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      )}
      <Field id={IDS.full_name} label="Full name" error={error.full_name}>
        <input
          id={IDS.full_name}
          value={draft.full_name}
          onChange={(e) => set({ full_name: e.target.value })}
          autoComplete="off"
        />
      </Field>
      {isSelf ? (
        <p className="hint">
          Your role is {ROLE_NAMES[draft.role as Role]}. You cannot change your own role or deactivate your own account;
          another administrator can.
        </p>
      ) : (
        <Field id={IDS.role} label="Role" error={error.role} hint="The role decides what this person can see and do.">
          <select id={IDS.role} value={draft.role} onChange={(e) => set({ role: e.target.value as Role })}>
            <option value="">Choose a role</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_NAMES[role]}
              </option>
            ))}
          </select>
        </Field>
      )}
      {links.unit !== "none" && (
        <Field id={IDS.unit_id} label="Team they manage" error={error.unit_id}>
          <select id={IDS.unit_id} value={draft.unit_id} onChange={(e) => set({ unit_id: e.target.value })}>
            <option value="">Choose a team</option>
            {managedUnits(directory, initial.unit_id).map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unitLabel(unit)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {links.worker !== "none" && (
        <Field
          id={IDS.worker_id}
          label={links.worker === "required" ? "Their worker record" : "Their worker record (optional)"}
          hint={
            links.worker === "required"
              ? "A social worker sees the families held by this worker."
              : "Only if the manager also has a worker record."
          }
          error={error.worker_id}
        >
          <select id={IDS.worker_id} value={draft.worker_id} onChange={(e) => set({ worker_id: e.target.value })}>
            <option value="">{links.worker === "required" ? "Choose a worker" : "No worker record"}</option>
            {directory.workers.map((worker) => (
              <option key={worker.id} value={worker.id}>
                {workerLabel(worker)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {mode === "edit" && !isSelf && (
        <div className={error.active ? "field has-error" : "field"}>
          {error.active && <p className="field-error">{error.active}</p>}
          <div className="checkbox">
            <input
              id={IDS.active}
              type="checkbox"
              checked={draft.active}
              onChange={(e) => set({ active: e.target.checked })}
            />
            <label htmlFor={IDS.active}>Account is active (the person can sign in)</label>
          </div>
        </div>
      )}
      <Field
        id={IDS.password}
        label={mode === "add" ? "Password" : "New password (optional)"}
        hint={
          mode === "add"
            ? "At least 8 characters. Give it to the person in a safe way."
            : "Leave blank to keep the current password. Setting one signs the person out."
        }
        error={error.password}
      >
        <input
          id={IDS.password}
          type="password"
          value={draft.password}
          onChange={(e) => set({ password: e.target.value })}
          autoComplete="new-password"
        />
      </Field>
      {mode === "edit" && (
        <Field
          id={IDS.reason}
          label="Why are you making this change?"
          hint="This is kept in the audit trail."
          error={error.reason}
        >
          <textarea id={IDS.reason} rows={3} value={draft.reason} onChange={(e) => set({ reason: e.target.value })} />
        </Field>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
