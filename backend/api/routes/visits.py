"""Statutory visits: the visits overdue or due soon (a board, a worker's own), and recording a visit."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from backend.api.deps import CurrentUser, SessionDep
from backend.api.refusals import refusals
from backend.api.scoping import unit_filter
from backend.models import Family, UserRole
from backend.schemas.families import FamilyDetail
from backend.schemas.fields import RowId
from backend.schemas.visits import VisitDuePublic, VisitRecorded, VisitsDuePublic
from backend.services.access import scope_for
from backend.services.council_picture import CouncilPicture, load_council_picture
from backend.services.read_models import family_detail
from backend.services.visit_records import VisitDue, due_until, record_visit, visits_due

router = APIRouter(prefix="/api", tags=["visits"])


def _public(caseload: CouncilPicture, visit: VisitDue) -> VisitDuePublic:
    family = caseload.families[visit.family_id]
    key, cover = caseload.key_worker.get(family.id), caseload.cover_worker.get(family.id)
    return VisitDuePublic(
        family_id=family.id,
        family_name=family.name,
        unit_id=family.unit_id,
        statuses=caseload.statuses.get(family.id, []),
        statutory=visit.statutory,
        last_visit_on=family.last_visit_on,
        visit_due=visit.due,
        overdue=visit.overdue,
        key_worker_id=key,
        key_worker_name=caseload.workers[key].name if key in caseload.workers else None,
        key_pod_name=caseload.units[caseload.key_pod[family.id]].name if family.id in caseload.key_pod else None,
        cover_worker_name=caseload.workers[cover].name if cover in caseload.workers else None,
        away_without_cover=visit.away_without_cover,
    )


@router.get("/visits/due", response_model=VisitsDuePublic)
def read_visits_due(
    session: SessionDep,
    user: CurrentUser,
    unit_id: Annotated[RowId | None, Query(description="Families of this unit or below it")] = None,
    worker_id: Annotated[RowId | None, Query(description="Families whose key worker this is")] = None,
) -> VisitsDuePublic:
    """Overdue visits and those due within the settings' working days, statutory first: a manager's
    board (their team), a social worker's own families (key or cover)."""
    caseload = load_council_picture(session, date.today())
    access = scope_for(user, caseload)
    scope = unit_filter(caseload, access, unit_id)
    families = [
        f
        for f in sorted(caseload.open_families)
        if access.sees_family(caseload, f)
        and (scope is None or caseload.families[f].unit_id in scope)
        and (worker_id is None or caseload.key_worker.get(f) == worker_id)
    ]
    listed = [_public(caseload, v) for v in visits_due(session, caseload, families)]
    return VisitsDuePublic(data=listed, count=len(listed), until=due_until(caseload))


@router.post(
    "/families/{family_id}/visits",
    response_model=FamilyDetail,
    responses={403: {"description": "Senior leaders read; they do not record visits"}},
)
def create_visit(family_id: RowId, body: VisitRecorded, session: SessionDep, user: CurrentUser) -> FamilyDetail:
    """A visit recorded: the family's last visit date moves forward to it (audited)."""
    if user.role == UserRole.senior_leader:
        raise HTTPException(403, "Senior leaders read; they do not record visits")
    today = date.today()
    caseload = load_council_picture(session, today)
    family = session.get(Family, family_id)
    if (
        family is None
        or family_id not in caseload.families
        or not scope_for(user, caseload).sees_family(caseload, family_id)
    ):
        raise HTTPException(404, "Family not found")
    with refusals(session):
        record_visit(session, user, family, body.visited_on, today)
    return family_detail(session, load_council_picture(session, today), family_id)
