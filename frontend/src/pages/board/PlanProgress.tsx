import { isRunning } from "../../api/useJob";
import { ProgressPanel } from "../../components/ProgressPanel";
import type { PlanJob } from "./usePlanJob";

const QUESTION_NAMES: Record<string, string> = {
  recommend: "Recommending placements",
  rebalance: "Rebalancing the team",
  cover: "Planning cover",
};

/** Progress while a plan is computed. */
export function PlanProgress({ job }: { job: PlanJob }) {
  return (
    <ProgressPanel
      title={QUESTION_NAMES[job.question] ?? "Planning"}
      message={job.message}
      progress={job.progress}
      busy={isRunning(job)}
      label="Plan progress"
    />
  );
}
