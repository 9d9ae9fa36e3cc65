"""Families (the allocation unit: siblings stay together) and their children."""

from datetime import date
from enum import Enum

from sqlmodel import Field, SQLModel

from backend.models._types import json_list_field
from backend.models.limits import CODE_LENGTH, FIRST_NAME_LENGTH, NAME_LENGTH, PLACE_LENGTH, TRAVEL_BAND_MAX


class ChildStatus(str, Enum):
    assessment = "assessment"
    cin = "cin"
    cp = "cp"
    cla = "cla"
    care_leaver = "care_leaver"
    private_fostering = "private_fostering"


class FamilyBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=CODE_LENGTH)
    name: str = Field(max_length=NAME_LENGTH)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    area: str | None = Field(default=None, max_length=PLACE_LENGTH)
    travel_band: int = Field(default=0, ge=0, le=TRAVEL_BAND_MAX)
    received_on: date


class Family(FamilyBase, table=True):
    closed_on: date | None = None
    last_visit_on: date | None = None  # the last statutory visit (backend/visits.py sets the next)
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    flags: list[str] = json_list_field()
    version: int = 1


class Child(SQLModel, table=True):
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    family_id: int = Field(foreign_key="family.id", index=True)
    first_name: str = Field(max_length=FIRST_NAME_LENGTH)
    birth_year: int
    status: ChildStatus
