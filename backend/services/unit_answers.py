"""Read answers about one unit (a board: the unit's summary, its workers, its waiting families),
kept as JSON under the stamp of that unit and the units below it (services.state.unit_stamps).

A change to team A moves A's stamp (and its service's), not team B's: B's managers keep getting
their answer straight from here, without the caseload picture being worked out again, checked or
serialised. An answer is computed once per stamp however many managers ask at once
(services.shared_cache). Only answers that are the same for everyone allowed to see the unit are
kept (not social workers' own views), and access is checked before anything is served.

After a change, the kept answers asked for lately about the units it touched are worked out again
at once by one background thread (`warm_after_changes`, under `keel serve`), so the next reader of
a changed board finds it ready instead of waiting for it. The answer is the one a reader would work
out, at the stamps read when the thread gets to it: nothing is served before it is current, and a
reader who comes first works it out as before (or shares the thread's computation)."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

from fastapi import Response
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlmodel import Session

from backend.models import User, UserRole
from backend.services.access import scope_for
from backend.services.council_picture import CouncilPicture, council_picture_for_unit, load_council_picture
from backend.services.shared_cache import SharedCache
from backend.services.state import on_units_changed, unit_stamps, wrote_in_transaction

CACHED_ANSWERS = 1024  # a board is three answers of a few to a few hundred KB
_answers: SharedCache[bytes] = SharedCache(CACHED_ANSWERS)


def json_response(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


Answer = TypeVar("Answer", bound=BaseModel)


AnswerOf = Callable[[Session, User, CouncilPicture], Answer]


def unit_answer(
    session: Session, user: User, unit_id: int | None, on: date, question: Hashable, answer: AnswerOf[Answer]
) -> Response | Answer:
    """`answer(session, user, picture)` (the route's own work, access checks included) as JSON, shared
    by every request for the same question about `unit_id` on `on` until a change touches the unit
    or a unit below it. Answered directly (not kept) where a shared answer does not apply: no unit
    asked, a social worker, a unit the user may not see (the route then refuses as usual), or a
    transaction that has written. `answer` may use only its arguments and the question's own
    values: it is called again after a change (`warm_after_changes`), with another session."""
    if unit_id is None or user.role == UserRole.social_worker or wrote_in_transaction(session):
        return answer(session, user, load_council_picture(session, on))
    stamps = unit_stamps(session)
    if unit_id not in stamps.units or not scope_for(user, stamps).sees_unit(unit_id):
        return answer(session, user, load_council_picture(session, on))
    _remember((question, unit_id, on), user, answer)

    def compute(_flight) -> bytes:
        picture = council_picture_for_unit(session, on, unit_id, stamps)
        return answer(session, user, picture).model_dump_json(by_alias=True).encode()

    return json_response(_answers.get((question, unit_id, on, stamps.of(unit_id)), compute))


RECENT_QUESTIONS = 256  # questions worked out again after a change: the latest asked
_asked: OrderedDict[tuple, tuple[User, AnswerOf]] = OrderedDict()  # (question, unit, day) -> who asked, how
_asked_lock = threading.Lock()


def _remember(key: tuple, user: User, answer: AnswerOf) -> None:
    """The question, and a copy of the user who asked it (their request's row is gone after it)."""
    with _asked_lock:
        if key not in _asked:
            _asked[key] = (User(**user.model_dump()), answer)
        _asked.move_to_end(key)
        while len(_asked) > RECENT_QUESTIONS:
            _asked.popitem(last=False)


class _Warmer:
    """One background thread working out again the questions lately asked about changed units."""

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
            known = self._changed.get(engine, set())
            self._changed[engine] = None if units is None or known is None else known | units
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="keel-answer-warming", daemon=True)
                self._thread.start()

    def wait(self, timeout: float = 30.0) -> bool:
        """Until every change noted so far has been worked out (tests)."""
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
                self._work_out(engine, units)
            except Exception:  # noqa: BLE001 - the next reader works it out (and reports what went wrong)
                pass

    @staticmethod
    def _work_out(engine: Engine, units: set[int] | None) -> None:
        today = date.today()
        with _asked_lock:
            asked = [(k, v) for k, v in reversed(_asked.items()) if k[2] == today and (units is None or k[1] in units)]
        with Session(engine) as session:
            for (question, unit_id, on), (user, answer) in asked:
                try:
                    unit_answer(session, user, unit_id, on, question, answer)
                except Exception:  # noqa: BLE001 - e.g. the asker may no longer see the unit
                    session.rollback()


_warmer = _Warmer()
on_units_changed(_warmer.changed)


def warm_after_changes(enabled: bool = True) -> None:
    """Work out again, after each change, the kept answers lately asked about the units it touched."""
    _warmer.enabled = enabled


def wait_for_warming(timeout: float = 30.0) -> bool:
    return _warmer.wait(timeout)
