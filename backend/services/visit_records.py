"""Statutory visits in the caseload picture: each open family's next visit (backend/visits.py), the
visits due soon for a board or a worker, and recording a visit (audited)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import Absence, Allocation, AllocationKind, Family, User
from backend.services import audit
from backend.services.council_picture import CouncilPicture
from backend.services.changes import bump_unit_versions
from backend.services.errors import Invalid
from backend.visits import add_working_days, is_statutory_visit, next_visit_due


def visit_due(caseload: CouncilPicture, family_id: int) -> date | None:
    family = caseload.families[family_id]
    return next_visit_due(
        caseload.statuses.get(family_id, []), family.last_visit_on, family.received_on, caseload.settings
    )


@dataclass(frozen=True)
class VisitDue:
    family_id: int
    due: date
    statutory: bool
    overdue: bool
    away_without_cover: bool  # the key worker is away on the due date and nobody covers the family


def due_until(caseload: CouncilPicture) -> date:
    """The last day a board lists: today's picture plus the settings' working days."""
    return add_working_days(caseload.on, caseload.settings.visits_due_working_days)


def visits_due(session: Session, caseload: CouncilPicture, family_ids: list[int]) -> list[VisitDue]:
    """The families' visits overdue or due by `due_until`: statutory first, then the earliest."""
    until = due_until(caseload)
    found = []
    for family_id in family_ids:
        due = visit_due(caseload, family_id)
        if due is not None and due <= until:
            found.append((family_id, due))
    uncovered = _away_without_cover(session, caseload, dict(found))
    listed = [
        VisitDue(f, due, is_statutory_visit(caseload.statuses.get(f, [])), due < caseload.on, f in uncovered)
        for f, due in found
    ]
    return sorted(listed, key=lambda v: (not v.statutory, v.due, v.family_id))


def _away_without_cover(session: Session, caseload: CouncilPicture, due: dict[int, date]) -> set[int]:
    """Families whose key worker is away on the visit's due date (today's date for an overdue
    visit) with no cover allocation running that day."""
    on = {f: max(d, caseload.on) for f, d in due.items()}
    keys = {f: caseload.key_worker.get(f) for f in due}
    absences = session.execute(
        select(col(Absence.worker_id), col(Absence.start_date), col(Absence.end_date)).where(
            col(Absence.worker_id).in_({w for w in keys.values() if w is not None}),
            col(Absence.end_date) >= caseload.on,
        )
    ).all()
    away = {f for f, w in keys.items() for worker, start, end in absences if worker == w and start <= on[f] <= end}
    covers = session.execute(
        select(col(Allocation.family_id), col(Allocation.worker_id), col(Allocation.starts_on), col(Allocation.ends_on))
        .where(col(Allocation.family_id).in_(away), col(Allocation.kind) == AllocationKind.cover)
        .order_by(col(Allocation.starts_on), col(Allocation.id))
    ).all()
    covered = set()
    for family_id, worker_id, starts_on, ends_on in covers:
        if worker_id is not None and starts_on <= on[family_id] and (ends_on is None or on[family_id] <= ends_on):
            covered.add(family_id)
    return away - covered


def record_visit(session: Session, actor: User, family: Family, visited_on: date, today: date) -> dict:
    """The family was visited on `visited_on`: its last visit date moves forward to it (an earlier
    date than the one recorded changes nothing). Audited as `family.visit`."""
    if visited_on > today:
        raise Invalid(f"{visited_on:%d/%m/%Y} is in the future", "visited_on")
    if visited_on < family.received_on:
        raise Invalid(
            f"{visited_on:%d/%m/%Y} is before the family was received ({family.received_on:%d/%m/%Y})", "visited_on"
        )
    before = family.last_visit_on
    if before is not None and visited_on <= before:
        return {}
    family.last_visit_on = visited_on
    family.version += 1
    session.add(family)
    audit.record(
        session,
        actor,
        "family.visit",
        "family",
        family.id,
        before={"last_visit_on": before and before.isoformat()},
        after={"last_visit_on": visited_on.isoformat()},
        reason="Visit recorded",
    )
    bump_unit_versions(session, [family.unit_id])
    session.commit()
    return {"last_visit_on": visited_on}
