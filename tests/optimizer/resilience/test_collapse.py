"""Collapse risk: the failure rule (statutory work uncovered beyond the set days, or a worker held
above the surge limit) against flow pressure (waiting work), planned leave, far dates,
reproducibility, the interval and the sickness rate."""

from __future__ import annotations

from datetime import date

import pytest
from optimizer.contract import SnapshotError, parse_snapshot
from optimizer.resilience.collapse import (
    UnitSimulation,
    first_week,
    weekly_risk,
    wilson,
    working_days,
)
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


STILL = [{"unit": "T1", "referrals_per_week": 0, "closures_per_week": 0}]
CP = {"statuses": ["cp"], "requires": ["child_protection"]}


def simulated(data: dict, unit_id: str = "T1"):
    snap = parse_snapshot(data)
    inputs = parse_resilience(data.get("resilience"), snap)
    scope = next(s for s in scopes(snap) if s.unit.id == unit_id)
    sim = UnitSimulation(scope, inputs, snap.as_of, 0)
    run = sim.simulate()
    return weekly_risk(run.failures, inputs.weeks, sim.start, run)


def test_waiting_non_statutory_work_is_flow_pressure_not_collapse():
    staff = [worker("A"), worker("B")]
    work = families("A", "A", 10, 9) + families("B", "B", 10, 9) + families("U", None, 1, 30)
    data = raw(staff, work, resilience={"scenarios": 50, "weeks": 4, "flow": STILL, "sickness_rate": 0})
    weeks = simulated(data)
    assert [w.risk for w in weeks] == [0.0, 0.0, 0.0, 0.0]
    assert [w.backlog for w in weeks] == [1.0, 1.0, 1.0, 1.0]  # the family waits, and is counted
    assert [w.oldest_wait_days for w in weeks] == [4.0, 9.0, 14.0, 19.0]  # Tue 1 Dec is day 1


def test_other_work_goes_up_to_the_surge_limit_as_keel_recommends_unless_a_share_is_set():
    # A and B at capacity (85 of 85); a 9-point referral fits within the surge limit (97.75), not within capacity
    staff = [worker("A"), worker("B")]
    work = families("A", "A", 10, 8.5) + families("B", "B", 10, 8.5) + families("U", None, 1, 9)
    still = {"scenarios": 20, "weeks": 2, "flow": STILL, "sickness_rate": 0}
    as_keel = simulated(raw(staff, work, resilience=still))
    at_capacity = simulated(raw(staff, work, resilience={**still, "allocation_limit": 1.0}))
    assert [w.backlog for w in as_keel] == [0.0, 0.0]
    assert [w.backlog for w in at_capacity] == [1.0, 1.0]


def test_a_statutory_family_waiting_beyond_the_set_days_is_collapse():
    staff = [worker("A"), worker("B")]
    work = families("A", "A", 10, 9) + families("B", "B", 10, 9) + families("U", None, 1, 30, **CP)
    data = raw(staff, work, resilience={"scenarios": 50, "weeks": 4, "flow": STILL, "sickness_rate": 0})
    assert risks(data) == [1.0, 1.0, 1.0, 1.0]
    data["workers"][1]["capacity"] = 200  # B has room: the family is allocated on the first day
    assert risks(data) == [0.0, 0.0, 0.0, 0.0]


def test_a_worker_above_the_surge_limit_nobody_can_relieve_is_collapse():
    staff = [worker("A"), worker("B")]
    work = families("A", "A", 10, 11) + families("B", "B", 10, 9)  # A at 110 of 97.75
    data = raw(staff, work, resilience={"scenarios": 20, "weeks": 3, "flow": STILL, "sickness_rate": 0})
    assert risks(data) == [1.0, 1.0, 1.0]
    data["workers"][1]["capacity"] = 200  # B can take A's excess: a manager would move it
    assert risks(data) == [0.0, 0.0, 0.0]


