import { RISK_LEVELS } from "./risk";

export function RiskLegend() {
  return (
    <div className="legend">
      <h2 className="legend-title" id="legend-heading">
        Key: chance the unit cannot hold its work in that week
      </h2>
      <ul aria-labelledby="legend-heading">
        {RISK_LEVELS.map((level) => (
          <li key={level.key}>
            <span className={`swatch risk-${level.key}`} aria-hidden="true" />
            {level.label}
          </li>
        ))}
      </ul>
      <p className="hint">
        Each cell also states its stage of difficulty and N-k: “N-2 ok” absorbs any two absences, “N-1 ok” any one, “N-1
        fails” not every single one. Darker, denser hatching means higher risk.
      </p>
    </div>
  );
}
