"""Who holds what on a date: the one rule every page, export, plan snapshot and forecast uses.

Pure (no database, no clock): rows in, state out. Rows are model instances or plain dicts with the
models' attribute names, so a script or another service can call it with whatever it has read.

On a date `on`:
- a family is *open* when it has been received (`received_on <= on`) and is not closed
  (`closed_on` is None or after `on`);
- its key worker, cover worker and co-worker are the workers of the latest allocation row of each
  kind that has started by `on` and has not ended (rows are append-only; None un-allocates);
- a worker is *employed* from their start date to their leaving date (their last working day),
  and a *case holder* when employed and not a team manager; a worker who is not employed has no
  capacity;
- a worker is *away* while an absence runs on `on` (absences that join on to it extend it);
  *present* = employed and not away;
- a family's points are *carried* by its cover worker while cover lasts, else by its key worker
  (docs/design.md §2: the covering worker carries the points, the key worker is unchanged);
- a worker's load is the points they carry, their band the load against their own capacity;
- a pod is a *holder* when its team allocates to pods (`Unit.allocates_to`) or it holds a family;
  its key allocations name the pod (`pod_id`), not a worker. Its members are the case holders
  employed whose unit is the pod; its load is the points of its families plus those its members
  carry individually, its capacity the capacity of its present members; each present member's load
  is their share (pod load x their capacity / the pod's capacity), an away member's share is 0.
  Its consultants are accountable for every child of its families (`PodLoad.children`, against
  `consultant_children_limit` for each consultant present);
- a unit's load is the points its workers carry, against the capacity of its case holders present
  on the date (`load_ratio`) and, beside it, of every case holder employed (`establishment_ratio`).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from backend.workload import WorkloadSettings, band, family_points, row_value, worker_capacity

RECENTLY_MOVED_DAYS = 90
KINDS = ("key", "cover", "co_work")


def value(row: Any, name: str) -> Any:
    """A column of a row (model instance or dict); enum members as their string."""
    found = row_value(row, name)
    return getattr(found, "value", found)


def is_open(family: Any, on: date) -> bool:
    """Received by `on` and not closed by then."""
    closed = value(family, "closed_on")
    return value(family, "received_on") <= on and (closed is None or closed > on)


def is_employed(worker: Any, on: date) -> bool:
    """Started by `on` and not yet gone (the leaving date is the last working day)."""
    leaving = value(worker, "leaving_date")
    return value(worker, "start_date") <= on and (leaving is None or leaving >= on)


def is_case_holder(worker: Any) -> bool:
    """Team managers hold no cases."""
    return value(worker, "role") != "team_manager"


def allocation_history(allocations: Iterable[Any], on: date) -> dict[int, list[Any]]:
    """Family id -> its allocation rows that started by `on`, oldest first (by start, then id)."""
    history = defaultdict(list)
    for row in allocations:
        if value(row, "starts_on") <= on:
            history[value(row, "family_id")].append(row)
    for rows in history.values():
        rows.sort(key=lambda r: (value(r, "starts_on"), value(r, "id") or 0))
    return history


def current_row(rows: list[Any], kind: str, on: date) -> Any | None:
    """The latest row of this kind if it names a holder (a worker or a pod) and has not ended by `on`."""
    latest = next((r for r in reversed(rows) if value(r, "kind") == kind), None)
    if latest is None or (value(latest, "worker_id") is None and _optional(latest, "pod_id") is None):
        return None
    if value(latest, "ends_on") is not None and value(latest, "ends_on") < on:
        return None
    return latest


def current_worker(rows: list[Any], kind: str, on: date) -> int | None:
    """The worker of the latest row of this kind (None if none, unallocated, or its end passed)."""
    row = current_row(rows, kind, on)
    return None if row is None else value(row, "worker_id")


def current_pod(rows: list[Any], on: date) -> int | None:
    """The pod holding the family (its latest key row names a pod), else None."""
    row = current_row(rows, "key", on)
    return None if row is None else _optional(row, "pod_id")


def holder_of(row: Any) -> tuple[str, int] | None:
    """("worker", id) or ("pod", id) of an allocation row; None when it un-allocates."""
    if value(row, "worker_id") is not None:
        return "worker", value(row, "worker_id")
    pod = _optional(row, "pod_id")
    return ("pod", pod) if pod is not None else None


def recently_moved(rows: list[Any], on: date, days: int = RECENTLY_MOVED_DAYS) -> bool:
    """The key worker changed from one worker to another within the last `days` days."""
    key_rows = [r for r in rows if value(r, "kind") == "key"]
    if len(key_rows) < 2 or holder_of(key_rows[-1]) is None:
        return False
    earlier = {holder_of(r) for r in key_rows[:-1]} - {None, holder_of(key_rows[-1])}
    return bool(earlier) and (on - value(key_rows[-1], "starts_on")).days < days


def running_absence(absences: Iterable[Any], on: date) -> tuple[Any, date] | None:
    """The absence running on `on` and the last day away, following absences that join on to it."""
    running: Any = None
    end: date | None = None
    for row in sorted(absences, key=lambda a: value(a, "start_date")):
        start = value(row, "start_date")
        joins_on = (end + timedelta(days=1) if end < date.max else end) if end else on  # 9999-12-31 has no next day
        if start <= joins_on and value(row, "end_date") >= (end or on):
            running = running or row
            end = value(row, "end_date")
    return (running, end) if running is not None and end is not None else None


def overlapping(spells: Iterable[tuple[date, date]], start: date, end: date) -> tuple[date, date] | None:
    """The first (first day, last day) spell that shares a day with start..end: absences of one
    worker never overlap (joining on the next day is fine)."""
    return next((s for s in sorted(spells) if s[0] <= end and s[1] >= start), None)


def absent_until(absences: Iterable[Any], on: date) -> date | None:
    """Last day of the absence running on `on`, following absences that join on to it."""
    found = running_absence(absences, on)
    return found[1] if found else None


def units_in_scope(units: Iterable[Any], unit_ids: Iterable[int] | None) -> set[int]:
    """Unit ids in scope: the given units and everything below them (all units if none given)."""
    units = list(units)
    if unit_ids is None:
        return {value(u, "id") for u in units}
    children = defaultdict(list)
    for unit in units:
        children[value(unit, "parent_id")].append(value(unit, "id"))
    scope, todo = set(), list(unit_ids)
    while todo:
        unit_id = todo.pop()
        if unit_id not in scope:
            scope.add(unit_id)
            todo += children[unit_id]
    return scope


@dataclass(frozen=True)
class Away:
    """An absence running on the date: its row id, kind and the last day away (joined absences)."""

    absence_id: int | None
    kind: str
    until: date


@dataclass(frozen=True)
class UnitLoad:
    """A unit's load on a date against present capacity and against the whole establishment."""

    case_holders: int
    present: int
    load: float
    capacity: float  # of the case holders present on the date
    establishment: float  # of every case holder employed on the date
    load_ratio: float | None
    establishment_ratio: float | None


