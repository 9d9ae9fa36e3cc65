"""Plans computed in the background: a manager asks for a recommendation, cover or rebalance; the
solve runs on a worker thread (never blocking other requests) and reports progress until done.

Fair turns (services/jobs.py): each team's plans wait in the team's own queue and run one at a
time, so another team's quick recommendation takes the next free thread however many rebalances one
team has asked for; a manager may have MAX_PLANS_PER_MANAGER plans waiting or running at once.

Jobs are kept in the database: a finished plan stays for the plan lifetime setting
(`plan_lifetime_hours`) whatever other teams ask for, and survives a restart; a plan being solved
when Keel stopped is solved again from the start (it only reads). Each job records the unit's
version and the families' versions it was made from, so that accepting it later can refuse a stale
plan."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.config import get_settings
from backend.models import UnitKind
from backend.services.planning import plans as planning
from backend.services.council_picture import CouncilPicture
from backend.services.jobs import Job, JobFailed, JobRegistry

MAX_PLANS_PER_MANAGER = 3


@dataclass(kw_only=True)
class PlanJob(Job):
    question: str
    unit_id: int
    on: date
    move_budget: int | None = None
    absence_id: int | None = None
    time_limit_s: float = 10.0
    result: dict[str, Any] | None = None
    basis: planning.PlanBasis | None = None

    crash_message = "The plan could not be computed"

    @property
    def progress(self) -> float:
        """A solve reports no progress of its own: the share of its time limit used so far."""
        if self.status in ("done", "failed"):
            return 1.0
        if self.status != "running" or self.started_at is None:
            return 0.0
        running_s = (datetime.now(timezone.utc) - self.started_at).total_seconds()
        return round(min(0.95, max(running_s, 0.0) / max(self.time_limit_s, 0.1)), 2)

    def inputs(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "unit_id": self.unit_id,
            "on": self.on.isoformat(),
            "move_budget": self.move_budget,
            "absence_id": self.absence_id,
            "time_limit_s": self.time_limit_s,
        }

    @classmethod
    def restore(cls, inputs: dict[str, Any], **stored: Any) -> "PlanJob":
        return cls(**stored, **{**inputs, "on": date.fromisoformat(inputs["on"])})

    def outputs(self) -> dict[str, Any]:
        basis = self.basis
        return {
            "plan": self.result,
            "basis": None
            if basis is None
            else {
                "question": basis.question,
                "unit_id": basis.unit_id,
                "unit_version": basis.unit_version,
                "family_versions": {str(family): version for family, version in basis.family_versions.items()},
                "absence_end": basis.absence_end and basis.absence_end.isoformat(),
                "absence_start": basis.absence_start and basis.absence_start.isoformat(),
            },
        }

    def take_outputs(self, outputs: dict[str, Any]) -> None:
        self.result, basis = outputs.get("plan"), outputs.get("basis")
        if basis is not None:
            self.basis = planning.PlanBasis(
                basis["question"],
                basis["unit_id"],
                basis["unit_version"],
                {int(family): version for family, version in basis["family_versions"].items()},
                _day(basis["absence_end"]),
                _day(basis["absence_start"]),
            )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _lifetime() -> timedelta:
    return timedelta(hours=get_settings().plan_lifetime_hours)


def _solve(engine: Engine, job: PlanJob) -> None:
    job.report(0.0, "Computing the plan")
    try:
        with Session(engine) as session:
            job.basis, job.result = planning.plan_for_unit(
                session,
                question=job.question,
                unit_id=job.unit_id,
                on=job.on,
                move_budget=job.move_budget,
                absence_id=job.absence_id,
                time_limit_s=job.time_limit_s,
            )
    except planning.PlanningError as exc:
        raise JobFailed(str(exc)) from exc
    job.message = "Plan ready"


def new_registry() -> JobRegistry[PlanJob]:
    """Two solver threads a process, one running plan per team, MAX_PLANS_PER_MANAGER per manager."""
    return JobRegistry(
        "plan", PlanJob, _solve, workers=2, per_queue=1, per_requester=MAX_PLANS_PER_MANAGER, lifetime=_lifetime
    )


_registry = new_registry()


def team_of(caseload: CouncilPicture, unit_id: int) -> int:
    """The team a unit belongs to (a pod's team; a team or service is its own)."""
    unit = caseload.units[unit_id]
    while unit.kind == UnitKind.pod and unit.parent_id in caseload.units:
        unit = caseload.units[unit.parent_id]
    return unit.id


def submit(
    engine: Engine,
    *,
    question: str,
    unit_id: int,
    team_id: int,
    user_id: int,
    on: date,
    move_budget: int | None = None,
    absence_id: int | None = None,
    time_limit_s: float = 10.0,
) -> PlanJob:
    """Queue a plan for `unit_id` in the queue of `team_id` (team_of the unit); raises
    jobs.TooManyJobs when the manager already has MAX_PLANS_PER_MANAGER waiting or running."""
    job = PlanJob(
        question=question,
        unit_id=unit_id,
        on=on,
        requested_by=user_id,
        queue=team_id,
        move_budget=move_budget,
        absence_id=absence_id,
        time_limit_s=time_limit_s,
    )
    return _registry.submit(engine, job)


def get(engine: Engine, job_id: str) -> PlanJob | None:
    return _registry.get(engine, job_id)
