"""What-if: a scenario changes the snapshot, never the data given, and the figures move the way
the scenario says."""

from __future__ import annotations

import copy

import pytest

from optimizer.contract import SnapshotError
from optimizer.resilience import UnitCache
from optimizer.resilience.scenario import apply_scenario, what_if

from tests.optimizer.resilience.builders import families, raw, worker

QUICK = {"scenarios": 100, "weeks": 4, "sickness_rate": 0.0}
CP = {"statuses": ["cp"], "requires": ["child_protection"]}


def two_teams() -> dict:
    units = [
        {"id": "S0", "parent": None, "kind": "service"},
        {"id": "T1", "parent": "S0", "kind": "team"},
        {"id": "T2", "parent": "S0", "kind": "team"},
    ]
    staff = [worker(f"A{i}", "T1") for i in range(3)] + [worker(f"B{i}", "T2") for i in range(4)]
    work = [f for i in range(3) for f in families(f"FA{i}-", f"A{i}", 8, 9, unit="T1", **CP)]
    work += [f for i in range(4) for f in families(f"FB{i}-", f"B{i}", 4, 8, unit="T2", **CP)]
    return raw(staff, work, units, resilience=QUICK)


def test_a_scenario_changes_a_copy_and_never_the_data():
    data = two_teams()
    kept = copy.deepcopy(data)
    changed, words = apply_scenario(
        data,
        {"lose": ["A0"], "moves": [{"worker": "B0", "to": "T1"}], "leavers": [{"worker": "B1", "on": "2026-12-20"}]},
    )
    assert data == kept
    assert words == ["A0 away throughout", "B1 leaves after 2026-12-20", "B0 moves from T2 to T1"]
    by_id = {w["id"]: w for w in changed["workers"]}
    assert by_id["A0"]["available"] is False and by_id["B0"]["unit"] == "T1"
    handed = [f for f in changed["families"] if f["id"].startswith("FB0-")]
    assert handed and all(f["worker"] in {"B1", "B2", "B3"} for f in handed)  # stayed in T2


def test_losing_a_worker_hurts_and_adding_one_helps():
    cache = UnitCache()
    data = two_teams()  # T1: three workers at 72 of 85; losing one leaves 72 points to place
    lose = what_if(data, {"lose": ["A0"]}, cache=cache)
    t1 = next(u for u in lose["units"] if u["id"] == "T1")
    assert [u["id"] for u in lose["units"]] == ["S0", "T1"]
    assert t1["before"]["n1_secure"] is False and t1["after"]["risk"] > t1["before"]["risk"]
    add = what_if(
        data, {"add": [{"id": "NEW", "unit": "T1", "capacity": 85, "skills": ["child_protection"]}]}, cache=cache
    )
    t1 = next(u for u in add["units"] if u["id"] == "T1")
    assert t1["after"]["n1_secure"] is True and t1["after"]["load_ratio"] < t1["before"]["load_ratio"]


def test_unknown_workers_and_units_are_named():
    data = two_teams()
    with pytest.raises(SnapshotError) as error:
        apply_scenario(data, {"lose": ["NOBODY"]})
    assert error.value.path == "scenario.lose[0]"
    with pytest.raises(SnapshotError) as error:
        apply_scenario(data, {"moves": [{"worker": "A0", "to": "T9"}]})
    assert error.value.path == "scenario.moves[0].to"
    with pytest.raises(SnapshotError):
        apply_scenario(data, {"add": [{"id": "A1", "unit": "T1", "capacity": 85}]})
