"""A social worker's own view: my families, my load against capacity, what changed and why."""

from datetime import date

from fastapi import APIRouter, HTTPException, status
from backend.api.deps import CurrentUser, SessionDep
from backend.models import AuditEvent
from backend.schemas import Change, MyCaseload
from backend.services.caseload import Caseload, load_caseload
from backend.services.read_models import band_limits, family_view, worker_view
from backend.services.worker_history import changes_for_worker

router = APIRouter(prefix="/api/me", tags=["me"])


@router.get("/caseload", response_model=MyCaseload)
def read_my_caseload(session: SessionDep, user: CurrentUser) -> MyCaseload:
    if user.worker_id is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Your account is not linked to a worker")
    today = date.today()
    caseload = load_caseload(session, today)
    mine = caseload.families_of(user.worker_id) + caseload.pod_families(user.worker_id)
    events = changes_for_worker(session, user.worker_id)
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
    return Change(
        at=event.at,
        action=event.action,
        family_id=family,
        reason=event.reason,
        actor=event.actor,
        family_name=caseload.families[family].name if family in caseload.families else None,
        fields=edited,
    )
