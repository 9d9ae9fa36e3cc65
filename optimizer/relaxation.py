"""Lower bounds on the overload and moves terms over the whole problem, not a model's candidates.

Every family may be split (a fraction of its points to each worker it may go to: its holder, or
an eligible worker in scope) and must be placed whole in total; each worker holds up to their
surge limit (or what they hold now, when that is higher), the points above capacity counted as
overload. That is a min-cost flow (families' points -> workers -> capacity at cost 0, the rest up
to the limit at cost 1 per point), solved exactly by OR-Tools; its cost is a bound on the overload
of every plan that places every family, over every family and every eligible worker, not only the
candidates a model was given. Families alike for the rules (unit, required skills, lead rule,
co-worker) share one node, so a council of 1,000 workers stays a few thousand arcs.

Once overload is proven, ``moves_bound`` counts the families each worker above capacity must give
up at the least.
"""

from __future__ import annotations

from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]  # OR-Tools ships no stubs for it

from optimizer.problem import Problem, eligible, loads_before, rule_kind, scope_index
from optimizer.rules import Context
from optimizer.soft_terms import balance_group


def overload_bound(ctx: Context) -> int | None:
    """The least overload (points x100) of any plan placing every family; None if none can."""
    snapshot = ctx.snapshot
    families = snapshot.families
    if not families:
        return 0
    workers = sorted(ctx.workers)
    node = {w: i for i, w in enumerate(workers)}
    sink = len(workers)
    next_node = sink + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    before = loads_before(snapshot)
    total = 0
    for w in workers:
        worker = ctx.workers[w]
        _worker_arcs(flow, node[w], sink, worker.capacity, 0, max(ctx.surge_cap(worker), before[w]))
    scope = scope_index(ctx)
    classes: dict[tuple[object, ...], int] = {}
    supply: dict[tuple[int, str | None], int] = {}
    for family in families:
        key = rule_kind(family)
        if key not in classes:
            classes[key] = next_node
            next_node += 1
            for w in eligible(ctx, family.id, scope):
                flow.add_arc_with_capacity_and_unit_cost(classes[key], node[w], 1 << 40, 0)
        group = (classes[key], family.worker)
        supply[group] = supply.get(group, 0) + family.points
        total += family.points
    source = next_node
    for (class_node, holder), points in sorted(supply.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if holder is None:
            flow.add_arc_with_capacity_and_unit_cost(source, class_node, points, 0)
            continue
        group_node = next_node = next_node + 1
        flow.add_arc_with_capacity_and_unit_cost(source, group_node, points, 0)
        flow.add_arc_with_capacity_and_unit_cost(group_node, node[holder], points, 0)
        flow.add_arc_with_capacity_and_unit_cost(group_node, class_node, points, 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:
        return None  # not every family can be placed, even split
    return int(flow.optimal_cost())


def _worker_arcs(
    flow: min_cost_flow.SimpleMinCostFlow, node: int, sink: int, capacity: int, base: int, limit: int
) -> int:
    """A worker's arcs to the sink: free up to capacity, a point of overload each up to ``limit``,
    above ``base`` points held already; returns the overload the base alone makes."""
    if capacity > base:
        flow.add_arc_with_capacity_and_unit_cost(node, sink, min(capacity, limit) - base, 0)
    if limit > max(capacity, base):
        flow.add_arc_with_capacity_and_unit_cost(node, sink, limit - max(capacity, base), 1)
    return max(0, base - capacity)


def piece_overload_bound(problem: Problem) -> int | None:
    """The least overload (points x100) of a piece's plans that place every family it may place:
    the same flow over the piece's own families, options and fixed loads. With a plan that
    reaches it, the piece's overload is proven without a search; a piece cut down to its
    candidates (``decompose.candidates_only``) whose bound is above the whole piece's cannot reach
    the whole piece's optimum."""
    ctx = problem.ctx
    node = {w: i for i, w in enumerate(problem.workers)}
    sink = len(node)
    flow = min_cost_flow.SimpleMinCostFlow()
    overload = 0
    for w in problem.workers:
        worker = ctx.workers[w]
        limit = max(ctx.surge_cap(worker), problem.before[w])
        overload += _worker_arcs(flow, node[w], sink, worker.capacity, problem.base[w], limit)
    supply: dict[tuple[str, ...], int] = {}
    for f in problem.families:
        if problem.options[f]:
            supply[problem.options[f]] = supply.get(problem.options[f], 0) + ctx.families[f].points
    source = sink + 1
    for k, (options, points) in enumerate(sorted(supply.items())):
        flow.add_arc_with_capacity_and_unit_cost(source, source + 1 + k, points, 0)
        for w in options:
            flow.add_arc_with_capacity_and_unit_cost(source + 1 + k, node[w], points, 0)
    total = sum(supply.values())
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if total and flow.solve() != flow.OPTIMAL:
        return None
    return overload + (flow.optimal_cost() if total else 0)


def moves_bound(ctx: Context, overload_by_group: dict[str, int]) -> int:
    """A lower bound on moves for every plan whose overload in each balance group (team, or the
    whole service across units) is at most ``overload_by_group``: a worker above capacity must
    shed at least the excess the group's overload cannot absorb, and the fewest families doing
    that are its largest ones."""
    held: dict[str, list[int]] = {}
    for family in ctx.snapshot.families:
        if family.worker is not None:
            held.setdefault(family.worker, []).append(family.points)
    moves = 0
    for worker_id, points in held.items():
        worker = ctx.workers[worker_id]
        excess = sum(points) - worker.capacity - overload_by_group.get(balance_group(ctx, worker_id), 0)
        for size in sorted(points, reverse=True):
            if excess <= 0:
                break
            excess -= size
            moves += 1
    return moves
