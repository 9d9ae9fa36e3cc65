"""The council picture on a date (`CouncilPicture`): the state of backend/holding.py (who holds, covers and carries
each open family, who is employed and away, every worker's capacity, load and band) worked out
from the database's rows, kept with those rows for the read views.

A picture is of the whole council, or of one unit (`unit_picture`): the unit and the units below
it, with only the rows their figures are worked out from. A unit's answers (a board, a unit's
lists) need no more, so a change to one team works out that team's rows again, not the council's
(issue 18: a council of a hundred teams is a hundred times cheaper to keep current)."""

import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, Select, bindparam, or_, select, true
from sqlmodel import Session, col

from backend.db import reading_alongside
from backend.holding import Holding, holding_on, units_in_scope
from backend.models import Absence, Allocation, CapacityReduction, Child, Family, Unit, Worker
from backend.services.allocations import HISTORY_COLUMNS
from backend.services.shared_cache import SharedCache, holding_back, versions_of
from backend.services.state import UnitStamps, data_stamp, unit_stamps, wrote_in_transaction
from backend.services.weighting import current_settings


@dataclass
class CouncilPicture(Holding):
    """The state on a date (backend/holding.py) with the rows it was worked out from: every unit
    and worker, and every family not closed by the date (`open_families` says which are received)."""

    units: dict[int, Unit] = field(default_factory=dict)
    workers: dict[int, Worker] = field(default_factory=dict)
    families: dict[int, Family] = field(default_factory=dict)
    sub_units: dict[int | None, list[int]] = field(default_factory=dict)
    stamps: UnitStamps | None = None  # the units' stamps it was computed at, once shared
    # The units whose figures it holds (None: every unit). A unit's picture (`unit_picture`) holds
    # every row its units' figures are worked out from, and the rows of the workers who hold, cover
    # or held their families elsewhere, for their names: those workers' loads are not in it.
    scope: frozenset[int] | None = None

    def covers(self, unit_id: int) -> bool:
        """Its figures for `unit_id` and the units below it are complete."""
        return self.scope is None or unit_id in self.scope

    def subtree(self, unit_id: int) -> set[int]:
        """The unit and every unit below it."""
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(self.sub_units.get(current, []))
        return found

    def worker_row(self, worker_id: int | None) -> Worker | None:
        """The worker's row; None when nobody is named (a family held by a pod, or by nobody)."""
        return self.workers.get(worker_id) if worker_id is not None else None

    def unit_row(self, unit_id: int | None) -> Unit | None:
        return self.units.get(unit_id) if unit_id is not None else None

    def open_rows(self) -> list[Family]:
        """The open families' rows, by code."""
        return sorted((self.families[f] for f in self.open_families), key=lambda f: f.code)


CACHED_PICTURES = 32  # pictures (data stamp x date) kept; a default council's picture is a few MB
_pictures: SharedCache[CouncilPicture] = SharedCache(CACHED_PICTURES)
CACHED_UNIT_PICTURES = 128  # a unit's picture is a team's, a pod's or a service's rows
# keyed (unit, date, stamp): one version per unit and date
_unit_pictures: SharedCache[CouncilPicture] = SharedCache(CACHED_UNIT_PICTURES, same=versions_of(2))
_lanes = threading.Lock()
_running: dict[tuple[str, date], tuple[tuple, Future]] = {}  # per database and date: the computation
# under way, with the data stamp read just before it started
_next: dict[tuple[str, date], Future] = {}  # and the one that starts when it ends (everyone waiting joins it)


def load_council_picture(session: Session, on: date) -> CouncilPicture:
    """The picture on `on`, shared between requests until the data changes (services.state).
    However many requests ask after however many changes, at most one picture per database and
    date is worked out at a time, and everyone who asked while it ran shares the next one (it
    starts after they asked, so it holds every change they may have seen).
    Its rows are detached copies: read them, never change them (edit rows got from the session)."""
    if wrote_in_transaction(session):
        return _compute(session, on)
    if holding_back():  # inside a transaction not yet committed: nobody else may share it
        return _detached(session, lambda own: _compute(own, on))
    stamp = data_stamp(session)
    found = _pictures.cached((stamp, on))
    return found if found is not None else _next_picture(session, on, stamp)


