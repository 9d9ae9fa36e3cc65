"""Can this pod still hold its families? The one rule for pods that hold families, used by N-1/N-2
(``contingency.py``) and by the collapse-risk Monte Carlo (``collapse.py``).

A pod holds its families as a pod (docs/design.md §2): losing a member takes their capacity from
the whole pod, and losing its last consultant leaves every family of the pod without its
accountable holder. After the loss of some people:

- **capacity**: the pod's load must stay within the surge limit of its remaining members'
  capacity (its families are the pod's: they are not split off one by one);
- **accountability**: with no consultant of the pod left, the pod's children need another
  accountable consultant: a consultant of another holding pod of the team (any holding pod, when
  ``cross_unit``) whose children stay within ``consultant_children_limit`` x its consultants left.
  Pods needing a host are served largest first, each by the host with the most room; without a
  limit any host with a consultant left will do.

A pod the loss does not touch keeps its families as they are (a pod already above its limits is
reported by the exposure figures, as a worker above the surge limit is).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PodHolding:
    """A holding pod as the rule sees it, on ``as_of``."""

    id: str
    position: int  # the pod, as one holder, in its scope's workers (-1: outside the scope)
    load: int  # points x100 it holds
    members: tuple[tuple[str, int], ...]  # present members: (worker id, capacity points x100)
    consultants: tuple[str, ...]  # present consultants
    children: int  # children of its families: its consultants are accountable for them
    families: int
    team: str | None
    limit: float | None  # consultant_children_limit (per consultant)
    surge_pct: int = 115

    @property
    def capacity(self) -> int:
        return sum(cap for _, cap in self.members)

    def capacity_left(self, lost: frozenset[str]) -> int:
        return sum(cap for worker, cap in self.members if worker not in lost)

    def consultants_left(self, lost: frozenset[str]) -> int:
        return sum(1 for c in self.consultants if c not in lost)

    def room(self, lost: frozenset[str]) -> int | None:
        """Children its remaining consultants may still take on (None: no limit)."""
        if self.limit is None:
            return None
        return int(self.limit * self.consultants_left(lost) + 1e-9) - self.children


@dataclass(frozen=True)
class PodVerdict:
    holds: bool
    capacity_left: dict[str, int]  # pod -> its remaining present members' capacity
    reason: str | None = None
    unaccountable: tuple[str, ...] = ()  # pods left without an accountable consultant


def _off(lost: frozenset[str], pod: PodHolding) -> str:
    mine = sorted(w for w, _ in pod.members if w in lost) or sorted(lost)
    return " and ".join(mine) + (" is" if len(mine) == 1 else " are")


def pods_hold(
    pods: tuple[PodHolding, ...],
    hosts: dict[str, tuple[PodHolding, ...]],
    lost: frozenset[str],
    loads: dict[str, int] | None = None,
) -> PodVerdict:
    """Whether every pod the loss of ``lost`` touches can still hold its families; ``hosts``:
    pod -> the other holding pods that may take on its accountability; ``loads``: pod -> its load
    when not ``as_of``'s (the forecast's)."""
    left = {p.id: p.capacity_left(lost) for p in pods}
    touched = [p for p in pods if any(w in lost for w, _ in p.members)]
    for pod in touched:
        load = pod.load if loads is None else loads[pod.id]
        if load * 100 > left[pod.id] * pod.surge_pct:
            share = f"{round(100 * load / left[pod.id])}%" if left[pod.id] else "no capacity"
            return PodVerdict(
                False,
                left,
                f"if {_off(lost, pod)} off, {pod.id}'s {pod.families} families are at {share} of its members' capacity",
            )
    needing = sorted(
        (p for p in pods if p.families and not p.consultants_left(lost)), key=lambda p: (-p.children, p.id)
    )
    taken: dict[str, int] = {}
    for pod in needing:
        found = []  # (no limit, room) per host with a consultant left and room for the children
        for host in sorted(hosts.get(pod.id, ()), key=lambda h: h.id):
            room = host.room(lost)
            if not host.consultants_left(lost):
                continue
            if room is not None and room - taken.get(host.id, 0) < pod.children:
                continue
            found.append(((room is None, 0 if room is None else room - taken.get(host.id, 0)), host))
        if not found:
            who = f"if {_off(lost, pod)} off" if pod in touched else f"with no consultant of {pod.id} at work"
            return PodVerdict(
                False,
                left,
                f"{who}, {pod.id}'s {pod.families} families need another accountable worker: none has room",
                (pod.id,),
            )
        host = max(found, key=lambda item: item[0])[1]
        taken[host.id] = taken.get(host.id, 0) + pod.children
    return PodVerdict(True, left)


def hosts_of(pods: tuple[PodHolding, ...], cross_unit: bool) -> dict[str, tuple[PodHolding, ...]]:
    """Pod -> the other holding pods that may take on its accountability: its team's, then (with
    ``cross_unit``) every other."""
    found = {}
    for pod in pods:
        same = [p for p in pods if p.id != pod.id and p.team == pod.team]
        other = [p for p in pods if p.id != pod.id and p.team != pod.team] if cross_unit else []
        found[pod.id] = tuple(same + other)
    return found
