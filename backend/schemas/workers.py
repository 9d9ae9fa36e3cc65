"""Workers: created and changed by administrators and managers, read with their load; a worker's own view."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from backend.models import AbsenceKind, Role
from backend.models.limits import (
    FTE_MAX,
    PLACE_LENGTH,
)
from backend.models.workers import WorkerBase
from backend.schemas.bands import BandLimits
from backend.schemas.families import FamilyPublic
from backend.schemas.fields import Code, Day, Name, Reason, RowId, Token


class WorkerLoadPublic(BaseModel):
    id: int
    code: str
    name: str
    role: Role
    fte: float
    agency: bool
    unit_id: int
    skills: list[str]
    patch: str | None
    start_date: date
    leaving_date: date | None
    capacity: float
    load: float
    load_ratio: float | None
    band: str
    families: int
    children: int
    absent_until: date | None = None
    absence_kind: AbsenceKind | None = None
    absence_id: int | None = None
    employed: bool = Field(True, description="Started and not yet left on the date (else no capacity)")
    presence: Literal["present", "away", "not_started", "left"] = "present"
    case_holder: bool = Field(True, description="Employed on the date and holds cases (not a team manager)")
    covering: int = Field(0, description="Families this worker covers for an absent colleague (in the load)")
    uncovered: int = Field(0, description="While away: own families that have no cover")
    pod_id: int | None = Field(
        None, description="The pod that holds families this worker shares (their load is their share)"
    )
    pod_name: str | None = None
    pod_families: int = Field(0, description="Families held by their pod as a whole")
    pod_share: float | None = Field(
        None, description="Their share of the pod's load (their capacity / the pod's, 0 while away)"
    )


class WorkersPublic(BaseModel):
    data: list[WorkerLoadPublic]
    count: int
    band_limits: BandLimits | None = None


class WorkerDetail(WorkerLoadPublic):
    family_list: list[FamilyPublic]
    covering_list: list[FamilyPublic] = Field(default_factory=list, description="Families covered for colleagues")


class Change(BaseModel):
    at: datetime
    action: str
    family_id: int | None
    family_name: str | None
    reason: str
    actor: str
    fields: list[str] = Field(default_factory=list, description="What changed (for edits of a record)")


class MyCaseload(BaseModel):
    worker: WorkerLoadPublic
    families: list[FamilyPublic]
    covering: list[FamilyPublic] = Field(
        default_factory=list, description="Families I cover for an absent colleague, in my load until cover ends"
    )
    changes: list[Change]
    band_limits: BandLimits


Fte = Annotated[float, Field(gt=0, le=FTE_MAX, description="Full-time equivalent, above 0 and at most 1")]


Patch = Annotated[str | None, Field(max_length=PLACE_LENGTH)]


Skills = Annotated[list[Token], Field(max_length=30)]


class WorkerCreate(WorkerBase):
    # A new worker: the table's fields with the API's stricter types, and their skills. (a comment: a docstring would change the OpenAPI document)
    code: Code
    name: Name
    role: Role
    fte: Fte
    agency: bool = False
    unit_id: RowId
    patch: Patch = None
    start_date: Day
    leaving_date: Day | None = None
    skills: Skills = []


class WorkerUpdate(BaseModel):
    name: Name | None = None
    role: Role | None = None
    fte: Fte | None = None
    agency: bool | None = None
    unit_id: RowId | None = None
    patch: Patch = None
    start_date: Day | None = None
    leaving_date: Day | None = None
    skills: Skills | None = None
    reason: Reason = ""
