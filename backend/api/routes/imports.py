"""CSV imports (admins): upload a file of workers, families or absences; watch the job validate
every row and apply all or nothing. Columns: docs/csv-import.md."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, HTTPException, UploadFile, status

from backend.api.deps import Admin, SessionDep
from backend.api.refusals import unknown_job, unprocessable
from backend.api.responses import refusal
from backend.csv_io import MAX_BYTES, FileTooLarge, ImportFileError, read_table
from backend.db import engine_of
from backend.csv_io.reference import import_columns
from backend.schemas.imports import ImportColumnsPublic, ImportJobPublic, RowErrorPublic
from backend.services import import_jobs

router = APIRouter(prefix="/api/imports", tags=["imports"])


def _public(job: import_jobs.ImportJob) -> ImportJobPublic:
    return ImportJobPublic(
        id=job.id,
        kind=job.kind,
        status=job.status,
        progress=job.progress,
        message=job.message,
        dry_run=job.dry_run,
        rows=job.rows,
        created=job.created,
        updated=job.updated,
        errors=[RowErrorPublic(row=e.row, column=e.column, reason=e.reason) for e in job.errors],
        error_count=job.error_count,
    )


@contextmanager
def _unreadable_refused(field: str) -> Iterator[None]:
    """A file over the size limit is a 413; one that cannot be read as its kind a 422 naming it."""
    try:
        yield
    except FileTooLarge as exc:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, str(exc)) from None
    except ImportFileError as exc:
        raise unprocessable(str(exc), field) from None


MAX_LISTS = 12  # a workbook, or lists 3 to 9 as CSV files, with room to spare


@router.post(
    "/annex-a",
    response_model=ImportJobPublic,
    status_code=202,
    responses={
        413: refusal(f"The files are over {MAX_BYTES // 2**20} MB together"),
        422: refusal("A file is neither an Annex A workbook nor a CSV list named 'List N', or a list lacks a column"),
    },
)
def create_annex_a_import(
    files: Annotated[
        list[UploadFile],
        File(description=("The Annex A workbook (.xlsx), or one CSV file per list named 'List 3 ...' to 'List 9 ...'")),
    ],
    session: SessionDep,
    user: Admin,
    dry_run: Annotated[bool, Form(description="Validate every row but write nothing")] = False,
) -> ImportJobPublic:
    """Ofsted Annex A lists 3 to 9 into families: children, statuses, teams, key workers and last
    visits (docs/annex-a.md); all or nothing, problems at their list, row and column."""
    if len(files) > MAX_LISTS:
        raise unprocessable(f"At most {MAX_LISTS} files at once", "files")
    read, total = [], 0
    for upload in files:
        data = upload.file.read(MAX_BYTES + 1 - total)
        total += len(data)
        read.append((upload.filename or "list.csv", data))
    with _unreadable_refused("files"):
        job = import_jobs.submit_files(engine_of(session), "annex_a", read, user.id, dry_run=dry_run)
    return _public(job)


@router.post(
    "/census",
    response_model=ImportJobPublic,
    status_code=202,
    responses={
        413: refusal(f"The file is over {MAX_BYTES // 2**20} MB"),
        422: refusal("The file cannot be read: not UTF-8, empty, or a header without the census columns Keel reads"),
    },
)
def create_census_import(
    file: UploadFile,
    session: SessionDep,
    user: Admin,
    dry_run: Annotated[bool, Form(description="Validate every row but write nothing")] = False,
) -> ImportJobPublic:
    """The workforce census's worker-level table (CSV): FTE, agency, role, dates and sickness days of
    each worker, by Social Work England number (docs/census.md); all or nothing."""
    with _unreadable_refused("file"):
        job = import_jobs.submit_files(
            engine_of(session),
            "census",
            [(file.filename or "census.csv", file.file.read(MAX_BYTES + 1))],
            user.id,
            dry_run=dry_run,
        )
    return _public(job)


@router.post(
    "/{kind}",
    response_model=ImportJobPublic,
    status_code=202,
    responses={
        413: refusal(f"The file is over {MAX_BYTES // 2**20} MB"),
        422: refusal("The file cannot be read: not UTF-8, empty, or a header without the kind's columns"),
    },
)
def create_import(
    kind: Literal["workers", "families", "absences"],
    file: UploadFile,
    session: SessionDep,
    user: Admin,
    dry_run: Annotated[bool, Form(description="Validate every row but write nothing")] = False,
) -> ImportJobPublic:
    with _unreadable_refused("file"):
        table = read_table(kind, file.file.read(MAX_BYTES + 1))
    return _public(import_jobs.submit(engine_of(session), table, user.id, dry_run=dry_run))


@router.get("/columns", response_model=ImportColumnsPublic)
def read_import_columns(user: Admin) -> ImportColumnsPublic:
    """Each kind of import file and its columns, in their order (declared before `/{job_id}`)."""
    return import_columns()


@router.get(
    "/{job_id}",
    response_model=ImportJobPublic,
    responses={410: refusal("Keel restarted after this import was sent: send it again")},
)
def read_import(job_id: str, session: SessionDep, user: Admin) -> ImportJobPublic:
    job = import_jobs.get(engine_of(session), job_id)
    if job is None or job.requested_by != user.id:
        raise unknown_job(job_id, "Import")
    return _public(job)
