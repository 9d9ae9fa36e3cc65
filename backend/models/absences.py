"""Absences of workers: leave, sickness, training, parental, other."""

from datetime import date
from enum import Enum

from sqlmodel import Field, SQLModel


class AbsenceKind(str, Enum):
    annual_leave = "annual_leave"
    sickness = "sickness"
    training = "training"
    parental = "parental"
    other = "other"


class AbsenceBase(SQLModel):
    worker_id: int = Field(foreign_key="worker.id", index=True)
    start_date: date
    end_date: date
    kind: AbsenceKind
    planned: bool = True


class Absence(AbsenceBase, table=True):
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
