"""The warm start of a rebalance across units: who gives up which families, and who takes them.

Across units the room of the whole service is open to every family (within the hard rules), so
the least overload is usually far below what teams reach alone, and the plan is built the way
its bound is (``relaxation.shed_bound``): each worker above capacity gives up the families that
bring them to capacity, the fewest, then the fewest children moved, then the fewest points; the
families given up and those waiting then go, the hardest to place first (the fewest workers who
may take them, statutory, the largest), each to the worker who may take it and ends with the
lowest load ratio within capacity. A family nobody can take within capacity stays where it is
(the search after this may still move it). When every family finds a place, overload is 0 and
moves and children moved are at their bounds: proven without a search.

Every hard rule holds: families go only to workers who may take them (``eligible``), and nobody
who gains a family ends above capacity.
"""

from __future__ import annotations

from collections.abc import Callable

from optimizer.problem import loads_before
from optimizer.relaxation import cheapest_shed
from optimizer.soft_terms import moved_weight
from optimizer.rules import Context
from optimizer.types import Family


def plan(ctx: Context, families: list[Family], takers: Callable[[Family], tuple[str, ...]]) -> dict[str, str | None]:
    """Family -> worker after the plan, for ``families`` (the rebalance's families, none under
    cover); ``takers(family)``: the workers who may take it as new work."""
    load = loads_before(ctx.snapshot)
    capacity = {w: ctx.workers[w].capacity for w in ctx.workers}
    after: dict[str, str | None] = {f.id: f.worker for f in families}
    held: dict[str, list[Family]] = {}
    for family in families:
        if family.worker is not None:
            held.setdefault(family.worker, []).append(family)
    above = sorted(w for w in held if load[w] > capacity[w])
    given_up: list[Family] = []
    for worker_id in above:
        movable = [f for f in held[worker_id] if any(w != worker_id for w in takers(f))]
        items = [(f.points, moved_weight(f)) for f in movable]
        for index in cheapest_shed(items, load[worker_id] - capacity[worker_id])[2]:
            given_up.append(movable[index])
            load[worker_id] -= movable[index].points
    waiting = given_up + [f for f in families if f.worker is None]
    giving = set(above)
    waiting.sort(key=lambda f: (len(takers(f)), not f.statutory, -f.points, f.id))
    for family in waiting:
        best: tuple[float, str] | None = None
        for worker_id in takers(family):
            if worker_id in giving or worker_id == family.worker:
                continue
            ends = load[worker_id] + family.points
            if ends > capacity[worker_id]:
                continue
            key = (ends / max(1, capacity[worker_id]), worker_id)
            if best is None or key < best:
                best = key
        if best is not None:
            after[family.id] = best[1]
            load[best[1]] += family.points
        elif family.worker is not None:
            load[family.worker] += family.points  # nobody has room: it stays
    return after
