"""CSV imports run in the background (services/jobs.py): the request checks the file can be read
and hands its rows to a job, which validates every row and applies all or nothing, reporting
progress. One import runs at a time; others wait their turn in the queue."""

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.csv_io import RowError, import_table
from backend.csv_io.reading import Table
from backend.models import User
from backend.services.jobs import Job, JobFailed, JobRegistry


@dataclass(kw_only=True)
class ImportJob(Job):
    kind: str
    dry_run: bool
    rows: int
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    crash_message = "The import could not be completed; nothing was imported"


_registry: JobRegistry[ImportJob] = JobRegistry("import", workers=1)


def submit(engine: Engine, table: Table, user_id: int, *, dry_run: bool = False) -> ImportJob:
    job = ImportJob(requested_by=user_id, kind=table.kind, dry_run=dry_run, rows=table.rows)

    def work(job: ImportJob) -> None:
        with Session(engine) as session:
            actor = session.get(User, user_id)
        outcome = import_table(engine, table, actor, dry_run=dry_run, progress=job.report, import_id=job.id)
        job.created, job.updated = outcome.created, outcome.updated
        job.errors, job.error_count = outcome.errors, outcome.error_count
        if outcome.status == "failed":
            raise JobFailed(outcome.message)
        job.message = outcome.message

    return _registry.submit(job, work)


def get(job_id: str) -> ImportJob | None:
    return _registry.get(job_id)
