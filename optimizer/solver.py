"""CP-SAT parameters, status mapping, and the lexicographic solve over named soft terms.

Terms are solved in stages: consecutive terms are folded into one weighted objective while the
weights stay small enough to dominate provably (each weight exceeds the largest possible value of
everything after it); after each stage its objective is fixed (== when proven optimal, <= when
not) and the next stage starts from the last solution. A stage is skipped when the last solution
already reaches the stage's lower bound of zero. The warm start is feasible by construction, so a
stage that finds nothing in time keeps the previous solution.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.model import AssignmentModel
from optimizer.relaxation import piece_shed_bound
from optimizer.soft_terms import CHILDREN_MOVED, MOVES, OVERLOAD
from optimizer.types import Settings

Group = list[tuple[str, int]]  # one lexicographic stage: (term, weight) pairs
MAX_WEIGHT_PRODUCT = 10**9
STAGE_SHARE = 0.6  # a stage that is not the last may use this share of the time left
# Terms after the peak load (spread, locality) are partition-like: proving their last unit can take
# seconds for a team of ten. Their stages stop within this relative gap; the plan reports the bound.
TAIL_TERMS = ("spread", "locality")
TAIL_GAP = 0.002
# A placement stage (phase 0) first solves with the LP for this share of its work (at least
# LP_PROBE_WORK, which gives a team's root LP), for the bound; if that does not prove the stage,
# the search without the LP takes the rest (``Lexicographic._solve``).
LP_PROBE = 0.2
LP_PROBE_WORK = 0.02
PROBED_PHASES = (0,)  # the placement terms
DETERMINISTIC_PER_SECOND = 0.3  # CP-SAT work units per second of one core (~0.5 per CPU second
# measured on the skewed councils, less Python's share)

STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "unknown",
    cp_model.UNKNOWN: "unknown",
}


def parameters(
    settings: Settings, time_limit_s: float, num_workers: int | None = None, deterministic_limit: float | None = None
) -> cp_model.CpSolver:
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


def _value(solver: cp_model.CpSolver, expr: cp_model.LinearExprT) -> int:
    return expr if isinstance(expr, int) else int(solver.value(expr))


def group_slack(
    solver: cp_model.CpSolver, am: AssignmentModel, group: Group, ws: list[int], known: int | None = None
) -> dict[str, int]:
    """Per term of a stage not proven optimal, how far its value may be above its bound.

    The stage's objective bound B gives the first term floor(B / weight) (everything after it
    weighs less than one unit of it); while a term sits at its bound, what is left of B bounds the
    next. The first term above its bound ends what is known. ``known``: a bound proven before
    (the LP's, for a search without it), when higher.
    """
    residual = max(int(solver.best_objective_bound), known if known is not None else 0)
    slack = {}
    for (term, _), weight in zip(group, ws):
        value = _value(solver, am.term(term)[0])
        bound = max(0, residual // weight)
        slack[term] = max(0, value - bound)
        if slack[term]:
            break
        residual -= weight * value
    return slack


# The phases of a lexicographic solve: a stage never folds terms of two phases together, so the
# placement terms are proven on a model without the continuity and balance terms, and a caller
# solving many pieces can give every piece its placement phase before any piece its balance.
PHASES: tuple[tuple[str, ...], ...] = (
    ("unallocated_visit_due", "unallocated_statutory", "unallocated", "overload"),
    ("moves", "children_moved"),
    ("peak_load", "spread", "locality"),
)


def phase_of(term: str) -> int:
    return next((i for i, terms in enumerate(PHASES) if term in terms), len(PHASES) - 1)


class _StopAt(cp_model.CpSolverSolutionCallback):
    """Stops the search at the first plan whose objective reaches a proven bound."""

    def __init__(self, bound: int) -> None:
        super().__init__()
        self.bound = bound

    def on_solution_callback(self) -> None:
        if self.objective_value <= self.bound:
            self.stop_search()


class Lexicographic:
    """One model solved stage by stage. ``run(phase, work, deadline)`` solves the phase's stages
    not yet settled; a stage not proven within its work stays open (a later ``run`` may retry it
    from the best plan found) until ``close(phase)`` fixes it at the value found."""

    def __init__(
        self,
        am: AssignmentModel,
        settings: Settings,
        start: dict[str, str | None],
        num_workers: int | None = None,
        floor: int | None = None,
    ) -> None:
        self.am, self.settings, self.num_workers = am, settings, num_workers
        self.floor = floor  # a proven least overload of plans placing every family that has options
        self.result = Result(assignment=dict(start))
        self.stages: list[list[list[tuple[str, int]]]] = [[] for _ in PHASES]
        self.built = [False] * len(PHASES)
        self.last: cp_model.CpSolver | None = None
        self.open: tuple[int, cp_model.CpSolver | None] | None = None  # (phase, its best solve)
        self.stopped = False  # a stage found nothing: the warm start stands, nothing after is known
        self.work_used = 0.0
        self.bounded: dict[str, int] = {}  # placement stage (first term) -> its LP bound
        self.retries = 0  # searches of a bounded stage after the first: each takes a new seed

    def _build(self, phase: int) -> None:
        if self.built[phase]:
            return
        self.built[phase] = True
        known = len(self.am.model.proto.variables)
        active = []
        for t in self.am.problem.terms:
            if phase_of(t) != phase:
                continue
            expr, bound = self.am.term(t)
            if bound == 0 or isinstance(expr, int):  # nothing the plan does can change it
                self.result.slack[t] = 0
            else:
                active.append((t, bound))
        self.stages[phase] = stages(active)
        if len(self.am.model.proto.variables) > known:
            # the last solve has no value for the new terms' variables (reading one gives what
            # happens to be in memory): nothing is known of them until a solve
            self.last = None

    def pending(self, phase: int) -> bool:
        """True while the phase has stages not settled (solved and fixed)."""
        self._build(phase)
        return not self.stopped and bool(self.stages[phase])

    def _all_placed(self) -> bool:
        """``floor`` is known and the plan so far places every family that has options."""
        problem, plan = self.am.problem, self.result.assignment
        return self.floor is not None and all(plan[f] is not None for f in problem.families if problem.options[f])

    def _floor_objective(self, group: Group) -> int | None:
        """The least value of a placement stage's objective, from ``floor``, when the plan so far
        places every family that has options (so the unallocated terms are at their least)."""
        if self.floor is None or not self._all_placed():
            return None
        values = self.am.placement_values(self.result.assignment)
        values[OVERLOAD] = self.floor
        return sum(w * values[t] for w, (t, _) in zip(weights(group), group))

    def run(self, phase: int, work: float, deadline: float) -> bool:
        """Solve the phase's remaining stages within ``work`` (CP-SAT work units; ``inf``: the
        wall clock only); True when every one is proven and fixed."""
        self._build(phase)
        groups = self.stages[phase]
        if phase == 0 and self.last is None:
            self._settle_at_floor(groups)
        if phase == phase_of(MOVES):
            self._settle_continuity(groups)
        while groups and not self.stopped:
            group = groups[0]
            used_before = self.work_used
            ws = weights(group)
            objective = sum(w * self.am.term(t)[0] for w, (t, _) in zip(ws, group))
            if self.last is not None and all(_value(self.last, self.am.term(t)[0]) == 0 for t, _ in group):
                self.am.model.add(objective == 0)  # already at the bound: fix without solving
                self.result.slack.update({t: 0 for t, _ in group})
                groups.pop(0)
                continue
            self.am.hint(self.result.assignment)
            self.am.model.minimize(objective)
            share = work if len(groups) == 1 else work * STAGE_SHARE
            placement = phase in PROBED_PHASES and work != float("inf")
            if placement and group[0][0] in self.bounded:  # the LP has given its bound already
                self.retries += 1
                solver, code = self._solve(group, share, deadline, self.bounded[group[0][0]])
            elif placement:  # the LP's bound on a small share, then the search without the LP
                solver, code = self._solve(group, max(LP_PROBE_WORK, share * LP_PROBE), deadline)
                if code == cp_model.FEASIBLE:
                    bound = math.ceil(solver.best_objective_bound - 1e-6)
                    bound = max(bound, self._floor_objective(group) or 0)
                    self.am.model.add(objective >= bound)
                    self.bounded[group[0][0]] = bound
                    self.am.hint(self.am.read(solver))
                    probe = solver
                    solver, code = self._solve(group, share - solver.deterministic_time, deadline, bound)
                    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                        solver, code = probe, int(cp_model.FEASIBLE)
            else:
                solver, code = self._solve(
                    group, share if work != float("inf") else None, deadline, last=len(groups) == 1
                )
            work = max(0.0, work - (self.work_used - used_before))
            if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if self.open is None or self.open[1] is None:
                    self.open = (phase, None)
                return False  # the plan found so far stands; close() decides
            self.result.assignment = self.am.read(solver)
            value = round(solver.objective_value)
            if (
                code == cp_model.OPTIMAL
                and round(solver.best_objective_bound) >= value
                or value <= self.bounded.get(group[0][0], -1)
            ):
                self.last = solver
                self.open = None
                self.result.slack.update({t: 0 for t, _ in group})
                self.am.model.add(objective == value)
                groups.pop(0)
                continue
            self.open = (phase, solver)
            return False
        return not self.stopped

    def overload_lower(self) -> int | None:
        """The least overload this model's plans can have, as far as its placement phase knows:
        the plan's when the phase is proven, else from the LP's bound on the stage's objective."""
        if self.stopped or not self._all_placed():
            return None
        values = self.am.placement_values(self.result.assignment)
        if not self.stages[0] and self.open is None:
            return values[OVERLOAD]
        for group in self.stages[0]:
            found = self.bounded.get(group[0][0])
            if found is not None and group[-1][0] == OVERLOAD:
                return found - (self._floor_objective(group) or 0) + (self.floor or 0)
        return None

    def at_floor(self) -> bool:
        """The plan so far places every family with options and its overload is ``floor``."""
        return self._all_placed() and self.am.placement_values(self.result.assignment)[OVERLOAD] == self.floor

    def _settle_at_floor(self, groups: list[Group]) -> None:
        """Fix the placement stages without a search when the plan so far reaches their least
        values (every family with options placed, overload at ``floor``)."""
        if not self.at_floor():
            return
        values = self.am.placement_values(self.result.assignment)
        for group in groups:
            objective = sum(w * self.am.term(t)[0] for w, (t, _) in zip(weights(group), group))
            self.am.model.add(objective == sum(w * values[t] for w, (t, _) in zip(weights(group), group)))
            self.result.slack.update({t: 0 for t, _ in group})
        groups.clear()

    def _settle_continuity(self, groups: list[Group]) -> None:
        """Fix the continuity stages without a search while the plan so far makes the fewest moves
        (then children moved) that any plan with its overload can (``piece_shed_bound``): a bound
        once every placement term is proven, so that no later plan has more overload."""
        problem = self.am.problem
        if self.stopped or self.open is not None or not groups:
            return
        if any(self.result.slack.get(t) != 0 for t in problem.terms if phase_of(t) == 0):
            return
        floor = piece_shed_bound(problem, self.am.placement_values(self.result.assignment)[OVERLOAD])
        values = self.am.continuity_values(self.result.assignment)
        least = {MOVES: floor.moves, CHILDREN_MOVED: floor.children_at_fewest}
        while groups and all(values[t] == least[t] for t, _ in groups[0]):
            group = groups.pop(0)
            objective = sum(w * self.am.term(t)[0] for w, (t, _) in zip(weights(group), group))
            self.am.model.add(objective == sum(w * values[t] for w, (t, _) in zip(weights(group), group)))
            self.result.slack.update({t: 0 for t, _ in group})

    def _solve(
        self, group: Group, work: float | None, deadline: float, bound: int | None = None, last: bool = True
    ) -> tuple[cp_model.CpSolver, int]:
        """One CP-SAT solve of a stage's objective (already set) within ``work`` units (None:
        the wall clock alone, a stage but the last taking STAGE_SHARE of what is left).

        Given the LP's ``bound`` (proven), the search runs without the LP, which finds the tight
        packings of a team (room just short of excess) far sooner, and stops on reaching the
        bound; each retry of a stage searches with another seed (still deterministic)."""
        wall = deadline - time.monotonic()
        if work is None:
            solver = parameters(self.settings, wall if last else wall * STAGE_SHARE, self.num_workers)
        else:
            solver = parameters(self.settings, wall, self.num_workers, max(0.0, work))
        if group[0][0] in TAIL_TERMS:
            solver.parameters.relative_gap_limit = TAIL_GAP
        callback = None
        if bound is not None:
            solver.parameters.linearization_level = 0
            solver.parameters.random_seed = self.settings.seed + self.retries
            callback = _StopAt(bound)
        code = solver.solve(self.am.model, callback)
        self.work_used += solver.deterministic_time
        self.result.solves += 1
        return solver, int(code)

    def close(self, phase: int) -> None:
        """Fix a stage left open at the best value found; the stages after it in the phase are
        skipped (their bound unknown)."""
        if self.open is None or self.open[0] != phase:
            return
        solver = self.open[1]
        groups = self.stages[phase]
        self.open = None
        self.result.status = "feasible"
        if solver is None:  # nothing found: the warm start stands, nothing after it is known
            self.stopped = True
            return
        group = groups.pop(0)
        ws = weights(group)
        objective = sum(w * self.am.term(t)[0] for w, (t, _) in zip(ws, group))
        self.result.slack.update(group_slack(solver, self.am, group, ws, self.bounded.get(group[0][0])))
        self.am.model.add(objective <= round(solver.objective_value))
        self.last = solver
        groups.clear()

    def finish(self) -> Result:
        for t in self.am.problem.terms:
            self.result.slack.setdefault(t, None)
        return self.result


def solve_lexicographic(
    am: AssignmentModel,
    settings: Settings,
    deadline: float,
    start: dict[str, str | None],
    num_workers: int | None = None,
    work: float | None = None,
) -> Result:
    """Solve stage by stage; ``work`` is the deterministic budget (CP-SAT's work units) of the
    whole solve, ``deadline`` the wall-clock safety net. ``work=float("inf")`` runs on the wall
    clock alone (benchmarks), each stage but the last taking STAGE_SHARE of the time left."""
    work = work if work is not None else DETERMINISTIC_PER_SECOND * (deadline - time.monotonic())
    lex = Lexicographic(am, settings, start, num_workers)
    for phase in range(len(PHASES)):
        last = phase == len(PHASES) - 1
        before = lex.work_used
        lex.run(phase, work if last or work == float("inf") else work * STAGE_SHARE, deadline)
        lex.close(phase)
        work = max(0.0, work - (lex.work_used - before))
    return lex.finish()
