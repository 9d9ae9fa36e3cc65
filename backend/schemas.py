"""Read views returned by the API (backend-owned; the optimizer never sees these)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.models import UserPublic
from backend.models._types import RowId
from backend.models.absences import AbsenceBase, AbsenceKind
from backend.models.units import AllocatesTo, UnitKind
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
    allocates_to: AllocatesTo = Field(
        AllocatesTo.workers, description="A team's setting: families go to workers or to its pods"
    )
    holds_families: bool = Field(False, description="A pod that holds families as a whole (its team allocates to pods)")
    pod_families: int = Field(0, description="A holding pod: open families it holds")
    children_accountable: int | None = Field(
        None, description="A holding pod: children of its families, for whom its consultants are accountable"
    )
    children_limit: float | None = Field(
        None, description="A holding pod: consultant_children_limit x its consultants at work (None: no limit)"
    )
    consultants_present: int | None = Field(None, description="A holding pod: its consultants at work on the date")
    sickness_rate: float = Field(
        0.032, description=("Share of working days lost to sickness that the collapse-risk forecast uses for this unit")
    )
    sickness_rate_from: Literal["workforce census", "national default"] = Field(
        "national default",
        description="Where the rate comes from: the unit's workers' census days, or "
        "the national figure (8 days per FTE a year)",
    )


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


class VisitDuePublic(BaseModel):
    """A family whose statutory visit is overdue or due soon (backend/visits.py sets the date)."""

    family_id: int
    family_name: str
    unit_id: int
    statuses: list[str]
    statutory: bool = Field(description="Looked-after, private fostering or child protection: set by law or plan")
    last_visit_on: date | None
    visit_due: date
    overdue: bool
    key_worker_id: int | None
    key_worker_name: str | None
    key_pod_name: str | None = Field(None, description="The pod holding the family as a whole (then no key worker)")
    cover_worker_name: str | None
    away_without_cover: bool = Field(
        description="The key worker is away on the due date and nobody covers the family: the manager must act"
    )


class VisitsDuePublic(BaseModel):
    data: list[VisitDuePublic]
    count: int
    until: date = Field(description="Visits due up to this day are listed (and every overdue one)")


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
    pod_id: int | None = Field(
        None, description="The pod that will hold the family (then the worker is its accountable consultant)"
    )
    pod_name: str | None = None


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


class PlanPodMember(BaseModel):
    worker_id: int | None
    worker_name: str | None
    share_before: float
    share_after: float


class PlanPodLoad(BaseModel):
    """A pod that holds families: its load against its present members' capacity and the children
    its consultants are accountable for against their limit, before and after the plan."""

    pod_id: int | None
    pod_name: str | None
    capacity: float
    before: float
    after: float
    children_before: int
    children_after: int
    children_limit: float | None = None
    members: list[PlanPodMember] = []


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
    statutory_placed: int = Field(
        description="Child protection, looked-after or private fostering families placed or covered"
    )
    move_budget: int | None = None
    trade_offs: list[str] = Field(default_factory=list, description="Why families had to move, in words")
    sentences: list[str] = Field(default_factory=list)


class PlanView(BaseModel):
    status: str | None = Field(description="optimal, feasible, infeasible... as the solver reports")
    assignments: list[PlanAssignment]
    unallocated: list[PlanUnallocated]
    loads: list[PlanLoad]
    pod_loads: list[PlanPodLoad] = []
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
    backlog: float = Field(
        0.0, description="Flow pressure: families waiting for a worker at the end of the week (mean)"
    )
    oldest_wait_days: float = Field(
        0.0, description="Flow pressure: working days the oldest waiting referral has waited (mean)"
    )


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


class StageRule(BaseModel):
    """A stage of difficulty, in order of severity, with the rule that reaches it in words."""

    id: str
    name: str
    rule: str


class Heatmap(BaseModel):
    as_of: date
    weeks: list[str]
    units: list[HeatmapUnit]
    fresh: bool = Field(True, description="False: made before the latest change; a new forecast is on its way")
    computed_at: datetime | None = Field(None, description="When this forecast was computed (UTC)")
    stages: list[StageRule] = Field([], description="The key: every stage in order with its rule")


class ForecastProgress(BaseModel):
    """How far the forecast being worked out has got (none running: computing is false)."""

    computing: bool
    phase: str | None
    done: int
    total: int
    fraction: float


class UnitResilience(BaseModel):
    """The optimizer's figures for one unit (docs/design.md §5) and the unit's workers; further
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
    summary: UnitSummary | None = Field(
        None, description="The unit's load on the day, as the board and exports show it"
    )


