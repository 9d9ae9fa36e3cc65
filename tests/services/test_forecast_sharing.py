"""The leaders' forecast under load: leaders asking at the same moment share one computation, and
after a change the heatmap answers at once with the day's last forecast (saying it is not fresh)
while the new one is worked out in the background."""

import threading
from datetime import date

from sqlalchemy import select, update
from sqlmodel import Session

import optimizer.resilience as optimizer_resilience
from backend.models import Unit
from backend.services import resilience

TODAY = date.today()


def _change(engine) -> None:
    with Session(engine) as session:
        unit = session.scalars(select(Unit)).first()
        session.execute(update(Unit).where(Unit.id == unit.id).values(version=Unit.version + 1))
        session.commit()


def _counting(monkeypatch) -> tuple[list[int], threading.Event]:
    computed: list[int] = []
    release = threading.Event()
    real = optimizer_resilience.assess_json

    def slow(*args, **kwargs):
        computed.append(1)
        release.wait(timeout=60)  # held until every leader has asked
        return real(*args, **kwargs)

    monkeypatch.setattr(optimizer_resilience, "assess_json", slow)
    return computed, release


def test_leaders_asking_at_once_share_one_forecast(engine, monkeypatch, forecast_in_this_process):
    _change(engine)  # a data stamp nobody has a forecast for
    resilience._forecasts.clear()
    computed, release = _counting(monkeypatch)
    grids: list[dict] = []

    def leader() -> None:
        with Session(engine) as session:
            grids.append(resilience.heatmap(session, TODAY))

    leaders = [threading.Thread(target=leader) for _ in range(6)]
    for thread in leaders:
        thread.start()
    while not computed:
        threading.Event().wait(0.01)
    release.set()
    for thread in leaders:
        thread.join(timeout=300)
    assert len(grids) == 6 and computed == [1]
    assert all(grid["fresh"] for grid in grids)
    assert all(grid["units"] == grids[0]["units"] for grid in grids)


def test_after_a_change_the_heatmap_answers_with_the_last_forecast_and_refreshes(
    engine, monkeypatch, forecast_in_this_process
):
    with Session(engine) as session:
        before = resilience.heatmap(session, TODAY)
    _change(engine)
    computed, release = _counting(monkeypatch)
    with Session(engine) as session:
        stale = resilience.heatmap(session, TODAY)  # answered while the new one is held back
        assert stale["fresh"] is False and stale["computed_at"] == before["computed_at"]
        assert stale["units"] == before["units"]
        release.set()
        for _ in range(3000):
            key = resilience._state_key(session, TODAY)
            if resilience._forecasts.cached(key) is not None:
                break
            threading.Event().wait(0.01)
        fresh = resilience.heatmap(session, TODAY)
    assert fresh["fresh"] is True and computed == [1]
    assert fresh["computed_at"] != before["computed_at"]


def test_a_forecast_of_another_database_is_never_served_for_this_one(engine, sqlite_template, tmp_path):
    """Two databases in one process (a test run, a server restored beside an old copy): with no forecast
    of its own yet, a database waits for its own rather than being answered with the other's. (The
    heatmap once served the previous database's forecast, and a leader's what-if seemed to change it.)"""
    import shutil

    from backend.db import make_engine

    shutil.copy(sqlite_template, tmp_path / "other.db")
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        _change(other)
        _change(other)  # its own data stamp, so the two forecasts can be told apart
        with Session(other) as session:
            theirs = resilience.heatmap(session, TODAY)  # the latest forecast in the process
        with Session(engine) as session:
            ours = resilience.heatmap(session, TODAY)
        assert ours["fresh"] is True
        assert ours["computed_at"] != theirs["computed_at"]
    finally:
        other.dispose()


def test_a_burst_of_changes_is_refreshed_by_one_background_forecast_at_a_time(
    engine, monkeypatch, forecast_in_this_process
):
    """Six changes, each followed by a leader's visit: the visits are answered with the last
    forecast, and the refresh behind them runs once for the burst (never two at once), ending with
    the forecast of the latest state."""
    _refresher_idle()  # nothing left over from another test
    with Session(engine) as session:
        resilience.heatmap(session, TODAY)
    monkeypatch.setattr(resilience, "REFRESH_SETTLE_S", 5.0)
    running, most, calls = [0], [0], []
    real = optimizer_resilience.assess_json

    def counted(*args, **kwargs):
        calls.append(1)
        running[0] += 1
        most[0] = max(most[0], running[0])
        try:
            return real(*args, **kwargs)
        finally:
            running[0] -= 1

    monkeypatch.setattr(optimizer_resilience, "assess_json", counted)
    for _ in range(6):
        _change(engine)
        with Session(engine) as session:
            assert resilience.heatmap(session, TODAY)["fresh"] is False
    _refresher_idle()
    assert most[0] == 1 and 1 <= len(calls) <= 2 < 6
    with Session(engine) as session:
        assert resilience.heatmap(session, TODAY)["fresh"] is True


def _refresher_idle() -> None:
    for _ in range(6000):
        if resilience._refresher._thread is None:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the background refresh did not finish in 60 s")
