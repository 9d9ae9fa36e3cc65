"""The audit trail as administrators read it."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    source: str


class AuditEventsPublic(BaseModel):
    data: list[AuditEventPublic]
    count: int
