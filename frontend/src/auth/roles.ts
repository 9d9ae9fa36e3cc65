import type { Role } from "../api/client";

export type Area = "board" | "me" | "heatmap" | "region" | "admin";

const AREAS: Record<Role, Area[]> = {
  social_worker: ["me"],
  team_manager: ["board", "me"],
  senior_leader: ["heatmap", "region"],
  // An administrator keeps the data right (users, settings, audit, imports) and may look at any team.
  admin: ["admin", "board", "heatmap", "region"],
  // A region's councils, aggregates only: nothing of this council's own records.
  regional_leader: ["region"],
};

const LINKS: Record<Area, { to: string; label: string }> = {
  board: { to: "/board", label: "Team board" },
  me: { to: "/me", label: "My caseload" },
  heatmap: { to: "/heatmap", label: "Resilience heatmap" },
  region: { to: "/region", label: "Region" },
  admin: { to: "/admin", label: "Admin" },
};

export const ROLE_NAMES: Record<Role, string> = {
  social_worker: "Social worker",
  team_manager: "Team manager",
  senior_leader: "Senior leader",
  admin: "Administrator",
  regional_leader: "Regional leader",
};

export function canReach(role: Role, area: Area): boolean {
  return AREAS[role].includes(area);
}

export function navFor(role: Role) {
  return AREAS[role].map((area) => LINKS[area]);
}

export function homeFor(role: Role): string {
  return LINKS[AREAS[role][0]].to;
}
