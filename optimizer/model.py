"""The CP-SAT model of one problem: x[family, worker], the hard rules, the soft terms by name.

Reads in the usual order: data, model, variables, constraints, soft terms. The objective and the
solve are ``solver.py``'s (lexicographic stages over ``terms``). A soft term's variables are made
the first time ``term(id)`` asks for it, so the first stages (unallocated, overload) solve a model
without the balance terms' many variables.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from ortools.sat.python import cp_model

from optimizer import soft_terms as st
from optimizer.problem import Problem, children_base, children_before
from optimizer.types import PER_MILLE


class AssignmentModel:
    def __init__(self, problem: Problem) -> None:
        # Data
        self.problem = problem
        ctx = problem.ctx
        self.points = {f: ctx.families[f].points for f in problem.families}
        self.capacity = {w: ctx.workers[w].capacity for w in problem.workers}
        # Model and variables
        self.model = cp_model.CpModel()
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        for f in problem.families:
            for w in problem.options[f]:
                self.x[f, w] = self.model.new_bool_var(f"x[{f},{w}]")
        self.by_worker: dict[str, list[str]] = {w: [] for w in problem.workers}
        for f, w in self.x:
            self.by_worker[w].append(f)
        self.load = {
            w: problem.base[w] + sum(self.points[f] * self.x[f, w] for f in self.by_worker[w]) for w in problem.workers
        }
        self.max_load = {w: problem.base[w] + sum(self.points[f] for f in self.by_worker[w]) for w in problem.workers}
        # Constraints
        self._one_worker_per_family()
        self._surge_limit()
        self._accountable_children()
        self._move_budget()
        # Soft terms: id -> (expression, upper bound), made on demand by term()
        self.terms: dict[str, tuple[cp_model.LinearExprT, int]] = {}
        self._builders = {
            st.UNALLOCATED_VISIT_DUE: self._unallocated,
            st.UNALLOCATED_STATUTORY: self._unallocated,
            st.UNALLOCATED: self._unallocated,
            st.OVERLOAD: self._overload,
            st.MOVES: self._moves,
            st.CHILDREN_MOVED: self._moves,
            st.PEAK_LOAD: self._balance,
            st.SPREAD: self._balance,
            st.LOCALITY: self._locality,
        }

    def term(self, term_id: str) -> tuple[cp_model.LinearExprT, int]:
        """The soft term's CP-SAT expression and the largest value it can take."""
        if term_id not in self.terms:
            self._builders[term_id]()
        return self.terms[term_id]

    # -- hard rules ---------------------------------------------------------------------------

    def _placed(self, f: str) -> cp_model.LinearExprT:
        return sum(self.x[f, w] for w in self.problem.options[f])

    def _one_worker_per_family(self) -> None:
        """family_indivisible: one worker per family; allocated families keep one."""
        for f in self.problem.families:
            if f in self.problem.must_place:
                self.model.add_exactly_one(self.x[f, w] for w in self.problem.options[f])
            elif self.problem.options[f]:
                self.model.add_at_most_one(self.x[f, w] for w in self.problem.options[f])

    def _surge_limit(self) -> None:
        """surge_limit: nobody ends above it unless they started above it and gain nothing."""
        problem = self.problem
        for w in problem.workers:
            cap = problem.ctx.surge_cap(problem.ctx.workers[w])
            if self.max_load[w] <= cap:
                continue
            self._within_unless_started_above(w, self.load[w], problem.before[w], cap, "gains")

    def _within_unless_started_above(
        self, w: str, value: cp_model.LinearExprT, before: int, cap: int, name: str
    ) -> None:
        """value <= cap, or (when it started above cap) only while ``w`` gains no family."""
        incoming = [self.x[f, w] for f in self.by_worker[w] if self.problem.holder[f] != w]
        if before <= cap:
            self.model.add(value <= cap)
        elif incoming:
            gains = self.model.new_bool_var(f"{name}[{w}]")
            for x in incoming:
                self.model.add_implication(x, gains)
            self.model.add(value <= cap).only_enforce_if(gains)

    def _accountable_children(self) -> None:
        """accountable_children: a pod's consultants end within their children limit, unless they
        started above it and the pod gains no family."""
        problem = self.problem
        base = children_base(problem)
        if not base:
            return
        before = children_before(problem.ctx)
        families = problem.ctx.families
        for w, fixed in base.items():
            cap = problem.ctx.children_cap(w)
            mine = self.by_worker[w]
            if cap is None or fixed + sum(families[f].children for f in mine) <= cap:
                continue
            children = fixed + sum(families[f].children * self.x[f, w] for f in mine)
            self._within_unless_started_above(w, children, before.get(w, 0), cap, "gains_children")

    def _move_budget(self) -> None:
        """The settings' move budget, when given: at most that many allocated families move."""
        problem = self.problem
        stays = [
            self.x[f, holder]
            for f in problem.families
            if f in problem.must_place and (holder := problem.holder[f]) is not None
        ]
        if problem.move_budget is not None and stays:
            self.model.add(sum(1 - stay for stay in stays) <= problem.move_budget)

    # -- soft terms ---------------------------------------------------------------------------

    def _unallocated(self) -> None:
        optional = [f for f in self.problem.families if f not in self.problem.must_place]
        statutory = [f for f in optional if self.problem.ctx.families[f].statutory]
        visit_due = [f for f in optional if st.visit_due_in_window(self.problem.ctx, f)]
        self.waiting = {
            st.UNALLOCATED_VISIT_DUE: visit_due,
            st.UNALLOCATED_STATUTORY: statutory,
            st.UNALLOCATED: optional,
        }
        self.terms[st.UNALLOCATED_VISIT_DUE] = (sum(1 - self._placed(f) for f in visit_due), len(visit_due))
        self.terms[st.UNALLOCATED_STATUTORY] = (sum(1 - self._placed(f) for f in statutory), len(statutory))
        self.terms[st.UNALLOCATED] = (sum(1 - self._placed(f) for f in optional), len(optional))

    def _overload(self) -> None:
        over: list[cp_model.LinearExprT] = []
        bound = 0
        for w in self.problem.workers:
            top = self.max_load[w] - self.capacity[w]
            if top <= 0:
                continue
            if not self.by_worker[w]:
                over.append(top)  # a constant: nothing can change it
            else:
                v = self.model.new_int_var(0, top, f"overload[{w}]")
                self.model.add(v >= self.load[w] - self.capacity[w])
                over.append(v)
            bound += top
        self.terms[st.OVERLOAD] = (sum(over), bound)

    @cached_property
    def movable(self) -> dict[str, int]:
        """The families that count as moved when they leave their holder, with what each counts in
        children_moved (its children, twice when recently moved)."""
        problem, families = self.problem, self.problem.ctx.families
        return {
            f: families[f].children * (2 if families[f].recently_moved else 1)
            for f in problem.families
            if f in problem.must_place and problem.holder[f] is not None
        }

    def _moves(self) -> None:
        weight = self.movable
        stays = [(f, self.x[f, holder]) for f in weight if (holder := self.problem.holder[f]) is not None]
        moves = sum(1 - stay for _, stay in stays)
        self.terms[st.MOVES] = (moves, len(stays))
        self.terms[st.CHILDREN_MOVED] = (sum(weight[f] * (1 - stay) for f, stay in stays), sum(weight.values()))

    def _balance(self) -> None:
        """peak_load (each group's highest ratio) and spread (convex in each worker's ratio)."""
        problem = self.problem
        members: dict[str, list[str]] = {}
        for w in problem.workers:
            if self.capacity[w] > 0:
                members.setdefault(problem.group[w], []).append(w)
        ratio: dict[str, int | cp_model.IntVar] = {}
        for w in (w for ws in members.values() for w in ws):
            top = st.ratio(self.max_load[w], self.capacity[w])
            low = st.ratio(problem.base[w], self.capacity[w])
            if top == low:
                ratio[w] = low
                continue
            ratio[w] = self.model.new_int_var(low, top, f"ratio[{w}]")
            # ratio >= load / capacity; peak and spread only push it down, to the ceiling
            self.model.add(self.capacity[w] * ratio[w] >= PER_MILLE * self.load[w])
        peaks: list[cp_model.LinearExprT] = []
        deviations: list[cp_model.LinearExprT] = []
        peak_bound, spread_bound = 0, 0
        for g, ws in sorted(members.items()):
            top = max(st.ratio(self.max_load[w], self.capacity[w]) for w in ws)
            low = max(st.ratio(problem.base[w], self.capacity[w]) for w in ws)
            peak = self.model.new_int_var(low, top, f"peak[{g}]")
            for w in ws:
                self.model.add(peak >= ratio[w])
            peaks.append(peak)
            peak_bound += top
            for w in ws:
                excess = self._spread(w, ratio[w])
                deviations.extend(excess)
                spread_bound += st.spread_of(st.ratio(self.max_load[w], self.capacity[w]))
        self.terms[st.PEAK_LOAD] = (sum(peaks), peak_bound)
        self.terms[st.SPREAD] = (sum(deviations), spread_bound)

    def _spread(self, w: str, ratio: int | cp_model.IntVar) -> Sequence[cp_model.LinearExprT]:
        """spread: the load ratio above each step, as variables the objective pushes down."""
        if isinstance(ratio, int):
            return [st.spread_of(ratio)] if ratio else []
        top = st.ratio(self.max_load[w], self.capacity[w])
        above = []
        for step in st.SPREAD_STEPS:
            if top <= step:
                break
            v = self.model.new_int_var(0, top - step, f"above[{w},{step}]")
            self.model.add(v >= ratio - step)
            above.append(v)
        return above

    def _locality(self) -> None:
        problem = self.problem
        cost = {(f, w): st.locality_cost(problem.ctx, f, w) for (f, w) in self.x if w != problem.holder[f]}
        self.terms[st.LOCALITY] = (sum(c * self.x[fw] for fw, c in cost.items() if c), sum(cost.values()))

    def placement_values(self, assignment: dict[str, str | None]) -> dict[str, int]:
        """The placement terms' values (the unallocated terms, overload) of an assignment, as the
        model's expressions give them; ``solver.Lexicographic`` settles a plan at a known bound."""
        self.term(st.UNALLOCATED)
        values = {t: sum(1 for f in families if assignment.get(f) is None) for t, families in self.waiting.items()}
        loads = dict(self.problem.base)
        for f, w in assignment.items():
            if w is not None:
                loads[w] += self.points[f]
        values[st.OVERLOAD] = sum(max(0, loads[w] - self.capacity[w]) for w in self.problem.workers)
        return values

    def continuity_values(self, assignment: dict[str, str | None]) -> dict[str, int]:
        """The continuity terms' values (moves, children moved) of an assignment, as the model's
        expressions give them; ``solver.Lexicographic`` settles a plan at a known bound."""
        moved = [f for f in self.movable if assignment.get(f) != self.problem.holder[f]]
        return {st.MOVES: len(moved), st.CHILDREN_MOVED: sum(self.movable[f] for f in moved)}

    # -- hints and answers --------------------------------------------------------------------

    def hint(self, assignment: dict[str, str | None]) -> None:
        """The assignment as CP-SAT's solution hint, written in one go (``add_hint`` per variable
        took a second of Python a 1,000-worker rebalance)."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]  # OR-Tools' stub leaves it unannotated
        hint = self.model.proto.solution_hint
        hint.vars.extend(x.index for x in self.x.values())  # new_bool_var: never a negation
        hint.values.extend(int(assignment.get(f) == w) for f, w in self.x)

    def read(self, solver: cp_model.CpSolver) -> dict[str, str | None]:
        chosen: dict[str, str | None] = {f: None for f in self.problem.families}
        for (f, w), x in self.x.items():
            if solver.boolean_value(x):
                chosen[f] = w
        return chosen
