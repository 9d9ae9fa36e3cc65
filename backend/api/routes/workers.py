"""Workers with capacity, load and band."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from backend.api.deps import CurrentUser, PageDep, SessionDep
from backend.api.scoping import unit_filter
from backend.models import Role
from backend.schemas import WorkerDetail, WorkersPublic
from backend.services.access import scope_for
from backend.services.caseload import load_caseload
from backend.services.views import current_absences, worker_detail, worker_view

router = APIRouter(prefix="/api/workers", tags=["workers"])


@router.get("", response_model=WorkersPublic)
def read_workers(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    unit_id: Annotated[int | None, Query(description="Workers in this unit or below it")] = None,
    role: Role | None = None,
    band: Annotated[str | None, Query(pattern="^(green|amber|red|surge)$")] = None,
    on: date | None = None,
) -> WorkersPublic:
    day = on or date.today()
    caseload = load_caseload(session, day)
    access = scope_for(user, caseload)
    scope = unit_filter(caseload, access, unit_id)
    workers = sorted(caseload.workers.values(), key=lambda w: w.code)
    workers = [
        w for w in workers
        if access.sees_worker(caseload, w.id)
        and (scope is None or w.unit_id in scope)
        and (role is None or w.role == role)
        and (band is None or caseload.band(w.id) == band)
    ]
    absences = current_absences(session, day)
    chosen = workers[page.offset : page.offset + page.limit]
    return WorkersPublic(
        data=[worker_view(caseload, w.id, absences.get(w.id)) for w in chosen], count=len(workers)
    )


@router.get("/{worker_id}", response_model=WorkerDetail)
def read_worker(
    session: SessionDep, user: CurrentUser, worker_id: int, on: date | None = None
) -> WorkerDetail:
    day = on or date.today()
    caseload = load_caseload(session, day)
    if worker_id not in caseload.workers or not scope_for(user, caseload).sees_worker(caseload, worker_id):
        raise HTTPException(status_code=404, detail="Worker not found")
    return worker_detail(caseload, worker_id, current_absences(session, day).get(worker_id))
