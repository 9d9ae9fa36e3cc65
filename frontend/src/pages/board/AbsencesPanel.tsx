import { useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../../api/client";
import { messageOf } from "../../api/errors";
import { LIMITS } from "../../api/limits";
import { formatDate, humanise } from "../../components/format";

type Absence = Schemas["AbsenceInView"];

function coverSummary(a: Absence): string {
  const missing = a.without_cover.length;
  if (!a.families) return "Holds no families";
  if (!missing) return `All ${a.families} families covered`;
  const statutory = a.without_cover.filter((f) => f.statutory).length;
  const of = `${missing} of ${a.families} ${a.families === 1 ? "family" : "families"} without cover`;
  return statutory ? `${of} (${statutory} statutory)` : of;
}

/** Change the last day away (an earlier day ends the absence early); the cover's end follows. */
function ChangeAbsence({ absence, onChanged }: { absence: Absence; onChanged: (text: string) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `absence-${absence.id}-end`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const end = String(form.get("end") ?? "");
    if (!end) return setError("Enter the last day away");
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.PATCH("/api/absences/{absence_id}", {
          params: { path: { absence_id: absence.id } },
          body: { end_date: end, reason: String(form.get("reason") ?? "") },
        }),
      );
      onChanged(`${absence.worker_name}'s absence now ends on ${formatDate(end)}; their cover ends with it.`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details>
      <summary>Change or end early</summary>
      <form onSubmit={submit} noValidate className="inline-form">
        {error && (
          <p className="error-text" id={`${id}-error`}>
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor={id}>Last day away</label>
          <input
            id={id}
            name="end"
            type="date"
            defaultValue={absence.end_date}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason (kept in the audit trail)</label>
          <input id={`${id}-reason`} name="reason" maxLength={LIMITS.absenceReason} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          Save the new last day
        </button>
      </form>
    </details>
  );
}

function UncoveredFamilies({ absence }: { absence: Absence }) {
  return (
    <ul className="uncovered" aria-label={`${absence.worker_name}'s families without cover`}>
      {absence.without_cover.map((f) => (
        <li key={f.id}>
          {f.name}
          {f.statutory && <span className="band-tag band-red">Statutory</span>}
        </li>
      ))}
    </ul>
  );
}

/** Current and upcoming absences: every worker away today whose families lack cover is flagged, with
 * the families and a one-click cover plan; absences still to come keep theirs behind a click. */
export function AbsencesPanel({
  absences,
  busy,
  onPlanCover,
  onChanged,
}: {
  absences: Absence[];
  busy: boolean;
  onPlanCover: (absenceId: number) => void;
  onChanged: (text: string) => void;
}) {
  if (!absences.length) return <p className="hint">Nobody in the team is away now or has an absence recorded ahead.</p>;
  return (
    <ul className="absences">
      {absences.map((a) => (
        <li key={a.id} className={a.current && a.without_cover.length ? "absence flagged" : "absence"}>
          <p>
            <strong>{a.worker_name}</strong>: {humanise(a.kind)},{" "}
            {a.current ? "away" : "from " + formatDate(a.start_date)} until {formatDate(a.end_date)}.{" "}
            <span className={a.current && a.without_cover.length ? "warning-text" : undefined}>{coverSummary(a)}.</span>
          </p>
          {a.without_cover.length > 0 && a.current && (
            <>
              <UncoveredFamilies absence={a} />
              <button type="button" className="button" disabled={busy} onClick={() => onPlanCover(a.id)}>
                Plan cover for {a.worker_name}
              </button>
            </>
          )}
          {a.without_cover.length > 0 && !a.current && (
            // Still to come: cover is usually arranged nearer the day, so the families wait behind a click.
            <details>
              <summary>Families to cover from {formatDate(a.start_date)}</summary>
              <UncoveredFamilies absence={a} />
              <button type="button" className="button secondary" disabled={busy} onClick={() => onPlanCover(a.id)}>
                Plan cover for {a.worker_name}
              </button>
            </details>
          )}
          <ChangeAbsence absence={a} onChanged={onChanged} />
        </li>
      ))}
    </ul>
  );
}
