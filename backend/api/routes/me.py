"""A social worker's own view: my families, my load against capacity, what changed and why."""

from datetime import date, datetime

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel
from sqlalchemy import select

from backend.api.deps import CurrentUser, SessionDep
from backend.models import Allocation, AuditEvent
from backend.schemas import FamilyPublic, WorkerLoadPublic
from backend.services.caseload import load_caseload
from backend.services.views import current_absences, family_view, worker_view

router = APIRouter(prefix="/api/me", tags=["me"])


class Change(BaseModel):
    at: datetime
    action: str
    family_id: int | None
    family_name: str | None
    reason: str
    actor: str


class MyCaseload(BaseModel):
    worker: WorkerLoadPublic
    families: list[FamilyPublic]
    changes: list[Change]


@router.get("/caseload", response_model=MyCaseload)
def read_my_caseload(session: SessionDep, user: CurrentUser) -> MyCaseload:
    if user.worker_id is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Your account is not linked to a worker")
    today = date.today()
    caseload = load_caseload(session, today)
    mine = caseload.families_of(user.worker_id)
    touched = set(mine) | set(session.scalars(
        select(Allocation.family_id).where(Allocation.worker_id == user.worker_id)))
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "family", AuditEvent.entity_id.in_(touched))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(30)
    ) if touched else []
    return MyCaseload(
        worker=worker_view(caseload, user.worker_id, current_absences(session, today).get(user.worker_id)),
        families=[family_view(caseload, f) for f in mine],
        changes=[Change(at=e.at, action=e.action, family_id=e.entity_id, reason=e.reason, actor=e.actor,
                        family_name=caseload.families[e.entity_id].name if e.entity_id in caseload.families else None)
                 for e in events],
    )
