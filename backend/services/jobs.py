"""Background jobs with progress, shared by plan, import, forecast and notification jobs: kept in the
database (`background_job`, decision 0007), so they survive a restart and any server process can take
one; run on a small thread pool in each process, off the request thread. A client polls the status
(queued, running, done, failed; progress 0..1; a human-readable message).

Taking a job: a free thread claims the next job of its kind by turning it from queued to running in
one conditional UPDATE, so a job is taken exactly once however many processes ask. On PostgreSQL the
claims of one kind are taken one at a time across processes (a transaction advisory lock), so the
limits per queue hold across `keel serve --workers N`; SQLite serves one process.

Fair turns: each job waits in a queue (plans: their team's); at most `per_queue` jobs of one queue
run at once, and a free thread takes the first job of the queue served least recently, so one
queue's backlog never holds up another's. A person may have at most `per_requester` jobs waiting or
running (TooManyJobs beyond that).

A stop: the process running a job says it is alive every HEARTBEAT_S. A running job whose process
has been silent for STALE_AFTER is taken back (`recover`): run again from the start if its kind is
resumable and it has been tried fewer than MAX_ATTEMPTS times, otherwise failed with a message that
says Keel stopped. It is never shown as running for ever. A job whose work is cut off inside the
process (an exception that is not an error of the work) is failed "(interrupted)".

Keeping: a finished job stays for `lifetime` and is then forgotten; nothing else evicts it except
the same person's own newer jobs beyond `kept_per_requester`. Job ids start with the time their
process started, so an unknown id from before this process started is recognised
(`issued_before_restart`) and answered as gone rather than as unknown."""

import logging
import os
import re
import socket
import threading
import time
import uuid
import weakref
import zlib
from collections import Counter
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar, Generic, Literal, Self, TypeVar

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.engine import Connection, Engine, Row

from backend.models import BackgroundJob
from backend.models._types import table_of

PROCESS_START_MS = time.time_ns() // 1_000_000
PROCESS = f"{socket.gethostname()[:80]}:{os.getpid()}:{PROCESS_START_MS:x}"
_JOB_ID = re.compile(r"([0-9a-f]{1,12})-[0-9a-f]{32}")
RESTARTED = "Keel restarted after this was asked for, and forgot it: ask again"
HEARTBEAT_S = 2.0
STALE_AFTER = timedelta(seconds=12)
MAX_ATTEMPTS = 3
SAVE_PROGRESS_EVERY_S = 0.5
JOBS = table_of(BackgroundJob)
NEVER = datetime.min.replace(tzinfo=timezone.utc)
logger = logging.getLogger("keel.jobs")


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


class TryAgainLater(Exception):
    """Raised by a job's work when it may succeed later (a mail server not answering): the job waits
    `after` and is taken again, up to its kind's `max_tries`; then it fails with this message."""

    def __init__(self, message: str, after: timedelta):
        super().__init__(message)
        self.after = after


class TooManyJobs(Exception):
    """The person already has their limit of jobs waiting or running."""

    def __init__(self, limit: int):
        super().__init__(f"already {limit} jobs waiting or running")
        self.limit = limit


JobStatus = Literal["queued", "running", "done", "failed"]


@dataclass(kw_only=True)
class Job:
    """A job as its kind's code sees it. A kind says what the work needs (`inputs`, and a `payload`
    too large to read on every poll) and what it produced (`outputs`, read back by `take_outputs`)."""

    requested_by: int | None
    queue: Hashable = None  # whose turn it takes (plans: the team's)
    id: str = field(default_factory=new_job_id)
    status: JobStatus = "queued"
    message: str = "Waiting to start"
    fraction: float = 0.0
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    expires_at: datetime | None = None  # set when it finishes
    on_report: Callable[["Job"], None] | None = field(default=None, repr=False, compare=False)

    crash_message: ClassVar[str] = "The job could not be completed"
    resumable: ClassVar[bool] = True  # after a stop: run again from the start (False: failed)
    max_tries: ClassVar[int] = MAX_ATTEMPTS  # takes in all, after stops or TryAgainLater

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
        if self.on_report is not None:
            self.on_report(self)

    def inputs(self) -> dict[str, Any]:
        return {}

    def payload(self) -> bytes | None:
        return None

    def outputs(self) -> dict[str, Any]:
        return {}

    def take_outputs(self, outputs: dict[str, Any]) -> None:
        """Read back what `outputs` stored."""

    def take_payload(self, payload: bytes | None) -> None:
        """Read back what `payload` stored (only when the job is taken to run)."""

    @classmethod
    def restore(cls, inputs: dict[str, Any], **stored: Any) -> Self:
        return cls(**stored, **inputs)


