"""A unit's people and work as plain arrays, indexed by worker position in the unit.

A unit holds the workers whose unit is it or a unit inside it (a team holds its pods' workers), and
the families those workers hold plus the unit's unallocated families. A worker's load counts every
family they hold, whatever its unit. Eligibility to *take* a family is worked out once per family:
the family's required skills, and ASYE / family support never sole lead on child protection or
court work (unless the family has a qualified co-worker). Sets of workers are bit masks.

On ``as_of`` a worker is *present* when available, not absent (``absent_until`` before ``as_of``)
and not gone (``leaving_on`` on or after ``as_of``); a worker who is not present is already lost.
A worker may *receive* families when present, not leaving and with capacity above zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from optimizer.pods import holders_view, holding_pods, present
from optimizer.resilience.pod_rule import PodHolding, hosts_of
from optimizer.rules import needs_qualified_lead, qualified_for
from optimizer.types import Family, Snapshot, Unit, Worker


@lru_cache(maxsize=1 << 16)
def bits(mask: int) -> tuple[int, ...]:
    """The positions set in ``mask``, lowest first."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return tuple(found)


def present_on(worker: Worker, day: date) -> bool:
    return present(worker, day, day)


@dataclass(frozen=True)
class Scope:
    unit: Unit
    workers: tuple[Worker, ...]
    cap: tuple[int, ...]  # case capacity, points x100
    surge: tuple[int, ...]  # the surge limit in points x100
    load: tuple[int, ...]  # points x100 held now
    present: int  # mask of workers present on as_of
    receive: int  # mask of workers who may take families
    left: int  # mask of workers who left before as_of
    families: tuple[Family, ...]  # allocated to the unit's workers, then the unit's unallocated
    holder: tuple[int, ...]  # worker position per family, -1 for unallocated
    eligible: tuple[int, ...]  # mask of workers allowed to take each family
    held: tuple[tuple[int, ...], ...]  # family positions per worker, largest first
    # Pods that hold families (``pod_rule.py``): each is one holder among ``workers``; its members
    # follow as workers of capacity 0 (they can be lost, never receive). ``hosts``: pod -> the
    # holding pods that may take on its accountability (inside the scope or not).
    pods: tuple[PodHolding, ...] = ()
    hosts: dict[str, tuple[PodHolding, ...]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.workers)

    @property
    def pod_mask(self) -> int:
        """The positions of the pods (as holders): never lost, never sick."""
        return sum(1 << p.position for p in self.pods)

    def moving(self, lost: int) -> list[tuple[int, int, bool]]:
        """(points, eligible mask, statutory) of every family held by a worker in ``lost``."""
        return [
            (self.families[f].points, self.eligible[f], self.families[f].statutory)
            for w in bits(lost)
            for f in self.held[w]
        ]

    def unallocated(self) -> list[int]:
        return [f for f, h in enumerate(self.holder) if h < 0]

    def index(self, worker_id: str) -> int:
        return next(i for i, w in enumerate(self.workers) if w.id == worker_id)


