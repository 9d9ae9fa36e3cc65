"""Workers (social workers, consultants, ASYEs, family support...) and their capacity reductions."""

from datetime import date
from enum import Enum

from sqlmodel import Field, SQLModel

from backend.models._types import json_list_field
from backend.models.limits import CODE_LENGTH, FTE_MAX, NAME_LENGTH, PLACE_LENGTH


class Role(str, Enum):
    social_worker = "social_worker"
    senior_practitioner = "senior_practitioner"
    consultant = "consultant"
    asye = "asye"
    family_support = "family_support"
    team_manager = "team_manager"


class WorkerBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=CODE_LENGTH)
    name: str = Field(max_length=NAME_LENGTH)
    role: Role
    fte: float = Field(gt=0, le=FTE_MAX)
    agency: bool = False
    unit_id: int = Field(foreign_key="unit.id", index=True)
    patch: str | None = Field(default=None, max_length=PLACE_LENGTH)
    start_date: date
    leaving_date: date | None = None


class Worker(WorkerBase, table=True):
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    skills: list[str] = json_list_field()
    version: int = 1
    # Working days lost to sickness in the last workforce census year (backend/census): sets the
    # unit's sickness rate in the collapse-risk forecast; None: not known.
    sickness_days: float | None = None


class CapacityReduction(SQLModel, table=True):
    """A temporary or standing reduction of a worker's capacity, in percent of full capacity."""

    __tablename__ = "capacity_reduction"
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    worker_id: int = Field(foreign_key="worker.id", index=True)
    percent: float = Field(gt=0, le=100)
    reason: str = Field(max_length=200)
    start_date: date
    end_date: date | None = None
