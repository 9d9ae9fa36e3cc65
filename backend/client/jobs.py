"""Background jobs seen from the client: import jobs (the model of their JSON) and waiting for any job
(plan or import) to finish while reporting its progress."""

import time
from collections.abc import Callable
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from backend.client.errors import KeelError

FINISHED = ("done", "failed")


class ImportRowError(BaseModel):
    """Why one row (or, with no row, the whole file) was refused."""

    row: int | None = None
    column: str | None = None
    reason: str


class ImportJob(BaseModel):
    """An import as `POST /api/imports/{kind}` and `GET /api/imports/{id}` report it."""

    model_config = ConfigDict(coerce_numbers_to_str=True)
    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    message: str = ""
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[ImportRowError] = Field(default_factory=list)
    error_count: int = 0


class Job(Protocol):
    """What waiting reads of a job (read-only, so a model's narrower `Literal` status fits)."""

    @property
    def status(self) -> str: ...
    @property
    def progress(self) -> float: ...
    @property
    def message(self) -> str: ...


J = TypeVar("J", bound=Job)


def wait_until_finished(
    read: Callable[[], J], *, what: str, progress: Callable[[J], None] | None, poll_s: float, timeout_s: float
) -> J:
    """Read the job until it is done or failed, telling `progress` each reading; return the last one.
    Raises KeelError when it is still unfinished after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        job = read()
        if progress is not None:
            progress(job)
        if job.status in FINISHED:
            return job
        if time.monotonic() >= deadline:
            raise KeelError(None, f"{what} is still {job.status} after {timeout_s:g} s ({job.message})")
        time.sleep(poll_s)
