"""Split a problem into independent pieces, solve them phase by phase, merge.

Two workers are in one piece when a free family may go to both, or when they share a balance
group (a team: its peak load is one term). Every soft term is a sum over pieces, so solving the
pieces one by one is exact for the lexicographic order. The pieces are solved phase by phase
(``solver.PHASES``: placement, then moves, then balance): every piece gets its placement phase
before any piece its balance, and a piece not proven in a phase's first round gets a second round
from the work the others left. A piece already at its best is not solved at all. A rebalance too
large to solve whole (``RESTRICT_ABOVE`` variables) frees only the families of workers above
capacity and those without a worker; such a piece claims no bound (``outcome.py`` adds the
relaxation's bound on overload). A move budget shared by several pieces that together exceed it
makes those pieces one model again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from optimizer import greedy, packing
from optimizer.crew import Crew
from optimizer.model import AssignmentModel
from optimizer.problem import Problem
from optimizer.relaxation import piece_overload_bound
from optimizer.soft_terms import OVERLOAD
from optimizer.solver import DETERMINISTIC_PER_SECOND, Lexicographic, Result, solve_lexicographic


BIG_PIECE = 20_000  # below this many variables one CP-SAT worker is faster than a lock-step pair
RESTRICT_ABOVE = 20_000  # a rebalance with more variables in all keeps non-candidates fixed
PROCESSES_FROM = 10_000  # from this many variables in all the pieces are shared among processes
# packing.fill's search pairs every worker above capacity with every one below, again and again: a
# team's warm start, not a whole service's (across units, 1,000 workers, it ran for minutes)
FILL_WORKERS = 100


class _Sets:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: str, b: str) -> None:
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


def candidates_only(problem: Problem) -> Problem:
    """A rebalance piece cut down to the families that can take points off a worker above
    capacity: theirs and those without a worker. The rest stay where they are."""
    if not problem.must_place:
        return problem
    workers = problem.ctx.workers
    kept = {
        f
        for f in problem.families
        if (holder := problem.holder[f]) is not None and problem.before[holder] <= workers[holder].capacity
    }
    return problem.keep(kept) if kept else problem


def prepare(
    problem: Problem, start: dict[str, str | None] | None = None, num_workers: int | None = None
) -> Lexicographic | Result:
    """A piece ready to solve (its model, warm-started), or its answer when nothing needs solving."""
    start = greedy.warm_start(problem) if start is None else start
    if not problem.families or settled(problem, start):
        return Result(assignment=start, slack={t: 0 for t in problem.terms}, status="optimal")
    floor = piece_overload_bound(problem) if OVERLOAD in problem.terms else None
    if problem.must_place:  # rebalance: start from the greedy moves off overloaded workers
        start = greedy.rebalance(problem, start)
        if floor is not None and len(problem.workers) <= FILL_WORKERS and packing.overload(problem, start)[0] > floor:
            start = packing.fill(problem, start, floor)  # colleagues with room filled, when that is better
    return Lexicographic(AssignmentModel(problem), problem.ctx.snapshot.settings, start, num_workers, floor)


def solve_piece(
    problem: Problem,
    deadline: float,
    num_workers: int | None = None,
    start: dict[str, str | None] | None = None,
    work: float | None = None,
) -> Result:
    lex = prepare(problem, start, num_workers)
    if isinstance(lex, Result):
        return lex
    return solve_lexicographic(lex.am, lex.settings, deadline, lex.result.assignment, num_workers, work)


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
        known = [s for s in slacks if s is not None]
        merged.slack[t] = sum(known) if len(known) == len(slacks) else None
    return merged


def _moves(problem: Problem, result: Result) -> int:
    return sum(1 for f in problem.must_place if result.assignment[f] != problem.holder[f])


# Shares of the work budget: the placement phase (unallocated, overload) first for every piece,
# then continuity (moves), then balance with what is left. Within the first two phases a piece not
# proven in its first round gets a second round from what the proven pieces left unused.
PHASE_SHARES = (0.7, 0.6, 1.0)
FIRST_ROUND = 0.5
FIRST_ROUND_WORK = 0.1  # at most this much work per piece in a phase's first round
# At most this much per piece in a later round, by phase, when there are several pieces: a piece
# that has not proven its stage by then rarely does with more (the overload warm start settles
# most teams' placement; a team's moves are proven early or not at all), and the plan of the
# other pieces does not wait for it. Balance: best effort, its bound reported.
ROUND_WORK = (0.5, 0.03, 0.005)
BALANCE_WORK = 0.02  # one piece alone: at most this much on balance
# ... and for a recommend, whose balance terms only order plans that already place the new families
# as well as can be: half (the same plans on bench.daily's one-team recommends and on teams of 25
# and 40 with 40 and 60 new families, 20-60 ms of CPU less each; bench/README).
RECOMMEND_BALANCE_WORK = 0.01


WALL_FACTOR = 10.0  # the wall-clock safety net: this many times the time limit


def wall_factor() -> float:
    """``KEEL_WALL_FACTOR`` (default ``WALL_FACTOR``): how many times the time limit the
    wall-clock safety net allows. The deterministic work budget ends the search, so the plan is
    the same on a loaded machine as on an idle one; the net only stops a search whose work
    counter has gone wrong, and is far enough that the load of a shared machine never reaches it."""
    try:
        return max(1.0, float(os.environ.get("KEEL_WALL_FACTOR", str(WALL_FACTOR))))
    except ValueError:
        return WALL_FACTOR


def solve(
    problem: Problem, time_limit_s: float, parallel: bool = True, wall_s: float | None = None
) -> tuple[Result, int]:
    """Solve a problem piece by piece; returns the merged result and the number of pieces.

    Phase by phase (see ``solver.PHASES``), every piece that needs a model gets a share of the work
    budget in proportion to its size, counted in CP-SAT's deterministic work units: the budget
    comes from ``time_limit_s`` alone, so the plan is the same whatever else runs on the machine;
    the wall clock (``wall_s``, default the time limit times ``wall_factor()``) is a safety net.
    """
    began = time.monotonic()
    deadline = began + (time_limit_s * wall_factor() if wall_s is None else wall_s)
    parts = pieces(problem)
    settings = problem.ctx.snapshot.settings
    question = problem.ctx.snapshot.question
    large = sum(size(p) for p in parts) > RESTRICT_ABOVE
    whole = list(parts)
    parts = [candidates_only(p) if large else p for p in parts]
    wholes = {i: w for i, (p, w) in enumerate(zip(parts, whole)) if p is not w}
    sizes = [size(p) for p in parts]
    cores = max(1, settings.num_workers) if parallel else 1
    crew = Crew(parts, sizes, cores, processes=sum(sizes) >= PROCESSES_FROM, wholes=wholes)
    busy = crew.busy
    for i in crew.whole:  # cut down, but the whole piece's warm start reached its relaxation
        parts[i], sizes[i] = whole[i], size(whole[i])
    threads = max(1, min(cores, len(busy)))
    if len(busy) == 1:  # one model: let CP-SAT use the cores itself
        crew.cores(busy[0], None if sizes[busy[0]] >= BIG_PIECE else 1)
    budget = DETERMINISTIC_PER_SECOND * time_limit_s * threads
    order = sorted(busy, key=lambda i: -sizes[i])  # big pieces first
    try:
        for phase, share in enumerate(PHASE_SHARES):
            used_before = crew.work_used()
            allowance = budget * share
            pending = crew.pending(phase)
            waiting = [i for i in order if i in pending]
            rounds = (FIRST_ROUND, 1.0, 1.0) if phase < len(PHASE_SHARES) - 1 else (1.0,)
            for round_share in rounds:
                if not waiting:
                    break
                spent = crew.work_used() - used_before
                left = max(0.0, allowance * round_share - spent)
                total = sum(sizes[i] for i in waiting) or 1
                cap = FIRST_ROUND_WORK if round_share < 1 else float("inf")
                if len(busy) > 1:
                    cap = min(cap, ROUND_WORK[phase])
                elif phase == len(PHASE_SHARES) - 1:
                    cap = min(cap, RECOMMEND_BALANCE_WORK if question == "recommend" else BALANCE_WORK)
                crew.run(phase, [(i, min(cap, left * sizes[i] / total)) for i in waiting], deadline)
                if phase == 0 and round_share == FIRST_ROUND and wholes:
                    for i in crew.widen():  # a cut-down piece above its whole's relaxation
                        parts[i], sizes[i] = whole[i], size(whole[i])
                waiting = [i for i in waiting if crew.is_open(i)]
            crew.close(phase)
            budget -= crew.work_used() - used_before
            if phase < len(PHASE_SHARES) - 1:
                budget = max(budget, 0.0)
        held = crew.results()
    finally:
        crew.shutdown()
    results = [held[i] for i in range(len(parts))]
    for part, result in zip(parts, results):
        if part.restricted and not settled(part, result.assignment):
            # proven for the candidates only: the full piece might do better, so nothing is claimed
            result.status = "feasible"
            result.slack = {t: None for t in result.slack}
    budget_moves = problem.move_budget
    if budget_moves is not None and len(parts) > 1:
        moving = [i for i, (p, r) in enumerate(zip(parts, results)) if _moves(p, r)]
        if sum(_moves(parts[i], results[i]) for i in moving) > budget_moves and len(moving) > 1:
            families = {f for i in moving for f in parts[i].families}
            workers = {w for i in moving for w in parts[i].workers}
            joint = solve_piece(
                problem.restrict(families, workers),
                max(deadline, time.monotonic() + 1),
                work=DETERMINISTIC_PER_SECOND * time_limit_s,
            )
            results = [r for i, r in enumerate(results) if i not in moving] + [joint]
    return merge(results, problem.terms), len(parts)
