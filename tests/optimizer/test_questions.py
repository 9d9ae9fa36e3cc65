"""recommend, rebalance and cover end to end, with their explanations."""

from optimizer import solve_json
from tests.optimizer.support import after_mapping, check_plan, family, loads, snapshot, worker

CP = ["child_protection"]


def solved(snap: dict) -> dict:
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    return plan


def placed(plan: dict) -> dict[str, str]:
    return {a["family"]: a["worker"] for a in plan["assignments"]}


def team_of_three() -> list[dict]:
    return [worker("W1", 85, skills=CP), worker("W2", 85, skills=CP), worker("W3", 85)]


def test_recommend_places_new_families_and_moves_nobody():
    snap = snapshot(
        "recommend",
        team_of_three(),
        [
            family("A", 60, "W1"),
            family("B", 30, "W2"),
            family("C", 20, "W3"),
            family("N1", 10, requires=CP),
            family("N2", 12),
        ],
    )
    plan = solved(snap)
    assert set(placed(plan)) == {"N1", "N2"}
    assert all(a["previous"] is None and a["kind"] == "key" for a in plan["assignments"])
    assert placed(plan)["N1"] == "W2"  # W3 has no CP skill; W1 is busier


def test_recommend_explains_why_this_worker_and_why_not_the_others():
    snap = snapshot(
        "recommend", team_of_three(), [family("A", 60, "W1"), family("B", 30, "W2"), family("N1", 10, requires=CP)]
    )
    [a] = solved(snap)["assignments"]
    assert a["reasons"][0] == "Has child protection skill"
    assert a["reasons"][-1] == "Load after 47% of capacity (lowest among eligible)"
    assert a["alternatives"] == [
        {"worker": "W1", "reason": "higher load after (82% vs 47%)", "rule": None},
        {"worker": "W3", "reason": "no child protection skill", "rule": "skills"},
    ]


def test_rebalance_brings_everyone_within_capacity_with_the_fewest_moves():
    snap = snapshot(
        "rebalance",
        team_of_three(),
        [
            family("A", 50, "W1"),
            family("B", 30, "W1"),
            family("C", 20, "W1"),
            family("D", 40, "W2"),
            family("E", 10, "W3"),
        ],
    )
    plan = solved(snap)
    end = loads(snap, after_mapping(snap, plan))
    assert all(end[w["id"]] <= w["capacity"] for w in snap["workers"])
    assert len(plan["assignments"]) == 1  # 100 points on W1: one move of 20 or 30 suffices
    assert plan["assignments"][0]["reasons"][0].startswith("Moves from W1, whose load goes from 118% to ")


def test_rebalance_respects_a_move_budget_of_zero():
    snap = snapshot(
        "rebalance", team_of_three(), [family("A", 50, "W1"), family("B", 50, "W1"), family("N", 5)], move_budget=0
    )
    plan = solved(snap)
    assert placed(plan) == {"N": "W3"} or placed(plan) == {"N": "W2"}


def test_rebalance_never_leaves_an_allocated_family_without_a_worker():
    snap = snapshot("rebalance", [worker("W1", 40), worker("W2", 40)], [family("A", 45, "W1"), family("B", 45, "W2")])
    plan = solved(snap)  # nobody can help, yet nobody is dropped
    assert plan["unallocated"] == [] and plan["assignments"] == []


def test_rebalance_of_a_balanced_team_changes_nothing():
    snap = snapshot("rebalance", team_of_three(), [family("A", 50, "W1"), family("B", 50, "W2"), family("C", 50, "W3")])
    plan = solved(snap)
    assert plan["assignments"] == [] and plan["status"] == "optimal"


def cover_case() -> dict:
    return snapshot(
        "cover",
        team_of_three(),
        [
            family("A", 20, "W1", statuses=["cp"], requires=CP),
            family("B", 30, "W1"),
            family("C", 60, "W2"),
            family("D", 60, "W3"),
        ],
        absence={"worker": "W1", "from": "2026-12-01", "to": "2026-12-14"},
    )


def test_cover_finds_cover_for_the_absent_worker_s_families_key_worker_stays():
    plan = solved(cover_case())
    assert {a["kind"] for a in plan["assignments"]} == {"cover"}
    assert placed(plan)["A"] == "W2"  # the CP family needs the CP-skilled colleague
    assert all(a["previous"] == "W1" for a in plan["assignments"])
    assert plan["assignments"][0]["reasons"][0] == "Covers W1's absence until 14 Dec"


def test_cover_puts_statutory_families_first_when_headroom_is_short():
    snap = cover_case()
    snap["families"][2]["points"] = 75  # W2 has room for 22.75 points: A (CP) or nothing
    snap["families"][3]["points"] = 95  # W3 has no room at all
    plan = solved(snap)
    assert placed(plan) == {"A": "W2"}
    [left] = plan["unallocated"]
    assert left["family"] == "B" and left["worker"] == "W1"
    assert "surge_limit" in left["rules"]


