"""Absences: listed for managers (their team) and leaders; recorded, changed and ended early by
managers for their team and admins for anyone. Every change is audited; an overlapping absence is
refused; changing an absence's last day moves its cover's end."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from backend.api.deps import Manager, NotWorker, SessionDep
from backend.api.lists import absences_list
from backend.api.patching import sent_changes
from backend.api.refusals import refusals
from backend.models import Absence, Worker
from backend.schemas.absences import AbsenceCreate, AbsencePublic, AbsencesPublic, AbsenceUpdate
from backend.schemas.fields import RowId
from backend.services.absences import change_absence, record_absence
from backend.services.access import scope_for
from backend.services.council_picture import load_council_picture
from backend.services.state import unit_stamps

router = APIRouter(prefix="/api/absences", tags=["absences"])


def _writable(session: SessionDep, user, absence_id: int) -> Absence:
    absence = session.get(Absence, absence_id)
    worker = session.get(Worker, absence.worker_id) if absence is not None else None
    units = unit_stamps(session)  # the unit tree alone: no need to work out the council's picture first
    if absence is None or worker is None or not scope_for(user, units).sees_worker_of(worker.id, worker.unit_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Absence not found")
    return absence


@router.get("", response_model=AbsencesPublic)
def read_absences(
    session: SessionDep,
    user: NotWorker,
    unit_id: Annotated[RowId | None, Query(description="Absences of workers in this unit or below it")] = None,
) -> AbsencesPublic:
    """Current and upcoming absences, soonest first, with the families each leaves without cover."""
    today = date.today()
    return absences_list(session, load_council_picture(session, today), user, unit_id, today)


@router.post("", response_model=AbsencePublic, status_code=201)
def create_absence(absence: AbsenceCreate, session: SessionDep, user: Manager) -> AbsencePublic:
    units = unit_stamps(session)  # the unit tree alone: no need to work out the council's picture first
    worker = session.get(Worker, absence.worker_id)
    if worker is None or not scope_for(user, units).sees_worker_of(worker.id, worker.unit_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Worker not found")
    with refusals(session):
        row = record_absence(session, user, absence.model_dump())
    session.refresh(row)
    return AbsencePublic.model_validate(row, from_attributes=True)


@router.patch("/{absence_id}", response_model=AbsencePublic)
def update_absence(absence_id: RowId, body: AbsenceUpdate, session: SessionDep, user: Manager) -> AbsencePublic:
    """Change an absence (audited); a new last day moves the end of the cover arranged for it."""
    absence = _writable(session, user, absence_id)
    changes = sent_changes(body, exclude={"reason"})
    with refusals(session):
        change_absence(session, user, absence, changes, body.reason.strip(), date.today())
    session.refresh(absence)
    return AbsencePublic.model_validate(absence, from_attributes=True)
