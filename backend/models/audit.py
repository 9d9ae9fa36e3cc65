"""Append-only audit trail: who did what to which record, when, from where."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from backend.models._types import json_dict_field, utcnow
from backend.models.limits import REASON_LENGTH


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor: str = Field(max_length=80)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40, index=True)
    entity_id: int | None = Field(default=None, index=True)
    before: dict | None = json_dict_field(nullable=True)
    after: dict | None = json_dict_field(nullable=True)
    reason: str = Field(default="", max_length=REASON_LENGTH)
    source: str = Field(default="", max_length=80)
