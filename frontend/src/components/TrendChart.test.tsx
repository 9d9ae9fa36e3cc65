import { describe, expect, it } from "vitest";
import { stageChanges } from "./TrendChart";

const day = (d: string, stage: string | null) => ({
  day: d,
  stage,
  load_ratio: 0.9,
  present_capacity: 400,
  unallocated: 1,
  oldest_wait_days: 2,
  statutory_waiting: 0,
  referrals_in: 1,
  allocations_made: 1,
  n1_secure: null,
  n2_secure: null,
  risk: null,
  source: "backfill",
});

describe("stageChanges", () => {
  it("marks the first recorded stage and each change, skipping days without one", () => {
    const days = [
      day("2026-11-01", null),
      day("2026-11-02", "stable"),
      day("2026-11-03", "stable"),
      day("2026-11-04", null),
      day("2026-11-05", "losing_grip"),
    ];
    expect(stageChanges(days)).toEqual([
      { day: "2026-11-02", stage: "stable" },
      { day: "2026-11-05", stage: "losing_grip" },
    ]);
  });
});
