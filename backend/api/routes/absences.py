"""Recording absences (managers for their team, admins for anyone); every change is audited."""

from datetime import date

from fastapi import APIRouter, HTTPException, status
from pydantic import model_validator

from backend.api.fields import Day, RowId
from backend.api.deps import Manager, SessionDep
from backend.models import Absence
from backend.models.absences import AbsenceBase
from backend.schemas import AbsencePublic
from backend.services import audit
from backend.services.access import scope_for
from backend.services.caseload import load_caseload

router = APIRouter(prefix="/api/absences", tags=["absences"])


class AbsenceCreate(AbsenceBase):
    worker_id: RowId
    start_date: Day
    end_date: Day

    @model_validator(mode="after")
    def ends_after_start(self) -> "AbsenceCreate":
        if self.end_date < self.start_date:
            raise ValueError("end_date must be on or after start_date")
        if (self.end_date - self.start_date).days > 731:
            raise ValueError("an absence longer than two years: record it as a leaver instead")
        return self


@router.post("", response_model=AbsencePublic, status_code=201)
def create_absence(absence: AbsenceCreate, session: SessionDep, user: Manager) -> AbsencePublic:
    caseload = load_caseload(session, date.today())
    if absence.worker_id not in caseload.workers or not scope_for(user, caseload).sees_worker(caseload, absence.worker_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Worker not found")
    row = Absence.model_validate(absence)
    session.add(row)
    session.flush()
    audit.record(session, user, "absence.create", "absence", row.id,
                 after=absence.model_dump(mode="json"))
    session.commit()
    session.refresh(row)
    return AbsencePublic.model_validate(row, from_attributes=True)
