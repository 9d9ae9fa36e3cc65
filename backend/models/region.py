"""A region's forecast published to this Keel (`keel region forecast --publish` or the API): the
aggregates of many councils (backend/region/summary.py), which a regional leader reads. No family,
child or worker of any council is in it."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from backend.models._types import json_dict_field, utcnow


class RegionForecast(SQLModel, table=True):
    __tablename__ = "region_forecast"
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    published_at: datetime = Field(default_factory=utcnow, index=True)
    published_by_id: int | None = Field(default=None, foreign_key="user.id")
    councils: int = 0
    workers: int = 0
    body: dict[str, Any] = json_dict_field()
