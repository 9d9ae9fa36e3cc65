"""Every soft term is written twice: a CP-SAT expression (model.py) and an evaluator
(soft_terms.py). On random snapshots and random plans, fixing the plan in the model and minimising
each term's expression gives the evaluator's value, so a bound the solver proves on the model is a
bound on what the plan reports."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from optimizer import cover, parse_snapshot, rebalance, recommend
from optimizer.model import AssignmentModel
from optimizer.outcome import outcome_of
from optimizer.rules import Context
from optimizer.soft_terms import TERM_ORDER, evaluate
from tests.optimizer.support import family, snapshot, worker
from tests.optimizer.test_properties import snapshots

BUILD = {"recommend": recommend.problem, "rebalance": rebalance.problem, "cover": cover.problem}


def random_plan(problem, rng: random.Random) -> dict[str, str | None]:
    plan = {}
    for f in problem.families:
        choices = list(problem.options[f]) + ([] if f in problem.must_place else [None])
        plan[f] = rng.choice(choices) if choices else None
    return plan


def term_in_model(problem, plan: dict[str, str | None], term: str) -> int | None:
    """The least value the term's expression takes with the plan fixed (None: the plan breaks a
    hard rule of the model, e.g. the surge limit)."""
    am = AssignmentModel(problem)
    for (f, w), x in am.x.items():
        am.model.add(x == int(plan[f] == w))
    expr, _ = am.term(term)
    if isinstance(expr, int):
        return expr
    am.model.minimize(expr)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    code = solver.solve(am.model)
    if code == cp_model.INFEASIBLE:
        return None
    assert code == cp_model.OPTIMAL
    return round(solver.objective_value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.randoms(use_true_random=False))
def test_each_term_of_the_model_equals_its_evaluator_on_a_random_plan(data, rng):
    data["settings"]["surge_limit"] = 3.0  # most random plans then keep within the limit
    data["settings"]["move_budget"] = None
    snapshot = parse_snapshot(data)
    problem = BUILD[snapshot.question](Context.of(snapshot))
    plan = random_plan(problem, rng)
    evaluated = evaluate(outcome_of(problem, plan, snapshot.question))
    for term in problem.terms:
        modelled = term_in_model(problem, plan, term)
        if modelled is None:
            return  # the random plan breaks the surge limit: nothing to compare
        assert modelled == evaluated[term], (term, plan)


def test_rebalance_has_every_term():
    assert rebalance.problem(Context.of(parse_snapshot(tiny()))).terms == TERM_ORDER


def tiny() -> dict:
    return snapshot(
        "rebalance", [worker("W1", 10), worker("W2", 10)], [family("F1", 8, "W1"), family("F2", 6, "W1", children=3)]
    )


def test_the_model_reads_a_fixed_plan_by_hand():
    problem = rebalance.problem(Context.of(parse_snapshot(tiny())))
    stay, move = {"F1": "W1", "F2": "W1"}, {"F1": "W1", "F2": "W2"}
    assert term_in_model(problem, stay, "overload") == 400  # 14 points on 10: 4 above, x100
    assert term_in_model(problem, move, "overload") == 0
    assert term_in_model(problem, move, "moves") == 1
    assert term_in_model(problem, move, "children_moved") == 3
    assert term_in_model(problem, move, "peak_load") == 800
