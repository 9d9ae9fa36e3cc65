"""Answers worked out again as soon as a change is committed, before their next reader asks.

A read answer kept under the stamps of the units it is about (a board, a unit's summary) is worked
out again when a change touches one of those units. Whoever asked first after the change used to
wait for that, with everyone who asked while it ran. Under `keel serve` (`enabled`), one background
thread per server process does it instead, right after the commit, for the answers asked for lately
(`remember`) about the units whose versions the commit moved (services.state.on_units_changed).

The thread works out what a reader would, at the stamps it reads then, into the same caches: nothing
is served before it is current, and a reader who comes first works it out as before (or shares the
thread's computation). A change committed by another server process is worked out by that one's."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from backend.services.changes import changed_units
from backend.services.state import on_units_changed

RECENT_QUESTIONS = 256  # answers worked out again after a change: those asked for last
WorkOut = Callable[[Session], object]  # works the answer out again (into its cache) on this session

_asked: OrderedDict[tuple[Hashable, int, date], WorkOut] = OrderedDict()  # (question, unit, day) -> how
_wanted: set[tuple[Hashable, int, date]] = set()  # asked since it was last worked out here
_asked_lock = threading.Lock()
_here = threading.local()


def remember(question: Hashable, unit_id: int, on: date, work_out: Callable[[], WorkOut]) -> None:
    """`question` about `unit_id` on `on` was just asked; `work_out()` says how to answer it again
    (called once, while the question is new: it must copy what the asker's request will not keep).
    An answer is worked out again only if asked since it was last worked out here, so this thread
    never does more than its readers would: an answer nobody reads is not worked out after every
    change."""
    key = (question, unit_id, on)
    with _asked_lock:
        if key not in _asked:
            _asked[key] = work_out()
        _asked.move_to_end(key)
        if not getattr(_here, "working_out", False):  # asked by a reader, not by this thread
            _wanted.add(key)
        while len(_asked) > RECENT_QUESTIONS:
            _wanted.discard(_asked.popitem(last=False)[0])


class _Warmer:
    """One background thread working out again the answers lately asked about changed units."""

    def __init__(self) -> None:
        self.enabled = False
        self._lock = threading.Lock()
        self._changed: dict[Engine, set[int] | None] = {}
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    def changed(self, engine: Engine, units: set[int] | None) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._changed[engine] = changed_units(self._changed.get(engine, set()), units)
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="keel-answer-warming", daemon=True)
                self._thread.start()

    def wait(self, timeout: float) -> bool:
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._changed:
                    self._thread = None
                    self._idle.set()
                    return
                engine, units = self._changed.popitem()
            try:
                _work_out(engine, units)
            except Exception:  # noqa: BLE001 - the next reader works it out (and reports what went wrong)
                pass


def _work_out(engine: Engine, units: set[int] | None) -> None:
    today = date.today()
    with _asked_lock:
        keys = [
            key for key in reversed(_asked) if key in _wanted and key[2] == today and (units is None or key[1] in units)
        ]
        _wanted.difference_update(keys)
        asked = [_asked[key] for key in keys]
    _here.working_out = True
    with Session(engine) as session:
        for work in asked:
            try:
                work(session)
            except Exception:  # noqa: BLE001 - e.g. the asker may no longer see the unit
                session.rollback()


_warmer = _Warmer()
on_units_changed(_warmer.changed)


def enable(enabled: bool = True) -> None:
    """Work answers out again after each change (`keel serve`; tests that check it)."""
    _warmer.enabled = enabled


def wait(timeout: float = 30.0) -> bool:
    """Until every change noted so far has been worked out (tests)."""
    return _warmer.wait(timeout)