def council_picture_for_unit(session: Session, on: date, unit_id: int, stamps: UnitStamps) -> CouncilPicture:
    """A picture whose figures for `unit_id` and the units below it are current (`stamps` read
    now): the newest kept picture (the council's or a unit's) that covers the unit and was computed
    when those units' stamps were the same, else the unit's own picture, worked out from its rows.
    A change to another team leaves this unit's picture standing."""
    kept = _kept(on, unit_id, stamps)
    return kept if kept is not None else _new_unit_picture(session, on, unit_id, stamps)


def _new_unit_picture(session: Session, on: date, unit_id: int, stamps: UnitStamps) -> CouncilPicture:
    """The unit's own picture at `stamps`, worked out once however many ask, and kept."""
    if wrote_in_transaction(session):
        return _compute(session, on, unit_id)
    return _unit_pictures.get(
        (unit_id, on, stamps.of(unit_id)), lambda _flight: _unit_picture(session, on, unit_id, stamps)
    )


def _kept(on: date, unit_id: int, stamps: UnitStamps) -> CouncilPicture | None:
    """The newest kept picture, the council's or a unit's, that covers `unit_id` on `on` and was
    computed when the stamps of the unit and the units below it were `stamps`'."""
    wanted = stamps.of(unit_id)
    for picture in (*_pictures.newest_first(), *_unit_pictures.newest_first()):
        if picture.on == on and picture.covers(unit_id) and picture.stamps is not None:
            if picture.stamps.of(unit_id) == wanted:
                return picture
    return None


def pictures_for_units(
    session: Session, on: date, unit_ids: Iterable[int], stamps: UnitStamps
) -> dict[int, CouncilPicture]:
    """A picture covering each unit (as `council_picture_for_unit`). When the units whose pictures
    must be worked out again span the whole council and none can be composed from kept pictures of
    the units below them (a list of every service, the first time), the council's picture is worked
    out once instead of each of theirs."""
    found = {u: _kept(on, u, stamps) for u in unit_ids}
    missing = [u for u, picture in found.items() if picture is None]
    composable = any(picture is not None for u in missing for picture in _kept_below(on, u, stamps).values())
    if missing and not composable and {s for u in missing for s in stamps.subtree(u)} >= stamps.versions.keys():
        council = load_council_picture(session, on)
        return {u: picture or council for u, picture in found.items()}
    return {u: picture or _new_unit_picture(session, on, u, stamps) for u, picture in found.items()}


def unit_picture(session: Session, on: date, unit_id: int) -> CouncilPicture:
    """The picture of `unit_id` and the units below it on `on` (see `council_picture_for_unit`)."""
    return council_picture_for_unit(session, on, unit_id, unit_stamps(session))


def _unit_picture(session: Session, on: date, unit_id: int, stamps: UnitStamps) -> CouncilPicture:
    """Worked out from the unit's rows, or, when a picture of a unit directly below it is kept at
    `stamps`, composed from the pictures of the units below it (kept, else worked out) and the
    unit's own rows: a service's picture after one team changed is that team's new picture (which
    its board has usually worked out already) beside the other teams' kept ones."""
    below = _kept_below(on, unit_id, stamps)
    if any(picture is not None for picture in below.values()):
        own = _detached(session, lambda own: _compute(own, on, unit_id, alone=True))
        parts = [picture or _new_unit_picture(session, on, u, stamps) for u, picture in below.items()]
        picture = composed(own, parts)
    else:
        picture = _detached(session, lambda own: _compute(own, on, unit_id))
    picture.stamps = stamps  # read before the rows: the rows are as new
    return picture


def _kept_below(on: date, unit_id: int, stamps: UnitStamps) -> dict[int, CouncilPicture | None]:
    """The kept own picture at `stamps` of each unit directly below `unit_id` (None: not kept)."""
    return {u: _unit_pictures.cached((u, on, stamps.of(u))) for u in stamps.below(unit_id)}


_SAME_IN_EVERY_PART = {"on", "settings", "units", "sub_units", "stamps"}


