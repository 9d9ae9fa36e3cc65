// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import type { UnitSummary, WorkerLoad } from "../api/client";
import { accountableText, holderName, overChildrenLimit, shareText } from "./pods";
import { worstLossText } from "./StructurePanel";

const pod = { children_accountable: 43, children_limit: 40, consultants_present: 1 } as UnitSummary;

describe("pods in words", () => {
  it("says how many children the consultant is accountable for against the limit", () => {
    expect(accountableText(pod)).toBe("43 children of a limit of 40: 3 over");
    expect(overChildrenLimit(pod)).toBe(true);
    expect(accountableText({ ...pod, children_accountable: 1 })).toBe("1 child of a limit of 40");
    expect(accountableText({ ...pod, consultants_present: 0 })).toBe(
      "43 children, and no consultant at work to be accountable",
    );
    expect(accountableText({ ...pod, children_limit: null })).toBe("43 children (no limit set)");
  });

  it("gives a member's share, none while away, and names a pod as a family's holder", () => {
    const member = { pod_name: "Coldharbour Pod 2", pod_share: 0.4, presence: "present" } as WorkerLoad;
    expect(shareText(member)).toBe("40% of Coldharbour Pod 2's load");
    expect(shareText({ ...member, presence: "away" })).toBe("away: no share of Coldharbour Pod 2's load until back");
    expect(holderName({ pod_name: "Coldharbour Pod 2", key_worker_name: null } as never)).toBe(
      "Coldharbour Pod 2 (pod)",
    );
    expect(holderName({ pod_name: null, key_worker_name: null } as never)).toBe("Unallocated");
  });

  it("names the worst loss of a structure", () => {
    const figures = {
      n1_secure: false,
      n2_secure: false,
      worst_loss: { workers: ["Bartek Okafor (W0701)"], max_load_ratio: 1.8 },
    };
    expect(worstLossText(figures)).toBe("Losing Bartek Okafor (W0701): the busiest of those left at 180%");
    expect(
      worstLossText({ ...figures, worst_loss: { workers: ["Bartek Okafor (W0701)"], max_load_ratio: null } }),
    ).toBe("Losing Bartek Okafor (W0701): nobody left to take the work");
    expect(worstLossText({ ...figures, worst_loss: null })).toBe("none");
  });
});
