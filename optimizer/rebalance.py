"""rebalance: the fewest moves (then fewest children moved) that bring every worker within limits,
then the best balance; an optional move budget; allocated families never lose their worker.

Within units (the default) every family of the service is free and the problem splits exactly by
team (see ``decompose.py``, which keeps a large team's families fixed unless their worker is above
capacity). Across units (``settings.cross_unit``) the whole service is one problem. It starts from
``cross_unit.plan`` (each worker above capacity gives up the fewest families that bring them to
capacity; they go where there is room). A service of up to ``decompose.RESTRICT_ABOVE`` options
is solved whole; a larger one pre-filters its candidates: only families of workers above
capacity, and families without a worker, may move, each to its own team, to the worker the warm
start gave it, or to the ``CROSS_UNIT_CANDIDATES`` least loaded eligible workers elsewhere after
the warm start. Either way the bounds on overload, moves and children moved come from the whole
problem (``relaxation.py``: every family, every eligible worker), so they hold for it."""

from __future__ import annotations

import time
from dataclasses import replace

from optimizer import cross_unit, decompose
from optimizer.outcome import answer
from optimizer.problem import Problem, build, eligible_by_kind, loads_before, rule_kind, scope_index
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
    takers = eligible_by_kind(ctx, scope_index(ctx))
    warm = None
    if ctx.snapshot.settings.move_budget is None and not ctx.pods:  # cross_unit.plan knows neither
        warm = cross_unit.plan(ctx, families, takers)
    if sum(len(takers(f)) + 1 for f in families) <= decompose.RESTRICT_ABOVE:  # small: every family free
        return build(ctx, [f.id for f in families], holder, allocated, TERM_ORDER, hint=warm)
    free = [f.id for f in families if f.worker is None or f.worker in over]
    after = dict(before)
    for f, w in (warm or {}).items():
        if w != holder[f]:
            for worker, sign in ((holder[f], -1), (w, 1)):
                if worker is not None:
                    after[worker] += sign * ctx.families[f].points
    near: dict[tuple[object, ...], set[str]] = {}  # unit and kind -> own team and the least loaded elsewhere
    options: dict[str, tuple[str, ...]] = {}
    for f in free:
        family = ctx.families[f]
        kind = (family.unit, rule_kind(ctx, family))  # the unit: its own team is among the options
        if kind not in near:
            team = ctx.team_of(family.unit)
            allowed = takers(family)
            own = [w for w in allowed if team in ctx.ancestors(ctx.workers[w].unit)]
            others = sorted(
                (w for w in allowed if w not in own and w not in over),
                key=lambda w: (after[w] / max(1, ctx.workers[w].capacity), w),
            )[:CROSS_UNIT_CANDIDATES]
            near[kind] = set(own) | set(others)
        keep = {w for w in (holder[f], (warm or {}).get(f)) if w is not None}
        options[f] = tuple(sorted(near[kind] | keep))
    hint = {f: (warm or holder)[f] for f in free}
    return replace(build(ctx, free, holder, allocated, TERM_ORDER, hint=hint, options=options), restricted=True)


def rebalance(snapshot: Snapshot) -> Plan:
    started = time.monotonic()
    ctx = Context.of(snapshot)
    question = problem(ctx)
    notes = (
        ("cross-unit: only families of workers above capacity, and unallocated families, were candidates to move",)
        if question.restricted
        else ()
    )
    return answer(question, "rebalance", started, restricted=question.restricted, notes=notes)
