"""rebalance: the fewest moves (then fewest children moved) that bring every worker within limits,
then the best balance; an optional move budget; allocated families never lose their worker.

Within units (the default) every family of the service is free and the problem splits exactly by
team (see ``decompose.py``, which keeps a large team's families fixed unless their worker is above
capacity). Across units (``settings.cross_unit``) the whole service is one problem, so candidates
are pre-filtered: only families of workers above capacity, and families without a worker, may
move, each to its own team or to the ``CROSS_UNIT_CANDIDATES`` least loaded eligible workers
elsewhere. Either way the overload term's bound comes from the relaxation over every family and
every eligible worker (``relaxation.py``), so it holds for the full problem.
"""

from __future__ import annotations

import time
from dataclasses import replace

from optimizer.outcome import answer
from optimizer.problem import Problem, build, eligible, loads_before, scope_index
from optimizer.rules import Context
from optimizer.soft_terms import TERM_ORDER
from optimizer.types import Plan, Snapshot

CROSS_UNIT_CANDIDATES = 12


def problem(ctx: Context) -> Problem:
    families = [f for f in ctx.snapshot.families if f.cover is None]  # under cover: not moved meanwhile
    holder = {f.id: f.worker for f in families}
    allocated = {f.id for f in families if f.worker is not None}
    if not ctx.snapshot.settings.cross_unit:
        return build(ctx, [f.id for f in families], holder, allocated, TERM_ORDER)
    before = loads_before(ctx.snapshot)
    over = {w.id for w in ctx.snapshot.workers if before[w.id] > w.capacity}
    free = [f.id for f in families if f.worker is None or f.worker in over]
    scope = scope_index(ctx)
    options: dict[str, tuple[str, ...]] = {}
    for f in free:
        team = ctx.team_of(ctx.families[f].unit)
        allowed = eligible(ctx, f, scope)
        own = [w for w in allowed if team in ctx.ancestors(ctx.workers[w].unit)]
        others = sorted(
            (w for w in allowed if w not in own and w not in over),
            key=lambda w: (before[w] / max(1, ctx.workers[w].capacity), w),
        )[:CROSS_UNIT_CANDIDATES]
        current = holder[f]
        options[f] = tuple(sorted(set(own) | set(others) | ({current} if current else set())))
    return replace(build(ctx, free, holder, allocated, TERM_ORDER, options=options), restricted=True)


def rebalance(snapshot: Snapshot) -> Plan:
    started = time.monotonic()
    ctx = Context.of(snapshot)
    restricted = snapshot.settings.cross_unit
    notes = (
        ("cross-unit: only families of workers above capacity, and unallocated families, were candidates to move",)
        if restricted
        else ()
    )
    return answer(problem(ctx), "rebalance", started, restricted=restricted, notes=notes)
