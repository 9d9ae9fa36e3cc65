"""Families and their children: a referral, its changes, its read views and its allocation by hand."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from backend.models import ChildStatus
from backend.models.families import FamilyBase
from backend.models.limits import (
    EARLIEST_YEAR,
    FIRST_NAME_LENGTH,
    LATEST_YEAR,
    PLACE_LENGTH,
    REASON_LENGTH,
    TRAVEL_BAND_MAX,
)
from backend.schemas.bands import BandLimits
from backend.schemas.fields import Code, Day, Name, Reason, RowId, Token


class ChildPublic(BaseModel):
    id: int
    first_name: str
    birth_year: int
    status: str


class AllocationPublic(BaseModel):
    id: int
    worker_id: int | None
    worker_name: str | None
    kind: str
    starts_on: date
    ends_on: date | None
    reason: str


class FamilyPublic(BaseModel):
    id: int
    code: str
    name: str
    unit_id: int
    area: str | None
    flags: list[str]
    travel_band: int
    received_on: date
    closed_on: date | None
    statuses: list[str]
    children: int
    points: float
    key_worker_id: int | None
    key_worker_name: str | None
    pod_id: int | None = Field(None, description="The pod holding the family as a whole (then no key worker)")
    pod_name: str | None = None
    cover_worker_id: int | None = None
    cover_worker_name: str | None = None
    cover_until: date | None = Field(None, description="Last day of cover (the key worker's return)")
    statutory: bool = Field(False, description="Child protection, looked-after or private fostering")
    last_visit_on: date | None = Field(None, description="The last statutory visit recorded")
    visit_due: date | None = Field(
        None, description="The next visit is due by this day (none: no child's status sets a visit rule)"
    )


class FamilyDetail(FamilyPublic):
    child_list: list[ChildPublic]
    history: list[AllocationPublic]


class FamiliesPublic(BaseModel):
    data: list[FamilyPublic]
    count: int


Flags = Annotated[list[Token], Field(max_length=20, description="e.g. court, plo, interpreter:polish")]


TravelBand = Annotated[int, Field(ge=0, le=TRAVEL_BAND_MAX, description="0 near, 1 further, 2 far")]


Area = Annotated[str | None, Field(max_length=PLACE_LENGTH)]


class ChildIn(BaseModel):
    first_name: Annotated[str, Field(min_length=1, max_length=FIRST_NAME_LENGTH)]
    birth_year: Annotated[int, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)]
    status: ChildStatus


Children = Annotated[list[ChildIn], Field(min_length=1, max_length=20)]


class FamilyCreate(FamilyBase):
    # A new referral: the table's fields with the API's stricter types, and its children. (a comment: a docstring would change the OpenAPI document)
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
    reason: Annotated[
        str, Field(max_length=REASON_LENGTH, description="Needed above the surge limit (kept in the audit)")
    ] = ""
