"""Absences: recorded, changed and listed with the families they leave without cover."""

from pydantic import BaseModel, Field

from backend.models import AbsenceKind
from backend.models.absences import AbsenceBase
from backend.schemas.fields import Day, Reason, RowId


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


class AbsenceCreate(AbsenceBase):
    """The dates are checked by services.absences (one rule for recording and changing)."""

    worker_id: RowId
    start_date: Day
    end_date: Day


class AbsenceUpdate(BaseModel):
    start_date: Day | None = None
    end_date: Day | None = Field(None, description="The last day away: an earlier day ends the absence early")
    kind: AbsenceKind | None = None
    planned: bool | None = None
    reason: Reason = ""
