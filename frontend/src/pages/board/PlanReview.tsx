import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError, call, type WorkerLoad } from "../../api/client";
import { messageOf } from "../../api/errors";
import type { Plan } from "../../api/plan";
import { ErrorSummary } from "../../components/ErrorSummary";
import { ErrorMessage } from "../../components/Messages";
import { buildAcceptance, fieldId, initialDecisions, type Problem } from "./acceptance";
import { AssignmentItem } from "./AssignmentItem";
import { LoadsTable } from "./LoadsTable";
import { PlanStory } from "./PlanStory";

type Props = {
  planId: string;
  plan: Plan;
  workers: WorkerLoad[];
  onApplied: (applied: number) => void;
  onAskAgain: () => void;
};

export function PlanReview({ planId, plan, workers, onApplied, onAskAgain }: Props) {
  const [decisions, setDecisions] = useState(() => initialDecisions(plan.assignments));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<{ message: string; stale: boolean }>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The plan comes into view and takes focus when it arrives (after Recommend, Propose moves or Plan cover).
    heading.current?.scrollIntoView?.({ block: "start" });
    heading.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { body, problems: found } = buildAcceptance(plan.assignments, decisions);
    setProblems(found);
    setFailure(undefined);
    if (found.length) return;
    setBusy(true);
    try {
      const result = await call(
        api.POST("/api/plans/{plan_id}/accept", { params: { path: { plan_id: planId } }, body }),
      );
      onApplied(result.applied);
    } catch (error) {
      setFailure({ message: messageOf(error), stale: error instanceof ApiError && error.status === 409 });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="plan-heading" className="panel plan">
      <h2 id="plan-heading" tabIndex={-1} ref={heading}>
        Proposed plan
      </h2>
      {plan.summary && <PlanStory summary={plan.summary} />}
      <ErrorSummary items={problems.map((p) => ({ href: `#${fieldId(p)}`, message: p.message }))} />
      {failure && (
        <ErrorMessage title={failure.stale ? "The team changed" : "The plan was not applied"}>
          {failure.message}{" "}
          {failure.stale && (
            <button type="button" className="button-link" onClick={onAskAgain}>
              Ask for a new plan
            </button>
          )}
        </ErrorMessage>
      )}
      {plan.assignments.length === 0 ? (
        <p>The plan proposes no changes.</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <ol className="assignments">
            {plan.assignments.map((a) => (
              <AssignmentItem
                key={a.family_id}
                assignment={a}
                decision={decisions[a.family_id]}
                workers={workers}
                problems={problems}
                onChange={(d) => setDecisions((all) => ({ ...all, [a.family_id]: d }))}
              />
            ))}
          </ol>
          <button id="accept-button" type="submit" className="button" disabled={busy}>
            {busy ? "Applying…" : "Apply the ticked placements"}
          </button>
        </form>
      )}
      {plan.unallocated.length > 0 && (
        <>
          <h3>Families the plan could not place</h3>
          <ul>
            {plan.unallocated.map((u) => (
              <li key={u.family_id}>
                <strong>{u.family_name}</strong>: {u.reasons.join("; ")}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.loads.length > 0 && <LoadsTable loads={plan.loads} />}
    </section>
  );
}
