"""The compiled local search of `bench/gap_search.py`, checked against independent recomputations."""

import random
import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import gap_search
from bench.gap_model import GapInstance, check, solve_gap
from bench.gap_search import BEST, COST, STEP, TOTAL_EXCESS, LocalSearch, lightest, run_searches
from tests.support.gap import brute_force


def instance(rng: random.Random, agents: int, jobs: int, slack: float) -> GapInstance:
    """Type-D-like: costs fall as resources rise; capacities ``slack`` of an even share."""
    resource = [[rng.randint(1, 30) for _ in range(jobs)] for _ in range(agents)]
    cost = [[40 - r + rng.randint(-5, 5) for r in row] for row in resource]
    capacity = [max(1, int(slack * sum(row) / agents)) for row in resource]
    return GapInstance("random", tuple(map(tuple, cost)), tuple(map(tuple, resource)), tuple(capacity))


def recomputed(inst: GapInstance, assignment) -> tuple[int, list[int], int]:
    """Cost, loads and total excess over capacity of any assignment, from the instance alone."""
    loads = [0] * inst.agents
    for job, agent in enumerate(assignment):
        loads[agent] += inst.resource[agent][job]
    excess = sum(max(0, load - cap) for load, cap in zip(loads, inst.capacity))
    return sum(inst.cost[a][j] for j, a in enumerate(assignment)), loads, excess


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    agents=st.integers(2, 6),
    jobs=st.integers(2, 24),
    slack=st.floats(0.6, 1.5),
    steps=st.integers(1, 400),
    chains=st.sampled_from([0, 5, 200]),
    kick_after=st.sampled_from([0, 1, 50]),
)
def test_the_walk_keeps_its_bookkeeping_and_its_best_is_feasible(seed, agents, jobs, slack, steps, chains, kick_after):
    rng = random.Random(seed)
    inst = instance(rng, agents, jobs, slack)
    start = [rng.randrange(agents) for _ in range(jobs)]  # feasible or not
    search = LocalSearch(inst, start, seed=seed)
    search.chains, search.kick_after, search.escalate, search.restart_after = chains, kick_after, 3, 4
    search.run(steps)
    search.run(steps)
    # what the search believes of its current assignment is what the instance says of it
    cost, loads, excess = recomputed(inst, search.assign.tolist())
    assert search.state[COST] == cost
    assert search.load.tolist() == loads
    assert search.state[TOTAL_EXCESS] == excess
    assert 1 <= search.state[STEP] <= 2 * steps
    value, best = search.best
    if value is not None:
        assert value == check(inst, best) == recomputed(inst, best)[0]
        assert value == search.state[BEST]
    start_cost, _, start_excess = recomputed(inst, start)
    if start_excess == 0:  # a feasible start is never lost
        assert value is not None and value <= start_cost


@given(seed=st.integers(0, 10**6))
@settings(max_examples=15, deadline=None)
def test_the_search_reaches_the_optimum_of_tiny_instances(seed):
    rng = random.Random(seed)
    inst = instance(rng, rng.randint(2, 3), rng.randint(3, 7), rng.uniform(0.8, 1.3))
    best = brute_force(inst)
    search = LocalSearch(inst, lightest(inst), seed=seed)
    search.run(3000)
    value, assignment = search.best
    if best is None:
        assert value is None
    else:
        assert value == best == check(inst, assignment)


def test_same_seed_and_steps_give_the_same_walk():
    inst = instance(random.Random(5), 8, 60, 0.8)
    runs = []
    for _ in range(2):
        search = LocalSearch(inst, lightest(inst), seed=11)
        for _ in range(5):
            search.run(300)
        runs.append((search.best, search.assign.tolist(), search.weight.tolist()))
    assert runs[0] == runs[1]
    other = LocalSearch(inst, lightest(inst), seed=12)
    for _ in range(5):
        other.run(300)
    assert other.weight.tolist() != runs[0][2]  # the seed matters (kicks draw jobs and agents)


def test_searches_side_by_side_find_a_feasible_assignment_from_an_overloaded_start():
    inst = instance(random.Random(7), 6, 40, 0.9)
    start = [0] * inst.jobs  # everything on one agent
    assert recomputed(inst, start)[2] > 0
    found = run_searches(inst, start, time.monotonic() + 0.5, seed=3, threads=2)
    assert found is not None
    value = check(inst, found)
    assert value == recomputed(inst, found)[0]


def test_an_instance_with_no_feasible_assignment_has_no_answer():
    inst = GapInstance("none", ((1, 1), (1, 1)), ((3, 3), (3, 3)), (4, 2))  # 6 units, room for one job
    search = LocalSearch(inst, (0, 1), seed=0)
    search.run(500)
    assert search.best == (None, ())
    result = solve_gap(inst, 1.0)
    assert result.value is None and result.assignment is None


def test_warm_up_compiles_the_same_specialisation_the_search_uses():
    gap_search.warm_up()
    assert len(gap_search.search.signatures) == 1
    inst = instance(random.Random(1), 3, 9, 1.0)
    LocalSearch(inst, lightest(inst)).run(10)
    assert len(gap_search.search.signatures) == 1
    assert np.dtype(np.int64) == LocalSearch(inst, lightest(inst)).assign.dtype