J = TypeVar("J", bound=Job)
Work = Callable[[Engine, J], None]
_registries: "weakref.WeakSet[JobRegistry]" = weakref.WeakSet()


class JobRegistry(Generic[J]):
    """The jobs of one kind: `work(engine, job)` is run for each, in its queue's turn, on at most
    `workers` threads of this process."""

    def __init__(
        self,
        kind: str,
        job_type: type[J],
        work: Work,
        *,
        workers: int,
        per_queue: int | None = None,
        per_requester: int | None = None,
        kept_per_requester: int = 20,
        lifetime: Callable[[], timedelta] = lambda: timedelta(hours=2),
        clock: Callable[[], datetime] = utcnow,
    ):
        self.kind, self.job_type, self.work = kind, job_type, work
        self.workers, self.per_queue, self.per_requester = workers, per_queue or workers, per_requester
        self.kept_per_requester, self.lifetime, self.clock = kept_per_requester, lifetime, clock
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"keel-{kind}")
        self._busy = 0
        self._lock = threading.RLock()
        self._lock_key = zlib.crc32(f"keel-jobs:{kind}".encode())
        _registries.add(self)

    # -- asking and reading -------------------------------------------------------------------

    def submit(self, engine: Engine, job: J) -> J:
        """Keep the job and run it on the pool in its queue's turn. The work reports progress on the
        job; the job is done when it returns, failed when it raises (JobFailed's message is shown as
        is). Raises TooManyJobs, keeping nothing, when the requester is at their limit."""
        now = utcnow()
        with self._lock, engine.begin() as connection:
            self._take_turns(connection)
            mine = connection.execute(
                select(JOBS.c.id, JOBS.c.status)
                .where(
                    JOBS.c.kind == self.kind,
                    JOBS.c.requested_by == job.requested_by,
                )
                .order_by(JOBS.c.finished_at, JOBS.c.id)
            ).all()
            active = sum(row.status in ("queued", "running") for row in mine)
            if self.per_requester is not None and active >= self.per_requester:
                raise TooManyJobs(self.per_requester)
            finished = [row.id for row in mine if row.status not in ("queued", "running")]
            oldest = finished[: max(0, len(finished) + 1 - self.kept_per_requester)]
            if oldest:
                connection.execute(delete(JOBS).where(JOBS.c.id.in_(oldest)))
            self.add(connection, job, now)
        self.dispatch(engine)
        return self.get(engine, job.id) or job

    def add(self, connection: Connection, job: J, now: datetime | None = None) -> J:
        """Keep the job in the caller's transaction (with the change it follows from: both or
        neither); once that commits, `dispatch` starts it here, or any server process's poll."""
        connection.execute(delete(JOBS).where(JOBS.c.kind == self.kind, JOBS.c.expires_at <= self.clock()))
        connection.execute(
            JOBS.insert().values(
                id=job.id,
                kind=self.kind,
                queue=_queue_name(job.queue),
                requested_by=job.requested_by,
                status="queued",
                message=job.message,
                fraction=0.0,
                attempts=0,
                inputs=job.inputs(),
                payload=job.payload(),
                created_at=now or utcnow(),
            )
        )
        return job

    def get(self, engine: Engine, job_id: str) -> J | None:
        """The job as it stands now, or None when unknown, of another kind, or past its lifetime."""
        columns = [c for c in JOBS.c if c.name != "payload"]
        with engine.connect() as connection:
            row = connection.execute(select(*columns).where(JOBS.c.id == job_id[:64], JOBS.c.kind == self.kind)).first()
        if row is None:
            return None
        job = self._restore(row)
        if job.expires_at is not None and job.expires_at <= self.clock():
            return None
        return job

    def waiting(self, engine: Engine, queue: Hashable) -> J | None:
        """The first job still waiting in `queue` (to ask for something at most once at a time)."""
        with engine.connect() as connection:
            found = connection.execute(
                select(JOBS.c.id)
                .where(
                    JOBS.c.kind == self.kind,
                    JOBS.c.queue == _queue_name(queue),
                    JOBS.c.status == "queued",
                )
                .order_by(JOBS.c.created_at)
                .limit(1)
            ).scalar()
        return self.get(engine, found) if found is not None else None

    def _restore(self, row, payload: bytes | None = None) -> J:
        job = self.job_type.restore(
            dict(row.inputs),
            requested_by=row.requested_by,
            queue=row.queue,
            id=row.id,
            status=row.status,
            message=row.message,
            fraction=row.fraction,
            attempts=row.attempts,
            started_at=row.started_at,
            finished_at=row.finished_at,
            expires_at=row.expires_at,
        )
        if row.outputs:
            job.take_outputs(row.outputs)
        if payload is not None:
            job.take_payload(payload)
        return job

    # -- taking and running --------------------------------------------------------------------

    def dispatch(self, engine: Engine) -> None:
        """Fill this process's free threads with the jobs whose turn it is."""
        try:
            with self._lock:
                while self._busy < self.workers:
                    job = self._claim(engine)
                    if job is None:
                        return
                    self._busy += 1
                    self._executor.submit(self._run, engine, job)
        except Exception:  # noqa: BLE001 - the next poll or finished job tries again
            logger.exception("could not take a %s job", self.kind)

    def _take_turns(self, connection: Connection) -> None:
        """Claims and submissions of this kind one at a time across server processes (PostgreSQL;
        SQLite serves one process, where the registry's lock does it)."""
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": self._lock_key})

    def _claim(self, engine: Engine) -> J | None:
        """The first job of the queue served least recently among those below their limit of running
        jobs, turned from queued to running by this process (None when no queue may start one)."""
        now = utcnow()
        with engine.begin() as connection:
            self._take_turns(connection)
            chosen = self._next_in_turn(connection)
            if chosen is None:
                return None
            taken = connection.execute(
                update(JOBS)
                .where(JOBS.c.id == chosen, JOBS.c.status == "queued")
                .values(
                    status="running",
                    owner=PROCESS,
                    started_at=now,
                    heartbeat_at=now,
                    attempts=JOBS.c.attempts + 1,
                    fraction=0.0,
                    message="Starting",
                )
            )
            if taken.rowcount != 1:
                return None
            row = connection.execute(select(JOBS).where(JOBS.c.id == chosen)).one()
        return self._restore(row, row.payload)

    def _next_in_turn(self, connection: Connection) -> str | None:
        rows = connection.execute(
            select(JOBS.c.id, JOBS.c.queue, JOBS.c.status, JOBS.c.created_at).where(
                JOBS.c.kind == self.kind,
                JOBS.c.status.in_(("queued", "running")),
                or_(JOBS.c.not_before.is_(None), JOBS.c.not_before <= utcnow()),
            )
        ).all()
        running = Counter(row.queue for row in rows if row.status == "running")
        first_waiting: dict[str, Row[Any, Any, Any, Any]] = {}
        for row in sorted((r for r in rows if r.status == "queued"), key=lambda r: (r.created_at, r.id)):
            first_waiting.setdefault(row.queue, row)
        ready = [queue for queue in first_waiting if running[queue] < self.per_queue]
        if not ready:
            return None
        # A queue's last turn: the latest start among its jobs still running or finished after its
        # first waiting job arrived (a queue that went idle starts afresh, as if never served).
        since = min(first_waiting[queue].created_at for queue in ready)
        served = connection.execute(
            select(JOBS.c.queue, JOBS.c.started_at, JOBS.c.finished_at).where(
                JOBS.c.kind == self.kind,
                JOBS.c.queue.in_(ready),
                JOBS.c.started_at.is_not(None),
                or_(JOBS.c.finished_at.is_(None), JOBS.c.finished_at >= since),
            )
        ).all()
        last_turn: dict[str, datetime] = {}
        for turn in served:
            if turn.finished_at is None or turn.finished_at >= first_waiting[turn.queue].created_at:
                last_turn[turn.queue] = max(last_turn.get(turn.queue, NEVER), turn.started_at)
        queue = min(ready, key=lambda q: (last_turn.get(q, NEVER), first_waiting[q].created_at))
        return first_waiting[queue].id

    def _run(self, engine: Engine, job: J) -> None:
        alive = _Heartbeat(engine, job.id)
        job.on_report = _ProgressSaver(engine, job.id)
        outcome: JobStatus = "failed"
        message: str | None = f"{job.crash_message} (interrupted)"
        later = None
        try:
            self.work(engine, job)
            outcome, message = "done", None
        except JobFailed as exc:
            outcome, message = "failed", str(exc)
        except TryAgainLater as exc:
            outcome, message = "failed", str(exc)
            if job.attempts < job.max_tries:
                later = exc.after
                logger.warning(
                    "%s job %s, try %d of %d: %s; trying again in %s",
                    self.kind,
                    job.id,
                    job.attempts,
                    job.max_tries,
                    exc,
                    exc.after,
                )
            else:
                logger.error("%s job %s failed after %d tries: %s", self.kind, job.id, job.attempts, exc)
        except Exception as exc:  # noqa: BLE001 - a failed job must report, not vanish
            logger.exception("%s job %s failed", self.kind, job.id)
            outcome, message = "failed", f"{job.crash_message} ({type(exc).__name__})"
        finally:
            alive.stop()
            job.on_report = None
            try:
                if later is not None:
                    self._wait_for_next_try(engine, job, message or job.message, later)
                else:
                    self._finish(engine, job, outcome, message or job.message)
            except Exception:  # noqa: BLE001 - left running: taken back once its heartbeat is stale
                logger.exception("could not record the end of %s job %s", self.kind, job.id)
            with self._lock:
                self._busy -= 1
        self.dispatch(engine)

    def _finish(self, engine: Engine, job: J, outcome: JobStatus, message: str) -> None:
        """Done or failed, with its outputs and expiry, in one step for anyone reading it; only if this
        process still holds it (a job taken back from a silent process is not finished twice)."""
        now = utcnow()
        with engine.begin() as connection:
            connection.execute(
                update(JOBS)
                .where(JOBS.c.id == job.id, JOBS.c.owner == PROCESS, JOBS.c.status == "running")
                .values(
                    status=outcome,
                    message=message[:500],
                    outputs=job.outputs(),
                    fraction=1.0,
                    finished_at=now,
                    expires_at=self.clock() + self.lifetime(),
                    heartbeat_at=None,
                    payload=None,
                )
            )

    def _wait_for_next_try(self, engine: Engine, job: J, message: str, after: timedelta) -> None:
        with engine.begin() as connection:
            connection.execute(
                update(JOBS)
                .where(JOBS.c.id == job.id, JOBS.c.owner == PROCESS, JOBS.c.status == "running")
                .values(
                    status="queued",
                    owner=None,
                    heartbeat_at=None,
                    started_at=None,
                    fraction=0.0,
                    message=f"{message[:400]} (try {job.attempts} of {job.max_tries}; trying again)",
                    not_before=utcnow() + after,
                )
            )

    # -- after a stop --------------------------------------------------------------------------

    def recover(self, engine: Engine) -> int:
        """Take back the running jobs whose process has been silent for STALE_AFTER: queued again
        (resumable kinds, fewer than MAX_ATTEMPTS tries) or failed. Returns how many."""
        now = utcnow()
        silent_since = now - STALE_AFTER
        with self._lock, engine.begin() as connection:
            self._take_turns(connection)
            stale = connection.execute(
                select(JOBS.c.id, JOBS.c.attempts).where(
                    JOBS.c.kind == self.kind,
                    JOBS.c.status == "running",
                    or_(JOBS.c.heartbeat_at.is_(None), JOBS.c.heartbeat_at < silent_since),
                )
            ).all()
            for row in stale:
                if self.job_type.resumable and row.attempts < self.job_type.max_tries:
                    values = {
                        "status": "queued",
                        "message": "Keel stopped while working on this: it starts again",
                        "fraction": 0.0,
                        "started_at": None,
                    }
                else:
                    tries = "" if row.attempts < self.job_type.max_tries else f" ({row.attempts} times)"
                    values = {
                        "status": "failed",
                        "fraction": 1.0,
                        "payload": None,
                        "message": f"Keel stopped while working on this{tries}: "
                        f"{self.job_type.crash_message[0].lower()}{self.job_type.crash_message[1:]}",
                        "finished_at": now,
                        "expires_at": self.clock() + self.lifetime(),
                    }
                connection.execute(
                    update(JOBS)
                    .where(JOBS.c.id == row.id, JOBS.c.status == "running")
                    .values(owner=None, heartbeat_at=None, **values)
                )
        if stale:
            logger.warning("took back %d %s job(s) from a stopped server process", len(stale), self.kind)
        return len(stale)


