"""The GAP reader and the CP-SAT model behind `bench/gap.py` on generalized-assignment instances."""

import pytest

from bench.gap_model import GapInstance, check, greedy, read_gap, solve_gap

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


def brute_force(inst: GapInstance) -> int:
    best = None
    for code in range(inst.agents**inst.jobs):
        assignment = tuple((code // inst.agents**j) % inst.agents for j in range(inst.jobs))
        try:
            value = check(inst, assignment)
        except ValueError:
            continue
        best = value if best is None else min(best, value)
    return best


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
