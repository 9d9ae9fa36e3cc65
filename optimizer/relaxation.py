"""Lower bounds on the overload and moves terms over the whole problem, not a model's candidates.

Every family may be split (a fraction of its points to each worker it may go to: its holder, or
an eligible worker in scope) and must be placed whole in total; each worker holds up to their
surge limit (or what they hold now, when that is higher), the points above capacity counted as
overload. That is a min-cost flow (families' points -> workers -> capacity at cost 0, the rest up
to the limit at cost 1 per point), solved exactly by OR-Tools; its cost is a bound on the overload
of every plan that places every family, over every family and every eligible worker, not only the
candidates a model was given. Families alike for the rules (unit, required skills, lead rule,
co-worker) share one node, so a council of 1,000 workers stays a few thousand arcs.

Once overload is proven, ``shed_bound`` counts the families (and children) each worker above
capacity must give up at the least.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]  # OR-Tools ships no stubs for it

from optimizer.problem import Problem, eligible, loads_before, rule_kind, scope_index
from optimizer.rules import Context
from optimizer.soft_terms import balance_group, moved_weight


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
        key = rule_kind(ctx, family)
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


class Shed(NamedTuple):
    """The least a plan's continuity terms can be when every worker above capacity sheds what its
    overload allowance does not absorb."""

    moves: int  # families moved, at the least
    children_at_fewest: int  # children moved (weighted) at the least, when ``moves`` is met exactly
    children: int  # children moved (weighted) at the least, whatever the moves


def cheapest_shed(items: list[tuple[int, int]], excess: int, by_weight: bool = False) -> tuple[int, int, list[int]]:
    """Of ``items`` (points, weight), the indices of a set whose points reach ``excess``: the fewest,
    then the least weight, then the fewest points (``by_weight``: the least weight, then the fewest,
    then the fewest points); returns (count, weight, indices). All items when none reaches it."""
    order = sorted(range(len(items)), key=lambda i: (-items[i][0], items[i][1], i))
    count, paid, chosen = _cheapest(tuple(items[i] for i in order), excess, by_weight)
    return count, paid, sorted(order[i] for i in chosen)


@lru_cache(maxsize=4096)  # the warm start, the solver's settle and the plan's bounds ask alike
def _cheapest(items: tuple[tuple[int, int], ...], excess: int, by_weight: bool) -> tuple[int, int, tuple[int, ...]]:
    """``cheapest_shed`` on items in a canonical order. Sums at or past ``excess`` are not
    extended, so the table stays within ``excess`` plus one family."""
    if excess <= 0:
        return 0, 0, ()

    def rank(count: int, weight: int) -> tuple[int, int]:
        return (weight, count) if by_weight else (count, weight)

    best: dict[int, tuple[int, int, int]] = {0: (0, 0, 0)}  # points -> (count, weight, chosen mask)
    for index, (points, weight) in enumerate(items):
        for total, (count, paid, mask) in list(best.items()):
            if total >= excess:
                continue
            held = best.get(total + points)
            if held is None or rank(count + 1, paid + weight) < rank(held[0], held[1]):
                best[total + points] = (count + 1, paid + weight, mask | 1 << index)
    done = [
        (rank(count, paid), total, count, paid, mask) for total, (count, paid, mask) in best.items() if total >= excess
    ]
    if not done:
        return len(items), sum(w for _, w in items), tuple(range(len(items)))
    _, _, count, paid, mask = min(done)
    return count, paid, tuple(i for i in range(len(items)) if mask >> i & 1)


def _shed(workers: list[tuple[int, list[tuple[int, int]]]]) -> Shed:
    """``workers``: per worker above capacity, (points to shed, its movable families' (points,
    weight)); the least moves and children moved of any plan shedding them."""
    moves = at_fewest = children = 0
    for excess, items in workers:
        if excess <= 0:
            continue
        count, paid, _ = cheapest_shed(items, excess)
        moves, at_fewest = moves + count, at_fewest + paid
        children += cheapest_shed(items, excess, by_weight=True)[1]
    return Shed(moves, at_fewest, children)


def shed_bound(ctx: Context, overload_by_group: dict[str, int]) -> Shed:
    """Lower bounds on moves and children moved for every plan whose overload in each balance
    group (team, or the whole service across units) is at most ``overload_by_group``: a worker
    above capacity must shed at least the excess the group's overload cannot absorb, from the
    families it holds as key worker (a family under cover is not moved by a rebalance). The fewest
    families doing that are its largest; once the moves are at that least, every worker sheds
    exactly its fewest, and the least weight among such sets bounds the children moved."""
    load = loads_before(ctx.snapshot)
    held: dict[str, list[tuple[int, int]]] = {}
    for family in ctx.snapshot.families:
        if family.worker is not None and family.cover is None:
            held.setdefault(family.worker, []).append((family.points, moved_weight(family)))
    allowance = {w: overload_by_group.get(balance_group(ctx, w), 0) for w in held}
    return _shed([(load[w] - ctx.workers[w].capacity - allowance[w], held[w]) for w in sorted(held)])


def piece_shed_bound(problem: Problem, overload: int) -> Shed:
    """The same bounds for a piece's plans with at most ``overload`` in all: each worker sheds,
    of the families the piece may move off it, what its capacity and ``overload`` cannot hold."""
    families = problem.ctx.families
    held: dict[str, list[tuple[int, int]]] = {}
    for f in problem.families:
        holder = problem.holder[f]
        if holder is not None and f in problem.must_place and any(w != holder for w in problem.options[f]):
            held.setdefault(holder, []).append((families[f].points, moved_weight(families[f])))
    workers = problem.ctx.workers
    return _shed([(problem.before[w] - workers[w].capacity - overload, held.get(w, [])) for w in problem.workers])
