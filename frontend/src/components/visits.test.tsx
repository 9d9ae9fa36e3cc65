import { describe, expect, it } from "vitest";
import { dueText } from "./VisitsDue";
import { sicknessText } from "./risk";

describe("visits and sickness in words", () => {
  it("says an overdue visit from when, and a coming one by when", () => {
    expect(dueText({ overdue: true, visit_due: "2026-11-20" })).toBe("Overdue since 20 Nov 2026");
    expect(dueText({ overdue: false, visit_due: "2026-12-04" })).toBe("Due 4 Dec 2026");
  });

  it("says where a unit's sickness rate comes from", () => {
    expect(sicknessText({ sickness_rate: 0.0412, sickness_rate_from: "workforce census" })).toBe(
      "Sickness is drawn at 4.1% of working days, from its workers' days lost in the workforce census.",
    );
    expect(sicknessText({ sickness_rate: 0.032, sickness_rate_from: "national default" })).toContain(
      "national default",
    );
  });
});
