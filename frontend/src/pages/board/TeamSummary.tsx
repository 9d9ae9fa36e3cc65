import type { UnitSummary } from "../../api/client";
import { formatDate } from "../../components/format";
import { BAND_LABEL, formatPoints, percentOf, type Band } from "../../components/load";

export function bandCounts(bands: Record<Band, number>): string {
  const parts = (Object.keys(BAND_LABEL) as Band[]).filter((b) => bands[b]).map((b) => `${bands[b]} ${BAND_LABEL[b].toLowerCase()}`);
  return parts.length ? parts.join(", ") : "none";
}

export function TeamSummary({ unit }: { unit: UnitSummary }) {
  return (
    <div className="summary-cards">
      <div className="card">
        <h2>Team load</h2>
        <p className="big">{percentOf(unit.load_ratio)}</p>
        <p className="hint">
          {formatPoints(unit.load)} of {formatPoints(unit.capacity)} points
        </p>
      </div>
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