@dataclass(frozen=True)
class PodLoad:
    """A pod that holds families, on the date: its members share its load (see the module's note)."""

    pod_id: int
    members: tuple[int, ...]  # case holders employed whose unit is the pod
    present: tuple[int, ...]  # members at work on the date
    consultants: tuple[int, ...]  # present members whose role is consultant: the accountable holders
    families: tuple[int, ...]  # open families the pod holds
    load: float  # points of its families plus those its members carry individually
    capacity: float  # of its present members
    establishment: float  # of all its members
    children: int  # children of its families: what its consultants are accountable for
    children_limit: float | None  # consultant_children_limit x present consultants (None: no limit)

    @property
    def load_ratio(self) -> float | None:
        return round(self.load / self.capacity, 4) if self.capacity > 0 else None

    @property
    def over_children_limit(self) -> bool:
        return self.children_limit is not None and self.children > self.children_limit


Presence = Literal["present", "away", "not_started", "left"]


@dataclass
class Holding:
    """The state on a date (see the module's note for the rules). Ids are the rows' ids."""

    on: date
    settings: WorkloadSettings
    open_families: frozenset[int]
    statuses: dict[int, list[str]]
    points: dict[int, float]  # every family given, open or not
    key_worker: dict[int, int | None]  # open families
    key_since: dict[int, date] = field(default_factory=dict)  # the day the key allocation started
    cover_worker: dict[int, int] = field(default_factory=dict)  # open families under cover
    cover_until: dict[int, date | None] = field(default_factory=dict)
    co_worker: dict[int, int] = field(default_factory=dict)
    employed: frozenset[int] = frozenset()
    case_holders: frozenset[int] = frozenset()  # employed, not team managers
    away: dict[int, Away] = field(default_factory=dict)
    capacity: dict[int, float] = field(default_factory=dict)  # 0 for a worker not employed
    load: dict[int, float] = field(default_factory=dict)  # a pod member's is their share of the pod's
    key_pod: dict[int, int] = field(default_factory=dict)  # open families held by a pod
    pods: dict[int, PodLoad] = field(default_factory=dict)  # pods that hold families
    pod_of: dict[int, int] = field(default_factory=dict)  # member (worker id) -> the holding pod

    def carrier(self, family_id: int) -> int | None:
        """Who carries the family's points: the cover worker while cover lasts, else the key worker."""
        return self.cover_worker.get(family_id) or self.key_worker.get(family_id)

    def is_present(self, worker_id: int) -> bool:
        return worker_id in self.employed and worker_id not in self.away

    def presence(self, worker: Any) -> Presence:
        """`present`, `away`, `not_started` or `left` on the date."""
        worker_id = value(worker, "id")
        if worker_id not in self.employed:
            return "not_started" if value(worker, "start_date") > self.on else "left"
        return "away" if worker_id in self.away else "present"

    def band(self, worker_id: int) -> str:
        return band(self.load[worker_id], self.capacity[worker_id], self.settings)

    def ratio(self, worker_id: int) -> float | None:
        capacity = self.capacity[worker_id]
        return round(self.load[worker_id] / capacity, 4) if capacity > 0 else None

    def families_of(self, worker_id: int) -> list[int]:
        """Open families whose key worker this is."""
        return sorted(f for f, w in self.key_worker.items() if w == worker_id)

    def covered_by(self, worker_id: int) -> list[int]:
        """Open families this worker covers for an absent key worker."""
        return sorted(f for f, w in self.cover_worker.items() if w == worker_id)

    def carried_by(self, worker_id: int) -> list[int]:
        """Open families whose points this worker carries (their own, less covered ones, plus cover)."""
        return sorted(f for f in self.key_worker if self.carrier(f) == worker_id)

    def is_unallocated(self, family_id: int) -> bool:
        """An open family held by no worker and no pod."""
        return self.key_worker.get(family_id) is None and family_id not in self.key_pod

    def unallocated(self) -> list[int]:
        return sorted(f for f in self.key_worker if self.is_unallocated(f))

    def holding_pod(self, worker_id: int) -> PodLoad | None:
        """The pod that holds families this worker is a member of (None outside one)."""
        pod_id = self.pod_of.get(worker_id)
        return self.pods.get(pod_id) if pod_id is not None else None

    def pod_families(self, worker_id: int) -> list[int]:
        """Open families held by the pod this worker is a member of (none outside a holding pod)."""
        pod = self.holding_pod(worker_id)
        return list(pod.families) if pod else []

    def children_of(self, family_ids: Iterable[int]) -> int:
        return sum(len(self.statuses.get(f, [])) for f in family_ids)

    def uncovered(self, worker_id: int) -> list[int]:
        """Open families of an away key worker that have no cover."""
        return [f for f in self.families_of(worker_id) if f not in self.cover_worker]

    def unit_load(self, worker_ids: Iterable[int], pod_ids: Iterable[int] = ()) -> UnitLoad:
        """The points these workers carry (a leaver's families are still the unit's work) against
        the capacity of their case holders present on the date, and of all their case holders.
        `pod_ids`: the holding pods in the unit; one with nobody present carries its load itself."""
        worker_ids = list(worker_ids)
        holders = [w for w in worker_ids if w in self.case_holders]
        present = [w for w in holders if w not in self.away]
        load = sum(self.load.get(w, 0.0) for w in worker_ids)
        # A pod with nobody present has no one to share its load with: it is still the unit's work.
        load += sum(self.pods[p].load for p in set(pod_ids) if p in self.pods and not self.pods[p].present)
        capacity = sum(self.capacity[w] for w in present)
        establishment = sum(self.capacity[w] for w in holders)
        return UnitLoad(
            case_holders=len(holders),
            present=len(present),
            load=round(load, 2),
            capacity=round(capacity, 2),
            establishment=round(establishment, 2),
            load_ratio=round(load / capacity, 4) if capacity else None,
            establishment_ratio=round(load / establishment, 4) if establishment else None,
        )


