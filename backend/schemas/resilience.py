"""Resilience: the heatmap, a unit's figures and history, what-if scenarios and structures, securing a unit."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.models import Role, UnitKind
from backend.schemas.fields import RowId
from backend.schemas.units import UnitSummary
from backend.schemas.workers import WorkerLoadPublic


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
