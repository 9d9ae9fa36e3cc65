"""Background jobs with progress, shared by plan jobs and import jobs: a registry of recent jobs in
this process's memory, a small thread pool that runs them off the request thread, and the status
fields a client polls (queued, running, done, failed; progress 0..1; a human-readable message).

Fair turns: each job waits in a queue (plans: their team's); at most `per_queue` jobs of one queue
run at once, and a free thread takes the first job of the queue served least recently, so one
queue's backlog never holds up another's. A person may have at most `per_requester` jobs waiting or
running (TooManyJobs beyond that).

Keeping: a finished job stays for `lifetime` and is then forgotten; nothing else evicts it except
the same person's own newer jobs beyond `kept_per_requester` (which bounds memory). A restart forgets
every job: job ids start with the time their process started, so an id from before the restart is
recognised (`issued_before_restart`) and answered as such rather than as unknown."""

import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import count
from typing import Generic, TypeVar

PROCESS_START_MS = time.time_ns() // 1_000_000
_JOB_ID = re.compile(r"([0-9a-f]{1,12})-[0-9a-f]{32}")
RESTARTED = "Keel restarted after this was asked for, and forgot it: ask again"


def new_job_id() -> str:
    return f"{PROCESS_START_MS:x}-{uuid.uuid4().hex}"


def issued_before_restart(job_id: str) -> bool:
    """A well-formed job id from a process that started before this one."""
    found = _JOB_ID.fullmatch(job_id)
    return found is not None and int(found.group(1), 16) < PROCESS_START_MS


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class JobFailed(Exception):
    """Raised by a job's work to fail it with a message meant for the person who asked."""


class TooManyJobs(Exception):
    """The person already has their limit of jobs waiting or running."""

    def __init__(self, limit: int):
        super().__init__(f"already {limit} jobs waiting or running")
        self.limit = limit


@dataclass(kw_only=True)
class Job:
    requested_by: int | None
    queue: Hashable = None  # whose turn it takes (plans: the team's)
    id: str = field(default_factory=new_job_id)
    status: str = "queued"  # queued | running | done | failed
    message: str = "Waiting to start"
    fraction: float = 0.0
    started: float | None = None
    finished: float | None = None
    expires_at: datetime | None = None  # set when it finishes

    crash_message = "The job could not be completed"

    @property
    def progress(self) -> float:
        if self.status in ("done", "failed"):
            return 1.0
        return round(min(max(self.fraction, 0.0), 0.99), 3)

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    def report(self, fraction: float, message: str) -> None:
        """Progress from the work: never goes backwards."""
        self.fraction = max(self.fraction, fraction)
        self.message = message


J = TypeVar("J", bound=Job)
Work = Callable[[J], None]


class JobRegistry(Generic[J]):
    def __init__(self, name: str, *, workers: int, per_queue: int | None = None,
                 per_requester: int | None = None, kept_per_requester: int = 20,
                 lifetime: Callable[[], timedelta] = lambda: timedelta(hours=2),
                 clock: Callable[[], datetime] = utcnow):
        self.workers, self.per_queue, self.per_requester = workers, per_queue or workers, per_requester
        self.kept_per_requester, self.lifetime, self.clock = kept_per_requester, lifetime, clock
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"keel-{name}")
        self._jobs: dict[str, J] = {}
        self._waiting: dict[Hashable, deque[tuple[J, Work]]] = {}  # in the order the queues arrived
        self._running: dict[Hashable, int] = {}
        self._last_turn: dict[Hashable, int] = {}
        self._turns = count()
        self._busy = 0
        self._lock = threading.Lock()

    def submit(self, job: J, work: Work) -> J:
        """Keep the job and run `work(job)` on the pool in its queue's turn. The work reports progress
        on the job; the job is done when it returns, failed when it raises (JobFailed's message is
        shown as is). Raises TooManyJobs, keeping nothing, when the requester is at their limit."""
        with self._lock:
            self._forget_expired()
            mine = [j for j in self._jobs.values() if j.requested_by == job.requested_by]
            if self.per_requester is not None and sum(j.active for j in mine) >= self.per_requester:
                raise TooManyJobs(self.per_requester)
            finished = sorted((j for j in mine if not j.active), key=lambda j: j.finished or 0.0)
            for old in finished[:max(0, len(finished) + 1 - self.kept_per_requester)]:
                del self._jobs[old.id]
            self._jobs[job.id] = job
            self._waiting.setdefault(job.queue, deque()).append((job, work))
            self._start_next()
        return job

    def get(self, job_id: str) -> J | None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None and job.expires_at is not None and job.expires_at <= self.clock():
                del self._jobs[job_id]
                return None
            return job

    def _forget_expired(self) -> None:
        now = self.clock()
        for job_id in [j.id for j in self._jobs.values() if j.expires_at is not None and j.expires_at <= now]:
            del self._jobs[job_id]

    def _start_next(self) -> None:
        """Fill free threads, each with the first job of the queue served least recently among those
        below their limit of running jobs (lock held)."""
        while self._busy < self.workers:
            ready = [q for q in self._waiting if self._running.get(q, 0) < self.per_queue]
            if not ready:
                return
            queue = min(ready, key=lambda q: self._last_turn.get(q, -1))
            job, work = self._waiting[queue].popleft()
            if not self._waiting[queue]:
                del self._waiting[queue]
            self._running[queue] = self._running.get(queue, 0) + 1
            self._last_turn[queue] = next(self._turns)
            self._busy += 1
            self._executor.submit(self._run_in_turn, job, work)

    def _run_in_turn(self, job: J, work: Work) -> None:
        job.status, job.started = "running", time.monotonic()
        outcome, message = "failed", f"{job.crash_message} (interrupted)"
        try:
            work(job)
            outcome, message = "done", None
        except JobFailed as exc:
            outcome, message = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - a failed job must report, not vanish
            outcome, message = "failed", f"{job.crash_message} ({type(exc).__name__})"
        finally:
            with self._lock:  # finished, with its expiry, in one step for anyone reading it
                job.finished, job.expires_at = time.monotonic(), self.clock() + self.lifetime()
                job.message = message or job.message
                job.status = outcome
                self._busy -= 1
                self._running[job.queue] -= 1
                if not self._running[job.queue]:
                    del self._running[job.queue]
                    if job.queue not in self._waiting:  # idle: its turn is forgotten with it
                        del self._last_turn[job.queue]
                self._start_next()
