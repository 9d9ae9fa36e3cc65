"""The audit trail, for administrators: who changed what, when, before and after, and why."""

from typing import Annotated

from fastapi import APIRouter, Query

from backend.api.deps import Admin, PageDep, SessionDep
from backend.schemas.audit import AuditEventPublic, AuditEventsPublic
from backend.schemas.fields import Moment, RowId
from backend.services import audit

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("", response_model=AuditEventsPublic)
def read_audit(
    session: SessionDep,
    admin: Admin,
    page: PageDep,
    entity: Annotated[str | None, Query(max_length=40, description="e.g. family, worker, user")] = None,
    entity_id: RowId | None = None,
    actor: Annotated[str | None, Query(max_length=80, description="Username")] = None,
    action: Annotated[str | None, Query(max_length=60, description="e.g. allocation.accept")] = None,
    since: Annotated[Moment | None, Query(description="From this moment on (UTC unless an offset is given)")] = None,
) -> AuditEventsPublic:
    """Newest first."""
    rows, count = audit.read_events(
        session,
        offset=page.offset,
        limit=page.limit,
        entity=entity,
        entity_id=entity_id,
        actor=actor,
        action=action,
        since=since,
    )
    return AuditEventsPublic(data=[AuditEventPublic.model_validate(r, from_attributes=True) for r in rows], count=count)
