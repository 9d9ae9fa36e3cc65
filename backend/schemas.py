"""Read views returned by the API (backend-owned; the optimizer never sees these)."""

from datetime import date

from pydantic import BaseModel, Field

from backend.models.absences import AbsenceKind
from backend.models.units import UnitKind
from backend.models.workers import Role


class BandCounts(BaseModel):
    green: int = 0
    amber: int = 0
    red: int = 0
    surge: int = 0


class UnitSummary(BaseModel):
    id: int
    code: str
    name: str
    kind: UnitKind
    parent_id: int | None
    workers: int
    case_holders: int
    capacity: float
    load: float
    load_ratio: float | None
    bands: BandCounts
    unallocated_families: int
    unallocated_points: float
    oldest_unallocated_received: date | None
    over_capacity: int = Field(description="Case holders whose load is above their capacity")
    agency_share: float | None = Field(description="Share of case holders who are agency staff (0-1)")


class UnitsPublic(BaseModel):
    data: list[UnitSummary]
    count: int


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


class WorkersPublic(BaseModel):
    data: list[WorkerLoadPublic]
    count: int


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


class FamilyDetail(FamilyPublic):
    child_list: list[ChildPublic]
    history: list[AllocationPublic]


class FamiliesPublic(BaseModel):
    data: list[FamilyPublic]
    count: int


class WorkerDetail(WorkerLoadPublic):
    family_list: list[FamilyPublic]