def composed(own: CouncilPicture, parts: list[CouncilPicture]) -> CouncilPicture:
    """The picture of a unit from its own rows' picture (`own`: `_compute(..., alone=True)`) and
    the pictures of the units directly below it, all worked out from the same data: their units
    are disjoint, so each worker's load and each pod's figures come from one part, and a family in
    two parts (held across units) was worked out from the same rows in both."""
    merged: dict[str, Any] = {}
    for f in fields(CouncilPicture):
        values = [getattr(p, f.name) for p in (own, *parts)]
        if f.name in _SAME_IN_EVERY_PART:
            merged[f.name] = values[0]  # the own rows' are the newest read
        elif isinstance(values[0], frozenset):
            merged[f.name] = frozenset().union(*values)
        else:
            merged[f.name] = {k: v for value in values for k, v in value.items()}
    return CouncilPicture(**merged)


def _next_picture(session: Session, on: date, stamp: tuple) -> CouncilPicture:
    lane = (stamp[0], on)
    with _lanes:
        running = _running.get(lane)
        flight = running[1] if running is not None and running[0] == stamp else _next.get(lane)
        owner = flight is None
        if flight is None:
            flight = _next[lane] = Future()
    if not owner:
        return flight.result()
    try:
        picture = _compute_next(session, on, lane, stamp, flight)
    except BaseException as exc:
        with _lanes:
            if _next.get(lane) is flight:
                del _next[lane]
            if _running.get(lane, (None, None))[1] is flight:
                del _running[lane]
        flight.set_exception(exc)
        raise
    flight.set_result(picture)
    return picture


def _compute_next(session: Session, on: date, lane: tuple, asked: tuple, flight: Future) -> CouncilPicture:
    while True:  # the next computation starts when the one under way ends
        with _lanes:
            running = _running.get(lane)
        if running is not None:
            _wait(running[1])
            continue
        stamps, stamp = unit_stamps(session), data_stamp(session)  # read before the rows: the rows are as new
        with _lanes:
            if lane not in _running:
                _running[lane] = (stamp, _next.pop(lane))
                break
    try:
        picture = _detached(session, lambda own: _compute(own, on))
        picture.stamps = stamps
        # as new as both the stamp the request read and the one read just before the rows
        _pictures.put({(asked, on), (stamp, on)}, picture)
    finally:
        with _lanes:
            _running.pop(lane, None)
    return picture


def _wait(flight: Future) -> None:
    try:
        flight.result()
    except Exception:  # noqa: BLE001 - its own requests got the error; the next computation tries anew
        pass


def _detached(session: Session, compute: Callable[[Session], CouncilPicture]) -> CouncilPicture:
    """Computed on the request's own connection (a request holds one connection, never two) in a
    separate identity map, so the rows it returns belong to no one's session."""
    with reading_alongside(session) as own:
        caseload = compute(own)
        own.expunge_all()
    return caseload


def key_families_pictures(
    session: Session, asked: Iterable[tuple[int, date]], known: CouncilPicture | None = None
) -> dict[tuple[int, date], CouncilPicture]:
    """For each (worker, date) asked, the state on that date of the families the worker has been key
    worker of by then, alone: who holds and covers each, their children and points (`families_of`,
    `uncovered`, `covered_by` of that worker are the council picture's; no other worker's figures
    are in it). Worked out from those families' rows, read once for every question, for questions
    about workers on dates the council's picture is not kept for (upcoming absences' first days).
    `known`, a picture that holds these workers' families on its own date, answers for every date
    on which nothing in their rows has changed since."""
    asked = sorted(set(asked))
    if not asked:
        return {}
    last, workers = max(on for _, on in asked), {worker for worker, _ in asked}
    since = min(on for _, on in asked) if known is None else min(known.on, *(on for _, on in asked))
    key_rows = session.execute(_KEY_ROWS, {"workers": sorted(workers), "last": last}).all()
    opened = {  # a family closed by the first day asked is nobody's then
        row.id: (row.received_on, row.closed_on)
        for row in session.execute(_OPENED, {"families": sorted({f for _, f, _ in key_rows}), "on": since})
    }
    allocations: dict[int, list] = defaultdict(list)
    for row in session.execute(_HISTORY, {"families": sorted(opened), "last": last}).mappings():
        allocations[row["family_id"]].append(row)
    started: dict[int, list[tuple[date, int]]] = defaultdict(list)  # worker -> (start, family) of their key rows
    for worker, family_id, starts_on in key_rows:
        if family_id in opened:
            started[worker].append((starts_on, family_id))
    changes = {  # worker -> the days their families' state may change on, in order
        worker: sorted(_change_days([opened[f] for f in mine], [row for f in mine for row in allocations[f]]))
        for worker, mine in ((w, {family for _, family in started[w]}) for w in workers)
    }
    same: dict[tuple[int, int], CouncilPicture] = {}  # (worker, days of change passed) -> the picture
    if known is not None:
        same.update({(worker, bisect_right(changes[worker], known.on)): known for worker in workers})
    periods = {(worker, on): (worker, bisect_right(changes[worker], on)) for worker, on in asked}
    to_work_out: dict[
        tuple[int, int], date
    ] = {}  # period -> its first day asked (nothing in the worker's families changes within it)
    for (_, on), period in periods.items():
        if period not in same:
            to_work_out.setdefault(period, on)
    same.update(_key_families_on(session, to_work_out, started, allocations))
    return {(worker, on): replace(same[period], on=on) for (worker, on), period in periods.items()}


