// Resilience views (DESIGN section 5). Typed here while the backend's schema returns them untyped.
import type { WorkerLoad } from "./client";

export type RiskCell = { week: string; risk: number; low: number; high: number; stage?: string };

export type HeatmapUnit = {
  id: number;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  stage: string;
  n1_secure: boolean;
  n2_secure: boolean;
  load_ratio: number | null;
  cells: RiskCell[];
};

export type Heatmap = { as_of: string; weeks: string[]; units: HeatmapUnit[] };

export type WorkerLoss = { workers: string[]; max_load_ratio: number | null; [extra: string]: unknown };

export type UnitResilience = {
  id: number;
  code: string;
  name: string;
  load_ratio: number | null;
  n1_secure: boolean;
  n2_secure: boolean;
  worst_loss: WorkerLoss | null;
  n1_losses: WorkerLoss[];
  bus_factor_one_share: number;
  concentration: number;
  single_person_skills: string[];
  stage: string;
  stage_reasons: string[];
  risk_by_week: RiskCell[];
  workers: WorkerLoad[];
};
