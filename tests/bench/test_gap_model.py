"""The GAP reader and the CP-SAT model behind `bench/gap.py` on generalized-assignment instances."""

import random
import time

import pytest

from bench.gap_model import GapInstance, _improve, check, greedy, read_gap, solve_gap
from tests.support.gap import brute_force

TINY = """2 3
1 5 3
4 2 6
2 3 2
3 2 3
4 5
"""


def test_reader_reads_costs_resources_and_capacities(tmp_path):
    path = tmp_path / "tiny"
    path.write_text(TINY)
    inst = read_gap(path)
    assert (inst.agents, inst.jobs) == (2, 3)
    assert inst.cost == ((1, 5, 3), (4, 2, 6))
    assert inst.resource == ((2, 3, 2), (3, 2, 3))
    assert inst.capacity == (4, 5)


def test_check_refuses_an_assignment_over_capacity():
    inst = GapInstance("t", ((1, 1), (1, 1)), ((3, 3), (1, 1)), (4, 4))
    with pytest.raises(ValueError):
        check(inst, (0, 0))
    assert check(inst, (0, 1)) == 2


def test_solver_matches_brute_force_on_the_tiny_instance(tmp_path):
    path = tmp_path / "tiny"
    path.write_text(TINY)
    inst = read_gap(path)
    result = solve_gap(inst, 2.0)
    assert result.value == brute_force(inst) == check(inst, result.assignment)
    assert result.status == "optimal" and result.bound == result.value


def test_greedy_is_feasible_when_it_answers(tmp_path):
    path = tmp_path / "tiny"
    path.write_text(TINY)
    inst = read_gap(path)
    start = greedy(inst)
    assert start is None or check(inst, start) >= brute_force(inst)


def random_instance(rng: random.Random, agents: int, jobs: int, slack: float) -> GapInstance:
    """Type-D-like: costs fall as resources rise; capacities ``slack`` of an even share."""
    resource = [[rng.randint(1, 100) for _ in range(jobs)] for _ in range(agents)]
    cost = [[111 - r + rng.randint(-10, 10) for r in row] for row in resource]
    capacity = [int(slack * sum(row) / agents) for row in resource]
    return GapInstance("random", tuple(map(tuple, cost)), tuple(map(tuple, resource)), tuple(capacity))


@pytest.mark.parametrize("method", ["local", "lns"])
@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("slack", [0.8, 2.0])  # tight: the regret greedy finds no start; loose: it does
def test_solver_is_feasible_and_never_worse_than_greedy(seed, method, slack):
    inst = random_instance(random.Random(seed), 8, 60, slack)
    result = solve_gap(inst, 2.0, seed=seed, whole_share=0.05, method=method)
    value = sum(inst.cost[a][j] for j, a in enumerate(result.assignment))
    assert result.value == value == check(inst, result.assignment)
    assert result.bound <= value
    start = greedy(inst)
    assert (start is None) == (slack < 1)  # so the comparison below is made, not skipped
    assert start is None or value <= check(inst, start)


def test_neighbourhoods_reach_the_optimum_of_a_small_instance():
    inst = random_instance(random.Random(3), 5, 7, 2.0)
    left, start = list(inst.capacity), {}
    for job in range(inst.jobs):  # first fit, a poor but feasible start
        start[job] = next(a for a in range(inst.agents) if inst.resource[a][job] <= left[a])
        left[start[job]] -= inst.resource[start[job]][job]
    best = _improve(inst, dict(start), time.monotonic() + 1.0, seed=0)
    assignment = tuple(best[j] for j in range(inst.jobs))
    assert check(inst, assignment) == brute_force(inst) < check(inst, tuple(start.values()))
