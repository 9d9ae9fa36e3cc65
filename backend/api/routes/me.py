"""A social worker's own view: my families, my load against capacity, what changed and why."""

from datetime import date

from fastapi import APIRouter, HTTPException, status

from backend.api.deps import CurrentUser, SessionDep
from backend.schemas.workers import MyCaseload
from backend.services.worker_history import my_caseload

router = APIRouter(prefix="/api/me", tags=["me"])


@router.get("/caseload", response_model=MyCaseload)
def read_my_caseload(session: SessionDep, user: CurrentUser) -> MyCaseload:
    if user.worker_id is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Your account is not linked to a worker")
    return my_caseload(session, user.worker_id, date.today())
