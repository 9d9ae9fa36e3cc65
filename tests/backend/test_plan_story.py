"""A plan's story: bands before and after, placements and moves apart, the reason for a trade."""

from backend.services.plan_story import plan_story
from backend.workload import WorkloadSettings


def _assignment(code, worker_id, worker, previous=None, kind="key"):
    return {
        "family_id": int(code[1:]),
        "family_code": code,
        "family_name": f"The {code} family",
        "worker_id": worker_id,
        "worker_name": worker,
        "previous_worker_id": previous,
        "kind": kind,
    }


def test_a_statutory_placement_that_moves_three_families_off_its_worker_says_so():
    view = {
        "assignments": [
            _assignment("F1", 7, "Daniel Hussain"),
            *[_assignment(f"F{n}", 8, "Ann Lee", previous=7) for n in (2, 3, 4)],
        ],
        "loads": [
            {"capacity": 85, "before": 60, "after": 84},
            {"capacity": 85, "before": 70, "after": 90},
            {"capacity": 100, "before": 90, "after": 80},
        ],
    }
    snapshot = {
        "families": [
            {"id": "F1", "statuses": ["cp", "cp"], "requires": ["child_protection", "court"]},
            *[{"id": f"F{n}", "statuses": ["cin"]} for n in (2, 3, 4)],
        ]
    }
    story = plan_story(view, snapshot, WorkloadSettings(), move_budget=3)
    assert (story["placements"], story["moves"], story["statutory_placed"]) == (1, 3, 1)
    assert story["bands_before"] == {"green": 2, "amber": 1, "red": 0, "surge": 0}
    assert story["bands_after"] == {"green": 1, "amber": 1, "red": 1, "surge": 0}
    assert story["trade_offs"] == [
        "To place The F1 family (child protection, court) with Daniel Hussain, three of their families "
        "move to colleagues"
    ]
    assert "the budget of 3 counts moves only" in story["sentences"][0]


def test_a_plan_without_moves_tells_no_trade():
    view = {"assignments": [_assignment("F1", 7, "Daniel Hussain")], "loads": []}
    story = plan_story(view, {"families": [{"id": "F1", "statuses": ["cin"]}]}, WorkloadSettings(), None)
    assert story["trade_offs"] == [] and story["sentences"] == ["one family placed, 0 moves"]
