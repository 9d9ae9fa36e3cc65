"""How exposed a unit is today: load, bands, unallocated work, bus factor, concentration, skills
held by one person.

- ``load_ratio``: the unit's work (families its workers hold, and its unallocated families) over
  the case capacity of the workers present on ``as_of`` (None when there is work and nobody to
  hold it).
- bands count present workers by their own load ratio: green < 85%, amber 85-100%, red 100% to
  the surge limit, above the surge limit.
- ``bus_factor_one``: families known to exactly one worker still in the unit (key worker,
  co-worker and ``known_to``; a worker who has left does not count).
- ``concentration``: the busiest worker's points over the points held by the unit's workers.
- ``single_person_skills``: skills some family of the unit requires that exactly one present
  worker holds; ``uncovered_skills``: those no present worker holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.resilience.scope import Scope, bits
from optimizer.types import PER_MILLE


@dataclass(frozen=True)
class Exposure:
    load_ratio: int | None  # per mille
    bands: tuple[int, int, int, int]  # green, amber, red, above the surge limit
    above_surge: tuple[str, ...]
    unallocated: int
    unallocated_points: int
    unallocated_statutory: int
    families: int
    bus_factor_one: int
    concentration: int  # per mille
    busiest: str | None
    single_person_skills: tuple[tuple[str, str], ...]  # (skill, the one worker who holds it)
    uncovered_skills: tuple[str, ...]
    present_capacity: int = 0  # case points x100 of the workers present on as_of


def assess_exposure(scope: Scope) -> Exposure:
    present = bits(scope.present)
    work = sum(f.points for f in scope.families)
    capacity = sum(scope.cap[w] for w in present)
    unallocated = [scope.families[f] for f in scope.unallocated()]
    return Exposure(
        load_ratio=round(PER_MILLE * work / capacity) if capacity else (0 if not work else None),
        bands=_bands(scope, present),
        above_surge=tuple(scope.workers[w].id for w in present if scope.load[w] > scope.surge[w]),
        unallocated=len(unallocated),
        unallocated_points=sum(f.points for f in unallocated),
        unallocated_statutory=sum(1 for f in unallocated if f.statutory),
        families=len(scope.families),
        bus_factor_one=_known_to_one(scope),
        concentration=_concentration(scope),
        busiest=scope.workers[scope.load.index(max(scope.load))].id if scope.workers else None,
        single_person_skills=_skill_holders(scope, present, 1),
        uncovered_skills=tuple(skill for skill, _ in _skill_holders(scope, present, 0)),
        present_capacity=capacity,
    )


def _bands(scope: Scope, present: Sequence[int]) -> tuple[int, int, int, int]:
    """Present workers by load ratio; a member of a pod that holds families counts in the band of
    the pod (whose load they share), and the pod itself counts as nobody."""
    counts = [0, 0, 0, 0]
    pod_of = {member: p.position for p in scope.pods for member, _ in p.members}
    for w in present:
        if scope.pod_mask >> w & 1:
            continue
        w = pod_of.get(scope.workers[w].id, w)
        load, cap = scope.load[w], scope.cap[w]
        if cap <= 0:
            counts[3 if load > 0 else 0] += 1
        elif load > scope.surge[w]:
            counts[3] += 1
        elif load > cap:
            counts[2] += 1
        elif 100 * load >= 85 * cap:
            counts[1] += 1
        else:
            counts[0] += 1
    return counts[0], counts[1], counts[2], counts[3]


def _known_to_one(scope: Scope) -> int:
    still = {scope.workers[w].id for w in bits(((1 << scope.size) - 1) & ~scope.left)}
    count = 0
    for family in scope.families:
        known = {family.worker, family.co_worker, *family.known_to} & still
        count += len(known) == 1
    return count


def _concentration(scope: Scope) -> int:
    held = sum(scope.load)
    return round(PER_MILLE * max(scope.load) / held) if held else 0


def _skill_holders(scope: Scope, present: Sequence[int], holders: int) -> tuple[tuple[str, str], ...]:
    required = sorted({skill for f in scope.families for skill in f.requires})
    found = []
    for skill in required:
        who = [scope.workers[w].id for w in present if skill in scope.workers[w].skills]
        if len(who) == holders:
            found.append((skill, who[0] if who else ""))
    return tuple(found)
