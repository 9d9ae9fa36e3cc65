"""Plans computed in the background: a manager asks for a recommendation, cover or rebalance; the
solve runs on a worker thread (never blocking other requests) and reports progress until done.

Jobs live in this process's memory: a restart forgets unfinished plans (the manager asks again).
Each job records the unit's version and the families' versions it was made from, so that accepting
it later can refuse a stale plan."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.services import planning_db as planning

MAX_KEPT = 200
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="keel-plan")
_jobs: dict[str, "PlanJob"] = {}
_lock = threading.Lock()


@dataclass
class PlanJob:
    id: str
    question: str
    unit_id: int
    requested_by: int
    move_budget: int | None = None
    absence_id: int | None = None
    status: str = "queued"  # queued | running | done | failed
    message: str = "Waiting to start"
    time_limit_s: float = 10.0
    started: float | None = None
    finished: float | None = None
    result: dict[str, Any] | None = None
    basis: planning.PlanBasis | None = None
    accepted: set[int] = field(default_factory=set)

    @property
    def progress(self) -> float:
        if self.status in ("done", "failed"):
            return 1.0
        if self.started is None:
            return 0.0
        return round(min(0.95, (time.monotonic() - self.started) / max(self.time_limit_s, 0.1)), 2)


def submit(engine: Engine, *, question: str, unit_id: int, user_id: int, on: date,
           move_budget: int | None = None, absence_id: int | None = None,
           time_limit_s: float = 10.0) -> PlanJob:
    job = PlanJob(uuid.uuid4().hex, question, unit_id, user_id, move_budget, absence_id,
                  time_limit_s=time_limit_s)
    with _lock:
        if len(_jobs) >= MAX_KEPT:
            oldest = sorted(_jobs.values(), key=lambda j: j.finished or float("inf"))[0]
            _jobs.pop(oldest.id, None)
        _jobs[job.id] = job
    _executor.submit(_run, engine, job, on)
    return job


def get(job_id: str) -> PlanJob | None:
    return _jobs.get(job_id)


def _run(engine: Engine, job: PlanJob, on: date) -> None:
    job.status, job.message, job.started = "running", "Computing the plan", time.monotonic()
    try:
        with Session(engine) as session:
            job.basis, job.result = planning.plan_for_unit(
                session, question=job.question, unit_id=job.unit_id, on=on,
                move_budget=job.move_budget, absence_id=job.absence_id,
                time_limit_s=job.time_limit_s,
            )
        job.status, job.message = "done", "Plan ready"
    except planning.PlanningError as exc:
        job.status, job.message = "failed", str(exc)
    except Exception as exc:  # noqa: BLE001 - a failed job must report, not vanish
        job.status, job.message = "failed", f"The plan could not be computed ({type(exc).__name__})"
    finally:
        job.finished = time.monotonic()
