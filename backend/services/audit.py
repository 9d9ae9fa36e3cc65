"""Writing the append-only audit trail, always inside the caller's transaction (never committed here)."""

from typing import Any

from sqlmodel import Session

from backend.models import AuditEvent, User


def record(
    session: Session,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    source: str = "",
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor=actor.username if actor else "system",
        action=action, entity=entity, entity_id=entity_id,
        before=before, after=after, reason=reason[:500], source=source[:80],
    )
    session.add(event)
    return event
