"""One small case per hard rule: the tempting choice breaks exactly that rule; the plan does not."""

from optimizer import solve_json
from optimizer.rules import HARD_RULES
from tests.optimizer.support import check_plan, family, snapshot, worker

TEAMS = [
    {"id": "S0", "parent": None, "kind": "service"},
    {"id": "T1", "parent": "S0", "kind": "team"},
    {"id": "T2", "parent": "S0", "kind": "team"},
    {"id": "P1", "parent": "T1", "kind": "pod"},
]


def placed(plan: dict) -> dict[str, str]:
    return {a["family"]: a["worker"] for a in plan["assignments"]}


def why_not(plan: dict, fam: str, wid: str) -> dict:
    assignment = next(a for a in plan["assignments"] if a["family"] == fam)
    return next(n for n in assignment["alternatives"] if n["worker"] == wid)


def solved(snap: dict) -> dict:
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    return plan


def test_rule_ids_are_stable():
    assert HARD_RULES == (
        "family_indivisible",
        "unit_scope",
        "skills",
        "lead_role",
        "available",
        "not_leaving",
        "surge_limit",
        "pod_without_consultant",
        "pod_member",
        "accountable_children",
        "pod_lead",
    )


def test_family_indivisible_a_family_is_not_split_across_two_workers_headroom():
    snap = snapshot("recommend", [worker("W1", 10), worker("W2", 10)], [family("F1", 15)], surge_limit=1.0)
    plan = solved(snap)
    assert plan["assignments"] == []
    [left] = plan["unallocated"]
    assert left["family"] == "F1" and "surge_limit" in left["rules"]


def test_unit_scope_keeps_a_family_in_its_team():
    snap = snapshot(
        "recommend", [worker("W1", unit="T2"), worker("W2")], [family("F0", 60, "W2"), family("F1", 10)], units=TEAMS
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}  # W1 is empty, but in another team


def test_unit_scope_reports_a_family_with_nobody_in_scope():
    snap = snapshot("recommend", [worker("W1", unit="T2")], [family("F1", 10)], units=TEAMS)
    plan = solved(snap)
    assert plan["unallocated"][0]["rules"] == ["unit_scope"]


def test_unit_scope_opens_with_cross_unit_and_reaches_pods_of_the_team():
    snap = snapshot(
        "recommend",
        [worker("W1", unit="T2"), worker("W2", unit="P1")],
        [family("F0", 60, "W2", unit="T1"), family("F1", 10, unit="T1")],
        units=TEAMS,
    )
    assert placed(solved(snap)) == {"F1": "W2"}  # the pod worker is in the team's scope
    snap["settings"]["cross_unit"] = True
    assert placed(solved(snap)) == {"F1": "W1"}


def test_skills_child_protection_family_goes_to_a_qualified_worker():
    snap = snapshot(
        "recommend",
        [worker("W1"), worker("W2", skills=["child_protection"])],
        [family("F0", 50, "W2"), family("F1", 10, requires=["child_protection"])],
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}
    assert why_not(plan, "F1", "W1") == {"worker": "W1", "reason": "no child protection skill", "rule": "skills"}


def test_lead_role_asye_never_sole_lead_on_child_protection():
    cp = ["child_protection"]
    snap = snapshot(
        "recommend",
        [worker("W1", skills=cp, role="asye"), worker("W2", skills=cp)],
        [family("F0", 50, "W2"), family("F1", 10, requires=cp, statuses=["cp"])],
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}
    assert why_not(plan, "F1", "W1")["reason"] == "ASYE cannot lead a child protection family"


def test_lead_role_allows_asye_with_a_qualified_co_worker():
    cp = ["child_protection"]
    snap = snapshot(
        "recommend",
        [worker("W1", skills=cp, role="asye"), worker("W2", skills=cp)],
        [family("F0", 50, "W2"), family("F1", 10, requires=cp, co_worker="W2")],
    )
    assert placed(solved(snap)) == {"F1": "W1"}


def test_available_no_new_work_to_an_absent_worker():
    snap = snapshot(
        "recommend", [worker("W1", absent_until="2026-12-03"), worker("W2")], [family("F0", 50, "W2"), family("F1", 10)]
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}
    assert why_not(plan, "F1", "W1")["reason"] == "absent until 3 Dec"


def test_available_false_means_no_new_work():
    snap = snapshot(
        "recommend", [worker("W1", available=False), worker("W2")], [family("F0", 50, "W2"), family("F1", 10)]
    )
    assert placed(solved(snap)) == {"F1": "W2"}


def test_not_leaving_no_new_work_to_a_leaver():
    snap = snapshot(
        "recommend", [worker("W1", leaving_on="2026-12-12"), worker("W2")], [family("F0", 50, "W2"), family("F1", 10)]
    )
    plan = solved(snap)
    assert placed(plan) == {"F1": "W2"}
    assert why_not(plan, "F1", "W1") == {"worker": "W1", "reason": "leaving on 12 Dec", "rule": "not_leaving"}


def test_surge_limit_is_never_crossed_to_place_a_family():
    snap = snapshot("recommend", [worker("W1", 85)], [family("F0", 80, "W1"), family("F1", 20)])
    plan = solved(snap)
    [left] = plan["unallocated"]
    assert left["rules"] == ["surge_limit"]
    assert any("would reach 118% of capacity" in r for r in left["reasons"])


def test_surge_limit_a_worker_already_above_it_may_keep_work_but_gain_none():
    court = ["court"]
    snap = snapshot(
        "rebalance",
        [worker("W1", 50, skills=court), worker("W2", 50)],
        [
            family("F1", 40, "W1", requires=court),
            family("F2", 30, "W1", requires=court),
            family("F4", 50, "W2"),
            family("F3", 10),
        ],
    )
    plan = solved(snap)  # W1 starts at 140% and nobody else can take court work
    assert plan["assignments"] == []
    [left] = plan["unallocated"]
    assert left["family"] == "F3" and "surge_limit" in left["rules"]
    loads = {load["worker"]: load["after"] for load in plan["loads"]}
    assert loads == {"W1": 70.0, "W2": 50.0}
