"""Writing the append-only audit trail, always inside the caller's transaction (never committed here)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

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
