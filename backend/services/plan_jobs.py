"""Plans computed in the background: a manager asks for a recommendation, cover or rebalance; the
solve runs on a worker thread (never blocking other requests) and reports progress until done.

Jobs live in this process's memory (services/jobs.py): a restart forgets unfinished plans (the
manager asks again). Each job records the unit's version and the families' versions it was made
from, so that accepting it later can refuse a stale plan."""

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.services import planning_db as planning
from backend.services.jobs import Job, JobFailed, JobRegistry


@dataclass(kw_only=True)
class PlanJob(Job):
    question: str
    unit_id: int
    move_budget: int | None = None
    absence_id: int | None = None
    time_limit_s: float = 10.0
    result: dict[str, Any] | None = None
    basis: planning.PlanBasis | None = None
    accepted: set[int] = field(default_factory=set)

    crash_message = "The plan could not be computed"

    @property
    def progress(self) -> float:
        """A solve reports no progress of its own: the share of its time limit used so far."""
        if self.status in ("done", "failed"):
            return 1.0
        if self.started is None:
            return 0.0
        return round(min(0.95, (time.monotonic() - self.started) / max(self.time_limit_s, 0.1)), 2)


_registry: JobRegistry[PlanJob] = JobRegistry("plan", workers=2)


def submit(engine: Engine, *, question: str, unit_id: int, user_id: int, on: date,
           move_budget: int | None = None, absence_id: int | None = None,
           time_limit_s: float = 10.0) -> PlanJob:
    job = PlanJob(question=question, unit_id=unit_id, requested_by=user_id, move_budget=move_budget,
                  absence_id=absence_id, time_limit_s=time_limit_s)

    def work(job: PlanJob) -> None:
        job.message = "Computing the plan"
        try:
            with Session(engine) as session:
                job.basis, job.result = planning.plan_for_unit(
                    session, question=job.question, unit_id=job.unit_id, on=on,
                    move_budget=job.move_budget, absence_id=job.absence_id,
                    time_limit_s=job.time_limit_s,
                )
        except planning.PlanningError as exc:
            raise JobFailed(str(exc)) from exc
        job.message = "Plan ready"

    return _registry.submit(job, work)


def get(job_id: str) -> PlanJob | None:
    return _registry.get(job_id)