def descendants(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """Each unit with every unit inside it (itself included)."""
    children: dict[str | None, list[str]] = {}
    for unit in snapshot.units:
        children.setdefault(unit.parent, []).append(unit.id)
    found: dict[str, frozenset[str]] = {}

    def collect(unit_id: str) -> frozenset[str]:
        if unit_id not in found:
            inner = {unit_id}
            for child in children.get(unit_id, ()):
                inner |= collect(child)
            found[unit_id] = frozenset(inner)
        return found[unit_id]

    for unit in snapshot.units:
        collect(unit.id)
    return found


def loads(snapshot: Snapshot) -> dict[str, int]:
    held: dict[str, int] = {w.id: 0 for w in snapshot.workers}
    for family in snapshot.families:
        if family.worker is not None:
            held[family.worker] += family.points
    return held


def build_scope(
    snapshot: Snapshot, unit: Unit, inside: frozenset[str], load_of: dict[str, int], by_id: dict[str, Worker]
) -> Scope:
    workers = tuple(w for w in snapshot.workers if w.unit in inside)
    position = {w.id: i for i, w in enumerate(workers)}
    families = [f for f in snapshot.families if f.worker in position]
    families += [f for f in snapshot.families if f.worker is None and f.unit in inside]
    pct = snapshot.settings.surge_limit_pct
    present = receive = left = 0
    for i, w in enumerate(workers):
        if w.leaving_on is not None and w.leaving_on < snapshot.as_of:
            left |= 1 << i
        if present_on(w, snapshot.as_of):
            present |= 1 << i
            if w.leaving_on is None and w.capacity > 0:
                receive |= 1 << i
    masks: dict[tuple[frozenset[str], bool, str | None], int] = {}
    eligible = []
    for family in families:
        key = (family.requires, needs_qualified_lead(family), family.co_worker)
        if key not in masks:
            masks[key] = sum(1 << i for i, w in enumerate(workers) if qualified_for(family, w, by_id))
        eligible.append(masks[key])
    holder = tuple(position.get(f.worker, -1) if f.worker else -1 for f in families)
    held: list[list[int]] = [[] for _ in workers]
    for f, h in enumerate(holder):
        if h >= 0:
            held[h].append(f)
    return Scope(
        unit=unit,
        workers=workers,
        cap=tuple(w.capacity for w in workers),
        surge=tuple(w.capacity * pct // 100 for w in workers),
        load=tuple(load_of[w.id] for w in workers),
        present=present,
        receive=receive,
        left=left,
        families=tuple(families),
        holder=holder,
        eligible=tuple(eligible),
        held=tuple(tuple(sorted(h, key=lambda f: -families[f].points)) for h in held),
    )


def resilience_view(snapshot: Snapshot) -> tuple[Snapshot, tuple[PodHolding, ...]]:
    """The snapshot with each pod that holds families as one holder (``optimizer/pods.py``), its
    members kept as workers of capacity 0 and no skills (their capacity and skills are the pod's),
    and the pods as the rule of ``pod_rule.py`` sees them. A snapshot without such pods is kept."""
    pods = holding_pods(snapshot, snapshot.as_of)
    if not pods:
        return snapshot, ()
    view = holders_view(snapshot, pods)
    kept = {w.id for w in view.workers}
    members = tuple(
        replace(w, capacity=0, skills=frozenset()) for w in snapshot.workers if w.unit in pods and w.id not in kept
    )
    view = replace(view, workers=view.workers + members)
    capacity = {w.id: w.capacity for w in snapshot.workers}
    holdings = []
    for pod in sorted(pods.values(), key=lambda p: p.id):
        mine = [f for f in view.families if f.worker == pod.id]
        holdings.append(
            PodHolding(
                id=pod.id,
                position=-1,
                load=sum(f.points for f in mine),
                members=tuple((m, capacity[m]) for m in pod.present),
                consultants=pod.consultants,
                children=sum(f.children for f in mine),
                families=len(mine),
                team=pod.team,
                limit=snapshot.settings.consultant_children_limit,
                surge_pct=snapshot.settings.surge_limit_pct,
            )
        )
    return view, tuple(holdings)


def with_pods(scope: Scope, holdings: tuple[PodHolding, ...], hosts: dict[str, tuple[PodHolding, ...]]) -> Scope:
    position = {w.id: i for i, w in enumerate(scope.workers)}
    mine = tuple(replace(p, position=position[p.id]) for p in holdings if p.id in position)
    return replace(scope, pods=mine, hosts=hosts) if mine else scope


def scopes(snapshot: Snapshot, holdings: tuple[PodHolding, ...] = ()) -> list[Scope]:
    """One scope per team and pod, in the snapshot's order (services aggregate their teams);
    ``snapshot`` and ``holdings`` as ``resilience_view`` gives them when pods hold families."""
    inside = descendants(snapshot)
    load_of = loads(snapshot)
    by_id = {w.id: w for w in snapshot.workers}
    hosts = hosts_of(holdings, snapshot.settings.cross_unit)
    return [
        with_pods(build_scope(snapshot, u, inside[u.id], load_of, by_id), holdings, hosts)
        for u in snapshot.units
        if u.kind != "service"
    ]
