"""Properties on random small snapshots, checked with code independent of the solver."""

import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from optimizer import solve_json
from tests.optimizer.support import apply_plan, check_plan, moved

UNITS = [
    {"id": "S0", "parent": None, "kind": "service"},
    {"id": "T1", "parent": "S0", "kind": "team"},
    {"id": "T2", "parent": "S0", "kind": "team"},
    {"id": "P1", "parent": "T1", "kind": "pod"},
]
SKILLS = ["child_protection", "court"]
ROLES = ["social_worker", "senior_practitioner", "consultant", "asye", "family_support"]


@st.composite
def snapshots(draw, question=None):
    n_workers = draw(st.integers(1, 6))
    workers = []
    for i in range(n_workers):
        workers.append(
            {
                "id": f"W{i}",
                "unit": draw(st.sampled_from(["T1", "T2", "P1"])),
                "capacity": float(draw(st.integers(4, 20)) * 5),
                "skills": draw(st.lists(st.sampled_from(SKILLS), unique=True)),
                "available": draw(st.booleans() | st.just(True)),
                "role": draw(st.sampled_from(ROLES)),
                "absent_until": draw(st.sampled_from([None, None, None, "2026-12-05", "2026-11-20"])),
                "leaving_on": draw(st.sampled_from([None, None, None, None, "2026-12-24"])),
                "patch": draw(st.sampled_from([None, "North", "South"])),
            }
        )
    ids = [w["id"] for w in workers]
    families = []
    for i in range(draw(st.integers(0, 10))):
        statuses = draw(st.lists(st.sampled_from(["cin", "cp", "cla", "assessment"]), min_size=1, max_size=3))
        families.append(
            {
                "id": f"F{i}",
                "unit": draw(st.sampled_from(["T1", "T2", "P1"])),
                "points": draw(st.integers(2, 60)) / 2,
                "requires": draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=1)),
                "worker": draw(st.sampled_from([None, *ids])),
                "children": len(statuses),
                "known_to": draw(st.lists(st.sampled_from(ids), unique=True, max_size=1)),
                "statuses": statuses,
                "area": draw(st.sampled_from([None, "North", "South"])),
                "recently_moved": draw(st.booleans()),
                "co_worker": draw(st.sampled_from([None, None, *ids])),
            }
        )
    question = question or draw(st.sampled_from(["recommend", "rebalance", "cover"]))
    snap = {
        "question": question,
        "as_of": "2026-12-01",
        "settings": {
            "surge_limit": draw(st.sampled_from([1.0, 1.15, 1.3])),
            "move_budget": draw(st.sampled_from([None, None, 0, 1, 2])),
            "cross_unit": draw(st.booleans()),
            "time_limit_s": 5,
            "seed": draw(st.integers(0, 3)),
        },
        "units": UNITS,
        "workers": workers,
        "families": families,
    }
    if question == "cover":
        snap["absence"] = {"worker": ids[0], "from": "2026-12-01", "to": "2026-12-14"}
    return snap


COMMON = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(snapshots())
def test_no_plan_breaks_a_hard_rule(snap):
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []


@COMMON
@given(snapshots(question="rebalance"))
def test_moves_never_exceed_the_budget(snap):
    plan = solve_json(snap)
    budget = snap["settings"]["move_budget"]
    assert budget is None or len(moved(snap, plan)) <= budget


@COMMON
@given(snapshots(question="rebalance"))
def test_re_solving_a_rebalanced_plan_gives_zero_moves(snap):
    # Without a budget: a binding budget rightly leaves moves for the next plan.
    snap["settings"]["move_budget"] = None
    plan = solve_json(snap)
    assume(plan["status"] == "optimal")
    again = apply_plan(snap, plan)
    replan = solve_json(again)
    assert replan["assignments"] == []


@COMMON
@given(snapshots(question="recommend"))
def test_re_solving_a_recommendation_places_nothing_more(snap):
    plan = solve_json(snap)
    assume(plan["status"] == "optimal")
    replan = solve_json(apply_plan(snap, plan))
    assert replan["assignments"] == []


@settings(max_examples=15, deadline=None)
@given(snapshots())
def test_the_same_seed_gives_the_same_plan(snap):
    first, second = solve_json(snap), solve_json(snap)
    first.pop("time_s"), second.pop("time_s")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


@settings(max_examples=20, deadline=None)
@given(snapshots())
def test_every_unallocated_family_names_its_blocking_rules_or_a_reason(snap):
    plan = solve_json(snap)
    for left in plan["unallocated"]:
        assert left["reasons"], left