def test_planned_leave_fails_exactly_the_week_it_falls_in():
    staff = [worker("A"), worker("B")]
    work = families("A", "A", 10, 6, **CP) + families("B", "B", 10, 6)  # 60 each: 120 > 97.75
    data = raw(
        staff,
        work,
        resilience={
            "scenarios": 50,
            "weeks": 5,
            "sickness_rate": 0,
            "statutory_cover_days": 0,
            "planned_absences": [{"worker": "A", "from": "2026-12-23", "to": "2026-12-23"}],
            "flow": STILL,
        },
    )
    assert risks(data) == [0.0, 0.0, 0.0, 1.0, 0.0]  # weeks of 30 Nov, 7, 14, 21 (the 23rd), 28 Dec


def full_pair(a_work: list[dict], b_skills=("child_protection",), **resilience) -> dict:
    """A and B; B holds 90 of 85 points (no room within the 97.75 surge limit for a 9-point
    family); no sickness, no flow: only the absences given fail a day."""
    staff = [worker("A"), worker("B", skills=b_skills)]
    return raw(
        staff,
        a_work + families("B", "B", 10, 9),
        resilience={"scenarios": 20, "weeks": 4, "sickness_rate": 0, "flow": STILL, **resilience},
    )


def away(start: str, end: str) -> list[dict]:
    return [{"worker": "A", "from": start, "to": end}]


def test_an_absent_workers_other_families_wait_and_are_counted_after_the_grace():
    data = full_pair(families("A", "A", 10, 9), planned_absences=away("2026-12-07", "2026-12-18"))
    weeks = simulated(data)
    assert [w.risk for w in weeks] == [0.0, 0.0, 0.0, 0.0]  # nothing statutory: never collapse
    assert [w.backlog for w in weeks] == [0.0, 0.0, 10.0, 0.0]  # past 5 days from Mon 14: waiting
    data["resilience"]["cover_after_days"] = 10
    assert [w.backlog for w in simulated(data)] == [0.0, 0.0, 0.0, 0.0]


def test_a_cp_family_nobody_present_may_take_fails_after_the_set_days():
    cp = families("CP", "A", 1, 4, **CP)
    data = full_pair(cp + families("A", "A", 5, 9), b_skills=(), planned_absences=away("2026-12-21", "2026-12-23"))
    data["workers"][1]["capacity"] = 200  # B has all the room in the world but not the CP skill
    assert risks(data) == [0.0, 0.0, 0.0, 1.0]  # the third day of the absence, Wednesday 23
    data["resilience"]["statutory_cover_days"] = 3
    assert risks(data) == [0.0, 0.0, 0.0, 0.0]  # back before the family has gone 4 days uncovered
    data["resilience"]["statutory_cover_days"] = 0
    data["workers"][1]["skills"] = ["child_protection"]  # now B may take it: the rest waits
    assert risks(data) == [0.0, 0.0, 0.0, 0.0]


def test_the_set_days_count_working_days_across_the_weekend():
    # Mon 7 to Fri 11 are days 1-5 of the absence; Mon 14 is day 6
    data = full_pair(families("A", "A", 10, 9, **CP), planned_absences=away("2026-12-07", "2026-12-15"))
    data["resilience"]["statutory_cover_days"] = 5
    assert risks(data) == [0.0, 0.0, 1.0, 0.0]
    data["resilience"]["statutory_cover_days"] = 6
    assert risks(data) == [0.0, 0.0, 1.0, 0.0]  # day 7 is Tuesday 15
    data["resilience"]["statutory_cover_days"] = 7
    assert risks(data) == [0.0, 0.0, 0.0, 0.0]


def test_absent_on_as_of_or_gone_means_covered_from_the_first_day():
    data = full_pair(families("A", "A", 10, 9, **CP))
    data["workers"][0]["absent_until"] = "2026-12-08"  # absent on as_of (1 December), start unknown
    assert risks(data) == [1.0, 1.0, 0.0, 0.0]
    data["workers"][0]["absent_until"] = None
    data["workers"][0]["leaving_on"] = "2026-12-15"  # gone from Wednesday 16
    assert risks(data) == [0.0, 0.0, 1.0, 1.0]


