import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../../api/client";
import { AuditChanges } from "./AuditChanges";
import { auditChanges, formatValue, linkNamer } from "./auditDiff";

const event = (
  before: Schemas["AuditEventPublic"]["before"],
  after: Schemas["AuditEventPublic"]["after"],
): Schemas["AuditEventPublic"] => ({
  id: 1,
  at: "2026-12-01T10:00:00Z",
  actor_id: 1,
  actor: "admin",
  action: "user.update",
  entity: "user",
  entity_id: 5,
  before,
  after,
  reason: "",
  source: "",
});

describe("auditChanges", () => {
  it("keeps only the leaves that changed in a settings version", () => {
    const before = { court_points: 10, child_points: { cp: 8, cin: 5 }, travel_band_points: [0, 1, 2] };
    const after = { court_points: 10, child_points: { cp: 9, cin: 5 }, travel_band_points: [0, 1, 3] };
    expect(auditChanges(before, after)).toEqual([
      { field: "Child points › cp", before: "8", after: "9" },
      { field: "Travel band points › 3", before: "2", after: "3" },
    ]);
  });

  it("says a secret changed without showing it, and names links and nothing plainly", () => {
    const changes = auditChanges(
      { password_hash: "(changed)", worker_id: 4, active: true },
      { password_hash: "(changed)", worker_id: null, active: false },
    );
    expect(changes).toEqual([
      { field: "Password", before: "changed, not shown", after: "changed, not shown" },
      { field: "Worker", before: "4", after: "none" },
      { field: "Active", before: "yes", after: "no" },
    ]);
  });

  it("lists a new record's fields, leaving out empty ones", () => {
    expect(auditChanges(null, { username: "ann.k", unit_id: null, role: "senior_leader" })).toEqual([
      { field: "Username", before: "none", after: "ann.k" },
      { field: "Role", before: "none", after: "senior_leader" },
    ]);
  });

  it("formats values in words", () => {
    expect(formatValue([])).toBe("none");
    expect(formatValue("")).toBe("(blank)");
    expect(formatValue(["court", "plo"])).toBe("court, plo");
  });
});

describe("AuditChanges", () => {
  it("shows before and after of each change", () => {
    render(<AuditChanges event={event({ role: "social_worker" }, { role: "team_manager" })} />);
    expect(screen.getByRole("listitem")).toHaveTextContent("Role: social_worker → changed to team_manager");
  });

  it("folds a long new record away after a few fields", () => {
    const after = Object.fromEntries("abcdefghij".split("").map((k) => [k, 1]));
    render(<AuditChanges event={event(null, after)} />);
    expect(screen.getByText("5 more fields")).toBeInTheDocument();
  });
});

describe("linkNamer", () => {
  it("names the units and workers that ids point at", () => {
    const nameOf = linkNamer({ unit: (id) => `Team ${id}`, worker: (id) => (id === 12 ? "Worker 12" : undefined) });
    expect(auditChanges({ key_worker_id: null }, { key_worker_id: 12 }, nameOf)).toEqual([
      { field: "Key worker", before: "none", after: "Worker 12 (id 12)" },
    ]);
    expect(auditChanges({ worker_id: 13 }, { worker_id: 12 }, nameOf)).toEqual([
      { field: "Worker", before: "13", after: "Worker 12 (id 12)" },
    ]);
    expect(auditChanges(null, { unit_id: 3, fte: 1 }, nameOf)).toEqual([
      { field: "Unit", before: "none", after: "Team 3 (id 3)" },
      { field: "Fte", before: "none", after: "1" },
    ]);
  });
});
