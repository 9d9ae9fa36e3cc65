import { useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../api/client";
import { messageOf } from "../api/errors";
import { useResource } from "../api/useResource";
import { formatDate, summariseStatuses } from "./format";
import { ErrorMessage, Loading } from "./Messages";

type VisitDue = Schemas["VisitDuePublic"];

function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/** "Overdue since 20 Nov 2026" or "Due 4 Dec 2026". */
export function dueText(visit: Pick<VisitDue, "overdue" | "visit_due">): string {
  return `${visit.overdue ? "Overdue since" : "Due"} ${formatDate(visit.visit_due)}`;
}

/** "Visit recorded": the day of the visit (today unless changed); the family's next visit follows from it. */
function RecordVisit({ visit, onRecorded }: { visit: VisitDue; onRecorded: (text: string) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `visit-${visit.family_id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const visited = String(new FormData(event.currentTarget).get("visited_on") ?? "");
    if (!visited) return setError("Enter the day of the visit");
    setBusy(true);
    setError(undefined);
    try {
      const family = await call(
        api.POST("/api/families/{family_id}/visits", {
          params: { path: { family_id: visit.family_id } },
          body: { visited_on: visited },
        }),
      );
      onRecorded(
        `Visit to ${visit.family_name} recorded on ${formatDate(family.last_visit_on)}; next visit due ${formatDate(family.visit_due)}.`,
      );
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="inline-form">
      {error && (
        <p className="error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
      <label htmlFor={id} className="visually-hidden">
        Day of the visit to {visit.family_name}
      </label>
      <input
        id={id}
        name="visited_on"
        type="date"
        defaultValue={today()}
        max={today()}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit" className="button" disabled={busy}>
        Visit recorded
      </button>
    </form>
  );
}

type Props = { unitId?: number; showWorker?: boolean; onRecorded?: (text: string) => void };

/** Visits overdue or due soon, statutory first: a team's (unitId) or the reader's own. */
export function VisitsDue({ unitId, showWorker = false, onRecorded }: Props) {
  const visits = useResource(
    () => call(api.GET("/api/visits/due", { params: { query: unitId ? { unit_id: unitId } : {} } })),
    [unitId],
  );
  const [said, setSaid] = useState<string>();
  if (visits.error && !visits.data) return <ErrorMessage>{visits.error}</ErrorMessage>;
  if (!visits.data) return <Loading what="the visits due" />;
  const { data, until } = visits.data;
  const recorded = (text: string) => {
    setSaid(text);
    onRecorded?.(text);
    visits.reload();
  };
  return (
    <>
      <p className="hint">
        Overdue visits and those due by {formatDate(until)}: child protection, looked-after and private fostering first.
      </p>
      <div role="status" aria-live="polite">
        {said && <p className="success-box">{said}</p>}
      </div>
      {data.length === 0 ? (
        <p className="hint">No visit is overdue or due by then.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Visits due</caption>
            <thead>
              <tr>
                <th scope="col">Family</th>
                <th scope="col">Children and status</th>
                <th scope="col">Last visit</th>
                <th scope="col">Next visit</th>
                {showWorker && <th scope="col">Key worker</th>}
                <th scope="col">Record a visit</th>
              </tr>
            </thead>
            <tbody>
              {data.map((v) => (
                <tr key={v.family_id}>
                  <th scope="row">{v.family_name}</th>
                  <td>{summariseStatuses(v.statuses)}</td>
                  <td>{formatDate(v.last_visit_on)}</td>
                  <td>
                    <strong>{dueText(v)}</strong>
                    {v.away_without_cover && (
                      <span className="warning-text">
                        {" "}
                        – {v.key_worker_name ?? "The key worker"} is away then and nobody covers the family
                      </span>
                    )}
                  </td>
                  {showWorker && (
                    <td>
                      {v.key_worker_name ?? v.key_pod_name ?? "Unallocated"}
                      {v.cover_worker_name && ` (covered by ${v.cover_worker_name})`}
                    </td>
                  )}
                  <td>
                    <RecordVisit visit={v} onRecorded={recorded} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
