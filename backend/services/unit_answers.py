"""Read answers about one unit (a board: the unit's summary, its workers, its waiting families),
kept as JSON under the stamp of that unit and the units below it (services.state.unit_stamps).

A change to team A moves A's stamp (and its service's), not team B's: B's managers keep getting
their answer straight from here, without the caseload picture being worked out again, checked or
serialised. An answer is computed once per stamp however many managers ask at once
(services.shared_cache). Only answers that are the same for everyone allowed to see the unit are
kept (not social workers' own views), and access is checked before anything is served.

After a change, the answers asked for lately about the units it touched are worked out again at
once (services.warming), so the next reader of a changed board finds it ready."""

from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

from fastapi import Response
from pydantic import BaseModel
from sqlmodel import Session

from backend.models import User, UserRole
from backend.services.access import scope_for
from backend.services.council_picture import CouncilPicture, council_picture_for_unit, load_council_picture
from backend.services.shared_cache import SharedCache, versions_of
from backend.services import warming
from backend.services.state import unit_stamps, wrote_in_transaction

CACHED_ANSWERS = 1024  # a board is three answers of a few to a few hundred KB
_answers: SharedCache[bytes] = SharedCache(CACHED_ANSWERS, same=versions_of(3))  # (question, unit, date, stamp)


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
    values: it is called again after a change (services.warming), with another session."""
    if unit_id is None or user.role == UserRole.social_worker or wrote_in_transaction(session):
        return answer(session, user, load_council_picture(session, on))
    stamps = unit_stamps(session)
    if unit_id not in stamps.units or not scope_for(user, stamps).sees_unit(unit_id):
        return answer(session, user, load_council_picture(session, on))
    warming.remember(
        question, unit_id, on, lambda: _asked_again(User(**user.model_dump()), unit_id, on, question, answer)
    )

    def compute(_flight) -> bytes:
        picture = council_picture_for_unit(session, on, unit_id, stamps)
        return answer(session, user, picture).model_dump_json(by_alias=True).encode()

    return json_response(_answers.get((question, unit_id, on, stamps.of(unit_id)), compute))


def _asked_again(asker: User, unit_id: int, on: date, question: Hashable, answer: AnswerOf) -> warming.WorkOut:
    """The question asked again by a copy of its asker (their request's row is gone after it)."""
    return lambda session: unit_answer(session, asker, unit_id, on, question, answer)