# Answers (and the one request body) of the sign-in, my-caseload, plan, absence, user, weighting
# and audit routes: here rather than in the route modules, so that the Python client reads them
# without importing routes (an import-linter contract, docs/design.md §6).


class AbsencePublic(AbsenceBase):
    id: int


class FamilyWithoutCoverPublic(BaseModel):
    id: int
    name: str
    statutory: bool
    points: float


class AbsenceInView(AbsencePublic):
    worker_name: str
    current: bool = Field(description="Running today (else still to come)")
    families: int = Field(description="Families the worker is key worker of")
    without_cover: list[FamilyWithoutCoverPublic] = Field(
        description="Of those, families with no cover on the first day away (today, if running): statutory first"
    )


class AbsencesPublic(BaseModel):
    data: list[AbsenceInView]
    count: int


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    source: str


class AuditEventsPublic(BaseModel):
    data: list[AuditEventPublic]
    count: int


class SignedInPublic(BaseModel):
    """The browser's sign-in: the session itself travels only in the HttpOnly cookie."""

    csrf_token: str
    expires_at: datetime
    user: UserPublic


class TokenPublic(BaseModel):
    """An API client's sign-in: send `Authorization: Bearer <token>` (no cookie, no CSRF header)."""

    token: str
    expires_at: datetime
    user: UserPublic


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


