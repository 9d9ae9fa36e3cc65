"""The overload warm start (``optimizer/packing.py``) and the piece relaxation behind it, against
every plan of small teams tried one by one (code independent of the solver): the relaxation is
never above the least overload, the warm start never breaks a hard rule nor does worse than the
plan it was given, and the solve reaches the least overload."""

import itertools
import random

import pytest

from optimizer import solve_json
from optimizer.contract import parse_snapshot
from optimizer.packing import fill, moves, overload
from optimizer.rebalance import problem as rebalance_problem
from optimizer.relaxation import piece_overload_bound
from optimizer.rules import Context
from tests.optimizer.support import check_plan, family, snapshot, worker

SURGE = 1.15


def team(seed: int) -> dict:
    """Two workers above capacity, three with room (one not qualified for child protection work),
    points such that the room is close to the excess."""
    rng = random.Random(seed)
    workers = [
        worker("W1", 10.0, skills=["child_protection"]),
        worker("W2", 12.0, skills=["child_protection"]),
        worker("W3", rng.choice([6.0, 8.0, 10.0]), skills=["child_protection"]),
        worker("W4", rng.choice([6.0, 8.0, 10.0])),
        worker("W5", rng.choice([4.0, 6.0]), skills=["child_protection"]),
    ]
    families = []
    for i in range(7):
        protection = rng.random() < 0.3
        families.append(
            family(
                f"F{i}",
                rng.choice([2.0, 3.0, 4.5, 5.0, 6.0, 7.5]),
                "W1" if i < 4 else "W2",
                requires=["child_protection"] if protection else [],
            )
        )
    families.append(family("F9", 3.0, "W4"))  # a colleague's own family: may move to make room
    return snapshot("rebalance", workers, families, surge_limit=SURGE, time_limit_s=5)


def least_overload(snap: dict) -> float:
    """Every plan: each family with its worker or a colleague with the skills it requires; nobody
    who gains a family above the surge limit."""
    workers = {w["id"]: w for w in snap["workers"]}
    best = None
    for choice in itertools.product(workers, repeat=len(snap["families"])):
        load = dict.fromkeys(workers, 0.0)
        gains = set()
        ok = True
        for fam, w in zip(snap["families"], choice):
            if w != fam["worker"]:
                if not set(fam["requires"]) <= set(workers[w]["skills"]):
                    ok = False
                    break
                gains.add(w)
            load[w] += fam["points"]
        if not ok or any(load[w] > workers[w]["capacity"] * SURGE + 1e-9 for w in gains):
            continue
        over = sum(max(0.0, load[w] - workers[w]["capacity"]) for w in workers)
        best = over if best is None else min(best, over)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_relaxation_and_warm_start_against_every_plan(seed):
    snap = team(seed)
    best = least_overload(snap)
    problem = rebalance_problem(Context.of(parse_snapshot(snap)))
    assert piece_overload_bound(problem) <= round(best * 100)
    start = {f: problem.holder[f] for f in problem.families}
    filled = fill(problem, start)
    assert (overload(problem, filled)[0], moves(problem, filled)) <= (overload(problem, start)[0], 0)
    assert overload(problem, filled)[0] >= round(best * 100)
    workers = problem.ctx.workers
    loads = overload(problem, filled)[1]
    for f, w in filled.items():
        assert w in problem.options[f]
        if w != problem.holder[f]:
            assert loads[w] <= problem.ctx.surge_cap(workers[w])
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    assert next(t["value"] for t in plan["terms"] if t["id"] == "overload") == pytest.approx(best)
