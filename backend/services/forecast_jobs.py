"""The heatmap's forecast worked out as a background job kept in the database (services/jobs.py):
`request_forecast(engine, on)` queues one for a day unless one is already waiting, and whichever
server process takes it works it out through `resilience.assess` (so its shared cache holds the
answer). A forecast cut off by a stop is worked out again (it only reads)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.services.jobs import Job, JobRegistry


@dataclass(kw_only=True)
class ForecastJob(Job):
    on: date

    crash_message = "The forecast could not be worked out"

    def inputs(self) -> dict[str, Any]:
        return {"on": self.on.isoformat()}

    @classmethod
    def restore(cls, inputs: dict[str, Any], **stored: Any) -> "ForecastJob":
        return cls(**stored, on=date.fromisoformat(inputs["on"]))


def _work_out(engine: Engine, job: ForecastJob) -> None:
    from backend.services import resilience

    phases = resilience.PHASES

    def report(phase: str, done: int, total: int) -> None:
        index = phases.index(phase) if phase in phases else 0
        job.report((index + (done / total if total else 0.0)) / len(phases), f"Working out the {phase} figures")

    with Session(engine) as session:
        resilience.assess(session, job.on, report)
    job.message = "Forecast ready"


_registry: JobRegistry[ForecastJob] = JobRegistry("forecast", ForecastJob, _work_out, workers=1, per_queue=1)


def request_forecast(engine: Engine, on: date) -> ForecastJob:
    """The waiting forecast job for `on`, or a new one (nobody's: requested_by is None)."""
    return _registry.waiting(engine, on.isoformat()) or _registry.submit(
        engine, ForecastJob(requested_by=None, queue=on.isoformat(), on=on)
    )


def get(engine: Engine, job_id: str) -> ForecastJob | None:
    return _registry.get(engine, job_id)
