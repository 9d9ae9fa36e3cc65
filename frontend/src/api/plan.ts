// The plan a job returns (the backend sends it as free-form JSON; this is its contract).

export type Alternative = { worker_id: number; worker_name: string; reason: string };

export type PlanAssignment = {
  family_id: number;
  family_code: string;
  family_name: string;
  worker_id: number;
  worker_name: string;
  previous_worker_id?: number | null;
  previous_worker_name?: string | null;
  kind: string;
  reasons: string[];
  alternatives: Alternative[];
};

export type PlanLoad = { worker_id: number; worker_name: string; capacity: number; before: number; after: number };

export type Plan = {
  status: string;
  assignments: PlanAssignment[];
  unallocated: { family_id: number; family_name: string; reasons: string[] }[];
  loads: PlanLoad[];
  terms?: { id: string; value: number }[];
};

export type Question = "recommend" | "rebalance" | "cover";
