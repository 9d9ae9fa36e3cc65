"""The forecast is worked out in the background when Keel starts, and a leader's first request then
uses it instead of computing it again."""

from datetime import date

from sqlmodel import Session

import optimizer.resilience as optimizer_resilience
from backend.services import resilience


def test_the_warmed_forecast_is_the_one_the_heatmap_uses(engine, monkeypatch, forecast_in_this_process):
    today = date.today()
    resilience.warm_up(engine, today).join(timeout=300)
    computed = []
    real = optimizer_resilience.assess_json
    monkeypatch.setattr(optimizer_resilience, "assess_json", lambda *a, **k: computed.append(1) or real(*a, **k))
    with Session(engine) as session:
        grid = resilience.heatmap(session, today)
    assert grid["units"] and computed == []  # served from the warmed cache, not computed again
