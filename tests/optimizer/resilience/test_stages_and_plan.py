"""Stages with their reasons, service aggregation, and the plan on the JSON contract."""

from __future__ import annotations

import jsonschema
from optimizer.api import solve_json
from optimizer.plan_json import load_schema
from optimizer.resilience import assess_json
from optimizer.resilience.stages import service_stage
from optimizer.resilience.thresholds import StageThresholds

from tests.optimizer.resilience.builders import (
    ample_team,
    families,
    one_cp_worker_team,
    pod_with_busy_consultant,
    raw,
    worker,
)

QUICK = {"scenarios": 150, "weeks": 4}


def answer(data: dict, **resilience) -> dict:
    data["resilience"] = {**QUICK, **resilience}
    return solve_json(data)


def unit(plan: dict, unit_id: str) -> dict:
    return next(u for u in plan["units"] if u["id"] == unit_id)


def test_ample_team_is_stable_and_its_service_too():
    plan = answer(ample_team(), sickness_rate=0.01)
    team = unit(plan, "T1")
    assert team["stage"] == "stable" and team["n2_secure"]
    assert team["load_ratio"] == round(180 / 510, 3)
    assert team["bus_factor_one_share"] == 1.0 and team["concentration"] == round(1 / 6, 3)
    service = unit(plan, "S0")
    assert service["stage"] == "stable" and service["n1_secure"] and service["teams"] == 1


def test_one_cp_worker_team_is_losing_grip_with_its_reasons():
    team = unit(answer(one_cp_worker_team(), sickness_rate=0.0), "T1")
    assert team["stage"] == "losing_grip"
    assert "not N-1 secure: the loss of W0 leaves 2 families (2 CP/CLA) without a worker" in team["stage_reasons"]
    assert "only W0 has the child protection skill" in team["stage_reasons"]
    assert team["single_person_skills"] == [{"skill": "child_protection", "worker": "W0"}]


def test_unallocated_cp_family_is_a_service_breakdown():
    data = ample_team()
    data["families"] += families("U", None, 1, 8, statuses=["cp"])
    team = unit(answer(data, sickness_rate=0.0), "T1")
    assert team["stage"] == "service_breakdown"
    assert "1 CP/CLA family unallocated" in team["stage_reasons"]


def test_work_beyond_everyone_s_surge_capacity_is_a_complete_lock():
    staff = [worker("A"), worker("B", absent_until="2026-12-03")]
    work = families("A", "A", 10, 10) + families("B", "B", 10, 10)  # 200 > 2 x 97.75
    team = unit(answer(raw(staff, work)), "T1")
    assert team["stage"] == "complete_lock"
    assert team["stage_reasons"][0] == (
        "its families need 200 points; every worker present could hold 195.5 within the surge limit"
    )


def test_pod_reports_the_consultant_as_the_worst_single_loss():
    pod = unit(answer(pod_with_busy_consultant()), "P1")
    assert pod["worst_single"]["workers"] == ["C"] and not pod["n1_secure"]
    assert pod["worst_single"]["max_load_ratio"] == 1.295
    assert pod["concentration"] == round(80 / (80 + 30 + 20), 3)


def test_thresholds_come_from_the_snapshot():
    team = unit(answer(ample_team(), sickness_rate=0.01, stage_thresholds={"losing_grip_load": 0.30}), "T1")
    assert team["stage"] == "losing_grip" and "held and waiting work 35% of present capacity" in team["stage_reasons"]


def test_service_takes_the_stage_a_quarter_of_its_teams_reach():
    limits = StageThresholds()
    assert service_stage(["stable"] * 4 + ["losing_grip"], limits)[0] == "stable"
    assert service_stage(["stable"] * 3 + ["losing_grip"], limits)[0] == "losing_grip"
    stage, reasons = service_stage(["stable"] * 3 + ["service_breakdown"], limits)
    assert stage == "service_breakdown" and reasons[0] == "1 of 4 teams in service breakdown or worse"
    stage, reasons = service_stage(["stable"] * 6 + ["service_breakdown"] * 2, limits)
    assert stage == "systemic_crisis" and reasons[0] == "2 of 8 teams in service breakdown or worse"


def test_plan_matches_the_published_schema_and_is_reproducible():
    data = pod_with_busy_consultant()
    data["resilience"] = QUICK
    calls = []
    plan = assess_json(data, progress=lambda phase, done, total: calls.append((phase, done, total)))
    jsonschema.validate(plan, load_schema("plan"))
    assert [u["id"] for u in plan["units"]] == ["S0", "T1", "P1"]
    assert len(unit(plan, "P1")["risk_by_week"]) == 4
    assert unit(plan, "P1")["risk_by_week"][0]["week"] == "2026-11-30"  # the current week
    assert calls == [("contingency", 1, 2), ("contingency", 2, 2), ("collapse", 1, 2), ("collapse", 2, 2)]
    again = assess_json(data)
    assert [u["risk_by_week"] for u in again["units"]] == [u["risk_by_week"] for u in plan["units"]]
