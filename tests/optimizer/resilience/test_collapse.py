"""Collapse risk: known extremes, planned leave, reproducibility, the interval and the sickness rate."""

from __future__ import annotations

from datetime import date

from optimizer.contract import parse_snapshot
from optimizer.resilience.collapse import UnitSimulation, first_monday, weekly_risk, wilson
from optimizer.resilience.inputs import parse_resilience
from optimizer.resilience.scope import scopes

from tests.optimizer.resilience.builders import families, raw, worker


def risks(data: dict, unit_id: str = "T1", seed: int = 0) -> list[float]:
    snap = parse_snapshot(data)
    inputs = parse_resilience(data.get("resilience"), snap)
    scope = next(s for s in scopes(snap) if s.unit.id == unit_id)
    sim = UnitSimulation(scope, inputs, snap.as_of, seed)
    return [w.risk for w in weekly_risk(sim.run(), inputs.weeks, sim.start)]


def test_far_more_capacity_than_work_has_no_risk():
    staff = [worker(f"W{i}") for i in range(8)]
    work = [f for i in range(8) for f in families(f"F{i}-", f"W{i}", 2, 5)]
    data = raw(staff, work, resilience={"scenarios": 300, "sickness_rate": 0.2})
    assert max(risks(data)) == 0.0


def test_a_unit_that_cannot_hold_its_work_always_fails():
    staff = [worker("A"), worker("B")]
    work = families("A", "A", 10, 9) + families("B", "B", 10, 9) + families("U", None, 1, 30)
    still = [{"unit": "T1", "referrals_per_week": 0, "closures_per_week": 0}]
    data = raw(staff, work, resilience={"scenarios": 200, "weeks": 4, "flow": still})
    assert risks(data) == [1.0, 1.0, 1.0, 1.0]
    data["resilience"]["flow"] = []  # closures (~0.8 a week) may end the waiting family
    assert min(risks(data)) > 0.8


def test_planned_leave_fails_exactly_the_week_it_falls_in():
    staff = [worker("A"), worker("B")]
    work = families("A", "A", 10, 6) + families("B", "B", 10, 6)  # 60 each: 120 > 97.75
    data = raw(staff, work, resilience={
        "scenarios": 50, "weeks": 4, "sickness_rate": 0,
        "planned_absences": [{"worker": "A", "from": "2026-12-23", "to": "2026-12-23"}],
        "flow": [{"unit": "T1", "referrals_per_week": 0, "closures_per_week": 0}]})
    assert risks(data) == [0.0, 0.0, 1.0, 0.0]  # weeks of 7, 14, 21 (the 23rd), 28 December


def test_the_same_seed_gives_the_same_grid_and_another_seed_does_not():
    staff = [worker(f"W{i}") for i in range(4)]
    work = [f for i in range(4) for f in families(f"F{i}-", f"W{i}", 6, 11)]  # 66 of 85
    data = raw(staff, work, resilience={"scenarios": 200, "weeks": 6})
    first = risks(data)
    assert first == risks(data)
    assert 0 < max(first) < 1
    assert first != risks(data, seed=1)


def test_sickness_takes_the_given_share_of_days():
    staff = [worker(f"W{i}") for i in range(10)]
    data = raw(staff, [], resilience={"scenarios": 400, "sickness_rate": 0.05})
    snap = parse_snapshot(data)
    sim = UnitSimulation(scopes(snap)[0], parse_resilience(data["resilience"], snap), snap.as_of, 0)
    import random

    rng = random.Random(7)
    absent = sum(bin(mask).count("1") for _ in range(400) for mask in sim._sickness(rng))
    share = absent / (400 * 10 * sim.days)
    assert 0.04 < share < 0.06


def test_wilson_interval_by_hand():
    low, high = wilson(0, 1000)
    assert low == 0.0 and abs(high - 0.003827) < 1e-5  # z^2 / (n + z^2)
    low, high = wilson(500, 1000)
    assert abs(low - 0.46907) < 1e-4 and abs(high - 0.53093) < 1e-4


def test_weeks_start_on_the_monday_after_as_of():
    assert first_monday(date(2026, 12, 1)) == date(2026, 12, 7)
    assert first_monday(date(2026, 12, 7)) == date(2026, 12, 14)
    assert first_monday(date(2026, 12, 13)) == date(2026, 12, 14)