def _queue_name(queue: Hashable) -> str:
    return "" if queue is None else str(queue)[:64]


class _Heartbeat:
    """Says every HEARTBEAT_S that this process is still running the job."""

    def __init__(self, engine: Engine, job_id: str):
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, args=(engine, job_id), daemon=True, name="keel-job-heartbeat"
        )
        self._thread.start()

    def _beat(self, engine: Engine, job_id: str) -> None:
        while not self._stopped.wait(HEARTBEAT_S):
            try:
                with engine.begin() as connection:
                    connection.execute(
                        update(JOBS).where(JOBS.c.id == job_id, JOBS.c.owner == PROCESS).values(heartbeat_at=utcnow())
                    )
            except Exception:  # noqa: BLE001 - a missed beat is retried; many make the job stale
                logger.warning("missed a heartbeat of job %s", job_id, exc_info=True)

    def stop(self) -> None:
        self._stopped.set()


class _ProgressSaver:
    """Stores the work's progress for every process to read, at most every SAVE_PROGRESS_EVERY_S."""

    def __init__(self, engine: Engine, job_id: str):
        self.engine, self.job_id, self.saved = engine, job_id, 0.0

    def __call__(self, job: Job) -> None:
        if time.monotonic() - self.saved < SAVE_PROGRESS_EVERY_S:
            return
        self.saved = time.monotonic()
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    update(JOBS)
                    .where(JOBS.c.id == self.job_id, JOBS.c.owner == PROCESS)
                    .values(fraction=job.fraction, message=job.message[:500])
                )
        except Exception:  # noqa: BLE001 - progress is a courtesy; the outcome is what counts
            logger.warning("could not save the progress of job %s", self.job_id, exc_info=True)


