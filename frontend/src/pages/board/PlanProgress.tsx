import type { PlanJob } from "./usePlanJob";

const QUESTION_NAMES: Record<string, string> = {
  recommend: "Recommending placements",
  rebalance: "Rebalancing the team",
  cover: "Planning cover",
};

/** Progress while a plan is computed, announced politely to screen readers. */
export function PlanProgress({ job }: { job: PlanJob }) {
  const busy = job.status === "queued" || job.status === "running";
  const percent = Math.round(job.progress * 100);
  return (
    <div className="panel progress-panel" role="status" aria-live="polite">
      <p>
        <strong>{QUESTION_NAMES[job.question] ?? "Planning"}</strong>: {busy ? `${job.message} (${percent}%)` : job.message}
      </p>
      {busy && <progress max={100} value={percent} aria-label="Plan progress" />}
    </div>
  );
}
