"""N-0 / N-1 / N-2 on hand-worked units, and the three settling paths of a loss."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from optimizer.contract import parse_snapshot
from optimizer.resilience.contingency import assess_contingency
from optimizer.resilience.placement import can_hold, exact_spread, solve_exactly, spread
from optimizer.resilience.scope import scopes

from tests.optimizer.resilience.builders import (
    ample_team,
    families,
    one_cp_worker_team,
    pod_with_busy_consultant,
    raw,
    snapshot,
    worker,
)


def unit(data: dict, unit_id: str):
    return next(s for s in scopes(parse_snapshot(data)) if s.unit.id == unit_id)


def test_pod_whose_consultant_holds_80_children_is_not_n1_secure():
    result = assess_contingency(unit(pod_with_busy_consultant(), "P1"))
    assert not result.n1_secure and not result.n2_secure
    assert result.worst_single.workers == ("C",)
    consultant = next(loss for loss in result.singles if loss.workers == ("C",))
    # 80 points of CP work; only SW may take it and has 97.75 - 30 = 67.75 points of room.
    assert consultant.holds is False and consultant.settled_by == "bound"
    # Best the manager could do: all 80 points on SW -> 110 / 85 = 1.295.
    assert consultant.spread.ratio == 1295


def test_team_with_ample_headroom_is_n2_secure_with_exact_worst_pair():
    result = assess_contingency(unit(ample_team(), "T1"))
    assert result.n1_secure and result.n2_secure
    assert result.pairs == 15 and not result.failing_pairs
    # Two workers lost: ten 6-point families onto four workers holding 30 each, so one of them
    # takes three: 48 / 85 = 0.5647 -> 565 per mille (the water level alone says 530).
    assert result.worst_pair.spread.ratio == 565 and result.worst_pair.spread.exact
    assert len(result.worst_pair.workers) == 2


def test_one_cp_skilled_worker_makes_the_team_insecure_although_points_are_fine():
    result = assess_contingency(unit(one_cp_worker_team(), "T1"))
    assert not result.n1_secure
    worst = result.worst_single
    assert worst.workers == ("W0",) and worst.spread.unplaceable == 2
    assert "2 families (2 CP/CLA) left with no colleague allowed" in worst.reason
    others = [loss for loss in result.singles if loss.workers != ("W0",)]
    assert all(loss.holds for loss in others)


def test_an_absent_worker_is_already_lost():
    staff = [worker("A", absent_until="2026-12-20"), worker("B"), worker("C")]
    work = families("A", "A", 10, 8) + families("B", "B", 5, 8) + families("C", "C", 5, 8)
    result = assess_contingency(unit(raw(staff, work), "T1"))
    assert result.now.workers == ("A",) and result.now.holds is True
    # Losing B as well puts A's 80 points and B's 40 on C: 160 > 97.75.
    assert [loss.workers for loss in result.singles] == [("B",), ("C",)]
    assert not result.n1_secure
    assert all(loss.holds is False for loss in result.singles)


def test_the_three_paths_settle_as_documented():
    everyone = 0b111
    room = {0: 12, 1: 14, 2: 18}
    tight = [(p, everyone, False) for p in (5, 6, 8, 11, 12)]  # 12 | 8+6 | 11+5; greedy misses it
    assert can_hold(tight, room, 5.0).settled_by == "exact"
    assert can_hold(tight, room, 5.0).holds is True
    assert can_hold(tight, room, 5.0, exact=False).holds is None
    # Two 9-point families and one colleague with room for a 9: no bound sees it, CP-SAT does.
    nines = [(p, 0b111, False) for p in (1, 3, 4, 9, 9)]
    verdict = can_hold(nines, {0: 8, 1: 15, 2: 7}, 5.0)
    assert (verdict.holds, verdict.settled_by) == (False, "exact")
    fives = [(4, 0b11, False)] * 5  # two rooms of 10 hold four 4s (8 each), not five
    verdict = can_hold(fives, {0: 10, 1: 10}, 5.0)
    assert (verdict.holds, verdict.settled_by) == (False, "bound")
    assert "room that whole families fit" in verdict.reason
    assert can_hold([(9, 0b1, True)], {0: 8, 1: 20}, 5.0).settled_by == "bound"
    assert can_hold([(3, 0b11, False)] * 3, {0: 6, 1: 5}, 5.0).settled_by == "greedy"


families_strategy = st.lists(st.tuples(st.integers(1, 12), st.integers(1, 7), st.booleans()), min_size=1, max_size=7)


@settings(max_examples=60, deadline=None)
@given(families_strategy, st.lists(st.integers(0, 25), min_size=3, max_size=3))
def test_screening_agrees_with_solving_every_case_exactly(moving, rooms):
    room = dict(enumerate(rooms))
    assert can_hold(moving, room, 5.0).holds == solve_exactly(moving, room, 5.0).holds


@settings(max_examples=40, deadline=None)
@given(
    families_strategy,
    st.lists(st.integers(10, 60), min_size=3, max_size=3),
    st.lists(st.integers(20, 40), min_size=3, max_size=3),
)
def test_exact_spread_lies_between_the_quick_bounds(moving, load, cap):
    quick, _ = spread(moving, 0b111, 0b111, tuple(load), tuple(cap))
    exact = exact_spread(moving, 0b111, 0b111, tuple(load), tuple(cap), quick, 5.0)
    assert quick.lower <= exact.ratio <= quick.ratio
    assert exact.exact and exact.lower == exact.ratio


def test_screening_off_gives_the_same_answers():
    for data, unit_id in [(ample_team(), "T1"), (pod_with_busy_consultant(), "P1"), (one_cp_worker_team(), "T1")]:
        scope = unit(data, unit_id)
        fast, slow = assess_contingency(scope), assess_contingency(scope, screening=False)
        assert [x.holds for x in fast.singles] == [x.holds for x in slow.singles]
        assert (fast.n1_secure, fast.n2_secure) == (slow.n1_secure, slow.n2_secure)
        assert slow.settled[1] == 0 and slow.settled[2] > 0  # no greedy path; CP-SAT decided


def test_snapshot_builder_units():
    assert [s.unit.id for s in scopes(snapshot([worker("W")], []))] == ["T1"]
