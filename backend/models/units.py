"""Organisation: Service > Team > Pod. A *unit* is any of the three, kept in one table."""

from enum import Enum

from sqlmodel import Field, SQLModel

from backend.models.limits import CODE_LENGTH, NAME_LENGTH, PLACE_LENGTH


class UnitKind(str, Enum):
    service = "service"
    team = "team"
    pod = "pod"


class AllocatesTo(str, Enum):
    """A team's setting: are its families allocated to workers (each a key worker) or to its pods
    (each held by a pod as a whole, its consultant accountable: docs/design.md §2)?"""

    workers = "workers"
    pods = "pods"


class UnitBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=CODE_LENGTH)
    name: str = Field(max_length=NAME_LENGTH)
    kind: UnitKind
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    area: str | None = Field(default=None, max_length=PLACE_LENGTH)
    allocates_to: AllocatesTo = Field(default=AllocatesTo.workers, sa_column_kwargs={"server_default": "workers"})
    """Teams only: `pods` makes the team's pods the holders of its families; pods and services follow their team."""


class Unit(UnitBase, table=True):
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """Bumped by every allocation change in the unit: a plan made at another version is stale."""
