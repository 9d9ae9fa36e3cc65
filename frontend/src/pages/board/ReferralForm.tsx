import { useState, type FormEvent } from "react";
import { api, call } from "../../api/client";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { flagName, statusName } from "../../components/format";
import { formProblems, NO_PROBLEMS, serverProblems, type FormProblems } from "../../components/formProblems";
import {
  FLAGS,
  NEW_CHILD,
  referralBody,
  referralProblems,
  STATUSES,
  type ChildDraft,
  type ReferralDraft,
} from "./referral";

const id = (key: string) => `referral-${key.replace(/\./g, "-")}`;
const CONFLICTS = [{ pattern: /already exists/, field: "code" }];

/** A new family for the team's queue: the reference, the children and their status, the flags. */
export function ReferralForm({ unitId, onRecorded }: { unitId: number; onRecorded: (name: string) => void }) {
  const today = new Date().toISOString().slice(0, 10);
  const blank: ReferralDraft = {
    code: "",
    name: "",
    received_on: today,
    area: "",
    flags: [],
    children: [{ ...NEW_CHILD }],
  };
  const [draft, setDraft] = useState<ReferralDraft>(blank);
  const [problems, setProblems] = useState<FormProblems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const ids = Object.fromEntries(
    [
      "code",
      "name",
      "received_on",
      "area",
      ...draft.children.flatMap((_, i) => [
        `children.${i}.first_name`,
        `children.${i}.birth_year`,
        `children.${i}.status`,
      ]),
    ].map((key) => [key, id(key)]),
  );
  const set = (change: Partial<ReferralDraft>) => setDraft((old) => ({ ...old, ...change }));
  const setChild = (i: number, change: Partial<ChildDraft>) =>
    set({ children: draft.children.map((c, j) => (j === i ? { ...c, ...change } : c)) });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const own = referralProblems(draft, new Date().getFullYear());
    setProblems(formProblems(own, ids, id("code")));
    if (own.length) return;
    setBusy(true);
    try {
      const family = await call(api.POST("/api/families", { body: referralBody(draft, unitId) }));
      setDraft(blank);
      onRecorded(family.name);
    } catch (error) {
      setProblems(formProblems(serverProblems(error, CONFLICTS), ids, id("code")));
    } finally {
      setBusy(false);
    }
  }

  const text = (key: "code" | "name" | "area", label: string, hint?: string) => (
    <Field id={id(key)} label={label} hint={hint} error={problems.byField[key]}>
      <input id={id(key)} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Record a new referral">
      <ErrorSummary items={problems.summary} />
      <div className="field-row">
        {text("code", "Reference", "As in the case-management system")}
        {text("name", "Family name")}
      </div>
      <div className="field-row">
        <Field id={id("received_on")} label="Referral received" error={problems.byField.received_on}>
          <input
            id={id("received_on")}
            type="date"
            value={draft.received_on}
            onChange={(e) => set({ received_on: e.target.value })}
          />
        </Field>
        {text("area", "Area (optional)")}
      </div>
      <fieldset className="field">
        <legend>Flags</legend>
        {FLAGS.map((flag) => (
          <label key={flag} className="checkbox">
            <input
              type="checkbox"
              checked={draft.flags.includes(flag)}
              onChange={(e) =>
                set({ flags: e.target.checked ? [...draft.flags, flag] : draft.flags.filter((f) => f !== flag) })
              }
            />{" "}
            {flag === "plo" ? "PLO (pre-proceedings)" : flagName(flag)}
          </label>
        ))}
      </fieldset>
      {draft.children.map((child, i) => (
        <fieldset key={i} className="field">
          <legend>Child {i + 1}</legend>
          <div className="field-row">
            <Field
              id={id(`children.${i}.first_name`)}
              label="First name"
              error={problems.byField[`children.${i}.first_name`]}
            >
              <input
                id={id(`children.${i}.first_name`)}
                value={child.first_name}
                onChange={(e) => setChild(i, { first_name: e.target.value })}
              />
            </Field>
            <Field
              id={id(`children.${i}.birth_year`)}
              label="Year of birth"
              error={problems.byField[`children.${i}.birth_year`]}
            >
              <input
                id={id(`children.${i}.birth_year`)}
                inputMode="numeric"
                value={child.birth_year}
                onChange={(e) => setChild(i, { birth_year: e.target.value })}
              />
            </Field>
            <Field id={id(`children.${i}.status`)} label="Status">
              <select
                id={id(`children.${i}.status`)}
                value={child.status}
                onChange={(e) => setChild(i, { status: e.target.value as ChildDraft["status"] })}
              >
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusName(s)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {draft.children.length > 1 && (
            <button
              type="button"
              className="button-link"
              onClick={() => set({ children: draft.children.filter((_, j) => j !== i) })}
            >
              Remove child {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        className="button secondary"
        onClick={() => set({ children: [...draft.children, { ...NEW_CHILD }] })}
      >
        Add another child
      </button>{" "}
      <button type="submit" className="button" disabled={busy}>
        Add to the queue
      </button>
    </form>
  );
}
