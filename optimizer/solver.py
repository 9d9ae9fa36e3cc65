"""CP-SAT parameters, status mapping, and the lexicographic solve over named soft terms.

Terms are solved in stages: consecutive terms are folded into one weighted objective while the
weights stay small enough to dominate provably (each weight exceeds the largest possible value of
everything after it); after each stage its objective is fixed (== when proven optimal, <= when
not) and the next stage starts from the last solution. A stage is skipped when the last solution
already reaches the stage's lower bound of zero. The warm start is feasible by construction, so a
stage that finds nothing in time keeps the previous solution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.model import AssignmentModel
from optimizer.types import Settings

MAX_WEIGHT_PRODUCT = 10**9
STAGE_SHARE = 0.6  # a stage that is not the last may use this share of the time left
# Terms after the peak load (spread, locality) are partition-like: proving their last unit can take
# seconds for a team of ten. Their stages stop within this relative gap; the plan reports the bound.
TAIL_TERMS = ("spread", "locality")
TAIL_GAP = 0.002
DETERMINISTIC_PER_SECOND = 0.1  # CP-SAT work units per second of one core, measured on 2 cores

STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "unknown",
    cp_model.UNKNOWN: "unknown",
}


def parameters(settings: Settings, time_limit_s: float, num_workers: int | None = None,
               deterministic_limit: float | None = None):
    """The solver's parameters: always a time limit, a fixed seed, a fixed number of workers.

    With a deterministic limit the search stops on CP-SAT's own work counter, so the same input
    and seed give the same plan on any machine load; the wall-clock limit is then a safety net.
    Several workers then search in lock-step (``interleave_search``) for the same reason.
    """
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_limit_s)
    if deterministic_limit is not None:
        params.max_deterministic_time = max(0.001, deterministic_limit)
    params.random_seed = settings.seed
    params.num_workers = num_workers if num_workers is not None else settings.num_workers
    if params.num_workers > 1 and deterministic_limit is not None:
        params.interleave_search = True
    params.log_search_progress = bool(__import__("os").environ.get("KEEL_CPSAT_LOG"))
    return solver


@dataclass
class Result:
    """What a lexicographic solve found: the assignment and, per term, how far its value may be
    above the proven lower bound (0: proven optimal given the terms before it; None: unknown)."""

    assignment: dict[str, str | None]
    slack: dict[str, int | None] = field(default_factory=dict)
    status: str = "optimal"
    solves: int = 0


def stages(terms: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Fold consecutive (term, upper bound) pairs into weighted groups under MAX_WEIGHT_PRODUCT."""
    groups: list[list[tuple[str, int]]] = []
    product = None
    for term, bound in terms:
        if groups and product is not None and product * (bound + 1) <= MAX_WEIGHT_PRODUCT:
            groups[-1].append((term, bound))
            product *= bound + 1
        else:
            groups.append([(term, bound)])
            product = bound + 1
    return groups


def weights(group: list[tuple[str, int]]) -> list[int]:
    result, weight = [], 1
    for _, bound in reversed(group):
        result.append(weight)
        weight *= bound + 1
    return result[::-1]


def _value(solver: cp_model.CpSolver, expr) -> int:
    return expr if isinstance(expr, int) else solver.value(expr)


def group_slack(solver: cp_model.CpSolver, am: AssignmentModel, group, ws) -> dict[str, int]:
    """Per term of a stage not proven optimal, how far its value may be above its bound.

    The stage's objective bound B gives the first term floor(B / weight) (everything after it
    weighs less than one unit of it); while a term sits at its bound, what is left of B bounds the
    next. The first term above its bound ends what is known.
    """
    residual = int(solver.best_objective_bound)
    slack = {}
    for (term, _), weight in zip(group, ws):
        value = _value(solver, am.terms[term][0])
        bound = max(0, residual // weight)
        slack[term] = max(0, value - bound)
        if slack[term]:
            break
        residual -= weight * value
    return slack


def solve_lexicographic(
    am: AssignmentModel, settings: Settings, deadline: float, start: dict[str, str | None],
    num_workers: int | None = None, work: float | None = None,
) -> Result:
    """Solve stage by stage; ``work`` is the deterministic budget (CP-SAT's work units) of the
    whole solve, ``deadline`` the wall-clock safety net. ``work=float("inf")`` runs on the wall
    clock alone (benchmarks), each stage but the last taking STAGE_SHARE of the time left."""
    work = work if work is not None else DETERMINISTIC_PER_SECOND * (deadline - time.monotonic())
    result = Result(assignment=dict(start))
    active = []
    for t in am.problem.terms:
        expr, bound = am.terms[t]
        if bound == 0 or isinstance(expr, int):  # nothing the plan does can change it
            result.slack[t] = 0
        else:
            active.append((t, bound))
    last: cp_model.CpSolver | None = None
    groups = stages(active)
    for group in groups:
        ws = weights(group)
        objective = sum(w * am.terms[t][0] for w, (t, _) in zip(ws, group))
        if last is not None and all(_value(last, am.terms[t][0]) == 0 for t, _ in group):
            am.model.add(objective == 0)  # already at the bound: fix without solving
            result.slack.update({t: 0 for t, _ in group})
            continue
        am.hint(result.assignment)
        am.model.minimize(objective)
        last_stage = group is groups[-1]
        wall = deadline - time.monotonic()
        if work == float("inf"):
            solver = parameters(settings, wall if last_stage else wall * STAGE_SHARE, num_workers)
        else:
            share = work if last_stage else work * STAGE_SHARE
            solver = parameters(settings, wall, num_workers, share)
        if group[0][0] in TAIL_TERMS:
            solver.parameters.relative_gap_limit = TAIL_GAP
        code = solver.solve(am.model)
        work = max(0.0, work - solver.deterministic_time)
        result.solves += 1
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.status = "feasible"  # the warm start stands; nothing after it is known
            break
        last = solver
        result.assignment = am.read(solver)
        value = round(solver.objective_value)
        proven = code == cp_model.OPTIMAL and round(solver.best_objective_bound) >= value
        if proven:
            result.slack.update({t: 0 for t, _ in group})
            am.model.add(objective == value)
        else:
            result.status = "feasible"
            result.slack.update(group_slack(solver, am, group, ws))
            am.model.add(objective <= value)
    for t in am.problem.terms:
        result.slack.setdefault(t, None)
    return result
