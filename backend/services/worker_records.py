"""Creating and editing worker records by hand (imports go through backend.csv_io); audited."""

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from backend.models import Unit, User, Worker
from backend.services.changes import apply_changes, bump_unit_versions, record_creation
from backend.services.errors import Conflict, Invalid


def _check_dates(start_date, leaving_date) -> None:
    if leaving_date is not None and leaving_date < start_date:
        raise Invalid("leaving_date must be on or after start_date", "leaving_date")


def create_worker(session: Session, actor: User, fields: dict[str, Any]) -> Worker:
    _check_dates(fields["start_date"], fields.get("leaving_date"))
    if session.scalars(select(Worker).where(Worker.code == fields["code"])).first() is not None:
        raise Conflict(f"a worker with code {fields['code']} already exists")
    if session.get(Unit, fields["unit_id"]) is None:
        raise Invalid(f"unit {fields['unit_id']} not found", "unit_id")
    worker = Worker(**fields)
    record_creation(session, actor, worker, entity="worker")
    bump_unit_versions(session, [worker.unit_id])
    session.commit()
    return worker


def update_worker(
    session: Session, actor: User, worker: Worker, changes: dict[str, Any], reason: str
) -> dict[str, Any]:
    """Capacity, skills or team may change, so plans for the old and new unit become stale."""
    _check_dates(changes.get("start_date", worker.start_date), changes.get("leaving_date", worker.leaving_date))
    old_unit = worker.unit_id
    changed = apply_changes(session, actor, worker, changes, entity="worker", reason=reason)
    if changed:
        bump_unit_versions(session, [old_unit, worker.unit_id])
    session.commit()
    return changed
