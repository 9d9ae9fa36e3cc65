import { BandLimitsContext } from "../../components/bandLimits";
import { useEffect, useRef, useState } from "react";
import { api, call } from "../../api/client";
import type { Plan, Question } from "../../api/plan";
import { useResource } from "../../api/useResource";
import { FamiliesTable } from "../../components/FamiliesTable";
import { ErrorMessage, Loading } from "../../components/Messages";
import { PageTitle } from "../../components/PageTitle";
import { caseHolders, WorkersTable } from "../../components/WorkersTable";
import { AbsenceForm } from "./AbsenceForm";
import { AbsencesPanel } from "./AbsencesPanel";
import { ManualAllocation } from "./ManualAllocation";
import { PlanProgress } from "./PlanProgress";
import { PodsPanel } from "./PodsPanel";
import { PlanReview } from "./PlanReview";
import { RebalanceForm } from "./RebalanceForm";
import { ReferralForm } from "./ReferralForm";
import { TeamSummary } from "./TeamSummary";
import { VisitsDue } from "../../components/VisitsDue";
import { usePlanJob, type PlanRequest } from "./usePlanJob";

function useTeam(unitId: number) {
  // One request: the board's lists, kept by the server until something in the team changes.
  return useResource(async () => {
    const board = await call(api.GET("/api/units/{unit_id}/board", { params: { path: { unit_id: unitId } } }));
    return {
      unit: board.unit,
      workers: caseHolders(board.workers.data),
      queue: board.queue.data,
      absences: board.absences.data,
      families: board.families.data,
      pods: board.pods.data.filter((p) => p.holds_families),
    };
  }, [unitId]);
}

export function TeamBoard({ unitId }: { unitId: number }) {
  const team = useTeam(unitId);
  const planJob = usePlanJob();
  const [applied, setApplied] = useState<string>();
  const [lastRequest, setLastRequest] = useState<PlanRequest>();
  const confirmation = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (applied) confirmation.current?.focus(); // after applying, focus moves to the confirmation
  }, [applied]);

  const ask = (question: Question, extra: Partial<PlanRequest> = {}) => {
    const request = { question, unit_id: unitId, ...extra };
    setApplied(undefined);
    setLastRequest(request);
    void planJob.start(request);
  };

  if (team.error && !team.data) return <ErrorMessage>{team.error}</ErrorMessage>;
  if (!team.data) return <Loading what="the team" />;
  const { unit, workers, queue, absences, families, pods } = team.data;
  const job = planJob.job;
  const busy = job?.status === "queued" || job?.status === "running";

  return (
    <BandLimitsContext.Provider value={unit.band_limits}>
      <PageTitle caption={unit.code}>{unit.name}</PageTitle>
      <TeamSummary unit={unit} />
      <div role="status" aria-live="polite">
        {applied && (
          <p className="success-box" tabIndex={-1} ref={confirmation}>
            {applied}
          </p>
        )}
      </div>
      <section aria-labelledby="absences-heading">
        <h2 id="absences-heading">Absences now and ahead ({absences.length})</h2>
        <AbsencesPanel
          absences={absences}
          busy={busy}
          onPlanCover={(absence_id) => ask("cover", { absence_id })}
          onChanged={(text) => {
            setApplied(text);
            team.reload();
          }}
        />
      </section>
      {unit.allocates_to === "pods" && (
        <section aria-labelledby="pods-heading">
          <h2 id="pods-heading">Pods and their load ({pods.length})</h2>
          <p className="hint">
            This team allocates families to its pods: each pod's members share its load, and its consultant is
            accountable for every child of its families.
          </p>
          <PodsPanel pods={pods} workers={workers} limits={unit.band_limits} />
        </section>
      )}
      <section aria-labelledby="visits-heading">
        <h2 id="visits-heading">Visits due</h2>
        <VisitsDue unitId={unitId} showWorker />
      </section>
      <section aria-labelledby="workers-heading">
        <h2 id="workers-heading">Workers and their load</h2>
        <WorkersTable workers={workers} caption={`Workers in ${unit.name}`} />
      </section>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">Unallocated families ({queue.length})</h2>
        <p className="hint">Child protection, looked-after and private fostering first, then the longest waiting.</p>
        <FamiliesTable families={queue} caption="Unallocated families" empty="Every family has a key worker." />
        <button type="button" className="button" disabled={busy} onClick={() => ask("recommend")}>
          Recommend placements
        </button>
        <details className="panel">
          <summary>Record a new referral</summary>
          <ReferralForm
            unitId={unitId}
            onRecorded={(name) => {
              setApplied(`${name} is in the queue.`);
              team.reload();
            }}
          />
        </details>
      </section>
      <section aria-labelledby="actions-heading" className="actions">
        <h2 id="actions-heading" className="visually-hidden">
          Cover and rebalance
        </h2>
        <div className="panel">
          <AbsenceForm workers={workers} onRecorded={(absence_id) => ask("cover", { absence_id })} />
        </div>
        <div className="panel">
          <ManualAllocation
            families={families}
            onAllocated={(text) => {
              setApplied(text);
              team.reload();
            }}
          />
        </div>
        <div className="panel">
          <RebalanceForm busy={busy} onAsk={(move_budget) => ask("rebalance", { move_budget })} />
        </div>
      </section>
      <div id="plan-area">
        <ErrorMessage title="The plan could not be made">{planJob.error}</ErrorMessage>
        {job?.status === "failed" ? (
          <ErrorMessage title="The plan could not be made">{job.message}</ErrorMessage>
        ) : (
          job && <PlanProgress job={job} />
        )}
        {job?.status === "done" && job.plan && (
          <PlanReview
            key={job.id}
            planId={job.id}
            plan={job.plan as unknown as Plan}
            workers={workers}
            onAskAgain={() => lastRequest && planJob.start(lastRequest)}
            onApplied={(n) => {
              planJob.clear();
              setApplied(`Applied ${n} ${n === 1 ? "change" : "changes"}. Loads below are up to date.`);
              team.reload();
            }}
          />
        )}
      </div>
    </BandLimitsContext.Provider>
  );
}
