"""Workers with capacity, load and band; creating (admins) and editing (managers, their team) them."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from backend.api.deps import Admin, CurrentUser, Manager, PageDep, SessionDep
from backend.api.lists import workers_list
from backend.api.patching import sent_changes
from backend.api.refusals import refusals
from backend.api.scoping import writable_unit
from backend.models import Role, Worker
from backend.schemas.fields import Day, RowId
from backend.schemas.workers import WorkerCreate, WorkerDetail, WorkersPublic, WorkerUpdate
from backend.services.access import scope_for
from backend.services.council_picture import load_council_picture
from backend.services.read_models import worker_detail
from backend.services.unit_answers import unit_answer
from backend.services.worker_records import create_worker, update_worker

router = APIRouter(prefix="/api/workers", tags=["workers"])


@router.get("", response_model=WorkersPublic)
def read_workers(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    unit_id: Annotated[RowId | None, Query(description="Workers in this unit or below it")] = None,
    role: Role | None = None,
    band: Annotated[str | None, Query(pattern="^(green|amber|red|surge)$")] = None,
    on: Day | None = None,
) -> WorkersPublic | Response:
    day = on or date.today()
    return unit_answer(
        session,
        user,
        unit_id,
        day,
        ("workers", role, band, page.offset, page.limit),
        lambda _, asker, caseload: workers_list(caseload, asker, page, unit_id, role, band),
    )


@router.get("/{worker_id}", response_model=WorkerDetail)
def read_worker(session: SessionDep, user: CurrentUser, worker_id: RowId, on: Day | None = None) -> WorkerDetail:
    day = on or date.today()
    caseload = load_council_picture(session, day)
    if worker_id not in caseload.workers or not scope_for(user, caseload).sees_worker(caseload, worker_id):
        raise HTTPException(status_code=404, detail="Worker not found")
    return worker_detail(caseload, worker_id)


@router.post("", response_model=WorkerDetail, status_code=201)
def create(body: WorkerCreate, session: SessionDep, admin: Admin) -> WorkerDetail:
    with refusals(session):
        worker = create_worker(session, admin, body.model_dump())
    return read_worker(session, admin, worker.id)


@router.patch("/{worker_id}", response_model=WorkerDetail)
def update(worker_id: RowId, body: WorkerUpdate, session: SessionDep, user: Manager) -> WorkerDetail:
    """Managers edit the workers of their own team (and may move them only within it)."""
    caseload = load_council_picture(session, date.today())
    access = scope_for(user, caseload)
    worker = session.get(Worker, worker_id)
    if worker is None or not access.sees_worker(caseload, worker_id):
        raise HTTPException(status_code=404, detail="Worker not found")
    changes = sent_changes(body, nullable={"patch", "leaving_date"})
    if "unit_id" in changes:
        writable_unit(caseload, access, changes["unit_id"])
    with refusals(session):
        update_worker(session, user, worker, changes, body.reason.strip())
    return read_worker(session, user, worker_id)