def test_far_future_dates_are_beyond_the_horizon():
    data = full_pair(families("A", "A", 10, 9, **CP))
    data["workers"][0]["leaving_on"] = "9999-12-31"
    data["resilience"]["planned_absences"] = away("2027-01-04", "9999-12-31")
    assert risks(data) == [0.0, 0.0, 0.0, 0.0]
    data["resilience"]["weeks"] = 6
    assert risks(data) == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]  # week of 4 January onwards


def test_fewer_days_of_grace_never_lower_the_risk_for_a_seed():
    staff = [worker(f"W{i}") for i in range(4)] + [worker("N", skills=())]
    work = [f for i in range(4) for f in families(f"F{i}-", f"W{i}", 6, 9)]  # 54 + 24 of 85
    work += [f for i in range(4) for f in families(f"C{i}-", f"W{i}", 3, 8, **CP)]
    work += families("N", "N", 8, 9)
    data = raw(staff, work, resilience={"scenarios": 150, "weeks": 6, "sickness_rate": 0.08, "sickness_spell_days": 8})
    found = {}
    for days in (10, 5, 2, 1, 0):
        data["resilience"]["statutory_cover_days"] = days
        snap = parse_snapshot(data)
        inputs = parse_resilience(data["resilience"], snap)
        found[days] = UnitSimulation(scopes(snap)[0], inputs, snap.as_of, 0).run()
    for more, fewer in ((10, 5), (5, 2), (2, 1), (1, 0)):
        # scenario by scenario, every week failed with more days of grace fails with fewer
        assert all(a & ~b == 0 for a, b in zip(found[more], found[fewer]))
    total = {days: sum(bin(f).count("1") for f in fails) for days, fails in found.items()}
    assert total[0] > total[5] > 0  # not a vacuous comparison


def test_the_same_seed_gives_the_same_grid_and_another_seed_does_not():
    staff = [worker(f"W{i}") for i in range(4)]
    work = [f for i in range(4) for f in families(f"F{i}-", f"W{i}", 6, 11, **CP)]  # 66 of 85
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


def test_the_first_week_is_the_current_week_from_as_of():
    assert first_week(date(2026, 12, 1)) == date(2026, 11, 30)  # a Tuesday: its own week
    assert first_week(date(2026, 12, 7)) == date(2026, 12, 7)
    assert first_week(date(2026, 12, 13)) == date(2026, 12, 14)  # a Sunday: the next week
    assert [d.isoformat() for d, w in working_days(date(2026, 12, 3), 2)] == [
        "2026-12-03",
        "2026-12-04",
        "2026-12-07",
        "2026-12-08",
        "2026-12-09",
        "2026-12-10",
        "2026-12-11",
    ]


def test_a_unit_s_own_sickness_rate_replaces_the_default_for_that_unit_only():
    staff = [worker(f"W{i}") for i in range(4)]
    work = [f for i in range(4) for f in families(f"F{i}-", f"W{i}", 6, 11, **CP)]
    base = {"scenarios": 200, "weeks": 6, "sickness_rate": 0.0, "flow": STILL}
    calm = risks(raw(staff, work, resilience=base))
    sick = risks(raw(staff, work, resilience={**base, "sickness_rates": {"T1": 0.25}}))
    elsewhere = risks(raw(staff, work, resilience={**base, "sickness_rates": {"S0": 0.25}}))
    assert max(calm) == 0.0 and max(sick) > 0.0  # the team's own rate is used...
    assert elsewhere == calm  # ...and another unit's rate is not


def test_a_sickness_rate_for_an_unknown_unit_names_its_path():
    data = raw([worker("W1")], [], resilience={"sickness_rates": {"T9": 0.1}})
    with pytest.raises(SnapshotError, match=r"resilience\.sickness_rates\.T9"):
        parse_resilience(data["resilience"], parse_snapshot(data))


def trio(resilience: dict, a_work: list[dict], c_work: list[dict] = ()) -> dict:
    """A, B and C; B holds 60 of 85 points, so 37.75 of room within the 97.75 surge limit; no
    sickness, no flow: only the absences given fail a day."""
    staff = [worker("A"), worker("B"), worker("C")]
    work = a_work + families("B", "B", 6, 10) + list(c_work)
    return raw(staff, work, resilience={"scenarios": 10, "weeks": 4, "sickness_rate": 0, "flow": STILL, **resilience})


