import { Link } from "react-router-dom";
import { api, call, callJson } from "../api/client";
import type { Heatmap } from "../api/resilience";
import { useResource } from "../api/useResource";
import { formatDate, humanise } from "../components/format";
import { HeatCell } from "../components/HeatCell";
import { ForecastProgress } from "../components/ForecastProgress";
import { ErrorMessage } from "../components/Messages";
import { PageTitle } from "../components/PageTitle";
import { RiskLegend } from "../components/RiskLegend";
import { ServiceFigures } from "../components/ServiceFigures";
import { stageName } from "../components/risk";
import { StageKey } from "../components/StageKey";
import { treeOrder } from "../components/tree";
import { WeekHeaders } from "../components/WeekHeaders";

export function HeatmapPage() {
  const heatmap = useResource(() => callJson<Heatmap>("/api/resilience/heatmap"), []);
  const services = useResource(
    () => call(api.GET("/api/units", { params: { query: { kind: "service", limit: 500 } } })),
    [],
  );
  const figures = (
    <>
      {services.data && <ServiceFigures services={services.data.data} />}
      {services.error && <ErrorMessage>{services.error}</ErrorMessage>}
    </>
  );
  if (heatmap.error || !heatmap.data) {
    return (
      <>
        <PageTitle>Resilience heatmap</PageTitle>
        {figures}
        {heatmap.error ? <ErrorMessage>{heatmap.error}</ErrorMessage> : <ForecastProgress />}
      </>
    );
  }
  const { weeks, units, as_of } = heatmap.data;
  return (
    <>
      <PageTitle caption={`Forecast from ${formatDate(as_of)}`}>Resilience heatmap</PageTitle>
      <p>
        Collapse risk for each unit over {weeks.length} weeks, starting with the current week. Choose a unit to see its
        workers, worst-case losses and why it is at its stage.
      </p>
      {figures}
      <RiskLegend />
      <StageKey stages={heatmap.data.stages ?? []} />
      <div className="table-scroll heatmap-scroll" role="region" tabIndex={0} aria-label="Heatmap, scrolls sideways">
        <table className="heatmap">
          <caption className="visually-hidden">Collapse risk by unit and week starting</caption>
          <thead>
            <tr>
              <th scope="col">Unit</th>
              <WeekHeaders weeks={weeks} />
            </tr>
          </thead>
          <tbody>
            {treeOrder(units).map(({ unit, depth }) => (
              <tr key={unit.id}>
                <th scope="row" className={`unit-head depth-${Math.min(depth, 2)}`}>
                  <Link to={`/units/${unit.id}`}>{unit.name}</Link>
                  <span className="code">
                    {humanise(unit.kind)} {unit.code} · {stageName(unit.stage)}
                  </span>
                </th>
                {unit.cells.map((cell) => (
                  <HeatCell key={cell.week} cell={cell} unit={unit} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
