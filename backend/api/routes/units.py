"""Services, teams and pods with their load summaries."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from backend.api.deps import Admin, NotWorker, PageDep, SessionDep
from backend.api.refusals import refusals
from backend.models import Unit, UnitKind
from backend.schemas.fields import Day, RowId
from backend.schemas.units import UnitsPublic, UnitSummary, UnitUpdate
from backend.services.access import scope_for
from backend.services.council_picture import CouncilPicture, load_council_picture
from backend.services.read_models import unit_summary
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
    caseload = load_council_picture(session, on or date.today())
    scope = scope_for(user, caseload)
    units = sorted((u for u in caseload.units.values() if scope.sees_unit(u.id)), key=lambda u: u.code)
    if kind is not None:
        units = [u for u in units if u.kind == kind]
    if parent_id is not None:
        units = [u for u in units if u.parent_id == parent_id]
    chosen = units[page.offset : page.offset + page.limit]
    return UnitsPublic(data=[unit_summary(caseload, u.id) for u in chosen], count=len(units))


@router.get("/{unit_id}", response_model=UnitSummary)
def read_unit(session: SessionDep, user: NotWorker, unit_id: RowId, on: Day | None = None) -> UnitSummary | Response:
    day = on or date.today()
    return unit_answer(session, user, unit_id, day, "unit", lambda caseload: _unit(caseload, user, unit_id))


def _unit(caseload: CouncilPicture, user: NotWorker, unit_id: int) -> UnitSummary:
    if unit_id not in caseload.units or not scope_for(user, caseload).sees_unit(unit_id):
        raise HTTPException(status_code=404, detail="Unit not found")
    return unit_summary(caseload, unit_id)


@router.patch("/{unit_id}", response_model=UnitSummary)
def update_unit(unit_id: RowId, body: UnitUpdate, session: SessionDep, admin: Admin) -> UnitSummary:
    """Change a team's setting: allocate to workers or to its pods (administrators; audited as `unit.update`)."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise HTTPException(status_code=404, detail="Unit not found")
    with refusals(session):
        set_allocates_to(session, admin, unit, body.allocates_to, body.reason.strip(), date.today())
    return unit_summary(load_council_picture(session, date.today()), unit_id)
