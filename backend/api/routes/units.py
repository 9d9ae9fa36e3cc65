"""Services, teams and pods with their load summaries."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response
from sqlalchemy import select
from sqlmodel import Session

from backend.api.deps import Admin, NotWorker, Page, PageDep, SessionDep
from backend.api.lists import absences_list, families_list, units_list, workers_list
from backend.api.refusals import refusals
from backend.models import Unit, UnitKind, User
from backend.schemas.board import TeamBoard
from backend.schemas.fields import Day, RowId
from backend.schemas.units import UnitsPublic, UnitSummary, UnitUpdate
from backend.services.access import scope_for
from backend.services.council_picture import CouncilPicture, load_council_picture
from backend.services.read_models import unit_summaries, unit_summary
from backend.services.state import unit_stamps
from backend.services.unit_answers import unit_answer
from backend.services.unit_settings import set_allocates_to

router = APIRouter(prefix="/api/units", tags=["units"])


@router.get("", response_model=UnitsPublic)
def read_units(
    session: SessionDep,
    user: NotWorker,
    page: PageDep,
    kind: UnitKind | None = None,
    parent_id: Annotated[RowId | None, Query(description="Only units directly below this one")] = None,
    on: Annotated[Day | None, Query(description="Date of the picture (default today)")] = None,
) -> UnitsPublic:
    day, stamps = on or date.today(), unit_stamps(session)
    units = {u.id: u for u in session.scalars(select(Unit))}
    return units_list(units, stamps, user, page, kind, parent_id, lambda ids: unit_summaries(session, day, ids, stamps))


@router.get("/{unit_id}", response_model=UnitSummary)
def read_unit(session: SessionDep, user: NotWorker, unit_id: RowId, on: Day | None = None) -> UnitSummary | Response:
    day = on or date.today()
    return unit_answer(session, user, unit_id, day, "unit", lambda _, asker, caseload: _unit(caseload, asker, unit_id))


def _unit(caseload: CouncilPicture, user: NotWorker, unit_id: int) -> UnitSummary:
    if unit_id not in caseload.units or not scope_for(user, caseload).sees_unit(unit_id):
        raise HTTPException(status_code=404, detail="Unit not found")
    return unit_summary(caseload, unit_id)


BOARD_ROWS = 500  # rows of each list on a board: the lists' own largest page


@router.get("/{unit_id}/board", response_model=TeamBoard)
def read_board(session: SessionDep, user: NotWorker, unit_id: RowId) -> TeamBoard | Response:
    """Everything a team's board shows today, in one answer: the unit, its workers, its waiting
    and open families, its absences and its pods, exactly as their own routes list them. Kept
    under the unit's stamp like those answers: one request a board, and no council picture worked
    out while nothing in the unit changes."""
    today = date.today()
    return unit_answer(
        session,
        user,
        unit_id,
        today,
        "board",
        lambda own, asker, caseload: _board(own, caseload, asker, unit_id, today),
    )


def _board(session: Session, caseload: CouncilPicture, user: User, unit_id: int, today: date) -> TeamBoard:
    page = Page(offset=0, limit=BOARD_ROWS)
    return TeamBoard(
        unit=_unit(caseload, user, unit_id),
        workers=workers_list(caseload, user, page, unit_id, role=None, band=None),
        queue=families_list(caseload, user, page, unit_id, worker_id=None, unallocated=True, order="queue"),
        families=families_list(caseload, user, page, unit_id, worker_id=None, unallocated=None, order="queue"),
        absences=absences_list(session, caseload, user, unit_id, today),
        pods=units_list(
            caseload.units,
            caseload,
            user,
            page,
            UnitKind.pod,
            unit_id,
            lambda ids: [unit_summary(caseload, u) for u in ids],
        ),
    )


@router.patch("/{unit_id}", response_model=UnitSummary)
def update_unit(unit_id: RowId, body: UnitUpdate, session: SessionDep, admin: Admin) -> UnitSummary:
    """Change a team's setting: allocate to workers or to its pods (administrators; audited as `unit.update`)."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise HTTPException(status_code=404, detail="Unit not found")
    with refusals(session):
        set_allocates_to(session, admin, unit, body.allocates_to, body.reason.strip(), date.today())
    return unit_summary(load_council_picture(session, date.today()), unit_id)
