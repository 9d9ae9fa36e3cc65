// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { allocationProblems, choiceKey, choiceText } from "./ManualAllocation";

const limits = { green_below: 0.85, amber_up_to: 1, surge_limit: 1.15 };
const choice = {
  worker_id: 7,
  worker_name: "Daniel Hussain",
  capacity: 80,
  before: 76,
  after: 100,
  above_surge_limit: true,
  current: false,
  away_until: null,
  blocked: [],
  pod_id: null,
  children_before: null,
  children_after: null,
  children_limit: null,
};

describe("manual allocation", () => {
  it("previews the load before and after with the bands of the settings in force", () => {
    expect(choiceText(choice, limits)).toBe("95% (Amber) → 125% (Surge), above the surge limit");
    expect(choiceText({ ...choice, after: 84, above_surge_limit: false }, { ...limits, amber_up_to: 0.9 })).toBe(
      "95% (Red) → 105% (Red)",
    );
  });

  it("speaks of a pod by name, with the children its consultant would be accountable for", () => {
    const pod = {
      ...choice,
      worker_id: null,
      worker_name: "Coldharbour Pod 2",
      pod_id: 12,
      capacity: 200,
      before: 190,
      after: 199,
      above_surge_limit: false,
      children_before: 41,
      children_after: 43,
      children_limit: 40,
    };
    expect(choiceText(pod, limits)).toBe(
      "95% (Amber) → 100% (Amber); consultant accountable for 41 → 43 children (limit 40)",
    );
    expect(choiceKey(pod)).toBe("pod-12");
    expect(choiceKey(choice)).toBe("worker-7");
  });

  it("needs a worker, and a reason above the surge limit", () => {
    expect(allocationProblems(undefined, "")[0].message).toBe("Choose who takes the family");
    expect(allocationProblems(choice, " ok ")[0].message).toBe(
      "Give the reason for taking Daniel Hussain above the surge limit",
    );
    expect(allocationProblems(choice, "court work only he can do")).toEqual([]);
    expect(allocationProblems({ ...choice, above_surge_limit: false }, "")).toEqual([]);
  });
});
