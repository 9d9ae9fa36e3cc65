"""The optional ``resilience`` object: defaults and errors naming the JSON path."""

from __future__ import annotations

from datetime import date

import pytest
from optimizer.contract import SnapshotError
from optimizer.resilience.inputs import parse_resilience

from tests.optimizer.resilience.builders import snapshot, worker


@pytest.fixture
def snap():
    return snapshot([worker("W1")], [])


def test_missing_object_gives_the_defaults(snap):
    inputs = parse_resilience(None, snap)
    assert (inputs.weeks, inputs.scenarios, inputs.sickness_rate) == (12, 1000, 0.032)
    assert inputs.thresholds.breakdown_risk == 0.40 and inputs.flow_of("T1").referrals_per_week is None
    assert inputs.cover_after_days == 5
    assert inputs.cover_from_first_day and inputs.daily_flow  # Keel's cover, flow as it comes


def test_fields_are_read(snap):
    inputs = parse_resilience(
        {
            "weeks": 4,
            "scenarios": 50,
            "sickness_rate": 0.1,
            "planned_absences": [{"worker": "W1", "from": "2026-12-07", "to": "2026-12-11"}],
            "flow": [{"unit": "T1", "referrals_per_week": 3.2, "closures_per_week": 3, "mean_points": 9.5}],
            "stage_thresholds": {"crisis_risk": 0.8, "risk_weeks": 2},
            "cover_after_days": 0,
            "cover_from_first_day": False,
            "daily_flow": False,
        },
        snap,
    )
    assert inputs.cover_after_days == 0
    assert not inputs.cover_from_first_day and not inputs.daily_flow
    assert inputs.planned_absences[0].end == date(2026, 12, 11)
    assert inputs.flow_of("T1").mean_points == 950 and inputs.flow_of("T1").closures_per_week == 3
    assert inputs.thresholds.crisis_risk == 0.8 and inputs.thresholds.risk_weeks == 2


@pytest.mark.parametrize(
    "raw, path",
    [
        ({"weeks": 0}, "resilience.weeks"),
        ({"sickness_rate": 1.5}, "resilience.sickness_rate"),
        ({"scenarios": "many"}, "resilience.scenarios"),
        (
            {"planned_absences": [{"worker": "W9", "from": "2026-12-07", "to": "2026-12-08"}]},
            "resilience.planned_absences[0].worker",
        ),
        (
            {"planned_absences": [{"worker": "W1", "from": "2026-12-07", "to": "2026-12-01"}]},
            "resilience.planned_absences[0].to",
        ),
        ({"flow": [{"unit": "T9"}]}, "resilience.flow[0].unit"),
        ({"flow": [{"unit": "T1", "mean_points": 0}]}, "resilience.flow[0].mean_points"),
        ({"flow": [{"unit": "T1"}, {"unit": "T1"}]}, "resilience.flow[1].unit"),
        ({"stage_thresholds": {"panic": 1}}, "resilience.stage_thresholds.panic"),
        ({"cover_after_days": -1}, "resilience.cover_after_days"),
        ({"cover_after_days": 2.5}, "resilience.cover_after_days"),
        ({"cover_from_first_day": "no"}, "resilience.cover_from_first_day"),
        ({"daily_flow": 1}, "resilience.daily_flow"),
        ([], "resilience"),
    ],
)
def test_errors_name_the_field(snap, raw, path):
    with pytest.raises(SnapshotError) as caught:
        parse_resilience(raw, snap)
    assert caught.value.path == path
