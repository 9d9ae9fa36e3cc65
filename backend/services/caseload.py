"""The caseload picture on a date: every open family's points and key worker, every worker's
capacity, load and band, and summaries for any unit (service, team or pod) and its sub-units."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from backend import workload
from backend.models import CapacityReduction, Child, Family, Unit, Worker
from backend.services.allocations import current_allocations
from backend.services.shared_cache import SharedCache
from backend.services.state import data_stamp, wrote_in_transaction
from backend.services.weighting import current_settings


@dataclass
class Caseload:
    on: date
    settings: workload.WorkloadSettings
    units: dict[int, Unit]
    workers: dict[int, Worker]
    families: dict[int, Family]
    statuses: dict[int, list[str]]
    points: dict[int, float]
    key_worker: dict[int, int | None]
    capacity: dict[int, float]
    load: dict[int, float] = field(default_factory=dict)
    sub_units: dict[int | None, list[int]] = field(default_factory=dict)
    key_since: dict[int, date] = field(default_factory=dict)  # the day the key allocation started

    def subtree(self, unit_id: int) -> set[int]:
        """The unit and every unit below it."""
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(self.sub_units.get(current, []))
        return found

    def band(self, worker_id: int) -> str:
        return workload.band(self.load[worker_id], self.capacity[worker_id], self.settings)

    def ratio(self, worker_id: int) -> float | None:
        capacity = self.capacity[worker_id]
        return round(self.load[worker_id] / capacity, 4) if capacity > 0 else None

    def families_of(self, worker_id: int) -> list[int]:
        return sorted(f for f, w in self.key_worker.items() if w == worker_id)


CACHED_PICTURES = 32  # pictures (data stamp x date) kept; a default council's picture is a few MB
_pictures: SharedCache[Caseload] = SharedCache(CACHED_PICTURES)


def load_caseload(session: Session, on: date) -> Caseload:
    """The picture on `on`, shared between requests until the data changes (services.state), and
    computed once however many requests ask at the same moment (services.shared_cache).
    Its rows are detached copies: read them, never change them (edit rows got from the session)."""
    if wrote_in_transaction(session):
        return _compute(session, on)
    return _pictures.get((data_stamp(session), on), lambda _flight: _detached(session, on))


def _detached(session: Session, on: date) -> Caseload:
    """Computed on the request's own connection (a request holds one connection, never two) in a
    separate identity map, so the rows it returns belong to no one's session."""
    with Session(bind=session.connection()) as own:
        caseload = _compute(own, on)
        own.expunge_all()
    return caseload


def _compute(session: Session, on: date) -> Caseload:
    _, settings = current_settings(session)
    units = {u.id: u for u in session.scalars(select(Unit))}
    workers = {w.id: w for w in session.scalars(select(Worker))}
    families = {
        f.id: f
        for f in session.scalars(
            select(Family).where((Family.closed_on.is_(None)) | (Family.closed_on > on))
        )
    }
    statuses: dict[int, list[str]] = defaultdict(list)
    for family_id, status in session.execute(select(Child.family_id, Child.status)):
        if family_id in families:
            statuses[family_id].append(getattr(status, "value", status))
    reductions: dict[int, list[CapacityReduction]] = defaultdict(list)
    for reduction in session.scalars(select(CapacityReduction)):
        reductions[reduction.worker_id].append(reduction)
    points = {
        fid: workload.family_points(statuses[fid], f.flags, f.travel_band, settings)
        for fid, f in families.items()
    }
    allocated = current_allocations(session, on)
    key_worker = {fid: allocated[fid][0] if fid in allocated else None for fid in families}
    capacity = {
        wid: workload.worker_capacity(
            w.role.value, w.fte, w.start_date, on, reductions[wid], settings
        )
        for wid, w in workers.items()
    }
    caseload = Caseload(on, settings, units, workers, families, dict(statuses), points,
                        key_worker, capacity)
    caseload.key_since = {fid: allocated[fid][1] for fid in families if key_worker[fid] is not None}
    caseload.load = {wid: 0.0 for wid in workers}
    for fid, wid in key_worker.items():
        if wid is not None and wid in caseload.load:
            caseload.load[wid] += points[fid]
    for uid, unit in units.items():
        caseload.sub_units.setdefault(unit.parent_id, []).append(uid)
    return caseload