def _key_families_on(
    session: Session,
    asked: dict[tuple[int, int], date],
    started: dict[int, list[tuple[date, int]]],
    allocations: dict[int, list],
) -> dict[tuple[int, int], CouncilPicture]:
    """For each (worker, period): the state of the worker's key families on the date given."""
    if not asked:
        return {}
    held = {period: sorted({f for starts, f in started[period[0]] if starts <= on}) for period, on in asked.items()}
    ids = {f for families in held.values() for f in families}
    _, settings = current_settings(session)
    families = {f.id: f for f in session.scalars(select(Family).where(col(Family.id).in_(ids)))}
    children: dict[int, list] = defaultdict(list)
    for row in session.execute(_CHILDREN, {"families": sorted(ids)}).mappings():
        children[row["family_id"]].append(row)
    found = {}
    for period, on in asked.items():
        mine = held[period]
        holding = holding_on(
            on,
            settings=settings,
            workers=(),
            families=[families[f] for f in mine],
            children=[row for f in mine for row in children[f]],
            allocations=[row for f in mine for row in allocations[f]],
        )
        found[period] = _with_rows(holding, families={f: families[f] for f in mine})
    return found


def _change_days(families: list[tuple[date, date | None]], allocations: list[Any]) -> list[date]:
    """The days from which the state of these families (received, closed) may differ from the day
    before's (the dates backend/holding.py compares the day with): one is received or closed, an
    allocation starts, or one ended the day before."""
    days = [day for dates in families for day in dates if day is not None]
    days += [row["starts_on"] for row in allocations]
    days += [row["ends_on"] + timedelta(days=1) for row in allocations if row["ends_on"] not in (None, date.max)]
    return days


def _compute(session: Session, on: date, unit_id: int | None = None, alone: bool = False) -> CouncilPicture:
    """The council's picture on `on`, or (`unit_id`) the picture of that unit and the units below it,
    or (`alone`) of that unit's own rows, a part of a composed picture (`composed`)."""
    _, settings = current_settings(session)
    units = {u.id: u for u in session.scalars(select(Unit))}
    sub_units: dict[int | None, list[int]] = {}
    for uid, unit in units.items():
        sub_units.setdefault(unit.parent_id, []).append(uid)
    if unit_id is None:
        scope = None
    else:
        scope = frozenset([unit_id] if alone else units_in_scope(units.values(), [unit_id]))
    read = _UNIT_ROWS if scope is not None else _COUNCIL_ROWS
    given = {"on": on, **({"scope": sorted(scope)} if scope is not None else {})}
    workers = {w.id: w for w in session.scalars(read.workers, given)}
    families = {f.id: f for f in session.scalars(read.families, given)}
    holding = holding_on(
        on,
        settings=settings,
        workers=workers.values(),
        families=families.values(),
        children=session.execute(read.children, given).mappings(),
        allocations=session.execute(read.allocations, given).mappings(),
        absences=session.execute(read.absences, given).mappings(),
        reductions=session.scalars(read.reductions, given),
        units=units.values(),
    )
    if scope is not None:
        _keep_scope(holding, scope, {w.id for w in workers.values() if w.unit_id in scope})
    return _with_rows(holding, units=units, workers=workers, families=families, sub_units=sub_units, scope=scope)


@dataclass(frozen=True)
class _Reads:
    """The statements a picture's rows are read with, given `on` and (a unit's) `scope`."""

    workers: Select
    families: Select
    children: Select
    allocations: Select
    absences: Select
    reductions: Select


