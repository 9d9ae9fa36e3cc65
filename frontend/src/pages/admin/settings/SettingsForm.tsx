import { useMemo, useState, type FormEvent } from "react";
import { api, ApiError, call } from "../../../api/client";
import { fieldKey, problemText } from "../../../api/errors";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Field } from "../../../components/Field";
import {
  fieldProblem,
  formProblems,
  NO_PROBLEMS,
  serverProblems,
  type FieldIds,
  type FormProblems,
  type Problem,
} from "../../../components/formProblems";
import type { Weighting } from "./SettingsPage";
import {
  changedValues,
  displayValue,
  editsOf,
  GROUPS,
  refusalProblems,
  settingFields,
  type Edit,
  type SettingField,
} from "./settingsFields";

const NOTE_ID = "settings-note";
const SUFFIX = { points: "points", percent: "%", months: "months", number: "" };

const inputId = (field: SettingField) => `setting-${field.key.replace(/[._]/g, "-")}`;

/** A refusal of PUT /api/settings/weighting: the values' sentences go to their fields. */
function saveProblems(error: unknown, fields: SettingField[]): Problem[] {
  if (!(error instanceof ApiError) || !error.problems.length) return serverProblems(error);
  return error.problems.flatMap((problem) =>
    fieldKey(problem.loc) === "values" ? refusalProblems(problemText(problem), fields) : [fieldProblem(problem)],
  );
}

export function SettingsForm({ weighting, onSaved }: { weighting: Weighting; onSaved: (next: Weighting) => void }) {
  const fields = useMemo(() => settingFields(weighting.values), [weighting.values]);
  const ids: FieldIds = useMemo(
    () => ({ note: NOTE_ID, ...Object.fromEntries(fields.map((f) => [f.key, inputId(f)])) }),
    [fields],
  );
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<FormProblems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const { edits } = editsOf(fields, texts);
  const fallback = fields.length ? inputId(fields[0]) : NOTE_ID;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = editsOf(fields, texts);
    const found = [...checked.problems];
    if (!checked.edits.length && !checked.problems.length)
      found.push({ field: fields[0]?.key, message: "Change at least one value" });
    if (note.trim().length < 3) found.push({ field: "note", message: "Say why you are changing the settings" });
    setProblems(formProblems(found, ids, fallback));
    if (found.length) return;
    setBusy(true);
    try {
      const body = { values: changedValues(weighting.values, checked.edits), note: note.trim() };
      onSaved(await call(api.PUT("/api/settings/weighting", { body })));
    } catch (failure) {
      setProblems(formProblems(saveProblems(failure, fields), ids, fallback));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="settings-form">
      <ErrorSummary items={problems.summary} />
      {GROUPS.map((group) => {
        const inGroup = fields.filter((f) => f.group === group);
        if (!inGroup.length) return null;
        return (
          <fieldset key={group} className="settings-group">
            <legend>{group}</legend>
            {inGroup.map((field) => (
              <Field
                key={field.key}
                id={ids[field.key]}
                label={field.label}
                error={problems.byField[field.key]}
                suffix={SUFFIX[field.unit]}
              >
                <input
                  id={ids[field.key]}
                  className="short"
                  inputMode="decimal"
                  value={texts[field.key] ?? displayValue(field)}
                  onChange={(e) => setTexts((old) => ({ ...old, [field.key]: e.target.value }))}
                />
              </Field>
            ))}
          </fieldset>
        );
      })}
      <PendingChanges edits={edits} />
      <Field
        id={NOTE_ID}
        label="Why are you changing the settings?"
        hint="Kept with the new version and in the audit trail."
        error={problems.byField.note}
      >
        <textarea id={NOTE_ID} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Saving…" : "Save as a new version"}
      </button>
    </form>
  );
}

/** What saving would change, so it can be checked before it is sent. */
function PendingChanges({ edits }: { edits: Edit[] }) {
  if (!edits.length) return <p className="hint">You have not changed any values yet.</p>;
  return (
    <div className="panel" aria-live="polite">
      <h2>Changes to save</h2>
      <ul className="changes">
        {edits.map(({ field, value }) => (
          <li key={field.key}>
            {field.group} – {field.label}: {displayValue(field)} → {displayValue({ ...field, value })}{" "}
            {SUFFIX[field.unit]}
          </li>
        ))}
      </ul>
    </div>
  );
}
