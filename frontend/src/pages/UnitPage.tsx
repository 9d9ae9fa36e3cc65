import { BandLimitsContext } from "../components/bandLimits";
import { Link, useParams } from "react-router-dom";
import { callJson } from "../api/client";
import type { UnitResilience, WorkerLoss } from "../api/resilience";
import { useResource } from "../api/useResource";
import { ErrorMessage, Loading } from "../components/Messages";
import { PageTitle } from "../components/PageTitle";
import { nkSentence, stageName } from "../components/risk";
import { RiskChart, RiskTable } from "../components/RiskChart";
import { percentOf } from "../components/load";
import { caseHolders, WorkersTable } from "../components/WorkersTable";
import { UnitLoadCard } from "../components/UnitLoadCard";
import { humanise } from "../components/format";

function lossText(loss: WorkerLoss): string {
  const after = loss.max_load_ratio == null ? "nobody left to take the work" : `busiest colleague at ${percentOf(loss.max_load_ratio)}`;
  return `Losing ${loss.workers.join(" and ")}: ${after}`;
}

export function UnitPage() {
  const { unitId } = useParams();
  const unit = useResource(() => callJson<UnitResilience>(`/api/resilience/units/${unitId}`), [unitId]);
  if (unit.error) return <ErrorMessage>{unit.error}</ErrorMessage>;
  if (!unit.data) return <Loading what="the unit's resilience figures" />;
  const u = unit.data;
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
        <p>{nkSentence(u.n1_secure, u.n2_secure)}</p>
        {u.worst_loss && <p><strong>Worst case:</strong> {lossText(u.worst_loss)}.</p>}
        {worstFirst.length > 0 && (
          <>
            <h3>Each single loss, worst first</h3>
            <ol className="losses">
              {worstFirst.slice(0, 8).map((loss) => (
                <li key={loss.workers.join("+")}>{lossText(loss)}</li>
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
      <section aria-labelledby="risk-heading">
        <h2 id="risk-heading">Collapse risk, next {u.risk_by_week.length} weeks</h2>
        <RiskChart weeks={u.risk_by_week} />
        <RiskTable weeks={u.risk_by_week} />
      </section>
      <section aria-labelledby="workers-heading">
        <h2 id="workers-heading">Workers</h2>
        <WorkersTable workers={caseHolders(u.workers)} caption={`Workers in ${u.name}`} />
      </section>
    </BandLimitsContext.Provider>
  );
}