def _reads(family_ids: Any, worker_ids: Any) -> _Reads:
    """Reads limited by conditions on a family id column (`family_ids(column)`) and a worker id column."""
    on = bindparam("on", type_=Date)
    return _Reads(
        workers=select(Worker).where(worker_ids(col(Worker.id))),
        families=select(Family).where(not_closed(on), family_ids(col(Family.id))),
        children=select(col(Child.family_id), col(Child.status)).where(family_ids(col(Child.family_id))),
        allocations=select(*HISTORY_COLUMNS).where(
            col(Allocation.starts_on) <= on, family_ids(col(Allocation.family_id))
        ),
        absences=select(
            col(Absence.id), col(Absence.worker_id), col(Absence.kind), col(Absence.start_date), col(Absence.end_date)
        ).where(col(Absence.end_date) >= on, worker_ids(col(Absence.worker_id))),
        reductions=select(CapacityReduction).where(worker_ids(col(CapacityReduction.worker_id))),
    )


def not_closed(on: Any) -> ColumnElement[bool]:
    """Families not closed by `on` (open, or still to be received)."""
    return or_(col(Family.closed_on).is_(None), col(Family.closed_on) > on)


def _unit_reads() -> _Reads:
    """A unit's rows (`scope`: the unit and the units below it): the families of those units and the
    families their workers or pods hold, cover or co-work on the date (so their workers' loads are
    whole), their workers, and the workers named on those families' allocations (for their names)."""
    on, scope = bindparam("on", type_=Date), bindparam("scope", type_=Integer, expanding=True)
    held = select(col(Allocation.family_id)).where(
        or_(
            col(Allocation.worker_id).in_(select(col(Worker.id)).where(col(Worker.unit_id).in_(scope))),
            col(Allocation.pod_id).in_(scope),
        ),
        col(Allocation.starts_on) <= on,
        or_(col(Allocation.ends_on).is_(None), col(Allocation.ends_on) >= on),
    )
    families = select(col(Family.id)).where(
        not_closed(on), or_(col(Family.unit_id).in_(scope), col(Family.id).in_(held))
    )
    named = select(col(Allocation.worker_id)).where(col(Allocation.family_id).in_(families))
    workers = select(col(Worker.id)).where(or_(col(Worker.unit_id).in_(scope), col(Worker.id).in_(named)))
    return _reads(lambda column: column.in_(families), lambda column: column.in_(workers))


# Built once: SQLAlchemy then compiles each statement once and reuses it (the values are parameters).
_COUNCIL_ROWS = _reads(lambda _column: true(), lambda _column: true())  # every worker, every family not closed
_UNIT_ROWS = _unit_reads()

# The reads of `key_families_pictures`, built once (SQLAlchemy compiles each once): an absence list
# asks them every time a board is worked out again.
_FAMILIES, _LAST = bindparam("families", type_=Integer, expanding=True), bindparam("last", type_=Date)
_KEY_ROWS = select(col(Allocation.worker_id), col(Allocation.family_id), col(Allocation.starts_on)).where(
    col(Allocation.worker_id).in_(bindparam("workers", type_=Integer, expanding=True)),
    col(Allocation.kind) == "key",
    col(Allocation.starts_on) <= _LAST,
)
_OPENED = select(col(Family.id), col(Family.received_on), col(Family.closed_on)).where(
    col(Family.id).in_(_FAMILIES), not_closed(bindparam("on", type_=Date))
)
_HISTORY = select(*HISTORY_COLUMNS).where(col(Allocation.family_id).in_(_FAMILIES), col(Allocation.starts_on) <= _LAST)
_CHILDREN = select(col(Child.family_id), col(Child.status)).where(col(Child.family_id).in_(_FAMILIES))


def _keep_scope(holding: Holding, scope: frozenset[int], workers_here: set[int]) -> None:
    """A unit's picture keeps the loads of its own workers and its own pods alone: a worker from
    elsewhere is in it for their name, and carries more families than it holds."""
    holding.load = {w: load for w, load in holding.load.items() if w in workers_here}
    holding.pods = {p: pod for p, pod in holding.pods.items() if p in scope}
    holding.pod_of = {w: p for w, p in holding.pod_of.items() if p in scope}


def _with_rows(holding: Holding, **rows: Any) -> CouncilPicture:
    """The state on a date with the rows it was worked out from."""
    return CouncilPicture(**{f.name: getattr(holding, f.name) for f in fields(Holding)}, **rows)
