"""Statutory visits: one recorded, and the visits due."""

from datetime import date

from pydantic import BaseModel, Field

from backend.schemas.fields import Day


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


class VisitRecorded(BaseModel):
    visited_on: Day
