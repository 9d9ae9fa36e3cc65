import { describe, expect, it } from "vitest";
import { canReach, homeFor, navFor } from "./roles";

describe("role navigation", () => {
  it("keeps a social worker off the manager's board and the heatmap", () => {
    expect(canReach("social_worker", "board")).toBe(false);
    expect(canReach("social_worker", "heatmap")).toBe(false);
    expect(navFor("social_worker").map((l) => l.to)).toEqual(["/me"]);
  });

  it("sends each role to its own home page", () => {
    expect(homeFor("social_worker")).toBe("/me");
    expect(homeFor("team_manager")).toBe("/board");
    expect(homeFor("senior_leader")).toBe("/heatmap");
  });

  it("keeps a leader on aggregates", () => {
    expect(canReach("senior_leader", "board")).toBe(false);
    expect(canReach("senior_leader", "heatmap")).toBe(true);
  });

  it("keeps a regional leader on the region alone", () => {
    expect(navFor("regional_leader").map((l) => l.to)).toEqual(["/region"]);
    expect(homeFor("regional_leader")).toBe("/region");
    for (const area of ["board", "me", "heatmap"] as const) expect(canReach("regional_leader", area)).toBe(false);
    expect(canReach("senior_leader", "region")).toBe(true);
  });

  it("offers the admin area to administrators only", () => {
    expect(navFor("admin").map((l) => l.to)).toEqual(["/admin", "/board", "/heatmap", "/region"]);
    expect(homeFor("admin")).toBe("/admin");
    for (const role of ["social_worker", "team_manager", "senior_leader", "regional_leader"] as const) {
      expect(canReach(role, "admin")).toBe(false);
      expect(navFor(role).map((l) => l.to)).not.toContain("/admin");
    }
  });
});
