"""Northbridge tells a council's story (issue 12): on the default council, with the heatmap's own
settings, at least a third of the units are N-1 secure, fewer than a quarter show a weekly collapse
risk of 50% or more, and no unit's stage, N-k and risk contradict one another."""

from pathlib import Path

import pytest

from backend.demo import council_snapshot
from optimizer.resilience import STAGES, assess_json
from optimizer.resilience.thresholds import StageThresholds, stage_rules

LIMITS = StageThresholds()


def rank(stage: str) -> int:
    return STAGES.index(stage)


@pytest.fixture(scope="module")
def northbridge_plan() -> dict:
    return assess_json(council_snapshot(110, seed=0, question="resilience"))


def near_term(unit: dict) -> float:
    return max(w["risk"] for w in unit["risk_by_week"][:LIMITS.risk_weeks])


def test_a_third_secure_and_fewer_than_a_quarter_at_high_risk(northbridge_plan):
    units = northbridge_plan["units"]
    assert len(units) >= 16
    secure = [u["id"] for u in units if u["n1_secure"]]
    high = [u["id"] for u in units if max(w["risk"] for w in u["risk_by_week"]) >= 0.5]
    assert len(secure) >= len(units) / 3, secure
    assert len(high) < len(units) / 4, high


def test_the_story_has_a_spread_of_stages(northbridge_plan):
    teams = [u for u in northbridge_plan["units"] if u["kind"] == "team"]
    stages = [u["stage"] for u in teams]
    assert stages.count("stable") + stages.count("losing_grip") > len(teams) / 2
    assert "stable" in stages and "losing_grip" in stages
    services = [u["stage"] for u in northbridge_plan["units"] if u["kind"] == "service"]
    assert max(services, key=rank) != min(services, key=rank)  # one service under more strain


def test_stage_n_k_and_risk_never_contradict(northbridge_plan):
    for unit in northbridge_plan["units"]:
        stage, risk, name = unit["stage"], near_term(unit), unit["id"]
        assert not unit["n2_secure"] or unit["n1_secure"], name
        for week in unit["risk_by_week"]:
            assert week["low"] <= week["risk"] <= week["high"], name
        if unit["kind"] == "service":
            continue
        if stage == "stable":
            assert unit["n1_secure"] and risk < LIMITS.losing_grip_risk, name
        if not unit["n1_secure"]:
            assert rank(stage) >= rank("losing_grip"), name
        if risk >= LIMITS.breakdown_risk:
            assert rank(stage) >= rank("service_breakdown"), name
        if risk >= LIMITS.crisis_risk:
            assert rank(stage) >= rank("systemic_crisis"), name
        if rank(stage) >= rank("systemic_crisis"):  # a crisis shows in the forecast
            assert risk >= LIMITS.breakdown_risk, name
        for week in unit["risk_by_week"]:  # each cell agrees with its own week's risk
            cell = rank(week["stage"])
            assert cell >= rank("losing_grip") or unit["n1_secure"], name
            assert week["risk"] < LIMITS.crisis_risk or cell >= rank("systemic_crisis"), name
            assert cell < rank("systemic_crisis") or week["risk"] >= LIMITS.breakdown_risk, name


def test_the_design_notes_state_every_stage_rule_as_the_code_applies_it():
    notes = (Path(__file__).parents[2] / "docs" / "design" / "resilience.md").read_text()
    for rule in stage_rules(LIMITS):
        assert f"| {rule['name']} | {rule['rule']} |" in notes
