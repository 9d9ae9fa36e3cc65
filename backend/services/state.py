"""Cheap fingerprints of the data the caseload picture, the read answers and the resilience
forecast are computed from, so that they can be cached until something changes.

`data_stamp` covers the whole council. Every change Keel makes moves it: new rows raise a table's
highest id (allocations and absences are append-only; replaced children get new ids), and edits
bump a version (families, workers, units; settings are new rows).

`unit_stamps` covers one unit at a time: a unit's version moves whenever a change touches the unit
(docs/decisions/0007-per-unit-stamps.md). The rule lives here, once: at commit, every family, worker, child, absence,
allocation and capacity reduction written in the transaction bumps the version of the units it
touches (a family's unit and the units of the workers holding it; a worker's unit, old and new, and
the units of the families they hold) and every unit above them. Bulk statements that bypass the ORM
(imports, compare-and-swap of versions) bump their units themselves (`changes.bump_unit_versions`,
the one way a unit's version moves).

A session that has written in its open transaction must not use or fill a cache: it sees data
nobody else may ever see."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import event, func, inspect, or_, select
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from backend.db import engine_of
from backend.models import (
    Absence,
    Allocation,
    CapacityReduction,
    Child,
    Family,
    Unit,
    WeightingVersion,
    Worker,
)
from backend.services.changes import CHANGED_UNITS, bump_unit_versions

_WROTE = "keel_wrote_in_transaction"
_TOUCHED = "keel_touched_rows"
_GROWING = (Allocation, Absence, Family, Worker, Child, CapacityReduction, WeightingVersion)
_VERSIONED = (Unit, Worker, Family)


def data_stamp(session: Session) -> tuple:
    """Changes whenever the data behind a caseload picture changes (see the module's note). One
    round trip: every request reads it before it may use a shared picture."""
    row = session.connection().execute(_DATA_STAMP).one()
    return (str(engine_of(session).url), tuple(value or 0 for value in row))


_DATA_STAMP = select(  # built once, compiled once (a read made by every request that uses a picture)
    *[select(func.max(model.id)).scalar_subquery() for model in _GROWING],
    *[select(func.coalesce(func.sum(model.version), 0)).scalar_subquery() for model in _VERSIONED],
    select(func.count()).select_from(Child).scalar_subquery(),
)


@dataclass(frozen=True)
class UnitStamps:
    """Every unit's version and parent, with the settings version: what an answer about one unit
    depends on (the unit, the units below it, the weighting settings)."""

    database: str
    settings: int
    versions: dict[int, int]
    parents: dict[int, int | None]

    @property
    def units(self) -> dict[int, int]:
        return self.versions

    @cached_property
    def _below(self) -> dict[int | None, list[int]]:
        below: dict[int | None, list[int]] = {}
        for uid, parent in self.parents.items():
            below.setdefault(parent, []).append(uid)
        return below

    @cached_property
    def _stamp_of(self) -> dict[int, tuple]:
        return {}  # unit -> `of(unit)`, filled as asked: a kept picture's stamps are asked again and again

    def below(self, unit_id: int) -> list[int]:
        """The units directly below `unit_id`."""
        return sorted(self._below.get(unit_id, []))

    def subtree(self, unit_id: int) -> list[int]:
        found, stack = [], [unit_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self._below.get(current, []))
        return sorted(found)

    def of(self, unit_id: int) -> tuple:
        """The stamp of `unit_id` and the units below it: moves when any of them changes (a unit made
        after these stamps were read has none here, so no stamp read later equals it)."""
        found = self._stamp_of.get(unit_id)
        if found is None:
            versions = tuple((u, self.versions.get(u)) for u in self.subtree(unit_id))
            found = self._stamp_of[unit_id] = (self.database, self.settings, versions)
        return found

    def of_all(self) -> tuple:
        return (self.database, self.settings, tuple(sorted(self.versions.items())))


def unit_stamps(session: Session) -> UnitStamps:
    """One round trip (the units are few): every unit's id, parent and version, and the settings."""
    rows = session.connection().execute(_UNIT_STAMPS).all()
    return UnitStamps(
        database=str(engine_of(session).url),
        settings=rows[0][3] if rows else 0,
        versions={r[0]: r[2] for r in rows},
        parents={r[0]: r[1] for r in rows},
    )


_UNIT_STAMPS = select(  # built once, compiled once: every board read reads it
    col(Unit.id),
    col(Unit.parent_id),
    col(Unit.version),
    select(func.coalesce(func.max(WeightingVersion.id), 0)).scalar_subquery(),
)


def wrote_in_transaction(session: Session) -> bool:
    return bool(session.info.get(_WROTE)) or bool(session.new or session.dirty or session.deleted)


def _touched_rows(session: OrmSession) -> tuple[set[int], set[int], set[int]]:
    """Family ids, worker ids and unit ids written in the transaction (collected at each flush)."""
    return session.info.setdefault(_TOUCHED, (set(), set(), set()))


def _note(session: OrmSession, row) -> None:
    families, workers, units = _touched_rows(session)
    if isinstance(row, (Family, Worker)):
        (families if isinstance(row, Family) else workers).add(row.id)
        history = inspect(row).attrs.unit_id.history
        units.update(u for u in (*history.added, *history.deleted, *history.unchanged) if u is not None)
    elif isinstance(row, (Child, Allocation)):
        families.add(row.family_id)
        if isinstance(row, Allocation) and row.worker_id is not None:
            workers.add(row.worker_id)
        if isinstance(row, Allocation) and row.pod_id is not None:  # a pod holding families (issue 11)
            units.add(row.pod_id)
    elif isinstance(row, (Absence, CapacityReduction)):
        workers.add(row.worker_id)


def touched_units(session: OrmSession, family_ids: Iterable[int], worker_ids: Iterable[int]) -> set[int]:
    """The units these families and workers touch: a family's unit, the pods and the units of the
    workers who hold or held it (allocations still running or yet to end); a worker's unit and the
    units of the families they hold. A read of any of those units may show the row."""
    family_ids, worker_ids = set(family_ids), set(worker_ids)
    running = or_(col(Allocation.ends_on).is_(None), col(Allocation.ends_on) >= date.today())
    if family_ids:
        worker_ids |= set(
            session.scalars(
                select(col(Allocation.worker_id)).where(
                    col(Allocation.family_id).in_(family_ids), col(Allocation.worker_id).is_not(None), running
                )
            )
        )
    if worker_ids:
        family_ids |= set(
            session.scalars(select(col(Allocation.family_id)).where(col(Allocation.worker_id).in_(worker_ids), running))
        )
    units = (
        set(session.scalars(select(col(Family.unit_id)).where(col(Family.id).in_(family_ids)))) if family_ids else set()
    )
    if family_ids:  # the pods that hold them
        units |= set(
            session.scalars(
                select(col(Allocation.pod_id)).where(
                    col(Allocation.family_id).in_(family_ids), col(Allocation.pod_id).is_not(None), running
                )
            )
        )
    if worker_ids:
        units |= set(session.scalars(select(col(Worker.unit_id)).where(col(Worker.id).in_(worker_ids))))
    return {u for u in units if u is not None}


@event.listens_for(OrmSession, "after_flush")
def _after_flush(session: OrmSession, _context) -> None:
    session.info[_WROTE] = True
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, (Family, Worker, Child, Allocation, Absence, CapacityReduction)):
            _note(session, row)


UnitsChanging = Callable[[OrmSession, "set[int] | None"], None]
_committing: list[UnitsChanging] = []


def before_commit_moving_units(listener: UnitsChanging) -> None:
    """Call `listener(session, units)` just before a commit that moves units' versions (None: every
    unit), once they are moved: the session reads the data as its commit will leave it."""
    _committing.append(listener)


@event.listens_for(OrmSession, "before_commit")
def _bump_touched_units(session: OrmSession) -> None:
    session.flush()  # rows still pending are noted by this flush
    families, workers, units = session.info.pop(_TOUCHED, (set(), set(), set()))
    if families or workers or units:
        bump_unit_versions(session, units | touched_units(session, families, workers))
    if CHANGED_UNITS in session.info:
        for listener in _committing:
            listener(session, session.info[CHANGED_UNITS])


@event.listens_for(OrmSession, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _transaction_ended(session: OrmSession) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_TOUCHED, None)
    session.info.pop(CHANGED_UNITS, None)  # read before the commit, by services.warming
