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
});
