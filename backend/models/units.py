"""Organisation: Service > Team > Pod. A *unit* is any of the three, kept in one table."""

from enum import Enum

from sqlmodel import Field, SQLModel


class UnitKind(str, Enum):
    service = "service"
    team = "team"
    pod = "pod"


class UnitBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=40)
    name: str = Field(max_length=120)
    kind: UnitKind
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    area: str | None = Field(default=None, max_length=80)


class Unit(UnitBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class UnitPublic(UnitBase):
    id: int
