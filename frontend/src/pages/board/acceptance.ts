// What the manager decided about each proposed placement, turned into the accept request (or problems).
import type { PlanAssignment } from "../../api/plan";

export type Decision = { include: boolean; overrideWorkerId: number | null; reason: string };

export type Problem = { familyId: number | null; field: "include" | "worker" | "reason"; message: string };

export type AcceptBody = {
  families: number[];
  overrides: { family_id: number; worker_id: number; reason: string }[];
};

export const MIN_REASON = 3;

export function initialDecisions(assignments: PlanAssignment[]): Record<number, Decision> {
  return Object.fromEntries(
    assignments.map((a) => [a.family_id, { include: true, overrideWorkerId: null, reason: "" }]),
  );
}

export function buildAcceptance(
  assignments: PlanAssignment[],
  decisions: Record<number, Decision>,
): { body: AcceptBody; problems: Problem[] } {
  const body: AcceptBody = { families: [], overrides: [] };
  const problems: Problem[] = [];
  for (const a of assignments) {
    const d = decisions[a.family_id];
    if (!d?.include) continue;
    if (d.overrideWorkerId == null || d.overrideWorkerId === a.worker_id) {
      body.families.push(a.family_id);
      continue;
    }
    const reason = d.reason.trim();
    if (reason.length < MIN_REASON) {
      problems.push({
        familyId: a.family_id,
        field: "reason",
        message: `Give a reason for choosing someone other than ${a.worker_name} for ${a.family_name}`,
      });
      continue;
    }
    body.overrides.push({ family_id: a.family_id, worker_id: d.overrideWorkerId, reason });
  }
  if (!problems.length && !body.families.length && !body.overrides.length) {
    problems.push({ familyId: null, field: "include", message: "Tick at least one placement to apply" });
  }
  return { body, problems };
}

export function fieldId(problem: Problem): string {
  return problem.familyId == null ? "accept-button" : `${problem.field}-${problem.familyId}`;
}
