"""From a solved problem to a Plan: terms recomputed from the assignment, bound, reasons, loads."""

from __future__ import annotations

import time
from dataclasses import replace

from optimizer import decompose
from optimizer.explain import Explainer
from optimizer.pods import people_plan
from optimizer.problem import Problem
from optimizer.relaxation import Shed, overload_bound, shed_bound
from optimizer.soft_terms import (
    CHILDREN_MOVED,
    MOVES,
    OVERLOAD,
    TERM_ORDER,
    TERMS,
    UNALLOCATED,
    UNALLOCATED_STATUTORY,
    Outcome,
    evaluate,
)
from optimizer.solver import Result
from optimizer.types import Bound, Load, Plan, Term


def outcome_of(problem: Problem, assignment: dict[str, str | None], question: str) -> Outcome:
    ctx = problem.ctx
    before = {f.id: f.carrier for f in ctx.snapshot.families}  # who carries the points (cover or key)
    after = dict(before)
    after.update(assignment)
    if question == "cover":
        unplaced = frozenset(f for f in problem.families if after[f] is None)
        moved: frozenset[str] = frozenset()
    else:
        unplaced = frozenset(f for f, w in after.items() if w is None)
        moved = frozenset(f for f, w in after.items() if before[f] is not None and w != before[f])
    placed = frozenset(f for f, w in after.items() if w is not None and w != before[f])
    return Outcome(ctx, before, after, unplaced, moved, placed)


def _proven(terms: list[Term], term_id: str, including: bool) -> bool:
    """Every term before ``term_id`` (which the plan has), and ``term_id`` itself when ``including``,
    is at its bound."""
    for term in terms:
        if term.id == term_id and not including:
            return True
        if term.bound != term.value:
            return False
        if term.id == term_id:
            return True
    return False


def bound_of(terms: list[Term], pieces: int, restricted: bool) -> Bound:
    """The first term (in lexicographic order) not proven at its bound decides the gap."""
    for term in terms:
        if term.bound is None or term.bound < term.value:
            bound = term.bound if term.bound is not None else 0  # none known: no term is below 0
            gap = replace(term, bound=bound).gap or 0.0
            return Bound(term.value, bound, gap, False, restricted, pieces, term.id)
    lead = terms[0] if terms else Term("none", 0, "families", 0)
    return Bound(lead.value, lead.value, 0.0, True, restricted, pieces, None)


def _overload_bound(problem: Problem, question: str, values: dict[str, int], bound: int | None) -> int | None:
    """The better of the model's bound and the whole problem's relaxation (``relaxation.py``),
    which holds when the plan leaves no family without a worker (so no plan does better there)."""
    if question not in ("rebalance", "recommend") or values[UNALLOCATED] or values[UNALLOCATED_STATUTORY]:
        return bound
    relaxed = overload_bound(problem.ctx)
    if relaxed is None:
        return bound
    return min(values[OVERLOAD], max(relaxed, bound or 0))


def _continuity_bound(problem: Problem, outcome: Outcome) -> Shed:
    """With the terms before overload proven, the best plan has at most this plan's overload in
    each independent piece (``decompose.pieces``: no family moves between them, so each is at its
    own best), and each worker above capacity sheds at least what its piece's overload cannot
    absorb (``relaxation.shed_bound``): the least moves and children moved. With overload proven
    too and the plan making exactly those moves, every such worker sheds exactly its fewest
    families, and the least children moved among such sets is the bound (``build_plan``)."""
    workers, after = outcome.ctx.workers, outcome.loads(outcome.after)
    allowance: dict[str, int] = {}
    for piece in decompose.pieces(problem):
        over = sum(max(0, after[w] - workers[w].capacity) for w in piece.workers)
        allowance.update({problem.group[w]: over for w in piece.workers})
    return shed_bound(outcome.ctx, allowance)


def build_plan(
    problem: Problem,
    result: Result,
    question: str,
    started: float,
    pieces: int = 1,
    restricted: bool = False,
    notes: tuple[str, ...] = (),
) -> Plan:
    outcome = outcome_of(problem, result.assignment, question)
    values = evaluate(outcome)
    terms: list[Term] = []
    shed: Shed | None = None
    for term_id in TERM_ORDER:
        if term_id not in problem.terms:
            continue
        slack = result.slack.get(term_id)
        if slack is None:  # unknown, but no term is ever below zero
            bound = 0 if values[term_id] == 0 else None
        else:
            bound = max(0, values[term_id] - slack)
        if term_id == OVERLOAD and bound != values[term_id]:
            bound = _overload_bound(problem, question, values, bound)
        if (
            term_id in (MOVES, CHILDREN_MOVED)
            and bound != values[term_id]
            and _proven(terms, OVERLOAD, including=False)
        ):
            shed = shed or _continuity_bound(problem, outcome)
            if term_id == MOVES:
                found = shed.moves
            elif _proven(terms, OVERLOAD, including=True) and values[MOVES] == shed.moves:
                found = shed.children_at_fewest
            else:
                found = shed.children
            bound = min(values[term_id], max(found, bound or 0))
        terms.append(Term(term_id, values[term_id], TERMS[term_id][0], bound))
    explainer = Explainer(outcome, question)
    assignments = tuple(explainer.assignment(f) for f in sorted(outcome.placed))
    unallocated = tuple(explainer.unallocated(f) for f in sorted(outcome.unplaced))
    before, after = outcome.loads(outcome.before), outcome.loads(outcome.after)
    loads = tuple(
        Load(w.id, w.capacity, before[w.id], after[w.id])
        for w in sorted(problem.ctx.snapshot.workers, key=lambda w: w.id)
    )
    status = "optimal" if result.status == "optimal" else "feasible"
    plan = Plan(
        question=question,
        status=status,
        assignments=assignments,
        unallocated=unallocated,
        loads=loads,
        terms=tuple(terms),
        bound=bound_of(terms, pieces, restricted),
        time_s=time.monotonic() - started,
        seed=problem.ctx.snapshot.settings.seed,
        notes=notes,
    )
    ctx = problem.ctx
    return people_plan(plan, ctx.source or ctx.snapshot, ctx.snapshot, ctx.pods, outcome.before, outcome.after)


def answer(
    problem: Problem, question: str, started: float, restricted: bool = False, notes: tuple[str, ...] = ()
) -> Plan:
    """Solve the problem piece by piece within the snapshot's time limit and explain the plan."""
    settings = problem.ctx.snapshot.settings
    # the work budget from the time limit (the same plan under any load); the wall clock's
    # safety net from what is left of the time limit (times KEEL_WALL_FACTOR, for benchmarks)
    remaining = settings.time_limit_s * decompose.wall_factor() - (time.monotonic() - started)
    result, pieces = decompose.solve(problem, settings.time_limit_s, wall_s=max(0.05, remaining))
    return build_plan(problem, result, question, started, pieces, restricted, notes)
