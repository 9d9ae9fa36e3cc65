import type { UnitSummary } from "../../api/client";
import { formatDate } from "../../components/format";
import { BAND_LABEL, formatPoints, type Band } from "../../components/load";
import { UnitLoadCard } from "../../components/UnitLoadCard";

export function bandCounts(bands: Record<Band, number>): string {
  const parts = (Object.keys(BAND_LABEL) as Band[])
    .filter((b) => bands[b])
    .map((b) => `${bands[b]} ${BAND_LABEL[b].toLowerCase()}`);
  return parts.length ? parts.join(", ") : "none";
}

export function TeamSummary({ unit }: { unit: UnitSummary }) {
  return (
    <div className="summary-cards">
      <UnitLoadCard unit={unit} title="Team load" />
      <div className="card">
        <h2>Workers by band</h2>
        <p className="big">{unit.case_holders}</p>
        <p className="hint">case holders: {bandCounts(unit.bands)}</p>
      </div>
      <div className="card">
        <h2>Unallocated</h2>
        <p className="big">{unit.unallocated_families}</p>
        <p className="hint">
          families, {formatPoints(unit.unallocated_points)} points
          {unit.oldest_unallocated_received && `; oldest received ${formatDate(unit.oldest_unallocated_received)}`}
        </p>
      </div>
    </div>
  );
}
