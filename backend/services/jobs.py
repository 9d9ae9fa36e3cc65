"""Background jobs with progress, shared by plan jobs and import jobs: a registry of recent jobs in
this process's memory, a small thread pool that runs them off the request thread, and the status
fields a client polls (queued, running, done, failed; progress 0..1; a human-readable message).

A restart forgets unfinished jobs (the person asks again). The registry keeps the most recent
`max_kept` jobs, evicting finished ones first."""

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar


class JobFailed(Exception):
    """Raised by a job's work to fail it with a message meant for the person who asked."""


@dataclass(kw_only=True)
class Job:
    requested_by: int | None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    status: str = "queued"  # queued | running | done | failed
    message: str = "Waiting to start"
    fraction: float = 0.0
    started: float | None = None
    finished: float | None = None

    crash_message = "The job could not be completed"

    @property
    def progress(self) -> float:
        if self.status in ("done", "failed"):
            return 1.0
        return round(min(max(self.fraction, 0.0), 0.99), 3)

    def report(self, fraction: float, message: str) -> None:
        """Progress from the work: never goes backwards."""
        self.fraction = max(self.fraction, fraction)
        self.message = message


J = TypeVar("J", bound=Job)


class JobRegistry(Generic[J]):
    def __init__(self, name: str, *, workers: int, max_kept: int = 200):
        self.max_kept = max_kept
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"keel-{name}")
        self._jobs: dict[str, J] = {}
        self._lock = threading.Lock()

    def submit(self, job: J, work: Callable[[J], None]) -> J:
        """Keep the job and run `work(job)` on the pool. The work reports progress on the job; the
        job is done when it returns, failed when it raises (JobFailed's message is shown as is)."""
        with self._lock:
            if len(self._jobs) >= self.max_kept:
                oldest = sorted(self._jobs.values(), key=lambda j: j.finished or float("inf"))[0]
                self._jobs.pop(oldest.id, None)
            self._jobs[job.id] = job
        self._executor.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> J | None:
        return self._jobs.get(job_id)

    @staticmethod
    def _run(job: J, work: Callable[[J], None]) -> None:
        job.status, job.started = "running", time.monotonic()
        try:
            work(job)
            if job.status == "running":
                job.status = "done"
        except JobFailed as exc:
            job.status, job.message = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - a failed job must report, not vanish
            job.status, job.message = "failed", f"{job.crash_message} ({type(exc).__name__})"
        finally:
            job.finished = time.monotonic()
