"""CSV imports run in the background (services/jobs.py): the request checks the file can be read
and hands its rows to a job, which validates every row and applies all or nothing, reporting
progress. One import runs at a time; others wait their turn in the queue.

The rows are kept with the job, so an import survives a restart. An import that was running when
Keel stopped is run again only if nothing of it was written (no audit event of `import:<id>`);
otherwise it is reported as done, since its one transaction was committed."""

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

import base64
from collections.abc import Callable

from backend.csv_io import RowError
from backend.csv_io.importing import RowSource, import_rows, table_source
from backend.csv_io.problems import Problems
from backend.csv_io.reading import Record, Table
from backend.models import AuditEvent, User
from backend.services.jobs import Job, JobFailed, JobRegistry


@dataclass(kw_only=True)
class ImportJob(Job):
    kind: str
    dry_run: bool
    rows: int
    table: Table | None = None  # a CSV file's rows, only while it runs (kept as the payload)
    files: list[tuple[str, bytes]] | None = None  # another format's files (FILE_SOURCES), kept likewise
    source: RowSource | None = None  # the rows of `files`, only while it runs
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    crash_message = "The import could not be completed; nothing was imported"

    def inputs(self) -> dict[str, Any]:
        return {"kind": self.kind, "dry_run": self.dry_run, "rows": self.rows}

    def payload(self) -> bytes | None:
        if self.files is not None:
            return json.dumps(
                {"files": [[name, base64.b64encode(data).decode()] for name, data in self.files]}
            ).encode()
        table = self.table
        if table is None:
            return None
        return json.dumps(
            {
                "records": [[record.row, record.cells] for record in table.records],
                "refused": table.refused,
                "problems": {
                    "count": table.problems.count,
                    "kept": [[e.row, e.column, e.reason] for e in table.problems.kept],
                },
            }
        ).encode()

    def take_payload(self, payload: bytes | None) -> None:
        if payload is None:
            return
        stored = json.loads(payload)
        if "files" in stored:
            self.files = [(name, base64.b64decode(data)) for name, data in stored["files"]]
            self.source = FILE_SOURCES[self.kind](self.files)
            return
        problems = Problems()
        for row, column, reason in stored["problems"]["kept"]:
            problems.add(row, column, reason)
        problems.count = stored["problems"]["count"]
        self.table = Table(
            self.kind, [Record(row, cells) for row, cells in stored["records"]], problems, stored["refused"]
        )

    def outputs(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "error_count": self.error_count,
            "errors": [[e.row, e.column, e.reason] for e in self.errors],
        }

    def take_outputs(self, outputs: dict[str, Any]) -> None:
        self.created, self.updated = outputs["created"], outputs["updated"]
        self.error_count = outputs["error_count"]
        self.errors = [RowError(row, column, reason) for row, column, reason in outputs["errors"]]


def _import(engine: Engine, job: ImportJob) -> None:
    with Session(engine) as session:
        actor = session.get(User, job.requested_by) if job.requested_by is not None else None
        if (
            job.attempts > 1
            and session.execute(
                select(col(AuditEvent.id)).where(col(AuditEvent.source) == f"import:{job.id}").limit(1)
            ).first()
            is not None
        ):
            job.message = "Imported before Keel stopped (the counts were not recorded)"
            return
    source = job.source or (table_source(job.table) if job.table is not None else None)
    if source is None:
        raise JobFailed("The import's rows were not kept: send the file again")
    outcome = import_rows(engine, source, actor, dry_run=job.dry_run, progress=job.report, import_id=job.id)
    job.created, job.updated = outcome.created, outcome.updated
    job.errors, job.error_count = outcome.errors, outcome.error_count
    if outcome.status == "failed":
        raise JobFailed(outcome.message)
    job.message = outcome.message


_registry: JobRegistry[ImportJob] = JobRegistry("import", ImportJob, _import, workers=1)


def submit(engine: Engine, table: Table, user_id: int, *, dry_run: bool = False) -> ImportJob:
    job = ImportJob(requested_by=user_id, kind=table.kind, dry_run=dry_run, rows=table.rows, table=table)
    return _registry.submit(engine, job)


def _annex_a(files: list[tuple[str, bytes]]) -> RowSource:
    from backend.annex_a.importing import annex_a_source
    from backend.annex_a.reading import read_lists

    return annex_a_source(read_lists(files))


def _census(files: list[tuple[str, bytes]]) -> RowSource:
    from backend.census.importing import census_source

    return census_source(files[0][1])


# Imports of other formats than Keel's CSV files: the uploaded files are kept with the job (so it
# survives a restart, or runs in another server process) and read into rows again where it runs.
FILE_SOURCES: dict[str, Callable[[list[tuple[str, bytes]]], RowSource]] = {"annex_a": _annex_a, "census": _census}


def submit_files(
    engine: Engine, name: str, files: list[tuple[str, bytes]], user_id: int, *, dry_run: bool = False
) -> ImportJob:
    """An import of Annex A lists or the workforce census (FILE_SOURCES) as a background job; the
    caller has already read the files once, so a file that cannot be read never becomes a job."""
    source = FILE_SOURCES[name](files)
    job = ImportJob(
        requested_by=user_id, kind=source.name, dry_run=dry_run, rows=source.rows, source=source, files=files
    )
    return _registry.submit(engine, job)


def get(engine: Engine, job_id: str) -> ImportJob | None:
    return _registry.get(engine, job_id)
