"""Absences: recording, changing and ending early, each audited and committed here (the route
only checks who may ask).

An absence may not overlap another absence of the same worker (it would be counted twice and its
cover would end on the wrong day): the refusal names the absence already there. Changing the last
day of an absence moves the end of the cover arranged for it: each family of the worker covered
until the old last day gets a new cover row (allocations are append-only) with the new last day."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, bindparam, select
from sqlmodel import Session, col

from backend.holding import overlapping
from backend.models import Absence, Allocation, AllocationKind, User, Worker
from backend.schemas.absences import AbsenceInView, FamilyWithoutCoverPublic
from backend.services import audit
from backend.services.changes import bump_unit_versions
from backend.services.council_picture import CouncilPicture, key_families_pictures, load_council_picture
from backend.services.errors import Invalid
from backend.workload import STATUTORY_STATUSES

MAX_DAYS = 731


@dataclass(frozen=True)
class FamilyWithoutCover:
    id: int
    name: str
    statutory: bool
    points: float


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def check_dates(start: date, end: date) -> None:
    if end < start:
        raise Invalid("The last day away must be on or after the first", "end_date")
    if (end - start).days > MAX_DAYS:
        raise Invalid("An absence longer than two years: record it as a leaver instead", "end_date")


def _refuse_overlap(session: Session, worker: Worker, start: date, end: date, own_id: int | None = None) -> None:
    others = session.scalars(
        select(Absence).where(col(Absence.worker_id) == worker.id, col(Absence.id) != (own_id or 0))
    )
    spells = {(a.start_date, a.end_date): a for a in others}
    clash = overlapping(spells, start, end)
    if clash is not None:
        raise Invalid(
            f"{worker.name} is already away from {_day(clash[0])} to {_day(clash[1])} "
            f"({spells[clash].kind.value.replace('_', ' ')}): change that absence instead",
            "start_date",
        )


def record_absence(session: Session, user: User, fields: dict[str, Any]) -> Absence:
    worker = session.get_one(Worker, fields["worker_id"])
    check_dates(fields["start_date"], fields["end_date"])
    _refuse_overlap(session, worker, fields["start_date"], fields["end_date"])
    row = Absence(**fields)
    session.add(row)
    session.flush()
    audit.record(session, user, "absence.create", "absence", row.id, after={**_plain(row), "worker": worker.name})
    session.commit()
    return row


def change_absence(
    session: Session, user: User, absence: Absence, changes: dict[str, Any], reason: str, today: date
) -> Absence:
    """Change an absence's dates or kind (ending it early is a new last day); its cover's end follows."""
    worker = session.get_one(Worker, absence.worker_id)
    before, before_start = _plain(absence), absence.start_date
    start, end = changes.get("start_date", absence.start_date), changes.get("end_date", absence.end_date)
    check_dates(start, end)
    _refuse_overlap(session, worker, start, end, absence.id)
    old_end = absence.end_date
    for name, new in changes.items():
        setattr(absence, name, new)
    session.add(absence)
    audit.record(
        session,
        user,
        "absence.update",
        "absence",
        absence.id,
        before=before,
        after={**_plain(absence), "worker": worker.name},
        reason=reason,
    )
    if end != old_end:
        _move_cover_end(session, user, worker, old_end, end, max(today, before_start))
    # An absence is changed in place: plans of the worker's units are stale, and the data stamp the
    # shared pictures are keyed on moves with the units' versions.
    bump_unit_versions(session, [worker.unit_id])
    session.commit()
    return absence


def _move_cover_end(session: Session, user: User, worker: Worker, old_end: date, new_end: date, on: date) -> None:
    """Every family of `worker` whose cover on `on` (today, or the absence's first day if it is still
    to come) runs until `old_end` is covered until `new_end` instead."""
    picture = load_council_picture(session, on)
    for family_id in picture.families_of(worker.id):
        if picture.cover_until.get(family_id) != old_end:
            continue
        cover_id = picture.cover_worker[family_id]
        starts_on = min(on, new_end + timedelta(days=1))
        session.add(
            Allocation(
                family_id=family_id,
                worker_id=cover_id,
                kind=AllocationKind.cover,
                starts_on=starts_on,
                ends_on=new_end,
                decided_by_id=user.id,
                reason=f"Cover ends with {worker.name}'s absence, now on {_day(new_end)}",
            )
        )
        audit.record(
            session,
            user,
            "allocation.cover",
            "family",
            family_id,
            before={"cover_worker_id": cover_id, "cover_until": old_end.isoformat()},
            after={"cover_worker_id": cover_id, "cover_until": new_end.isoformat()},
            reason=f"{worker.name}'s absence now ends on {_day(new_end)}",
        )


def families_without_cover(picture: CouncilPicture, worker_id: int) -> list[FamilyWithoutCover]:
    """The worker's families with no cover on the picture's day, statutory first, then heaviest."""
    found = [
        FamilyWithoutCover(
            f, picture.families[f].name, bool(STATUTORY_STATUSES & set(picture.statuses.get(f, []))), picture.points[f]
        )
        for f in picture.uncovered(worker_id)
    ]
    return sorted(found, key=lambda f: (not f.statutory, -f.points, f.name))


def absences_in_view(session: Session, worker_ids: set[int], today: date) -> list[Any]:
    """Absences of these workers running today or still to come, soonest first (plain rows: a busy
    team's board lists dozens, and is worked out again after every change to the team)."""
    if not worker_ids:
        return []
    return list(session.execute(_IN_VIEW, {"workers": sorted(worker_ids), "today": today}).mappings())


_IN_VIEW = (  # built once, compiled once
    select(*Absence.__table__.columns)  # type: ignore[attr-defined]
    .where(
        col(Absence.worker_id).in_(bindparam("workers", expanding=True)),
        col(Absence.end_date) >= bindparam("today", type_=Date),
    )
    .order_by(col(Absence.start_date), col(Absence.id))
)


def absence_views(session: Session, caseload: CouncilPicture, worker_ids: set[int], today: date) -> list[AbsenceInView]:
    """The absences of these workers running today or still to come, soonest first, each with the
    families it leaves without cover on its first day (or today)."""
    rows = []
    absences = absences_in_view(session, worker_ids, today)
    asked = [(a["worker_id"], max(today, a["start_date"])) for a in absences]
    pictures = key_families_pictures(session, asked, known=caseload if caseload.on == today else None)
    for absence in absences:
        worker_id = absence["worker_id"]
        picture = pictures[worker_id, max(today, absence["start_date"])]
        without = families_without_cover(picture, worker_id)
        rows.append(
            AbsenceInView(
                **absence,
                worker_name=caseload.workers[worker_id].name,
                current=absence["start_date"] <= today,
                families=len(picture.families_of(worker_id)),
                without_cover=[FamilyWithoutCoverPublic(**vars(f)) for f in without],
            )
        )
    return rows


def _plain(row: Absence) -> dict[str, Any]:
    return {
        "worker_id": row.worker_id,
        "start_date": row.start_date.isoformat(),
        "end_date": row.end_date.isoformat(),
        "kind": row.kind.value,
        "planned": row.planned,
    }
