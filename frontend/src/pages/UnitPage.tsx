import { BandLimitsContext } from "../components/bandLimits";
import { Link, useParams } from "react-router-dom";
import { api, call, callJson } from "../api/client";
import type { UnitResilience } from "../api/resilience";
import { useResource } from "../api/useResource";
import { ErrorMessage, Loading } from "../components/Messages";
import { PageTitle } from "../components/PageTitle";
import { lossWords, nkLabel, nkSentence, riskPercent, sicknessText, stageName } from "../components/risk";
import { RiskChart, RiskTable } from "../components/RiskChart";
import { percentOf } from "../components/load";
import { caseHolders, WorkersTable } from "../components/WorkersTable";
import { UnitLoadCard } from "../components/UnitLoadCard";
import { humanise } from "../components/format";
import { SecurePanel } from "../components/SecurePanel";
import { TrendChart } from "../components/TrendChart";
import { StructurePanel } from "../components/StructurePanel";
import { WhatIfPanel } from "../components/WhatIfPanel";

export function UnitPage() {
  const { unitId } = useParams();
  const unit = useResource(() => callJson<UnitResilience>(`/api/resilience/units/${unitId}`), [unitId]);
  const history = useResource(
    () => call(api.GET("/api/resilience/units/{unit_id}/history", { params: { path: { unit_id: Number(unitId) } } })),
    [unitId],
  );
  const teams = useResource(() => call(api.GET("/api/units", { params: { query: { kind: "team", limit: 500 } } })), []);
  const summary = useResource(
    () => call(api.GET("/api/units/{unit_id}", { params: { path: { unit_id: Number(unitId) } } })),
    [unitId],
  );
  if (unit.error) return <ErrorMessage>{unit.error}</ErrorMessage>;
  if (!unit.data) return <Loading what="the unit's resilience figures" />;
  const u = unit.data;
  const now = u.risk_by_week[0];
  const worstFirst = [...u.n1_losses].sort((a, b) => (b.max_load_ratio ?? Infinity) - (a.max_load_ratio ?? Infinity));
  return (
    <BandLimitsContext.Provider value={u.summary?.band_limits ?? null}>
      <p>
        <Link to="/heatmap">Back to the heatmap</Link>
      </p>
      <PageTitle caption={u.code}>{u.name}</PageTitle>
      <div className="summary-cards">
        <div className="card">
          <h2>Stage</h2>
          <p className="big">{stageName(u.stage)}</p>
          <p className="hint">the most severe stage its figures reach in the next four weeks; why, below</p>
        </div>
        {u.summary ? (
          <UnitLoadCard unit={u.summary} />
        ) : (
          <div className="card">
            <h2>Load</h2>
            <p className="big">{percentOf(u.load_ratio)}</p>
            <p className="hint">of the unit's capacity</p>
          </div>
        )}
        <div className="card">
          <h2>N-1 / N-2</h2>
          <p className="big">{nkLabel(u.n1_secure, u.n2_secure)}</p>
          <p className="hint">whether it can absorb losing any one (any two) of its present workers</p>
        </div>
        <div className="card">
          <h2>Collapse risk now</h2>
          <p className="big">{now ? riskPercent(now.risk) : "none"}</p>
          <p className="hint">chance this week that a CP/CLA family goes uncovered or a worker is forced above 115%</p>
        </div>
        <div className="card">
          <h2>Waiting for a worker</h2>
          <p className="big">{now ? Math.round(now.backlog) : 0}</p>
          <p className="hint">families expected to wait at the end of this week (flow pressure, not collapse)</p>
        </div>
        <div className="card">
          <h2>Bus factor</h2>
          <p className="big">{Math.round(u.bus_factor_one_share * 100)}%</p>
          <p className="hint">of families known to only one worker</p>
        </div>
        <div className="card">
          <h2>Concentration</h2>
          <p className="big">{Math.round(u.concentration * 100)}%</p>
          <p className="hint">of the unit's points on its busiest worker</p>
        </div>
      </div>
      <section aria-labelledby="why-heading">
        <h2 id="why-heading">Why it is at this stage</h2>
        <ul>
          {u.stage_reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="nk-heading">
        <h2 id="nk-heading">If someone is away (N-1 and N-2)</h2>
        <p className="hint">
          Only the lost workers' families move; each must find a present colleague with the skills it needs, nobody
          above the surge limit.
        </p>
        <p>{nkSentence(u.n1_secure, u.n2_secure)}</p>
        {u.worst_loss && (
          <p>
            <strong>Worst case:</strong> {lossWords(u.worst_loss)}.
          </p>
        )}
        {worstFirst.length > 0 && (
          <>
            <h3>Each single loss, worst first</h3>
            <ol className="losses">
              {worstFirst.slice(0, 8).map((loss) => (
                <li key={loss.workers.join("+")}>{lossWords(loss)}</li>
              ))}
            </ol>
          </>
        )}
        {u.single_person_skills.length > 0 && (
          <p>
            <strong>Skills only one person holds:</strong> {u.single_person_skills.map(humanise).join(", ")}.
          </p>
        )}
      </section>
      <div className="side-by-side">
        <section aria-labelledby="trend-heading">
          <h2 id="trend-heading">Past 12 weeks</h2>
          <p className="hint">Load and near-term risk as recorded each day; dashed lines mark a change of stage.</p>
          {history.error ? (
            <ErrorMessage>{history.error}</ErrorMessage>
          ) : (
            <TrendChart days={history.data?.days ?? []} />
          )}
        </section>
        <section aria-labelledby="risk-heading">
          <h2 id="risk-heading">Collapse risk, {u.risk_by_week.length} weeks from this week</h2>
          <p className="hint">
            Each week's chance of collapse from 1,000 simulated futures of sickness, leave, leavers, referrals and
            closures; the shaded band is the likely range.
          </p>
          {summary.data && <p className="hint">{sicknessText(summary.data)}</p>}
          <RiskChart weeks={u.risk_by_week} />
          <RiskTable weeks={u.risk_by_week} />
        </section>
      </div>
      <SecurePanel unitId={u.id} />
      <WhatIfPanel
        unitId={u.id}
        workers={caseHolders(u.workers)}
        teams={(teams.data?.data ?? []).filter((t) => t.id !== u.id)}
      />
      {u.summary?.kind !== "pod" && <StructurePanel unitId={u.id} hasPods={u.workers.some((w) => w.pod_id != null)} />}
      <section aria-labelledby="workers-heading">
        <h2 id="workers-heading">Workers</h2>
        <WorkersTable workers={caseHolders(u.workers)} caption={`Workers in ${u.name}`} />
      </section>
    </BandLimitsContext.Provider>
  );
}
