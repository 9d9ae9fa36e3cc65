"""Answers worked out again as a change commits, before their next reader asks.

A read answer kept under the stamps of the units it is about (a board, a unit's summary) is worked
out again when a change touches one of those units. Under `keel serve` (`enabled`), a transaction
that moved units' versions works out again, just before it commits, the answers readers asked for
in the last READ_LATELY_S (`remember`) about those units: on its own connection, so it reads its
own changes, at the stamps its commit gives them. They are kept for everyone the moment it has
committed, and dropped if it does not (shared_cache.held_back): the first reader after the change
finds its answer ready, and nothing is served before it is current. The change's writer waits for
this, not its readers.

A transaction spends at most BEFORE_COMMIT_S on it (an import may touch every unit); one background
thread per server process works out the rest right after the commit, at the stamps it reads then. A
change committed by another server process is worked out by that one."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager, nullcontext
from datetime import date
from time import monotonic, perf_counter

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from backend.db import engine_of, reading_alongside
from backend.services.shared_cache import HeldBack, held_back
from backend.services.state import before_commit_moving_units

RECENT_QUESTIONS = 256  # questions remembered: those asked for last
READ_LATELY_S = 120.0  # an answer is worked out again after a change if a reader asked for it this lately
BEFORE_COMMIT_S = 0.2  # the most a transaction spends working out answers before it commits
WorkOut = Callable[[Session], object]  # works the answer out again (into its cache) on this session
Key = tuple[Hashable, int, date]  # (question, unit, day)

_asked: OrderedDict[Key, WorkOut] = OrderedDict()  # how to ask each question again
_read_at: dict[Key, float] = {}  # when a reader (not warming) last asked it, time.monotonic()
_asked_lock = threading.Lock()
_here = threading.local()


def remember(question: Hashable, unit_id: int, on: date, work_out: Callable[[], WorkOut]) -> None:
    """`question` about `unit_id` on `on` was just asked; `work_out()` says how to answer it again
    (called once, while the question is new: it must copy what the asker's request will not keep).
    Only answers a reader asked for lately are worked out again: one nobody reads any more is not
    worked out after every change."""
    key = (question, unit_id, on)
    with _asked_lock:
        if key not in _asked:
            _asked[key] = work_out()
        _asked.move_to_end(key)
        if not getattr(_here, "working_out", False):  # asked by a reader, not by warming
            _read_at[key] = monotonic()
        while len(_asked) > RECENT_QUESTIONS:
            _read_at.pop(_asked.popitem(last=False)[0], None)


def _read_lately(units: set[int] | None) -> list[Key]:
    """The questions about `units` (None: every unit) on today that readers asked lately, newest first."""
    today, since = date.today(), monotonic() - READ_LATELY_S
    with _asked_lock:
        return [
            key
            for key in reversed(_asked)
            if key[2] == today and _read_at.get(key, since - 1) >= since and (units is None or key[1] in units)
        ]


def _asked_again(key: Key) -> WorkOut | None:
    with _asked_lock:
        return _asked.get(key)


@contextmanager
def _working_out():
    """What this thread asks now is asked by warming, not by a reader (see `remember`)."""
    before = getattr(_here, "working_out", False)
    _here.working_out = True
    try:
        yield
    finally:
        _here.working_out = before


_READY = "keel_answers_ready"  # session.info: answers worked out before the commit, kept when it has


def _work_out_before_commit(session: OrmSession, units: set[int] | None) -> None:
    """Work out again, on the transaction's own connection, the answers read lately about the units
    it changed, for at most BEFORE_COMMIT_S; they are kept once it has committed."""
    if not _later.enabled:
        return
    connection = session.connection()
    savepoints = connection.dialect.name == "postgresql"  # a failed read there would end the transaction
    held, left, deadline = HeldBack(), [], perf_counter() + BEFORE_COMMIT_S
    with held_back(held), _working_out():
        for key in _read_lately(units):
            work = _asked_again(key)
            if work is None or perf_counter() > deadline:
                left.append(key)
                continue
            try:  # the savepoint is released, or rolled back if the answer fails
                with connection.begin_nested() if savepoints else nullcontext(), reading_alongside(session) as own:
                    work(own)  # its own identity map, the transaction's rows
            except Exception:  # noqa: BLE001 - the change is saved all the same; it is tried again after
                left.append(key)
    session.info[_READY] = (held, left, engine_of(session))


@event.listens_for(OrmSession, "after_commit")
def _keep_what_is_ready(session: OrmSession) -> None:
    ready = session.info.pop(_READY, None)
    if ready is not None:
        held, left, engine = ready
        held.publish()
        if left:
            _later.work_out(engine, left)


@event.listens_for(OrmSession, "after_rollback")
def _drop_what_is_ready(session: OrmSession) -> None:
    session.info.pop(_READY, None)  # never kept: their stamps may be given again by the next commit


class _Later:
    """One background thread working out, right after a commit, the answers its transaction left."""

    def __init__(self) -> None:
        self.enabled = False
        self._lock = threading.Lock()
        self._left: dict[Engine, list[Key]] = {}
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    def work_out(self, engine: Engine, keys: list[Key]) -> None:
        with self._lock:
            queued = self._left.setdefault(engine, [])
            queued.extend(key for key in keys if key not in queued)
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="keel-answer-warming", daemon=True)
                self._thread.start()

    def wait(self, timeout: float) -> bool:
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._left:
                    self._thread = None
                    self._idle.set()
                    return
                engine, keys = self._left.popitem()
            with _working_out(), Session(engine) as session:  # at the stamps it reads now
                for key in keys:
                    work = _asked_again(key)
                    try:
                        if work is not None:
                            work(session)
                    except Exception:  # noqa: BLE001 - e.g. the asker no longer sees the unit: a reader works it out
                        session.rollback()


_later = _Later()
before_commit_moving_units(_work_out_before_commit)


def enable(enabled: bool = True) -> None:
    """Work answers out again as each change commits (`keel serve`; tests that check it)."""
    _later.enabled = enabled


def wait(timeout: float = 30.0) -> bool:
    """Until every answer left by a commit has been worked out (tests)."""
    return _later.wait(timeout)