class PlanJobPublic(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    message: str
    question: str
    unit_id: int
    plan: PlanView | None = None
    expires_at: datetime | None = Field(
        default=None,
        description=(
            "When a finished plan is forgotten (the plan lifetime setting after it finished); "
            "None while it is waiting or running"
        ),
    )


class OverrideIn(BaseModel):
    family_id: RowId
    worker_id: RowId
    reason: Annotated[str, Field(min_length=3, max_length=500, description="Why the manager chose otherwise")]


class Accepted(BaseModel):
    applied: int


class UsersPublic(BaseModel):
    data: list[UserPublic]
    count: int


class WeightingPublic(BaseModel):
    version: int = Field(description="0 while the built-in defaults apply")
    values: dict[str, Any]
    note: str
    created_at: datetime | None
    created_by_id: int | None


class NewWorkerTrial(BaseModel):
    """A worker who would join a unit (an agency worker, a new post)."""

    unit_id: int
    fte: float = Field(1.0, gt=0, le=1)
    role: Role = Role.social_worker
    skills: list[str] = []


class LeaverTrial(BaseModel):
    worker_id: int
    on: date = Field(description="Their last working day")


class MoveTrial(BaseModel):
    worker_id: int
    to_unit_id: int


class WhatIfRequest(BaseModel):
    """A what-if scenario: nothing in the data changes."""

    lose_worker_ids: list[int] = Field([], description="Workers away throughout the horizon")
    add: list[NewWorkerTrial] = []
    leavers: list[LeaverTrial] = []
    moves: list[MoveTrial] = Field(
        [], description="A moved worker arrives without families; theirs are handed on within their team"
    )


class LossFigures(BaseModel):
    workers: list[str]
    max_load_ratio: float | None


class ScenarioFigures(BaseModel):
    stage: str
    n1_secure: bool
    n2_secure: bool
    load_ratio: float | None
    worst_loss: LossFigures | None
    risk: float = Field(description="Near-term collapse risk: the worst of the first four weeks")
    risk_week: str | None
    backlog: float
    stage_reasons: list[str]


class WhatIfUnit(BaseModel):
    id: int
    code: str
    name: str
    before: ScenarioFigures
    after: ScenarioFigures


class WhatIf(BaseModel):
    changes: list[str]
    units: list[WhatIfUnit]


class SecureMove(BaseModel):
    family: str
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    points: float | None = None
    model_config = ConfigDict(populate_by_name=True)


class ExtraCapacity(BaseModel):
    fte: float
    skills: list[str]


class SecureUnit(BaseModel):
    id: int
    code: str
    name: str
    n1_secure: bool = Field(description="N-1 secure as it stands")
    failing_losses: list[str] = Field([], description="Workers whose loss the unit cannot absorb")
    moves: list[SecureMove] | None = Field(
        description="The fewest moves within the unit that make it N-1 secure; null: moves cannot"
    )
    proven_fewest: bool
    extra_capacity: ExtraCapacity | None = Field(
        description="Where moves cannot: the least extra FTE, with the skills needed"
    )
    risk: float | None = None
    risk_with_one_more: float | None = None
    note: str | None = Field(None, description="Set when the time limit ended the search for moves")


class NextWorker(BaseModel):
    id: int
    code: str
    name: str
    risk: float
    risk_with_one_more: float
    drop: float


class UnitRef(BaseModel):
    id: int
    code: str
    name: str


class SecurePlan(BaseModel):
    """What it takes to be safe, for a unit's service."""

    service: UnitRef
    units: list[SecureUnit]
    next_worker: list[NextWorker] = Field(
        description="Teams ranked by how much one more full-time worker cuts their near-term risk"
    )
    time_s: float


class UnitDay(BaseModel):
    """A unit's recorded figures on a day; N-k, risk and stage are empty on backfilled days."""

    day: date
    load_ratio: float | None
    present_capacity: float
    unallocated: int
    oldest_wait_days: int
    statutory_waiting: int
    referrals_in: int
    allocations_made: int
    n1_secure: bool | None
    n2_secure: bool | None
    risk: float | None
    stage: str | None
    source: str


class UnitHistory(BaseModel):
    unit_id: int
    days: list[UnitDay]


# ---------------------------------------------------------------------------------------------
# A region of councils (issue #17): aggregates only, as backend/region/summary.py makes them

Ratio = Annotated[float, Field(ge=0, le=100)]
Share = Annotated[float, Field(ge=0, le=1)]
Code = Annotated[str, Field(min_length=1, max_length=40)]


class RegionService(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Code
    stage: str = Field(max_length=40)
    load_ratio: Ratio | None
    n1_secure: bool
    n2_secure: bool
    teams: int = Field(ge=0)
    risk_by_week: list[Share] = Field(max_length=52)


class RegionCouncil(BaseModel):
    """One council's figures: its stage (the worst of its services), load, N-k of its teams and
    highest service collapse risk by week. Nothing about a family, a child or a worker."""

    model_config = ConfigDict(extra="ignore")
    code: Code
    name: str = Field(min_length=1, max_length=120)
    condition: str | None = Field(default=None, max_length=40)
    workers: int = Field(ge=0)
    stage: str | None = Field(max_length=40)
    load_ratio: Ratio | None
    teams: int = Field(ge=0)
    teams_n1_secure: int = Field(ge=0)
    teams_n2_secure: int = Field(ge=0)
    statutory_unallocated: int = Field(ge=0)
    weeks: list[date] = Field(max_length=52)
    risk_by_week: list[Share] = Field(max_length=52)
    stage_by_week: list[str | None] = Field(max_length=52)
    near_term_risk: Share
    services: list[RegionService] = Field(max_length=200)


class RegionStage(BaseModel):
    id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=80)


class RegionForecastIn(BaseModel):
    """What `keel region forecast --out FILE` writes; extra fields (digests, timings) are dropped."""

    model_config = ConfigDict(extra="ignore")
    stages: list[RegionStage] = Field(max_length=20, description="The stages of difficulty, least first")
    councils: list[RegionCouncil] = Field(min_length=1, max_length=1000)


class RegionView(BaseModel):
    """The newest published forecast of the region, with the regional summary worked out again from
    the councils (so it always matches them)."""

    published_at: datetime
    published_by: str | None
    summary: dict[str, Any]
    stages: list[RegionStage]
    weeks: list[date]
    councils: list[RegionCouncil]


class StructureTrial(BaseModel):
    """The same people and families organised another way (issue 11): nothing in the data changes."""

    unit_id: RowId = Field(description="A team, or a service (each of its teams)")
    mode: Literal["merge_pods", "split_into_pods"] = Field(
        description="merge_pods: the pods become one team allocating to workers; split_into_pods: the "
        "team's case holders grouped into pods of pod_size that hold families"
    )
    pod_size: int | None = Field(None, ge=2, le=8, description="Members of each pod (split_into_pods)")


class StructureFigures(BaseModel):
    """A unit's resilience figures for one structure (docs/design.md §5); further figures the
    optimizer gives are passed through as they are."""

    model_config = ConfigDict(extra="allow")

    load_ratio: float | None = None
    n1_secure: bool
    n2_secure: bool
    worst_loss: dict[str, Any] | None = Field(None, description="The loss that hurts most, workers by name")
    bus_factor_one_share: float | None = None
    concentration: float | None = None
    stage: str | None = None
    collapse_risk: float | None = Field(None, description="The highest weekly collapse risk of the near term")


class StructureComparison(BaseModel):
    unit: UnitRef
    mode: str
    pod_size: int | None
    as_is: StructureFigures
    reorganised: StructureFigures
    sentences: list[str] = Field(description="The comparison in words")
