import { useState } from "react";
import { ApiError, callJson } from "../api/client";
import type { Schemas } from "../api/client";
import { useResource } from "../api/useResource";
import { formatDate, humanise } from "../components/format";
import { ErrorMessage } from "../components/Messages";
import { PageTitle } from "../components/PageTitle";
import { RiskLegend } from "../components/RiskLegend";
import { riskLevel, riskPercent, stageName } from "../components/risk";
import { WeekHeaders } from "../components/WeekHeaders";

type RegionView = Schemas["RegionView"];
type RegionCouncil = Schemas["RegionCouncil"];

function RiskCell({ risk, stage }: { risk: number; stage?: string | null }) {
  const level = riskLevel(risk);
  return (
    <td
      className={`heat-cell risk-${level.key}`}
      title={`Highest service collapse risk ${riskPercent(risk)}${stage ? `; ${stageName(stage)}` : ""}`}
    >
      <span className="heat-risk">{riskPercent(risk)}</span>
      {stage && <span className="heat-meta">{stageName(stage)}</span>}
    </td>
  );
}

function CouncilServices({ council, weeks }: { council: RegionCouncil; weeks: string[] }) {
  return (
    <section aria-labelledby="council-services">
      <h2 id="council-services">{council.name}: its services</h2>
      <p>
        {council.workers} workers in post; {council.teams_n1_secure} of {council.teams} teams N-1 secure,{" "}
        {council.teams_n2_secure} N-2 secure; {council.statutory_unallocated} child protection, looked-after or private
        fostering families without a worker.
      </p>
      <div
        className="table-scroll"
        role="region"
        tabIndex={0}
        aria-label={`${council.name}'s services, scrolls sideways`}
      >
        <table className="heatmap">
          <caption className="visually-hidden">Collapse risk by service of {council.name} and week starting</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Load</th>
              <th scope="col">N-k</th>
              <WeekHeaders weeks={weeks} />
            </tr>
          </thead>
          <tbody>
            {council.services.map((service) => (
              <tr key={service.id}>
                <th scope="row" className="unit-head">
                  Service {service.id}
                  <span className="code">{stageName(service.stage)}</span>
                </th>
                <td>{service.load_ratio == null ? "–" : `${Math.round(service.load_ratio * 100)}%`}</td>
                <td>{service.n2_secure ? "N-2 ok" : service.n1_secure ? "N-1 ok" : "N-1 fails"}</td>
                {service.risk_by_week.map((risk, i) => (
                  <RiskCell key={weeks[i] ?? i} risk={risk} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function RegionPage() {
  // Nothing published yet is a state of the region, not an error: say what to do.
  const region = useResource(
    () =>
      callJson<RegionView>("/api/region").catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    [],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  if (region.data === null) {
    return (
      <>
        <PageTitle>Region</PageTitle>
        <p role="status">
          No regional forecast has been published yet. An administrator makes one from the councils&apos; files with{" "}
          <code>keel region forecast FOLDER --publish</code> (see docs/region.md in Keel&apos;s repository).
        </p>
      </>
    );
  }
  if (region.error || !region.data) {
    return (
      <>
        <PageTitle>Region</PageTitle>
        {region.error ? <ErrorMessage>{region.error}</ErrorMessage> : <p role="status">Loading the region…</p>}
      </>
    );
  }
  const { councils, weeks, summary, published_at, published_by } = region.data;
  const council = councils.find((c) => c.code === chosen) ?? null;
  const ranked = [...councils].sort((a, b) => b.near_term_risk - a.near_term_risk || a.code.localeCompare(b.code));
  const n1Share = summary.teams_n1_secure_share as number | null;
  const atRisk = summary.councils_at_high_risk as number;
  return (
    <>
      <PageTitle
        caption={`Published ${formatDate(published_at.slice(0, 10))}${published_by ? ` by ${published_by}` : ""}`}
      >
        Region
      </PageTitle>
      <p>
        {councils.length} councils, {(summary.workers as number).toLocaleString("en-GB")} workers in post.{" "}
        {n1Share == null ? "" : `${Math.round(n1Share * 100)}% of teams can absorb the loss of any one worker. `}
        {atRisk === 1 ? "1 council has" : `${atRisk} councils have`} a service at 40% or more collapse risk in the next
        four weeks. Councils are listed most at risk first; each cell is the highest collapse risk of any of the
        council&apos;s services that week. Only figures cross councils: no family, child or worker.
      </p>
      <RiskLegend />
      <div
        className="table-scroll heatmap-scroll"
        role="region"
        tabIndex={0}
        aria-label="Councils by week, scrolls sideways"
      >
        <table className="heatmap">
          <caption className="visually-hidden">Highest service collapse risk by council and week starting</caption>
          <thead>
            <tr>
              <th scope="col">Council</th>
              <th scope="col">Teams N-1 ok</th>
              <WeekHeaders weeks={weeks} />
            </tr>
          </thead>
          <tbody>
            {ranked.map((c) => (
              <tr key={c.code}>
                <th scope="row" className="unit-head">
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={chosen === c.code}
                    onClick={() => setChosen(c.code)}
                  >
                    {c.name}
                  </button>
                  <span className="code">
                    {c.condition ? `${humanise(c.condition)} · ` : ""}
                    {c.stage ? stageName(c.stage) : ""}
                  </span>
                </th>
                <td>
                  {c.teams_n1_secure} of {c.teams}
                </td>
                {c.risk_by_week.map((risk, i) => (
                  <RiskCell key={weeks[i] ?? i} risk={risk} stage={c.stage_by_week[i]} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {council && <CouncilServices council={council} weeks={weeks} />}
    </>
  );
}
