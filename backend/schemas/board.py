"""A team's board in one answer: what the team manager's page shows."""

from pydantic import BaseModel, Field

from backend.schemas.absences import AbsencesPublic
from backend.schemas.families import FamiliesPublic
from backend.schemas.units import UnitsPublic, UnitSummary
from backend.schemas.workers import WorkersPublic


class TeamBoard(BaseModel):
    """The lists of `GET /api/units/{id}`, `/api/workers`, `/api/families`, `/api/absences` and
    `/api/units` for one unit, as those routes answer them (each list's first 500 rows; `count`
    says how many there are)."""

    unit: UnitSummary
    workers: WorkersPublic = Field(description="Workers in the unit or below it, by code")
    queue: FamiliesPublic = Field(description="Families waiting for a key worker, statutory first, then oldest first")
    families: FamiliesPublic = Field(description="Every open family of the unit, in the same order")
    absences: AbsencesPublic = Field(description="Absences running today or still to come, soonest first")
    pods: UnitsPublic = Field(description="The pods directly below the unit")
