"""CSV imports run in the background (services/jobs.py): the request checks the file can be read
and hands its rows to a job, which validates every row and applies all or nothing, reporting
progress. One import runs at a time; others wait their turn in the queue."""

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.csv_io import RowError
from backend.csv_io.importing import RowSource, import_rows, table_source
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
    return submit_rows(engine, table_source(table), user_id, dry_run=dry_run)


def submit_rows(engine: Engine, source: RowSource, user_id: int, *, dry_run: bool = False) -> ImportJob:
    """An import of rows from any source (a CSV file, Annex A lists) as a background job."""
    job = ImportJob(requested_by=user_id, kind=source.name, dry_run=dry_run, rows=source.rows)

    def work(job: ImportJob) -> None:
        with Session(engine) as session:
            actor = session.get(User, user_id)
        outcome = import_rows(engine, source, actor, dry_run=dry_run, progress=job.report, import_id=job.id)
        job.created, job.updated = outcome.created, outcome.updated
        job.errors, job.error_count = outcome.errors, outcome.error_count
        if outcome.status == "failed":
            raise JobFailed(outcome.message)
        job.message = outcome.message

    return _registry.submit(job, work)


def get(job_id: str) -> ImportJob | None:
    return _registry.get(job_id)
