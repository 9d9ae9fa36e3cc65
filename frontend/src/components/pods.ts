// Pods that hold families (a team that allocates to pods): what the board and "My caseload" say
// about them, in words. The figures are the server's (backend/holding.py), never worked out here.
import type { Family, UnitSummary, WorkerLoad } from "../api/client";
import { percentOf } from "./load";

/** Who holds a family: its pod by name, or its key worker. */
export function holderName(f: Family): string {
  if (f.pod_name) return `${f.pod_name} (pod)`;
  return f.key_worker_name ?? "Unallocated";
}

/** The children a pod's consultants are accountable for, against their limit. */
export function accountableText(pod: UnitSummary): string {
  const children = pod.children_accountable ?? 0;
  const noun = children === 1 ? "child" : "children";
  if (pod.children_limit == null) return `${children} ${noun} (no limit set)`;
  const consultants = pod.consultants_present ?? 0;
  if (consultants === 0) return `${children} ${noun}, and no consultant at work to be accountable`;
  const over = children > pod.children_limit;
  return `${children} ${noun} of a limit of ${pod.children_limit}${over ? `: ${children - pod.children_limit} over` : ""}`;
}

export function overChildrenLimit(pod: UnitSummary): boolean {
  return pod.children_limit != null && (pod.children_accountable ?? 0) > pod.children_limit;
}

/** A member's share of their pod's load, in words. */
export function shareText(worker: WorkerLoad): string {
  if (!worker.pod_name) return "";
  if (worker.presence === "away") return `away: no share of ${worker.pod_name}'s load until back`;
  return `${percentOf(worker.pod_share)} of ${worker.pod_name}'s load`;
}
