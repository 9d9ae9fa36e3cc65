"""Families with their points and allocation; managers record new referrals and edit their families."""

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response

from backend.api.deps import CurrentUser, Manager, PageDep, SessionDep
from backend.api.lists import families_list
from backend.api.patching import sent_changes
from backend.api.refusals import refusals, unprocessable
from backend.api.scoping import writable_unit
from backend.models import Family, UserRole
from backend.schemas.families import (
    AllocationChoicePublic,
    AllocationChoices,
    ChildIn,
    FamiliesPublic,
    FamilyCreate,
    FamilyDetail,
    FamilyUpdate,
    ManualAllocation,
)
from backend.schemas.fields import Day, RowId
from backend.services.access import scope_for
from backend.services.council_picture import CouncilPicture, load_council_picture, unit_picture
from backend.services.family_records import create_family, update_family
from backend.services.manual_allocation import allocate_by_hand, choices_for
from backend.services.read_models import band_limits, family_detail
from backend.services.state import unit_stamps
from backend.services.unit_answers import unit_answer

router = APIRouter(prefix="/api/families", tags=["families"])


def _children(children: list[ChildIn]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="python") for c in children]


@router.get("", response_model=FamiliesPublic)
def read_families(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    unit_id: Annotated[RowId | None, Query(description="Families of this unit or below it")] = None,
    worker_id: Annotated[RowId | None, Query(description="Families whose key worker this is")] = None,
    unallocated: Annotated[bool | None, Query(description="Only families with no key worker")] = None,
    order: Annotated[
        Literal["code", "queue"],
        Query(
            description=(
                "code; or queue: child protection, looked-after and private fostering first, then oldest first"
            )
        ),
    ] = "code",
    on: Day | None = None,
) -> FamiliesPublic | Response:
    day = on or date.today()
    return unit_answer(
        session,
        user,
        unit_id,
        day,
        ("families", worker_id, unallocated, order, page.offset, page.limit),
        lambda _, asker, caseload: families_list(caseload, asker, page, unit_id, worker_id, unallocated, order),
    )


@router.get("/{family_id}", response_model=FamilyDetail)
def read_family(session: SessionDep, user: CurrentUser, family_id: RowId, on: Day | None = None) -> FamilyDetail:
    day, family = on or date.today(), session.get(Family, family_id)
    if family is None:
        raise HTTPException(status_code=404, detail="Family not found")
    # A manager's or leader's view of a family is its unit's (the picture of that unit alone); a
    # social worker's depends on who holds it, wherever they are.
    if user.role == UserRole.social_worker:
        caseload = load_council_picture(session, day)
    else:
        caseload = unit_picture(session, day, family.unit_id)
    if family_id not in caseload.families or not scope_for(user, caseload).sees_family(caseload, family_id):
        raise HTTPException(status_code=404, detail="Family not found")
    return family_detail(session, caseload, family_id)


@router.post("", response_model=FamilyDetail, status_code=201)
def create(body: FamilyCreate, session: SessionDep, user: Manager) -> FamilyDetail:
    """A new referral for one of the manager's units: it joins that unit's unallocated queue."""
    units = unit_stamps(session)  # the unit tree alone: no need to work out the council's picture first
    writable_unit(units, scope_for(user, units), body.unit_id)
    with refusals(session):
        family = create_family(session, user, body.model_dump(exclude={"children"}), _children(body.children))
    return read_family(session, user, family.id)


@router.patch("/{family_id}", response_model=FamilyDetail)
def update(family_id: RowId, body: FamilyUpdate, session: SessionDep, user: Manager) -> FamilyDetail:
    caseload = load_council_picture(session, date.today())
    access = scope_for(user, caseload)
    family = session.get(Family, family_id)
    if family is None or family_id not in caseload.families or not access.sees_family(caseload, family_id):
        raise HTTPException(status_code=404, detail="Family not found")
    changes = sent_changes(body, nullable={"area", "closed_on"}, exclude={"reason", "children"})
    if "unit_id" in changes:
        writable_unit(caseload, access, changes["unit_id"])
    children = None if body.children is None else _children(body.children)
    with refusals(session):
        update_family(session, user, family, changes, children, body.reason.strip())
    if family.closed_on is not None and family.closed_on <= date.today():
        # Closed now: shown as it stood on its last open day.
        return family_detail(session, load_council_picture(session, family.closed_on - timedelta(days=1)), family_id)
    return read_family(session, user, family_id)


def _family_to_allocate(session: SessionDep, user, family_id: int) -> tuple[Family, CouncilPicture]:
    caseload = load_council_picture(session, date.today())
    family = session.get(Family, family_id)
    if (
        family is None
        or family_id not in caseload.open_families
        or not scope_for(user, caseload).sees_family(caseload, family_id)
    ):
        raise HTTPException(status_code=404, detail="Family not found")
    return family, caseload


@router.get("/{family_id}/allocation", response_model=AllocationChoices)
def read_allocation_choices(family_id: RowId, session: SessionDep, user: Manager) -> AllocationChoices:
    """Every case holder of the family's team as its key worker: load before and after, and why not."""
    family, caseload = _family_to_allocate(session, user, family_id)
    with refusals(session):
        choices = choices_for(session, family, date.today())
    return AllocationChoices(
        family_id=family.id,
        family_name=family.name,
        points=round(caseload.points[family.id], 2),
        choices=[AllocationChoicePublic(**{**vars(c), "blocked": list(c.blocked)}) for c in choices],
        band_limits=band_limits(caseload.settings),
    )


@router.post("/{family_id}/allocation", response_model=FamilyDetail)
def allocate(family_id: RowId, body: ManualAllocation, session: SessionDep, user: Manager) -> FamilyDetail:
    """Allocate or reassign the family by hand to a worker the rules allow; above the surge limit
    only with a reason. Audited as `allocation.manual`."""
    family, _ = _family_to_allocate(session, user, family_id)
    with refusals(session):
        if (body.worker_id is None) == (body.pod_id is None):
            raise unprocessable("Give either worker_id or pod_id: the family's new holder", "worker_id")
        allocate_by_hand(session, user, family, body.worker_id, body.reason.strip(), date.today(), body.pod_id)
    return read_family(session, user, family_id)
