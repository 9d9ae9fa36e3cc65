"""Allocation history, append-only. Each row says: from `starts_on`, this family's `kind` worker is
`worker_id` (None = no longer allocated), or, for a key
allocation in a team that allocates to pods, the pod `pod_id` as a whole (then `worker_id` is None). The current allocation is the latest row per family and
kind; cover rows carry their own end date. Rows are never updated or deleted."""

from datetime import date, datetime
from enum import Enum

from sqlmodel import Field, SQLModel

from backend.models._types import utcnow
from backend.models.limits import REASON_LENGTH


class AllocationKind(str, Enum):
    key = "key"
    cover = "cover"
    co_work = "co_work"


class Allocation(SQLModel, table=True):
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    family_id: int = Field(foreign_key="family.id", index=True)
    worker_id: int | None = Field(default=None, foreign_key="worker.id", index=True)
    pod_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    """The pod holding the family (key allocations only; `worker_id` is then None)."""
    kind: AllocationKind
    starts_on: date
    ends_on: date | None = None
    reason: str = Field(default="", max_length=REASON_LENGTH)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    recommendation: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
