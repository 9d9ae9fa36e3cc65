"""Greedy placements: the warm start of every model and the "least loaded eligible worker" baseline.

Both respect every hard rule (they only use a family's options and check the surge limit), so the
warm start is always a feasible plan and the optimizer never has nothing to show.
"""

from __future__ import annotations

from optimizer.problem import Problem


def _loads(problem: Problem, assignment: dict[str, str | None]) -> dict[str, int]:
    loads = dict(problem.base)
    for family_id, worker_id in assignment.items():
        if worker_id is not None:
            loads[worker_id] += problem.ctx.families[family_id].points
    return loads


def _fits(problem: Problem, worker_id: str, load_after: int) -> bool:
    """Taking new work keeps the worker within the surge limit."""
    return load_after <= problem.ctx.surge_cap(problem.ctx.workers[worker_id])


def _ratio_key(problem: Problem, worker_id: str, load: int) -> tuple[float, str]:
    capacity = problem.ctx.workers[worker_id].capacity
    return (load / capacity if capacity > 0 else float("inf"), worker_id)


def least_loaded(
    problem: Problem, family_id: str, loads: dict[str, int], limit_pct: int | None = None
) -> str | None:
    """The eligible worker with the lowest load ratio after taking the family, within the limit."""
    points = problem.ctx.families[family_id].points
    best = None
    for worker_id in problem.options[family_id]:
        if worker_id == problem.holder[family_id]:
            continue
        after = loads[worker_id] + points
        if not _fits(problem, worker_id, after):
            continue
        if limit_pct is not None and after * 100 > problem.ctx.workers[worker_id].capacity * limit_pct:
            continue
        key = _ratio_key(problem, worker_id, after)
        if best is None or key < best[0]:
            best = (key, worker_id)
    return None if best is None else best[1]


def placement_order(problem: Problem, families) -> list[str]:
    """Statutory families first, then the largest, then by id."""
    fam = problem.ctx.families
    return sorted(families, key=lambda f: (not fam[f].statutory, -fam[f].points, f))


def place(problem: Problem, assignment: dict[str, str | None]) -> dict[str, str | None]:
    """Give every family without a worker the least loaded eligible worker with room."""
    result = dict(assignment)
    loads = _loads(problem, result)
    waiting = [f for f in problem.families if result.get(f) is None]
    for family_id in placement_order(problem, waiting):
        worker_id = least_loaded(problem, family_id, loads)
        if worker_id is not None:
            result[family_id] = worker_id
            loads[worker_id] += problem.ctx.families[family_id].points
    return result


def warm_start(problem: Problem) -> dict[str, str | None]:
    """Current allocation (the problem's hint) plus a greedy placement of the rest."""
    return place(problem, problem.hint)


def rebalance(problem: Problem, start: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """Baseline: move families off each overloaded worker to the least loaded worker with room."""
    result = dict(start) if start is not None else warm_start(problem)
    loads = _loads(problem, result)
    budget = problem.move_budget
    moved = 0
    workers = problem.ctx.workers
    overloaded = sorted(
        (w for w in problem.workers if loads[w] > workers[w].capacity),
        key=lambda w: (-loads[w] / max(1, workers[w].capacity), w),
    )
    for worker_id in overloaded:
        held = [f for f in problem.families if result[f] == worker_id and problem.holder[f] == worker_id]
        for family_id in placement_order(problem, held)[::-1]:  # smallest, non-statutory first
            if loads[worker_id] <= workers[worker_id].capacity or (budget is not None and moved >= budget):
                break
            target = least_loaded(problem, family_id, loads, limit_pct=100)
            if target is None:
                continue
            points = problem.ctx.families[family_id].points
            result[family_id] = target
            loads[target] += points
            loads[worker_id] -= points
            moved += 1
    return result
