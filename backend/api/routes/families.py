"""Families with their points and allocation; managers record new referrals and edit their families."""

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from pydantic import BaseModel, Field

from backend.api.deps import CurrentUser, Manager, PageDep, SessionDep
from backend.api.patching import sent_changes
from backend.api.refusals import refusals, unprocessable
from backend.api.fields import Code, Day, Name, Reason, RowId, Token
from backend.api.scoping import unit_filter, writable_unit
from backend.models import ChildStatus, Family
from backend.models.limits import EARLIEST_YEAR, FIRST_NAME_LENGTH, LATEST_YEAR, PLACE_LENGTH, TRAVEL_BAND_MAX
from backend.workload import STATUTORY_STATUSES
from backend.services.family_records import create_family, update_family
from backend.schemas import BandLimits, FamiliesPublic, FamilyDetail
from backend.services.access import scope_for
from backend.services.caseload import Caseload, load_caseload
from backend.services.state import unit_stamps
from backend.services.unit_answers import unit_answer
from backend.services.manual_allocation import allocate_by_hand, choices_for
from backend.services.read_models import band_limits, family_detail, family_view

router = APIRouter(prefix="/api/families", tags=["families"])

Flags = Annotated[list[Token], Field(max_length=20, description="e.g. court, plo, interpreter:polish")]
TravelBand = Annotated[int, Field(ge=0, le=TRAVEL_BAND_MAX, description="0 near, 1 further, 2 far")]
Area = Annotated[str | None, Field(max_length=PLACE_LENGTH)]


class ChildIn(BaseModel):
    first_name: Annotated[str, Field(min_length=1, max_length=FIRST_NAME_LENGTH)]
    birth_year: Annotated[int, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)]
    status: ChildStatus


Children = Annotated[list[ChildIn], Field(min_length=1, max_length=20)]


class FamilyCreate(BaseModel):
    code: Code
    name: Name
    unit_id: RowId
    area: Area = None
    travel_band: TravelBand = 0
    received_on: Day
    flags: Flags = []
    children: Children


class FamilyUpdate(BaseModel):
    name: Name | None = None
    unit_id: RowId | None = Field(default=None, description="Transfer to another of your units")
    area: Area = None
    travel_band: TravelBand | None = None
    received_on: Day | None = None
    closed_on: Day | None = None
    flags: Flags | None = None
    children: Children | None = Field(default=None, description="Replaces the family's children")
    reason: Reason = ""


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
        lambda caseload: _families(caseload, user, page, unit_id, worker_id, unallocated, order),
    )


def _families(
    caseload: Caseload,
    user: CurrentUser,
    page: PageDep,
    unit_id: int | None,
    worker_id: int | None,
    unallocated: bool | None,
    order: str,
) -> FamiliesPublic:
    access = scope_for(user, caseload)
    scope = unit_filter(caseload, access, unit_id)
    families = caseload.open_rows()
    if order == "queue":
        families.sort(key=lambda f: (not STATUTORY_STATUSES & set(caseload.statuses.get(f.id, [])), f.received_on))
    families = [
        f
        for f in families
        if access.sees_family(caseload, f.id)
        and (scope is None or f.unit_id in scope)
        and (worker_id is None or caseload.key_worker.get(f.id) == worker_id)
        and (unallocated is None or caseload.is_unallocated(f.id) == unallocated)
    ]
    chosen = families[page.offset : page.offset + page.limit]
    return FamiliesPublic(data=[family_view(caseload, f.id) for f in chosen], count=len(families))


@router.get("/{family_id}", response_model=FamilyDetail)
def read_family(session: SessionDep, user: CurrentUser, family_id: RowId, on: Day | None = None) -> FamilyDetail:
    caseload = load_caseload(session, on or date.today())
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
    session.commit()
    return read_family(session, user, family.id)


@router.patch("/{family_id}", response_model=FamilyDetail)
def update(family_id: RowId, body: FamilyUpdate, session: SessionDep, user: Manager) -> FamilyDetail:
    caseload = load_caseload(session, date.today())
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
    session.commit()
    if family.closed_on is not None and family.closed_on <= date.today():
        # Closed now: shown as it stood on its last open day.
        return family_detail(session, load_caseload(session, family.closed_on - timedelta(days=1)), family_id)
    return read_family(session, user, family_id)


class AllocationChoicePublic(BaseModel):
    worker_id: int | None = Field(description="The worker (None when the choice is a pod)")
    worker_name: str = Field(description="The worker's name, or the pod's")
    pod_id: int | None = Field(
        None, description="A pod that holds families as a whole, in a team that allocates to pods"
    )
    children_before: int | None = Field(None, description="A pod's children its consultants are accountable for now")
    children_after: int | None = None
    children_limit: float | None = Field(None, description="consultant_children_limit x the pod's consultants at work")
    capacity: float
    before: float = Field(description="Points the worker carries now")
    after: float = Field(description="Points they would carry as this family's key worker")
    above_surge_limit: bool = Field(description="A manager may still choose them, giving a reason")
    current: bool = Field(description="The family's key worker now")
    away_until: date | None
    blocked: list[str] = Field(description="Why the rules do not let them take the family (empty: they may)")


class AllocationChoices(BaseModel):
    family_id: int
    family_name: str
    points: float
    choices: list[AllocationChoicePublic]
    band_limits: BandLimits


class ManualAllocation(BaseModel):
    worker_id: RowId | None = Field(None, description="The new key worker (or give pod_id)")
    pod_id: RowId | None = Field(None, description="The pod that will hold the family (teams that allocate to pods)")
    reason: Annotated[str, Field(max_length=500, description="Needed above the surge limit (kept in the audit)")] = ""


def _family_to_allocate(session: SessionDep, user, family_id: int) -> tuple[Family, Caseload]:
    caseload = load_caseload(session, date.today())
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
    session.commit()
    return read_family(session, user, family_id)
