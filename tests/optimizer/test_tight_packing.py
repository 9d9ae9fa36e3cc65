"""Rebalance on teams whose room is just short of the excess (issue #13's hard teams): the plan's
overload equals the optimum found by trying every plan (code independent of the solver), and the
plan's overload bound is a true lower bound, equal to the value when it claims proof."""

import itertools
import random

import pytest

from optimizer import solve_json
from tests.optimizer.support import check_plan, family, snapshot, worker


def tight_team(seed: int) -> dict:
    """One willing worker at about three times capacity beside three colleagues with room a
    little short of the excess; no surge above capacity, so only an exact fill avoids overload."""
    rng = random.Random(seed)
    points = [rng.choice([3.0, 4.5, 5.0, 5.5, 6.0, 7.5, 8.0, 9.0]) for _ in range(8)]
    excess = sum(points) - 12.0
    rooms = [round(excess * share * 2) / 2 for share in (0.4, 0.33, 0.24)]
    workers = [worker("W0", 12.0)] + [worker(f"W{i + 1}", room) for i, room in enumerate(rooms)]
    families = [family(f"F{i}", p, "W0") for i, p in enumerate(points)]
    return snapshot("rebalance", workers, families, surge_limit=1.0, time_limit_s=5)


def least_overload(snap: dict) -> float:
    """Every assignment of the willing worker's families (the colleagues start empty, so nothing
    else can move): the least points above capacity within every capacity (surge 1.0)."""
    capacity = {w["id"]: w["capacity"] for w in snap["workers"]}
    workers = list(capacity)
    best = None
    for choice in itertools.product(workers, repeat=len(snap["families"])):
        load = dict.fromkeys(workers, 0.0)
        for fam, w in zip(snap["families"], choice):
            load[w] += fam["points"]
        if any(load[w] > capacity[w] for w in workers[1:]):
            continue
        over = sum(max(0.0, load[w] - capacity[w]) for w in workers)
        best = over if best is None else min(best, over)
    return best


@pytest.mark.parametrize("seed", range(4))
def test_overload_is_the_least_any_plan_reaches_and_its_bound_holds(seed):
    snap = tight_team(seed)
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    overload = next(t for t in plan["terms"] if t["id"] == "overload")
    best = least_overload(snap)
    assert overload["value"] == pytest.approx(best)
    assert overload["bound"] is not None and overload["bound"] <= best + 1e-9
