"""Families (the allocation unit: siblings stay together) and their children."""

from datetime import date
from enum import Enum

from sqlmodel import Field, SQLModel

from backend.models._types import json_list_field


class ChildStatus(str, Enum):
    assessment = "assessment"
    cin = "cin"
    cp = "cp"
    cla = "cla"
    care_leaver = "care_leaver"
    private_fostering = "private_fostering"


class FamilyBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=40)
    name: str = Field(max_length=120)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    area: str | None = Field(default=None, max_length=80)
    travel_band: int = Field(default=0, ge=0, le=2)
    received_on: date
    closed_on: date | None = None
    last_visit_on: date | None = None  # the last statutory visit (backend/visits.py sets the next)


class Family(FamilyBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    flags: list[str] = json_list_field()
    version: int = 1


class Child(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    first_name: str = Field(max_length=80)
    birth_year: int
    status: ChildStatus
