import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HeatmapUnit } from "../api/resilience";
import { HeatCell } from "./HeatCell";
import { cellText, nkLabel, riskLevel, riskPercent, RISK_LEVELS } from "./risk";
import { treeOrder } from "./tree";

const unit: HeatmapUnit = {
  id: 2,
  code: "T01",
  name: "Team",
  kind: "team",
  parent_id: 1,
  stage: "losing_grip",
  n1_secure: true,
  n2_secure: false,
  load_ratio: 1,
  cells: [],
};

describe("risk levels", () => {
  it.each([
    [0, "very-low"],
    [0.049, "very-low"],
    [0.05, "low"],
    [0.29, "moderate"],
    [0.3, "high"],
    [0.5, "very-high"],
    [1, "very-high"],
  ])("risk %s is %s", (risk, key) => {
    expect(riskLevel(risk).key).toBe(key);
  });

  it("gives every level a distinct label", () => {
    expect(new Set(RISK_LEVELS.map((l) => l.label)).size).toBe(RISK_LEVELS.length);
  });

  it("prints small risks without rounding them to nothing", () => {
    expect(riskPercent(0.004)).toBe("<1%");
    expect(riskPercent(0)).toBe("0%");
    expect(riskPercent(0.456)).toBe("46%");
  });

  it("names N-k status in words", () => {
    expect(nkLabel(true, true)).toBe("N-2 ok");
    expect(nkLabel(true, false)).toBe("N-1 ok");
    expect(nkLabel(false, false)).toBe("N-1 fails");
  });

  it("prefers a cell's own stage over the unit's", () => {
    expect(cellText({ risk: 0.2, low: 0.1, high: 0.3 }, unit).stage).toBe("Losing grip");
    expect(cellText({ risk: 0.2, low: 0.1, high: 0.3, stage: "stable" }, unit).stage).toBe("Stable");
  });
});

describe("HeatCell", () => {
  it("carries risk, stage and N-k as text as well as a colour-and-pattern class", () => {
    const { container } = render(
      <table>
        <tbody>
          <tr>
            <HeatCell
              unit={unit}
              cell={{
                week: "2026-11-30",
                risk: 0.34,
                low: 0.2,
                high: 0.5,
                stage: unit.stage,
                backlog: 2.4,
                oldest_wait_days: 6.2,
              }}
            />
          </tr>
        </tbody>
      </table>,
    );
    const cell = container.querySelector("td")!;
    expect(cell).toHaveClass("risk-high");
    expect(cell).toHaveTextContent("34%");
    expect(cell).toHaveTextContent("Losing grip");
    expect(cell).toHaveTextContent("N-1 ok");
    expect(cell).toHaveAttribute(
      "title",
      "Collapse risk 34% (likely range 20% to 50%); about 2 families waiting for a worker, the oldest 6 working days",
    );
    expect(screen.getByText("34%")).toBeInTheDocument();
  });
});

describe("treeOrder", () => {
  it("puts each unit under its parent, depth first", () => {
    const units = [
      { id: 3, parent_id: 1, code: "T02" },
      { id: 4, parent_id: 2, code: "P01" },
      { id: 1, parent_id: null, code: "S" },
      { id: 2, parent_id: 1, code: "T01" },
    ];
    expect(treeOrder(units).map(({ unit, depth }) => `${unit.code}:${depth}`)).toEqual([
      "S:0",
      "T01:1",
      "P01:2",
      "T02:1",
    ]);
  });
});
