"""The weighting settings: read by anyone signed in, changed by administrators."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from backend.models.limits import REASON_LENGTH


class WeightingPublic(BaseModel):
    version: int = Field(description="0 while the built-in defaults apply")
    values: dict[str, Any]
    note: str
    created_at: datetime | None
    created_by_id: int | None


class WeightingChange(BaseModel):
    values: dict[str, Any] = Field(description="Settings to change; mappings are merged key by key")
    note: Annotated[str, Field(min_length=3, max_length=REASON_LENGTH, description="Why (kept in the audit trail)")]
