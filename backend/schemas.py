"""Read views returned by the API (backend-owned; the optimizer never sees these)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.models.absences import AbsenceKind
from backend.models.units import UnitKind
from backend.models.workers import Role


class BandLimits(BaseModel):
    """The bands of the weighting settings in force: green below `green_below`, amber up to
    `amber_up_to` (included), red up to `surge_limit` (included), surge above it (load ratios)."""
    green_below: float
    amber_up_to: float
    surge_limit: float


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
    case_holders: int = Field(description="Workers employed on the date who hold cases (not team managers)")
    present: int = Field(description="Case holders at work on the date (not away)")
    capacity: float = Field(description="Case capacity of the case holders present on the date")
    load: float = Field(description="Points the unit's workers carry (cover counts for the covering worker)")
    load_ratio: float | None = Field(description="Load against the capacity of the case holders present")
    establishment_capacity: float = Field(description="Case capacity of every case holder employed, away or not")
    establishment_ratio: float | None = Field(description="Load against the establishment's capacity")
    bands: BandCounts
    band_limits: BandLimits
    away: int = Field(description="Case holders away on the date")
    uncovered_families: int = Field(description="Families of away key workers without cover")
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
    absence_id: int | None = None
    employed: bool = Field(True, description="Started and not yet left on the date (else no capacity)")
    presence: Literal["present", "away", "not_started", "left"] = "present"
    case_holder: bool = Field(True, description="Employed on the date and holds cases (not a team manager)")
    covering: int = Field(0, description="Families this worker covers for an absent colleague (in the load)")
    uncovered: int = Field(0, description="While away: own families that have no cover")


class WorkersPublic(BaseModel):
    data: list[WorkerLoadPublic]
    count: int
    band_limits: BandLimits | None = None


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
    cover_worker_id: int | None = None
    cover_worker_name: str | None = None
    cover_until: date | None = Field(None, description="Last day of cover (the key worker's return)")
    statutory: bool = Field(False, description="Child protection, looked-after or private fostering")


class FamilyDetail(FamilyPublic):
    child_list: list[ChildPublic]
    history: list[AllocationPublic]


class FamiliesPublic(BaseModel):
    data: list[FamilyPublic]
    count: int


class WorkerDetail(WorkerLoadPublic):
    family_list: list[FamilyPublic]
    covering_list: list[FamilyPublic] = Field(default_factory=list, description="Families covered for colleagues")


# Plans (the optimizer's plan, with codes turned into the ids and names a manager reads) -------------

class PlanWorkerChoice(BaseModel):
    worker_id: int | None
    worker_name: str | None
    reason: str


class PlanAssignment(BaseModel):
    family_id: int
    family_code: str
    family_name: str
    worker_id: int | None
    worker_name: str | None
    previous_worker_id: int | None = None
    previous_worker_name: str | None = None
    kind: str = Field(description="key, cover or co_work")
    reasons: list[str]
    alternatives: list[PlanWorkerChoice] = Field(description="Why not each colleague")


class PlanUnallocated(BaseModel):
    family_id: int
    family_code: str
    family_name: str
    reasons: list[str]


class PlanLoad(BaseModel):
    worker_id: int | None
    worker_name: str | None
    capacity: float
    before: float
    after: float


class PlanTerm(BaseModel):
    id: str
    value: float


class PlanSummary(BaseModel):
    """The plan's story: workers by band before and after, placements and moves counted apart."""
    bands_before: BandCounts
    bands_after: BandCounts
    placements: int = Field(description="Families without a worker given one")
    moves: int = Field(description="Allocated families moved to another worker (what a move budget counts)")
    covers: int = 0
    statutory_placed: int = Field(description="Child protection, looked-after or private fostering families placed or covered")
    move_budget: int | None = None
    trade_offs: list[str] = Field(default_factory=list, description="Why families had to move, in words")
    sentences: list[str] = Field(default_factory=list)


class PlanView(BaseModel):
    status: str | None = Field(description="optimal, feasible, infeasible... as the solver reports")
    assignments: list[PlanAssignment]
    unallocated: list[PlanUnallocated]
    loads: list[PlanLoad]
    terms: list[PlanTerm] = []
    time_s: float | None = None
    summary: PlanSummary | None = None


# Resilience ----------------------------------------------------------------------------------------

class RiskCell(BaseModel):
    week: str
    risk: float = Field(description="Chance the unit collapses that week (0-1)")
    low: float = Field(description="95% interval, lower end")
    high: float = Field(description="95% interval, upper end")
    stage: str


class WorkerLoss(BaseModel):
    """Losing these workers: the busiest colleague's load afterwards (None: nobody left)."""
    model_config = ConfigDict(extra="allow")

    workers: list[str]
    max_load_ratio: float | None


class HeatmapUnit(BaseModel):
    id: int
    code: str
    name: str
    kind: UnitKind
    parent_id: int | None
    stage: str
    n1_secure: bool
    n2_secure: bool
    load_ratio: float | None
    cells: list[RiskCell]


class Heatmap(BaseModel):
    as_of: date
    weeks: list[str]
    units: list[HeatmapUnit]


class UnitResilience(BaseModel):
    """The optimizer's figures for one unit (DESIGN section 5) and the unit's workers; further
    figures the assessment gives are passed through as they are."""
    model_config = ConfigDict(extra="allow")

    id: int
    code: str
    name: str
    stage: str
    stage_reasons: list[str] = []
    n1_secure: bool
    n2_secure: bool
    load_ratio: float | None = None
    bus_factor_one_share: float
    concentration: float
    single_person_skills: list[str] = []
    worst_loss: WorkerLoss | None = None
    n1_losses: list[WorkerLoss] = []
    risk_by_week: list[RiskCell]
    workers: list[WorkerLoadPublic]
    summary: UnitSummary | None = Field(None, description="The unit's load on the day, as the board and exports show it")