def _grouped(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[value(row, key)].append(row)
    return grouped


def holding_on(
    on: date,
    *,
    settings: WorkloadSettings,
    workers: Iterable[Any],
    families: Iterable[Any],
    children: Iterable[Any],
    allocations: Iterable[Any],
    absences: Iterable[Any] = (),
    reductions: Iterable[Any] = (),
    units: Iterable[Any] = (),
) -> Holding:
    """The state on `on` of these rows (see the module's note). Families given but not open are
    weighed (points) but hold nobody; allocations and absences of other rows are ignored. `units`
    (id, kind, parent_id, allocates_to) say which pods hold families; without them only pods named
    by an allocation do."""
    workers, families = list(workers), list(families)
    statuses: dict[int, list[str]] = defaultdict(list)
    family_ids = {value(f, "id") for f in families}
    for child in children:
        if value(child, "family_id") in family_ids:
            statuses[value(child, "family_id")].append(value(child, "status"))
    points = {
        value(f, "id"): family_points(statuses[value(f, "id")], value(f, "flags"), value(f, "travel_band"), settings)
        for f in families
    }
    open_ids = frozenset(value(f, "id") for f in families if is_open(f, on))
    history = allocation_history(allocations, on)
    key_worker, key_since, cover_worker, cover_until, co_worker, key_pod = {}, {}, {}, {}, {}, {}
    for family_id in open_ids:
        rows = history.get(family_id, [])
        key_worker[family_id] = current_worker(rows, "key", on)
        pod = current_pod(rows, on)
        if pod is not None:
            key_pod[family_id] = pod
            key_since[family_id] = value(next(r for r in reversed(rows) if value(r, "kind") == "key"), "starts_on")
        elif key_worker[family_id] is not None:
            key_since[family_id] = value(next(r for r in reversed(rows) if value(r, "kind") == "key"), "starts_on")
            cover = current_row(rows, "cover", on)
            if cover is not None:
                cover_worker[family_id] = value(cover, "worker_id")
                cover_until[family_id] = value(cover, "ends_on")
        co = current_worker(rows, "co_work", on)
        if co is not None:
            co_worker[family_id] = co

    employed = frozenset(value(w, "id") for w in workers if is_employed(w, on))
    reductions_of, absences_of = _grouped(reductions, "worker_id"), _grouped(absences, "worker_id")
    away = {}
    for worker_id in employed:
        found = running_absence(absences_of.get(worker_id, []), on)
        if found:
            row, until = found
            away[worker_id] = Away(_optional(row, "id"), _optional(row, "kind") or "other", until)
    capacity = {
        value(w, "id"): worker_capacity(
            value(w, "role"),
            value(w, "fte"),
            value(w, "start_date"),
            on,
            reductions_of.get(value(w, "id"), []),
            settings,
        )
        if value(w, "id") in employed
        else 0.0
        for w in workers
    }
    worker_by_id = {value(w, "id"): w for w in workers}
    holding = Holding(
        on=on,
        settings=settings,
        open_families=open_ids,
        statuses=dict(statuses),
        points=points,
        key_worker=key_worker,
        key_since=key_since,
        cover_worker=cover_worker,
        cover_until=cover_until,
        co_worker=co_worker,
        employed=employed,
        case_holders=frozenset(w for w in employed if is_case_holder(worker_by_id[w])),
        away=away,
        capacity=capacity,
        load={value(w, "id"): 0.0 for w in workers},
        key_pod=key_pod,
    )
    for family_id in open_ids:
        carrier = holding.carrier(family_id)
        if carrier in holding.load:
            holding.load[carrier] += points[family_id]
    _share_pod_loads(holding, holding_pods(units, key_pod.values()), workers, settings)
    return holding


def holding_pods(units: Iterable[Any], held_by_pods: Iterable[int] = ()) -> set[int]:
    """Pods that hold families: the pods of teams that allocate to pods, and any pod holding one."""
    units = list(units)
    pods_teams = {value(u, "id") for u in units if _optional(u, "allocates_to") == "pods"}
    return {value(u, "id") for u in units if value(u, "kind") == "pod" and value(u, "parent_id") in pods_teams} | set(
        held_by_pods
    )


def _share_pod_loads(holding: Holding, pod_ids: set[int], workers: list[Any], settings: WorkloadSettings) -> None:
    """Each holding pod's load, capacity and accountable children; its members' loads become their shares."""
    members = defaultdict(list)
    for worker in workers:
        worker_id = value(worker, "id")
        if value(worker, "unit_id") in pod_ids and worker_id in holding.case_holders:
            members[value(worker, "unit_id")].append(worker)
    families = defaultdict(list)
    for family_id, pod_id in holding.key_pod.items():
        families[pod_id].append(family_id)
    limit = settings.consultant_children_limit
    for pod_id in sorted(pod_ids):
        ids = tuple(sorted(value(w, "id") for w in members[pod_id]))
        present = tuple(w for w in ids if w not in holding.away)
        consultants = tuple(
            value(w, "id") for w in members[pod_id] if value(w, "role") == "consultant" and value(w, "id") in present
        )
        held = tuple(sorted(families[pod_id]))
        load = sum(holding.points[f] for f in held) + sum(holding.load[w] for w in ids)
        capacity = sum(holding.capacity[w] for w in present)
        holding.pods[pod_id] = PodLoad(
            pod_id=pod_id,
            members=ids,
            present=present,
            consultants=tuple(sorted(consultants)),
            families=held,
            load=round(load, 2),
            capacity=round(capacity, 2),
            establishment=round(sum(holding.capacity[w] for w in ids), 2),
            children=holding.children_of(held),
            children_limit=None if limit is None else limit * len(consultants),
        )
        for worker_id in ids:
            holding.pod_of[worker_id] = pod_id
            share = load * holding.capacity[worker_id] / capacity if capacity > 0 and worker_id in present else 0.0
            holding.load[worker_id] = share


def _optional(row: Any, name: str) -> Any:
    """A column a plain-dict row may leave out (an absence's id or kind)."""
    found = row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)
    return getattr(found, "value", found)
