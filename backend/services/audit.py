"""Writing the append-only audit trail, always inside the caller's transaction (never committed here)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from backend.models import AuditEvent, User
from backend.models._types import utcnow
from backend.services.bulk_insert import insert_plain


@dataclass(frozen=True)
class Entry:
    """One event for `record_many`."""

    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""


def _columns(actor: User | None, entry: Entry, source: str, actor_name: str = "system") -> dict[str, Any]:
    return {
        "actor_id": actor.id if actor else None,
        "actor": actor.username if actor else actor_name,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason[:500],
        "source": source[:80],
    }


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
    actor_name: str = "system",
) -> AuditEvent:
    """`actor_name` names who acted when no user did: "system" (imports, the CLI) or "anonymous"."""
    event = AuditEvent(**_columns(actor, Entry(action, entity, entity_id, before, after, reason), source, actor_name))
    session.add(event)
    return event


def record_many(session: Session, actor: User | None, entries: Iterable[Entry], *, source: str = "") -> int:
    """Many events at once, in bulk (imports write tens of thousands). Returns how many."""
    at = utcnow()
    rows = [{**_columns(actor, entry, source), "at": at} for entry in entries]
    insert_plain(session, AuditEvent, rows)
    return len(rows)


def read_events(
    session: Session,
    *,
    offset: int,
    limit: int,
    entity: str | None = None,
    entity_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
) -> tuple[list[AuditEvent], int]:
    """A page of the audit trail, newest first, and how many events match in all."""
    query = select(AuditEvent)
    for column, value in (
        (col(AuditEvent.entity), entity),
        (col(AuditEvent.entity_id), entity_id),
        (col(AuditEvent.actor), actor),
        (col(AuditEvent.action), action),
    ):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).offset(offset).limit(limit)
    ).all()
    return list(rows), count
