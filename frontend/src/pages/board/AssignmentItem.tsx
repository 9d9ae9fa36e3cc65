import type { WorkerLoad } from "../../api/client";
import type { PlanAssignment } from "../../api/plan";
import type { Decision, Problem } from "./acceptance";

type Props = {
  assignment: PlanAssignment;
  decision: Decision;
  workers: WorkerLoad[];
  problems: Problem[];
  onChange: (decision: Decision) => void;
};

export function placementTitle(a: PlanAssignment): string {
  if (a.previous_worker_name && a.previous_worker_id !== a.worker_id) {
    return `Move ${a.family_name} from ${a.previous_worker_name} to ${a.worker_name}`;
  }
  return `Give ${a.family_name} to ${a.worker_name}`;
}

/** One proposed placement: why, why not the others, and the manager's decision. */
export function AssignmentItem({ assignment: a, decision, workers, problems, onChange }: Props) {
  const id = a.family_id;
  const reasonProblem = problems.find((p) => p.familyId === id && p.field === "reason");
  // Workers away or not at work are not offered: new work would wait for them.
  const others = workers.filter((w) => w.id !== a.worker_id && w.presence === "present");
  const overriding = decision.overrideWorkerId != null;
  return (
    <li className="assignment">
      <fieldset>
        <legend>
          {placementTitle(a)} <span className="code">{a.family_code}</span>
        </legend>
        <ul className="reasons" aria-label={`Why ${a.worker_name}`}>
          {a.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        {a.alternatives.length > 0 && (
          <details>
            <summary>Why not the others ({a.alternatives.length})</summary>
            <ul className="why-not">
              {a.alternatives.map((alt) => (
                <li key={alt.worker_id}>
                  <strong>{alt.worker_name}</strong>: {alt.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
        <div className="decision">
          <div className="checkbox">
            <input
              id={`include-${id}`}
              type="checkbox"
              checked={decision.include}
              onChange={(e) => onChange({ ...decision, include: e.target.checked })}
            />
            <label htmlFor={`include-${id}`}>Apply this placement</label>
          </div>
          <div className="field inline">
            <label htmlFor={`worker-${id}`}>Give to instead</label>
            <select
              id={`worker-${id}`}
              value={decision.overrideWorkerId ?? ""}
              disabled={!decision.include}
              onChange={(e) =>
                onChange({ ...decision, overrideWorkerId: e.target.value ? Number(e.target.value) : null })
              }
            >
              <option value="">{a.worker_name} (as proposed)</option>
              {others.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
          {overriding && decision.include && (
            <div className={`field${reasonProblem ? " has-error" : ""}`}>
              <label htmlFor={`reason-${id}`}>Reason for overriding (recorded in the audit trail)</label>
              {reasonProblem && (
                <p className="field-error" id={`reason-${id}-error`}>
                  <span className="visually-hidden">Error: </span>
                  {reasonProblem.message}
                </p>
              )}
              <textarea
                id={`reason-${id}`}
                rows={2}
                value={decision.reason}
                aria-describedby={reasonProblem ? `reason-${id}-error` : undefined}
                aria-invalid={reasonProblem ? true : undefined}
                onChange={(e) => onChange({ ...decision, reason: e.target.value })}
              />
            </div>
          )}
        </div>
      </fieldset>
    </li>
  );
}
