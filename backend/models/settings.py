"""Weighting settings, versioned: every change is a new row; the current one has the highest version."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from backend.models._types import json_dict_field, utcnow
from backend.models.limits import REASON_LENGTH


class WeightingVersion(SQLModel, table=True):
    __tablename__ = "weighting_settings"
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    version: int = Field(index=True, unique=True)
    values: dict = json_dict_field()
    note: str = Field(default="", max_length=REASON_LENGTH)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