def test_an_absent_workers_other_families_take_a_colleagues_room_from_the_first_day():
    # A is away from before as_of to Friday 18 with a 30-point CIN family: Keel's cover puts it on B,
    # leaving 7.75 of room. C is away the week of 14 December with a 20-point CP family nobody can cover.
    leave = [{"worker": "C", "from": "2026-12-14", "to": "2026-12-18"}]
    data = trio({"planned_absences": leave}, families("A", "A", 1, 30), families("C", "C", 1, 20, **CP))
    data["workers"][0]["absent_until"] = "2026-12-18"
    assert risks(data) == [0.0, 0.0, 1.0, 0.0]  # Wednesday 16, C's third day away
    data["resilience"]["cover_from_first_day"] = False  # the forecast before: only statutory work is covered
    assert risks(data) == [0.0, 0.0, 0.0, 0.0]
    # the other way round: C away first, the CP family is covered and A's family waits instead
    data["resilience"].update(cover_from_first_day=True, cover_after_days=2)
    data["resilience"]["planned_absences"] = [{"worker": "A", "from": "2026-12-14", "to": "2026-12-18"}]
    data["workers"][0]["absent_until"] = None
    data["workers"][2]["absent_until"] = "2026-12-18"
    weeks = simulated(data)
    assert [w.risk for w in weeks] == [0.0, 0.0, 0.0, 0.0]
    assert [w.backlog for w in weeks] == [0.0, 0.0, 1.0, 0.0]  # A's family, past 2 days without cover


def test_the_days_referrals_are_placed_before_the_cover_as_keel_asks_recommend_first():
    # A is away to Friday 18 with a 30-point family; a 20-point CP referral waits. B's 37.75 of room
    # goes to the referral, and A's family waits for cover (C has no room either)
    data = trio({}, families("A", "A", 1, 30) + families("U", None, 1, 20, **CP))
    data["workers"][0]["absent_until"] = "2026-12-18"
    data["workers"][2]["capacity"] = 10
    weeks = simulated(data)
    assert [w.risk for w in weeks] == [0.0, 0.0, 0.0, 0.0]
    assert [w.backlog for w in weeks] == [1.0, 1.0, 1.0, 0.0]  # A's family, until A is back


def test_a_leavers_statutory_family_waits_out_the_set_days_before_it_fails():
    # A leaves on Wednesday 9 December: from Thursday 10 A's CP families wait; B has no room for them.
    # They fail on their third working day waiting, Monday 14
    data = full_pair(families("A", "A", 10, 9, **CP))
    data["workers"][0]["leaving_on"] = "2026-12-09"
    assert risks(data) == [0.0, 0.0, 1.0, 1.0]
    data["resilience"]["daily_flow"] = False  # the week's flow on Monday: a leaver counts as away too long
    assert risks(data) == [0.0, 1.0, 1.0, 1.0]


def test_cover_places_an_absent_workers_statutory_families_first():
    # A is away the week of 7 December with a 30-point CP family and a 20-point CIN family; B has room
    # (37.75) for the CP family, not for both: the CP family is covered and the CIN family waits
    leave = [{"worker": "A", "from": "2026-12-07", "to": "2026-12-11"}]
    a_work = families("CP", "A", 1, 30, **CP) + families("A", "A", 1, 20)
    data = trio({"planned_absences": leave, "cover_after_days": 2}, a_work)
    data["workers"][2]["capacity"] = 10  # C has no room
    weeks = simulated(data)
    assert [w.risk for w in weeks] == [0.0, 0.0, 0.0, 0.0]
    assert [w.backlog for w in weeks] == [0.0, 1.0, 0.0, 0.0]
    data["workers"][2]["capacity"] = 85  # C has room for the CIN family: nothing waits
    assert [w.backlog for w in simulated(data)] == [0.0, 0.0, 0.0, 0.0]
    data["resilience"]["cover_from_first_day"] = False  # before: an absent worker's other work waits
    assert [w.backlog for w in simulated(data)] == [0.0, 1.0, 0.0, 0.0]
