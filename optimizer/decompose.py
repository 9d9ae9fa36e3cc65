"""Split a problem into independent pieces, solve them (in parallel where it pays), merge.

Two workers are in one piece when a free family may go to both, or when they share a balance
group (a team: its peak load is one term). Every soft term is a sum over pieces, so solving the
pieces one by one is exact for the lexicographic order. Two exceptions are handled here:
a piece already at its best (no statutory or other family to place, nobody above capacity, zero
moves) is not solved at all, and a move budget shared by several pieces that together exceed it
makes those pieces one model again.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from optimizer import greedy
from optimizer.model import AssignmentModel
from optimizer.problem import Problem
from optimizer.solver import DETERMINISTIC_PER_SECOND, Result, solve_lexicographic


BIG_PIECE = 20_000  # below this many variables one CP-SAT worker is faster than a lock-step pair


class _Sets:
    def __init__(self, items) -> None:
        self.parent = {i: i for i in items}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _linked(problem: Problem, family: str) -> list[str]:
    """The workers a family ties into one piece: those who may take it, and its holder (if any)."""
    holder = problem.holder[family]
    return [*problem.options[family], *([holder] if holder else [])]


def pieces(problem: Problem) -> list[Problem]:
    """The independent pieces of a problem, each with its families and workers, sorted."""
    sets = _Sets(problem.workers)
    first_of_group: dict[str, str] = {}
    for w in problem.workers:
        sets.union(first_of_group.setdefault(problem.group[w], w), w)
    for f in problem.families:
        linked = _linked(problem, f)
        for w in linked[1:]:
            sets.union(linked[0], w)
    families: dict[str, set[str]] = {}
    orphans = set()
    for f in problem.families:
        linked = _linked(problem, f)
        if linked:
            families.setdefault(sets.find(linked[0]), set()).add(f)
        else:
            orphans.add(f)
    members: dict[str, set[str]] = {}
    for w in problem.workers:
        members.setdefault(sets.find(w), set()).add(w)
    result = [problem.restrict(families[root], members[root]) for root in sorted(families)]
    if orphans:
        result.append(problem.restrict(orphans, set()))
    return result


def settled(problem: Problem, start: dict[str, str | None]) -> bool:
    """True when the warm start is provably the plan: nothing to place, nobody over capacity."""
    if any(start[f] != problem.holder[f] for f in problem.families):
        return False
    if any(f not in problem.must_place for f in problem.families):
        return False
    loads = dict(problem.base)
    for f in problem.families:
        worker = start[f]
        if worker is None:  # a family left to place: never settled (and None is no worker's load)
            return False
        loads[worker] += problem.ctx.families[f].points
    return all(loads[w] <= problem.ctx.workers[w].capacity for w in problem.workers)


def solve_piece(problem: Problem, deadline: float, num_workers: int | None = None,
                start: dict[str, str | None] | None = None, work: float | None = None) -> Result:
    start = greedy.warm_start(problem) if start is None else start
    if not problem.families or settled(problem, start):
        return Result(assignment=start, slack={t: 0 for t in problem.terms}, status="optimal")
    if problem.must_place:  # rebalance: start from the greedy moves off overloaded workers
        start = greedy.rebalance(problem, start)
    am = AssignmentModel(problem)
    return solve_lexicographic(am, problem.ctx.snapshot.settings, deadline, start, num_workers, work)


def size(problem: Problem) -> int:
    return sum(len(problem.options[f]) for f in problem.families) + len(problem.workers)


def merge(results: list[Result], terms: tuple[str, ...]) -> Result:
    merged = Result(assignment={})
    for r in results:
        merged.assignment.update(r.assignment)
        merged.solves += r.solves
        if r.status != "optimal":
            merged.status = r.status
    for t in terms:
        slacks = [r.slack.get(t) for r in results]
        merged.slack[t] = None if any(s is None for s in slacks) else sum(slacks)
    return merged


def _moves(problem: Problem, result: Result) -> int:
    return sum(1 for f in problem.must_place if result.assignment[f] != problem.holder[f])


def solve(problem: Problem, time_limit_s: float, parallel: bool = True) -> tuple[Result, int]:
    """Solve a problem piece by piece; returns the merged result and the number of pieces.

    Each piece that needs a model gets a share of the time limit in proportion to its size (times
    the threads running side by side), counted in CP-SAT's deterministic work units.
    """
    began = time.monotonic()
    deadline = began + time_limit_s
    parts = pieces(problem)
    starts = [greedy.warm_start(p) for p in parts]
    busy = [i for i, p in enumerate(parts) if p.families and not settled(p, starts[i])]
    settings = problem.ctx.snapshot.settings
    threads = max(1, min(settings.num_workers, len(busy))) if parallel else 1
    total = sum(size(parts[i]) for i in busy) or 1

    def run(i: int) -> Result:
        if i not in busy:
            return solve_piece(parts[i], deadline, start=starts[i])
        # A deterministic share of the work: the same plan whatever else runs on the machine.
        work = DETERMINISTIC_PER_SECOND * time_limit_s * threads * size(parts[i]) / total
        workers = 1 if threads > 1 or size(parts[i]) < BIG_PIECE else None
        return solve_piece(parts[i], deadline, workers, starts[i], work)

    order = sorted(range(len(parts)), key=lambda i: -size(parts[i]))  # big pieces first
    if threads > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            found = dict(zip(order, pool.map(run, order)))
    else:
        found = {i: run(i) for i in order}
    results = [found[i] for i in range(len(parts))]
    budget = problem.move_budget
    if budget is not None and len(parts) > 1:
        moving = [i for i, (p, r) in enumerate(zip(parts, results)) if _moves(p, r)]
        if sum(_moves(parts[i], results[i]) for i in moving) > budget and len(moving) > 1:
            families = {f for i in moving for f in parts[i].families}
            workers = {w for i in moving for w in parts[i].workers}
            joint = solve_piece(problem.restrict(families, workers), max(deadline, time.monotonic() + 1))
            results = [r for i, r in enumerate(results) if i not in moving] + [joint]
    return merge(results, problem.terms), len(parts)
