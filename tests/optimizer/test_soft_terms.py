"""One small case per soft term: the plan pays the least of it, in the lexicographic order."""

from optimizer import solve_json
from optimizer.soft_terms import TERM_ORDER
from tests.optimizer.support import check_plan, family, loads, after_mapping, snapshot, worker


def solved(snap: dict) -> dict:
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    return plan


def term(plan: dict, term_id: str):
    return next(t["value"] for t in plan["terms"] if t["id"] == term_id)


def placed(plan: dict) -> dict[str, str]:
    return {a["family"]: a["worker"] for a in plan["assignments"]}


def test_term_ids_and_order_are_stable():
    assert TERM_ORDER == (
        "unallocated_visit_due",
        "unallocated_statutory",
        "unallocated",
        "overload",
        "moves",
        "children_moved",
        "peak_load",
        "spread",
        "locality",
    )


def test_unallocated_statutory_a_cp_family_gets_the_last_room_first():
    snap = snapshot(
        "recommend",
        [worker("W1", 10)],
        [family("F1", 9, statuses=["cin"]), family("F2", 8, statuses=["cp"])],
        surge_limit=1.0,
    )
    plan = solved(snap)
    assert placed(plan) == {"F2": "W1"}
    assert term(plan, "unallocated_statutory") == 0 and term(plan, "unallocated") == 1


def test_unallocated_two_small_families_rather_than_one_large():
    snap = snapshot(
        "recommend", [worker("W1", 10)], [family("F1", 6), family("F2", 4), family("F3", 9)], surge_limit=1.0
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W1", "F2": "W1"}
    assert [u["family"] for u in plan["unallocated"]] == ["F3"]


def test_overload_fewer_points_above_capacity_beats_a_lower_peak():
    # W1 would end at 102% (20 points over), W2 at 120% (5 points over): overload comes first.
    snap = snapshot(
        "recommend",
        [worker("W1", 1000), worker("W2", 25)],
        [family("F0", 990, "W1"), family("F1", 30)],
        surge_limit=1.25,
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}
    assert term(plan, "overload") == 5.0


def test_moves_one_large_move_rather_than_three_small():
    snap = snapshot(
        "rebalance",
        [worker("W1", 85), worker("W2", 85)],
        [
            family("F1", 15, "W1"),
            family("F2", 5, "W1"),
            family("F3", 5, "W1"),
            family("F4", 5, "W1"),
            family("F5", 70, "W1", children=3),
        ],
    )
    plan = solved(snap)  # W1 at 100 points: 15 must go
    assert len(plan["assignments"]) == 1 and term(plan, "moves") == 1
    assert term(plan, "overload") == 0.0


def test_children_moved_the_family_with_fewer_children_moves():
    snap = snapshot(
        "rebalance",
        [worker("W1", 85), worker("W2", 85)],
        [family("F1", 15, "W1", children=4), family("F6", 15, "W1", children=1), family("F5", 70, "W1", children=3)],
    )
    plan = solved(snap)
    assert placed(plan) == {"F6": "W2"}
    assert term(plan, "children_moved") == 1


def test_children_moved_a_recently_moved_family_is_left_alone():
    snap = snapshot(
        "rebalance",
        [worker("W1", 85), worker("W2", 85)],
        [family("F1", 15, "W1", recently_moved=True), family("F6", 15, "W1"), family("F5", 70, "W1", children=3)],
    )
    assert placed(solved(snap)) == {"F6": "W2"}


def test_peak_load_goes_to_the_worker_who_ends_lowest():
    snap = snapshot(
        "recommend",
        [worker("W1", 100), worker("W2", 100)],
        [family("F0", 60, "W1"), family("F9", 50, "W2"), family("F1", 20)],
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}
    end = loads(snap, after_mapping(snap, plan))
    assert term(plan, "peak_load") == max(end.values()) / 100


def test_spread_evens_out_work_below_a_fixed_peak():
    # W3 sets the peak whatever happens; spread still sends the family to the least loaded.
    snap = snapshot(
        "recommend",
        [worker("W1", 100), worker("W2", 100), worker("W3", 100)],
        [family("F0", 40, "W1"), family("F9", 50, "W2"), family("F8", 100, "W3"), family("F1", 10)],
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W1"}


def test_locality_a_re_referral_goes_back_to_the_worker_who_knew_the_family():
    snap = snapshot(
        "recommend",
        [worker("W1", 100), worker("W2", 100)],
        [family("F0", 40, "W1"), family("F9", 40, "W2"), family("F1", 10, known_to=["W2"])],
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}
    assert "Knew the family before" in plan["assignments"][0]["reasons"]
    assert term(plan, "locality") == 0


def test_locality_the_worker_of_the_family_s_area():
    snap = snapshot(
        "recommend",
        [worker("W1", 100, patch="North"), worker("W2", 100, patch="South")],
        [family("F0", 40, "W1"), family("F9", 40, "W2"), family("F1", 10, area="South")],
    )
    assert placed(solved(snap)) == {"F1": "W2"}
