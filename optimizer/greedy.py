"""Greedy placements: the warm start of every model and the "least loaded eligible worker" baseline.

Both respect every hard rule (they only use a family's options and check the surge limit), so the
warm start is always a feasible plan and the optimizer never has nothing to show.
"""

from __future__ import annotations

from collections.abc import Iterable

from optimizer.problem import Problem, children_base


def _loads(problem: Problem, assignment: dict[str, str | None]) -> dict[str, int]:
    loads = dict(problem.base)
    for family_id, worker_id in assignment.items():
        if worker_id is not None:
            loads[worker_id] += problem.ctx.families[family_id].points
    return loads


def _fits(problem: Problem, worker_id: str, load_after: int) -> bool:
    """Taking new work keeps the worker within the surge limit."""
    return load_after <= problem.ctx.surge_cap(problem.ctx.workers[worker_id])


def _children(problem: Problem, assignment: dict[str, str | None]) -> dict[str, int]:
    """Children per holder with a children limit (pods), for the accountable_children rule."""
    tally = children_base(problem)
    if tally:
        for family_id, worker_id in assignment.items():
            if worker_id in tally:
                tally[worker_id] += problem.ctx.families[family_id].children
    return tally


def _room_for_children(problem: Problem, children: dict[str, int], worker_id: str, family_id: str) -> bool:
    limit = problem.ctx.children_cap(worker_id)
    if worker_id not in children or limit is None:
        return True
    return children[worker_id] + problem.ctx.families[family_id].children <= limit


def _ratio_key(problem: Problem, worker_id: str, load: int) -> tuple[float, str]:
    capacity = problem.ctx.workers[worker_id].capacity
    return (load / capacity if capacity > 0 else float("inf"), worker_id)


def least_loaded(
    problem: Problem,
    family_id: str,
    loads: dict[str, int],
    limit_pct: int | None = None,
    children: dict[str, int] | None = None,
) -> str | None:
    """The eligible worker with the lowest load ratio after taking the family, within the limit
    (and, given ``children``, within a pod's accountable children limit)."""
    points = problem.ctx.families[family_id].points
    best = None
    for worker_id in problem.options[family_id]:
        if worker_id == problem.holder[family_id]:
            continue
        after = loads[worker_id] + points
        if not _fits(problem, worker_id, after):
            continue
        if children and not _room_for_children(problem, children, worker_id, family_id):
            continue
        if limit_pct is not None and after * 100 > problem.ctx.workers[worker_id].capacity * limit_pct:
            continue
        key = _ratio_key(problem, worker_id, after)
        if best is None or key < best[0]:
            best = (key, worker_id)
    return None if best is None else best[1]


def placement_order(problem: Problem, families: Iterable[str]) -> list[str]:
    """Statutory families first, then the largest, then by id."""
    fam = problem.ctx.families
    return sorted(families, key=lambda f: (not fam[f].statutory, -fam[f].points, f))


def place(problem: Problem, assignment: dict[str, str | None]) -> dict[str, str | None]:
    """Give every family without a worker the least loaded eligible worker with room."""
    result = dict(assignment)
    loads = _loads(problem, result)
    children = _children(problem, result)
    waiting = [f for f in problem.families if result.get(f) is None]
    for family_id in placement_order(problem, waiting):
        worker_id = least_loaded(problem, family_id, loads, children=children)
        if worker_id is not None:
            result[family_id] = worker_id
            loads[worker_id] += problem.ctx.families[family_id].points
            if worker_id in children:
                children[worker_id] += problem.ctx.families[family_id].children
    return result


def warm_start(problem: Problem) -> dict[str, str | None]:
    """Current allocation (the problem's hint) plus a greedy placement of the rest."""
    return place(problem, problem.hint)


def rebalance(problem: Problem, start: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """Baseline: from the current allocation, the move that lowers the points above capacity most,
    again and again (``shed``), within the move budget."""
    result = dict(start) if start is not None else warm_start(problem)
    return shed(problem, result, _loads(problem, result), problem.move_budget)


SHED_TOGETHER = 20_000  # above this many (family, worker) options, workers shed one at a time


def shed(
    problem: Problem, result: dict[str, str | None], loads: dict[str, int], budget: int | None
) -> dict[str, str | None]:
    """While it lowers the points above capacity in all, the move that lowers them most: a family
    of a worker above capacity to a colleague (who may go past 100%, within the surge limit, when
    the worker giving it up drops by more); larger families first among equal gains. On a large
    problem the workers above capacity take their turn one by one, most above capacity first."""
    workers = problem.ctx.workers
    points = {f: problem.ctx.families[f].points for f in problem.families}
    children = _children(problem, result)
    held: dict[str, list[str]] = {}
    for f in problem.families:
        holder = result[f]
        if holder is not None and holder == problem.holder[f]:
            held.setdefault(holder, []).append(f)

    cap = {w: workers[w].capacity for w in loads}
    surge = {w: problem.ctx.surge_cap(workers[w]) for w in loads}

    def over(w: str, load: int) -> int:
        return max(0, load - cap[w])

    def best_move(givers: Iterable[str]) -> tuple[int, int, str, str, str] | None:
        best: tuple[int, int, str, str, str] | None = None
        for giver in givers:
            excess = loads[giver] - cap[giver]
            if excess <= 0:
                continue
            for f in held[giver]:
                size = points[f]
                relief = min(size, excess)  # the giver's overload it takes away
                for taker in problem.options[f]:
                    load = loads[taker]
                    after = load + size
                    if taker == giver or after > surge[taker]:  # the surge limit (``_fits``)
                        continue
                    if children and not _room_for_children(problem, children, taker, f):
                        continue
                    gain = relief - max(0, after - cap[taker]) + max(0, load - cap[taker])
                    if gain > 0 and (best is None or (gain, size, f, taker) > best[:4]):
                        best = (gain, size, f, taker, giver)
        return best

    givers = sorted((w for w in held if loads[w] > workers[w].capacity), key=lambda w: (-over(w, loads[w]), w))
    options = sum(len(problem.options[f]) for w in givers for f in held[w])
    turns = [givers] if options <= SHED_TOGETHER else [[w] for w in givers]
    for turn in turns:
        while budget is None or budget > 0:
            best = best_move(turn)
            if best is None:
                break
            _, _, f, taker, giver = best  # giver: the family's holder now (result[f])
            for holder, sign in ((giver, -1), (taker, 1)):
                if holder in children:
                    children[holder] += sign * problem.ctx.families[f].children
            held[giver].remove(f)
            loads[giver] -= points[f]
            loads[taker] += points[f]
            result[f] = taker
            budget = None if budget is None else budget - 1
    return result