POLL_S = 1.0
RECOVER_EVERY_S = 5.0
SERVE_JOBS = "KEEL_SERVE_JOBS"  # set by `keel serve` for its server processes


_on_poll: list[Callable[[Engine], object]] = []


def on_poll(ask: Callable[[Engine], object]) -> None:
    """`ask(engine)` is called at each poll of `serve_jobs` (e.g. to ask for a periodic job)."""
    _on_poll.append(ask)


def serve_jobs(engine: Engine, stop: threading.Event | None = None) -> threading.Thread:
    """In a server process: take back jobs from stopped processes, and take the jobs other processes
    were asked for, every POLL_S (a job asked for here starts at once)."""
    stop = stop or threading.Event()

    def poll() -> None:
        recovered_at = 0.0
        while not stop.is_set():
            for ask in _on_poll:
                try:
                    ask(engine)
                except Exception:  # noqa: BLE001 - the next poll asks again
                    logger.exception("job poll could not ask for %s", getattr(ask, "__name__", ask))
            for registry in list(_registries):
                try:
                    if time.monotonic() - recovered_at >= RECOVER_EVERY_S:
                        registry.recover(engine)
                    registry.dispatch(engine)
                except Exception:  # noqa: BLE001 - the next poll tries again
                    logger.exception("job poll of %s failed", registry.kind)
            if time.monotonic() - recovered_at >= RECOVER_EVERY_S:
                recovered_at = time.monotonic()
            stop.wait(POLL_S)

    thread = threading.Thread(target=poll, name="keel-job-poll", daemon=True)
    thread.start()
    return thread
