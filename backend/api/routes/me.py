"""A social worker's own view: my families, my load against capacity, what changed and why."""

from datetime import date, datetime

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field
from sqlalchemy import and_, or_, select

from backend.api.deps import CurrentUser, SessionDep
from backend.models import Absence, Allocation, AuditEvent
from backend.schemas import BandLimits, FamilyPublic, WorkerLoadPublic
from backend.services.caseload import Caseload, load_caseload
from backend.services.views import band_limits, family_view, worker_view

router = APIRouter(prefix="/api/me", tags=["me"])


class Change(BaseModel):
    at: datetime
    action: str
    family_id: int | None
    family_name: str | None
    reason: str
    actor: str
    fields: list[str] = Field(default_factory=list, description="What changed (for edits of a record)")


class MyCaseload(BaseModel):
    worker: WorkerLoadPublic
    families: list[FamilyPublic]
    covering: list[FamilyPublic] = Field(default_factory=list,
                                         description="Families I cover for an absent colleague, in my load until cover ends")
    changes: list[Change]
    band_limits: BandLimits


@router.get("/caseload", response_model=MyCaseload)
def read_my_caseload(session: SessionDep, user: CurrentUser) -> MyCaseload:
    if user.worker_id is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Your account is not linked to a worker")
    today = date.today()
    caseload = load_caseload(session, today)
    mine = caseload.families_of(user.worker_id)
    touched = set(mine) | set(caseload.covered_by(user.worker_id)) | set(session.scalars(
        select(Allocation.family_id).where(Allocation.worker_id == user.worker_id)))
    my_absences = select(Absence.id).where(Absence.worker_id == user.worker_id)
    about_me = or_(
        and_(AuditEvent.entity == "family", AuditEvent.entity_id.in_(touched or {0})),
        and_(AuditEvent.entity == "worker", AuditEvent.entity_id == user.worker_id),
        and_(AuditEvent.entity == "absence", AuditEvent.entity_id.in_(my_absences)),
    )
    events = session.scalars(
        select(AuditEvent).where(about_me).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(30))
    return MyCaseload(
        worker=worker_view(caseload, user.worker_id),
        families=[family_view(caseload, f) for f in mine],
        covering=[family_view(caseload, f) for f in caseload.covered_by(user.worker_id)],
        band_limits=band_limits(caseload.settings),
        changes=[_change(e, caseload) for e in events],
    )


def _change(event: AuditEvent, caseload: Caseload) -> Change:
    family = event.entity_id if event.entity == "family" else None
    edited = sorted(event.after) if event.action.endswith(".update") and event.after else []
    return Change(at=event.at, action=event.action, family_id=family, reason=event.reason, actor=event.actor,
                  family_name=caseload.families[family].name if family in caseload.families else None,
                  fields=edited)
