"""Manager workflows: ask for a plan (recommend, cover, rebalance), watch its progress, accept it."""

from datetime import date

from fastapi import APIRouter, HTTPException, status

from backend.api.deps import Manager, SessionDep
from backend.api.refusals import unknown_job, unprocessable
from backend.api.responses import Responses, refusal
from backend.db import engine_of
from backend.models import Absence
from backend.schemas.plans import Acceptance, Accepted, PlanJobPublic, PlanRequest, PlanView
from backend.services import plan_jobs
from backend.services.access import scope_for
from backend.services.council_picture import load_council_picture
from backend.services.jobs import TooManyJobs
from backend.services.plan_accept import InvalidAcceptance, Override, StalePlan, accept_plan

router = APIRouter(prefix="/api/plans", tags=["plans"])


def _public(job: plan_jobs.PlanJob) -> PlanJobPublic:
    return PlanJobPublic(
        id=job.id,
        status=job.status,
        progress=job.progress,
        message=job.message,
        question=job.question,
        unit_id=job.unit_id,
        plan=PlanView.model_validate(job.result) if job.status == "done" and job.result is not None else None,
        expires_at=job.expires_at,
    )


def _job_for(session, user, job_id: str) -> plan_jobs.PlanJob:
    """Only the manager who asked reads or accepts a plan (another manager of the team asks their own)."""
    job = plan_jobs.get(engine_of(session), job_id)
    if job is None or job.requested_by != user.id:
        raise unknown_job(job_id, "Plan")
    return job


RETRY_PLAN_S = 5
GONE: Responses = {410: refusal("Keel restarted after this plan was asked for: ask again")}


@router.post(
    "",
    response_model=PlanJobPublic,
    status_code=202,
    responses={429: refusal(f"The manager already has {plan_jobs.MAX_PLANS_PER_MANAGER} plans waiting or running")},
)
def create_plan(request: PlanRequest, session: SessionDep, user: Manager) -> PlanJobPublic:
    today = date.today()
    caseload = load_council_picture(session, today)
    if request.unit_id not in caseload.units or not scope_for(user, caseload).sees_unit(request.unit_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Unit not found")
    if request.question == "cover":
        absence = session.get(Absence, request.absence_id) if request.absence_id else None
        if absence is None or caseload.workers[absence.worker_id].unit_id not in caseload.subtree(request.unit_id):
            raise unprocessable("A cover plan needs an absence of a worker in this unit", "absence_id")
    try:
        job = plan_jobs.submit(
            engine_of(session),
            question=request.question,
            unit_id=request.unit_id,
            team_id=plan_jobs.team_of(caseload, request.unit_id),
            user_id=user.id,
            on=today,
            move_budget=request.move_budget,
            absence_id=request.absence_id,
            time_limit_s=request.time_limit_s,
        )
    except TooManyJobs as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"You already have {exc.limit} plans waiting or running: wait for one of them to finish, then ask again",
            headers={"Retry-After": str(RETRY_PLAN_S)},
        ) from exc
    return _public(job)


@router.get("/{plan_id}", response_model=PlanJobPublic, responses=GONE)
def read_plan(plan_id: str, session: SessionDep, user: Manager) -> PlanJobPublic:
    return _public(_job_for(session, user, plan_id))


@router.post("/{plan_id}/accept", response_model=Accepted, responses=GONE)
def accept(plan_id: str, acceptance: Acceptance, session: SessionDep, user: Manager) -> Accepted:
    job = _job_for(session, user, plan_id)
    if job.status != "done" or job.basis is None or job.result is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "This plan is not ready to accept")
    overrides = [Override(o.family_id, o.worker_id, o.reason.strip()) for o in acceptance.overrides]
    try:
        applied = accept_plan(
            session,
            user=user,
            job_id=job.id,
            basis=job.basis,
            plan=job.result,
            families=acceptance.families,
            overrides=overrides,
            on=date.today(),
        )
    except StalePlan as exc:
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT, "The team changed since this plan was made: ask for a new plan"
        ) from exc
    except InvalidAcceptance as exc:
        session.rollback()
        raise unprocessable(str(exc)) from exc
    return Accepted(applied=applied)