def test_cover_never_gives_the_absent_worker_their_own_families():
    plan = solved(cover_case())
    assert "W1" not in placed(plan).values()


def test_plan_reports_status_terms_bound_and_time():
    plan = solved(cover_case())
    assert plan["status"] in ("optimal", "feasible")
    assert {t["id"] for t in plan["terms"]} >= {"unallocated_statutory", "overload", "peak_load"}
    assert plan["bound"]["gap"] >= 0 and plan["time_s"] >= 0


TWO_TEAMS = [
    {"id": "S0", "parent": None, "kind": "service"},
    {"id": "T1", "parent": "S0", "kind": "team"},
    {"id": "T2", "parent": "S0", "kind": "team"},
]


def two_overloaded_teams(**settings) -> dict:
    return snapshot(
        "rebalance",
        [worker("W1", 50), worker("W2", 50), worker("W3", 50, unit="T2"), worker("W4", 50, unit="T2")],
        [
            family("A", 40, "W1", children=3),
            family("B", 20, "W1"),
            family("C", 40, "W3", unit="T2", children=3),
            family("D", 15, "W3", unit="T2"),
        ],
        units=TWO_TEAMS,
        **settings,
    )


def test_rebalance_solves_teams_independently_and_reports_the_pieces():
    snap = two_overloaded_teams()
    plan = solved(snap)
    assert sorted(placed(plan).items()) == [("B", "W2"), ("D", "W4")]
    assert plan["bound"]["components"] >= 2 and plan["status"] == "optimal"


def test_a_move_budget_is_shared_across_teams():
    snap = two_overloaded_teams(move_budget=1)
    plan = solved(snap)
    assert len(plan["assignments"]) == 1
    assert placed(plan) == {"B": "W2"}  # 10 points over on W1 beats 5 on W3


def _across_units() -> dict:
    return snapshot(
        "rebalance",
        [worker("W1", 50), worker("W3", 50, unit="T2")],
        [family("A", 40, "W1", children=2), family("B", 20, "W1")],
        units=TWO_TEAMS,
        cross_unit=True,
    )


def test_cross_unit_rebalance_may_use_another_team_and_a_small_service_is_solved_whole():
    plan = solved(_across_units())
    assert placed(plan) == {"B": "W3"}
    assert plan["bound"]["restricted"] is False and plan["status"] == "optimal"


def test_a_large_cross_unit_rebalance_says_its_candidates_were_restricted(monkeypatch):
    monkeypatch.setattr("optimizer.decompose.RESTRICT_ABOVE", 0)  # as if the service were large
    plan = solved(_across_units())
    assert placed(plan) == {"B": "W3"}
    assert plan["bound"]["restricted"] is True
    assert any("candidates to move" in note for note in plan["notes"])


def test_cover_places_a_family_whose_visit_falls_due_first_and_says_so():
    snap = cover_case()
    snap["families"][1]["statuses"] = ["cin"]
    snap["families"][1]["visit_due"] = "2026-12-04"  # B (CIN) has a visit due in the window
    snap["families"][0]["visit_due"] = "2027-01-20"  # A (CP) is not due until after it
    snap["families"][2]["points"] = 50  # W2 has room for one of A (20) or B (30), no more
    snap["families"][3]["points"] = 95  # W3 has no room
    snap["families"][0]["requires"] = []  # A may go to W2 too, so only the priority decides
    plan = solved(snap)
    # Checked without the solver: the family placed is the one due in the window.
    due_in_window = {
        f["id"] for f in snap["families"] if f.get("visit_due") and f["visit_due"] <= snap["absence"]["to"]
    }
    assert set(placed(plan)) == due_in_window == {"B"}
    [covered] = plan["assignments"]
    assert "Visit due 4 Dec" in covered["reasons"]
    [left] = plan["unallocated"]
    assert left["family"] == "A" and not any("Visit" in r for r in left["reasons"])
    assert next(t["value"] for t in plan["terms"] if t["id"] == "unallocated_visit_due") == 0


def test_cover_says_an_overdue_visit_of_a_family_left_without_cover():
    snap = cover_case()
    snap["families"][1]["visit_due"] = "2026-11-20"  # overdue before the absence starts
    snap["families"][2]["points"] = 95
    snap["families"][3]["points"] = 95  # nobody has room
    plan = solved(snap)
    left = {u["family"]: u for u in plan["unallocated"]}
    assert "Visit overdue since 20 Nov" in left["B"]["reasons"]
    assert next(t["value"] for t in plan["terms"] if t["id"] == "unallocated_visit_due") == 1
