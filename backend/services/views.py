"""Turn the caseload picture into the API's read views."""

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from backend.models import Absence, Child, Role, Worker
from backend.schemas import (
    AllocationPublic, BandCounts, ChildPublic, FamilyDetail, FamilyPublic, UnitSummary,
    WorkerDetail, WorkerLoadPublic,
)
from backend.services.allocations import history
from backend.services.caseload import Caseload


def is_case_holder(worker: Worker) -> bool:
    return worker.role != Role.team_manager


def unit_summary(caseload: Caseload, unit_id: int) -> UnitSummary:
    unit = caseload.units[unit_id]
    scope = caseload.subtree(unit_id)
    workers = [w for w in caseload.workers.values() if w.unit_id in scope]
    holders = [w for w in workers if is_case_holder(w)]
    bands = BandCounts()
    for worker in holders:
        name = caseload.band(worker.id)
        setattr(bands, name, getattr(bands, name) + 1)
    capacity = sum(caseload.capacity[w.id] for w in holders)
    load = sum(caseload.load[w.id] for w in holders)
    unallocated = [
        f for fid, f in caseload.families.items()
        if f.unit_id in scope and caseload.key_worker.get(fid) is None
    ]
    return UnitSummary(
        id=unit.id, code=unit.code, name=unit.name, kind=unit.kind, parent_id=unit.parent_id,
        workers=len(workers), case_holders=len(holders), capacity=round(capacity, 2),
        load=round(load, 2), load_ratio=round(load / capacity, 4) if capacity else None,
        bands=bands, unallocated_families=len(unallocated),
        unallocated_points=round(sum(caseload.points[f.id] for f in unallocated), 2),
        oldest_unallocated_received=min((f.received_on for f in unallocated), default=None),
        over_capacity=sum(1 for w in holders if caseload.load[w.id] > caseload.capacity[w.id]),
        agency_share=round(sum(w.agency for w in holders) / len(holders), 4) if holders else None,
    )


def current_absences(session: Session, on: date) -> dict[int, Absence]:
    rows = session.scalars(
        select(Absence).where(Absence.start_date <= on, Absence.end_date >= on)
    )
    return {a.worker_id: a for a in rows}


def worker_view(caseload: Caseload, worker_id: int, absence: Absence | None) -> WorkerLoadPublic:
    worker = caseload.workers[worker_id]
    families = caseload.families_of(worker_id)
    return WorkerLoadPublic(
        **worker.model_dump(exclude={"version"}),
        capacity=round(caseload.capacity[worker_id], 2), load=round(caseload.load[worker_id], 2),
        load_ratio=caseload.ratio(worker_id), band=caseload.band(worker_id),
        families=len(families), children=sum(len(caseload.statuses.get(f, [])) for f in families),
        absent_until=absence.end_date if absence else None,
        absence_kind=absence.kind if absence else None,
    )


def family_view(caseload: Caseload, family_id: int) -> FamilyPublic:
    family = caseload.families[family_id]
    worker_id = caseload.key_worker.get(family_id)
    statuses = caseload.statuses.get(family_id, [])
    return FamilyPublic(
        **family.model_dump(exclude={"version"}), statuses=statuses, children=len(statuses),
        points=round(caseload.points[family_id], 2), key_worker_id=worker_id,
        key_worker_name=caseload.workers[worker_id].name if worker_id else None,
    )


def family_detail(session: Session, caseload: Caseload, family_id: int) -> FamilyDetail:
    children = session.scalars(select(Child).where(Child.family_id == family_id).order_by(Child.id))
    rows = history(session, family_id)
    return FamilyDetail(
        **family_view(caseload, family_id).model_dump(),
        child_list=[ChildPublic(**c.model_dump(exclude={"family_id"})) for c in children],
        history=[
            AllocationPublic(
                id=a.id, worker_id=a.worker_id, kind=a.kind.value, starts_on=a.starts_on,
                ends_on=a.ends_on, reason=a.reason,
                worker_name=caseload.workers[a.worker_id].name if a.worker_id else None,
            )
            for a in rows
        ],
    )


def worker_detail(caseload: Caseload, worker_id: int, absence: Absence | None) -> WorkerDetail:
    return WorkerDetail(
        **worker_view(caseload, worker_id, absence).model_dump(),
        family_list=[family_view(caseload, f) for f in caseload.families_of(worker_id)],
    )
