import type { UnitSummary } from "../api/client";
import { percentOf } from "./load";
// Collapse risk in words, colour AND pattern: a cell is readable in greyscale and by a screen reader.

export type RiskLevel = { key: string; label: string; below: number };

export const RISK_LEVELS: RiskLevel[] = [
  { key: "very-low", label: "Under 5%", below: 0.05 },
  { key: "low", label: "5% to 15%", below: 0.15 },
  { key: "moderate", label: "15% to 30%", below: 0.3 },
  { key: "high", label: "30% to 50%", below: 0.5 },
  { key: "very-high", label: "50% or more", below: Infinity },
];

export function riskLevel(risk: number): RiskLevel {
  return RISK_LEVELS.find((level) => risk < level.below) ?? RISK_LEVELS[RISK_LEVELS.length - 1];
}

export const STAGE_NAMES: Record<string, string> = {
  stable: "Stable",
  losing_grip: "Losing grip",
  service_breakdown: "Service breakdown",
  systemic_crisis: "Systemic crisis",
  complete_lock: "Complete lock",
};

export function stageName(stage: string): string {
  return STAGE_NAMES[stage] ?? stage.replace(/_/g, " ");
}

/** "N-2 ok" when any two absences can be absorbed, "N-1 ok" for any one, else "N-1 fails". */
export function nkLabel(n1: boolean, n2: boolean): string {
  if (n1 && n2) return "N-2 ok";
  return n1 ? "N-1 ok" : "N-1 fails";
}

export function nkSentence(n1: boolean, n2: boolean): string {
  if (n1 && n2) return "Can absorb the loss of any two workers (N-2 secure).";
  if (n1) return "Can absorb the loss of any one worker, but not every pair (N-1 secure, not N-2).";
  return "Cannot absorb the loss of every single worker (not N-1 secure).";
}

export function riskPercent(risk: number): string {
  return risk > 0 && risk < 0.01 ? "<1%" : `${Math.round(risk * 100)}%`;
}

export type CellText = { risk: string; stage: string; nk: string; range: string; level: RiskLevel };

export function cellText(
  cell: { risk: number; low: number; high: number; stage?: string },
  unit: { stage: string; n1_secure: boolean; n2_secure: boolean },
): CellText {
  return {
    risk: riskPercent(cell.risk),
    stage: stageName(cell.stage ?? unit.stage),
    nk: nkLabel(unit.n1_secure, unit.n2_secure),
    range: `${riskPercent(cell.low)} to ${riskPercent(cell.high)}`,
    level: riskLevel(cell.risk),
  };
}

/** Flow pressure in words: the families waiting for a worker and the oldest wait (not collapse). */
export function backlogText(cell: { backlog: number; oldest_wait_days: number }): string {
  const families = Math.round(cell.backlog);
  if (families === 0) return "no families waiting for a worker";
  return `about ${families} ${families === 1 ? "family" : "families"} waiting for a worker, the oldest ${Math.round(cell.oldest_wait_days)} working days`;
}

/** "Sickness drawn at 4.1% of working days, from the workforce census." */
export function sicknessText(unit: Pick<UnitSummary, "sickness_rate" | "sickness_rate_from">): string {
  const from =
    unit.sickness_rate_from === "workforce census"
      ? "from its workers' days lost in the workforce census"
      : "the national default (8 days per FTE a year): no census days are recorded for its workers";
  return `Sickness is drawn at ${(unit.sickness_rate * 100).toFixed(1)}% of working days, ${from}.`;
}

/** A worst loss in words, the same on every page: who is lost, and the load it leaves the busiest of
 * those who remain, a colleague or, where a team works in pods, a pod (which holds its families as one). */
export function lossWords(loss: { workers?: string[]; max_load_ratio?: number | null } | null | undefined): string {
  if (!loss?.workers?.length) return "none";
  const after =
    loss.max_load_ratio == null
      ? "nobody left to take the work"
      : `the busiest of those left at ${percentOf(loss.max_load_ratio)}`;
  return `Losing ${loss.workers.join(" and ")}: ${after}`;
}
