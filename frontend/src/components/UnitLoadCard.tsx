import type { UnitSummary } from "../api/client";
import { formatPoints, percentOf } from "./load";

/** A unit's load on the day, the same on the board and the unit page: against the capacity of the
 * workers present, and beside it against the whole establishment (away workers included). */
export function UnitLoadCard({ unit, title = "Load" }: { unit: UnitSummary; title?: string }) {
  const away = unit.case_holders - unit.present;
  return (
    <div className="card">
      <h2>{title}</h2>
      <p className="big">{percentOf(unit.load_ratio)}</p>
      <p className="hint">
        of the capacity of the {unit.present} {unit.present === 1 ? "worker" : "workers"} present (
        {formatPoints(unit.load)} of {formatPoints(unit.capacity)} points)
        {away > 0 && `; ${percentOf(unit.establishment_ratio)} of the whole team's capacity with the ${away} away`}
      </p>
    </div>
  );
}
