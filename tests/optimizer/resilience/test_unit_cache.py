"""The per-unit cache: an unchanged unit is not worked out again, a changed one is, and cached
figures are the figures a fresh assessment gives."""

from __future__ import annotations

import copy

from optimizer.resilience import UnitCache, assess_json

from tests.optimizer.resilience.builders import families, raw, worker

QUICK = {"scenarios": 120, "weeks": 4}


def two_teams() -> dict:
    units = [
        {"id": "S0", "parent": None, "kind": "service"},
        {"id": "T1", "parent": "S0", "kind": "team"},
        {"id": "T2", "parent": "S0", "kind": "team"},
    ]
    staff = [worker(f"A{i}", "T1") for i in range(4)] + [worker(f"B{i}", "T2") for i in range(4)]
    work = [
        f
        for i in range(4)
        for f in families(f"FA{i}-", f"A{i}", 7, 10, unit="T1", statuses=["cp"], requires=["child_protection"])
    ]
    work += [f for i in range(4) for f in families(f"FB{i}-", f"B{i}", 6, 11, unit="T2")]
    return raw(staff, work, units, resilience=QUICK)


def run(data: dict, cache: UnitCache | None):
    calls = []
    plan = assess_json(data, cache=cache, progress=lambda *call: calls.append(call))
    return plan, calls


def figures(plan: dict, unit_id: str) -> tuple:
    unit = next(u for u in plan["units"] if u["id"] == unit_id)
    return unit["n1_secure"], unit["n2_secure"], unit["stage"], unit["risk_by_week"]


def test_only_the_unit_whose_data_changed_is_worked_out_again():
    cache = UnitCache()
    data = two_teams()
    first, calls = run(data, cache)
    assert calls[-1] == ("collapse", 2, 2)
    again, calls = run(data, cache)
    assert calls == [] and again["units"] == first["units"]
    changed = copy.deepcopy(data)
    changed["families"][-1]["points"] = 30  # one of T2's families grows
    after, calls = run(changed, cache)
    assert calls == [("contingency", 1, 1), ("collapse", 1, 1)]
    fresh, _ = run(changed, None)
    for unit_id in ("S0", "T1", "T2"):
        assert figures(after, unit_id) == figures(fresh, unit_id)
    assert figures(after, "T1") == figures(first, "T1")


def test_an_absence_or_a_setting_changes_the_stamp():
    cache = UnitCache()
    data = two_teams()
    run(data, cache)
    absent = copy.deepcopy(data)
    absent["resilience"]["planned_absences"] = [{"worker": "A0", "from": "2026-12-07", "to": "2026-12-18"}]
    _, calls = run(absent, cache)
    assert calls[-1] == ("collapse", 1, 1)  # only T1, whose worker is away
    rate = copy.deepcopy(data)
    rate["resilience"]["sickness_rate"] = 0.05
    _, calls = run(rate, cache)
    assert calls[-1] == ("collapse", 2, 2)


def test_a_new_consultant_children_limit_is_a_new_stamp_for_a_unit_with_holding_pods():
    from optimizer.contract import parse_snapshot
    from optimizer.resilience import ResilienceInputs
    from optimizer.resilience.scope import resilience_view, scopes
    from optimizer.resilience.unit_cache import unit_stamp

    def stamp(limit):
        units = [
            {"id": "S0", "parent": None, "kind": "service"},
            {"id": "T1", "parent": "S0", "kind": "team"},
            {"id": "P1", "parent": "T1", "kind": "pod", "holds_families": True},
        ]
        data = raw(
            [worker("C", "P1", role="consultant")],
            [{"id": "F1", "unit": "T1", "points": 5, "pod": "P1", "worker": None}],
            units,
            settings={"consultant_children_limit": limit},
        )
        view, holdings = resilience_view(parse_snapshot(data))
        scope = next(s for s in scopes(view, holdings) if s.unit.id == "T1")
        return unit_stamp(scope, view, ResilienceInputs())

    assert stamp(40) != stamp(30)
