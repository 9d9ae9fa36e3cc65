import type { HeatmapUnit, RiskCell } from "../api/resilience";
import { backlogText, cellText } from "./risk";

export function HeatCell({ cell, unit }: { cell: RiskCell; unit: HeatmapUnit }) {
  const text = cellText(cell, unit);
  return (
    <td
      className={`heat-cell risk-${text.level.key}`}
      title={`Collapse risk ${text.risk} (likely range ${text.range}); ${backlogText(cell)}`}
    >
      <span className="heat-risk">{text.risk}</span>
      <span className="heat-meta">{text.stage}</span>
      <span className="heat-meta">{text.nk}</span>
    </td>
  );
}
