"""The caseload picture on a date: the state of backend/holding.py (who holds, covers and carries
each open family, who is employed and away, every worker's capacity, load and band) worked out
from the database's rows, kept with those rows for the read views."""

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from backend.holding import Holding, holding_on
from backend.models import Absence, Allocation, CapacityReduction, Child, Family, Unit, Worker
from backend.services.shared_cache import SharedCache
from backend.services.state import data_stamp, wrote_in_transaction
from backend.services.weighting import current_settings


@dataclass
class Caseload(Holding):
    """The state on a date (backend/holding.py) with the rows it was worked out from: every unit
    and worker, and every family not closed by the date (`open_families` says which are received)."""

    units: dict[int, Unit] = field(default_factory=dict)
    workers: dict[int, Worker] = field(default_factory=dict)
    families: dict[int, Family] = field(default_factory=dict)
    sub_units: dict[int | None, list[int]] = field(default_factory=dict)

    def subtree(self, unit_id: int) -> set[int]:
        """The unit and every unit below it."""
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(self.sub_units.get(current, []))
        return found

    def open_rows(self) -> list[Family]:
        """The open families' rows, by code."""
        return sorted((self.families[f] for f in self.open_families), key=lambda f: f.code)


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
    allocations = session.execute(
        select(Allocation.id, Allocation.family_id, Allocation.kind, Allocation.worker_id, Allocation.pod_id,
               Allocation.starts_on, Allocation.ends_on).where(Allocation.starts_on <= on)
    ).mappings()
    holding = holding_on(
        on, settings=settings, workers=workers.values(), families=families.values(),
        children=session.execute(select(Child.family_id, Child.status)).mappings(),
        allocations=allocations,
        absences=session.execute(
            select(Absence.id, Absence.worker_id, Absence.kind, Absence.start_date, Absence.end_date)
            .where(Absence.end_date >= on)).mappings(),
        reductions=session.scalars(select(CapacityReduction)), units=units.values(),
    )
    sub_units: dict[int | None, list[int]] = {}
    for uid, unit in units.items():
        sub_units.setdefault(unit.parent_id, []).append(uid)
    return Caseload(**{f.name: getattr(holding, f.name) for f in fields(Holding)},
                    units=units, workers=workers, families=families, sub_units=sub_units)
