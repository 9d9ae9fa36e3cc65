"""Plans: the question asked of the optimizer, the plan as the API shows it, and its acceptance."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from backend.models.limits import REASON_LENGTH
from backend.schemas.bands import BandCounts
from backend.schemas.fields import RowId


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
    reason: Annotated[str, Field(min_length=3, max_length=REASON_LENGTH, description="Why the manager chose otherwise")]


class Accepted(BaseModel):
    applied: int


class PlanRequest(BaseModel):
    question: Literal["recommend", "rebalance", "cover"]
    unit_id: RowId
    move_budget: Annotated[int | None, Field(ge=0, le=1000)] = None
    absence_id: RowId | None = None
    time_limit_s: Annotated[float, Field(gt=0, le=120)] = 10.0


class Acceptance(BaseModel):
    families: list[RowId] = Field(default_factory=list, max_length=5000)
    overrides: list[OverrideIn] = Field(default_factory=list, max_length=5000)
