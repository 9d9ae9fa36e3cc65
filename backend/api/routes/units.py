"""Services, teams and pods with their load summaries."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from backend.api.fields import Day, RowId
from backend.api.deps import NotWorker, PageDep, SessionDep
from backend.models import UnitKind
from backend.schemas import UnitsPublic, UnitSummary
from backend.services.access import scope_for
from backend.services.caseload import Caseload, load_caseload
from backend.services.unit_answers import unit_answer
from backend.services.views import unit_summary

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
    caseload = load_caseload(session, on or date.today())
    scope = scope_for(user, caseload)
    units = sorted((u for u in caseload.units.values() if scope.sees_unit(u.id)), key=lambda u: u.code)
    if kind is not None:
        units = [u for u in units if u.kind == kind]
    if parent_id is not None:
        units = [u for u in units if u.parent_id == parent_id]
    chosen = units[page.offset : page.offset + page.limit]
    return UnitsPublic(data=[unit_summary(caseload, u.id) for u in chosen], count=len(units))


@router.get("/{unit_id}", response_model=UnitSummary)
def read_unit(
    session: SessionDep, user: NotWorker, unit_id: RowId, on: Day | None = None
) -> UnitSummary:
    day = on or date.today()
    return unit_answer(session, user, unit_id, day, "unit", lambda caseload: _unit(caseload, user, unit_id))


def _unit(caseload: Caseload, user: NotWorker, unit_id: int) -> UnitSummary:
    if unit_id not in caseload.units or not scope_for(user, caseload).sees_unit(unit_id):
        raise HTTPException(status_code=404, detail="Unit not found")
    return unit_summary(caseload, unit_id)
