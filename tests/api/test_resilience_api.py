"""The leader's resilience views over the API."""

from sqlalchemy import select

from backend.services.shared_cache import SharedCache

from backend.models import Unit, Worker
from tests.api.signin import refusal, signed_in


def test_heatmap_has_every_team_and_twelve_weeks_of_risk(client, session):
    body = signed_in(client, "leader").resilience_heatmap()
    assert len(body["weeks"]) == 12
    teams = {u.id for u in session.scalars(select(Unit).where(Unit.kind == "team"))}
    assert teams <= {u["id"] for u in body["units"]}
    for unit in body["units"]:
        assert [c["week"] for c in unit["cells"]] == body["weeks"]
        for cell in unit["cells"]:
            assert 0.0 <= cell["low"] <= cell["risk"] <= cell["high"] <= 1.0
        assert unit["stage"] in {"stable", "losing_grip", "service_breakdown", "systemic_crisis", "complete_lock"}
        if unit["n2_secure"]:
            assert unit["n1_secure"]  # absorbing any two losses implies absorbing any one
    seen: set[int] = set()
    for unit in body["units"]:  # tree order: a unit comes after its parent, never before
        assert unit["parent_id"] is None or unit["parent_id"] in seen, unit["code"]
        seen.add(unit["id"])
    services = [i for i, u in enumerate(body["units"]) if u["kind"] == "service"]
    for start, end in zip(services, services[1:] + [len(body["units"])]):  # each service's own units follow it
        assert all(u["kind"] != "service" for u in body["units"][start + 1 : end])


def test_unit_drill_down_lists_its_workers_and_reasons(client, session):
    leader = signed_in(client, "leader")
    team = session.scalars(select(Unit).where(Unit.kind == "team")).first()
    body = leader.unit_resilience(team.id)
    assert body["id"] == team.id and body["stage_reasons"]
    assert body["workers"] and all(isinstance(s, str) for s in body["single_person_skills"])
    assert refusal(lambda: leader.unit_resilience(999999)).status == 404


def test_a_units_reasons_name_people_not_codes(client, session):
    """The optimizer's sentences speak of worker and pod codes; the unit page reads names."""
    leader = signed_in(client, "leader")
    codes = [w.code for w in session.scalars(select(Worker))]
    for unit in session.scalars(select(Unit).where(Unit.kind != "service")):
        body = leader.unit_resilience(unit.id)
        texts = body["stage_reasons"] + [loss["reason"] for loss in body["n1_losses"] if loss and loss.get("reason")]
        for text in texts:
            assert not any(code in text for code in codes), (unit.code, text)


def test_managers_and_workers_cannot_see_the_authority_heatmap(client):
    for username in ("manager", "worker"):
        assert refusal(signed_in(client, username).resilience_heatmap).status == 403


def test_heatmap_has_the_stage_key_in_order_and_flow_pressure(client):
    body = signed_in(client, "leader").resilience_heatmap()
    assert [s["id"] for s in body["stages"]] == [
        "stable",
        "losing_grip",
        "service_breakdown",
        "systemic_crisis",
        "complete_lock",
    ]
    assert all(s["name"] and s["rule"] for s in body["stages"])
    cell = body["units"][0]["cells"][0]
    assert cell["backlog"] >= 0 and cell["oldest_wait_days"] >= 0
    assert body["weeks"][0] <= body["as_of"]  # the heatmap starts with the current week


def test_progress_says_nothing_is_running_when_idle(client):
    import time

    leader = signed_in(client, "leader")
    for _ in range(600):  # a refresh another test of this process started runs to its end first
        body = leader.forecast_progress()
        if not body["computing"]:
            break
        time.sleep(0.2)
    assert body == {"computing": False, "phase": None, "done": 0, "total": 0, "fraction": 1.0}


def test_concurrent_requests_for_the_same_forecast_share_one_computation(engine, monkeypatch, forecast_in_this_process):
    import threading
    import time
    from datetime import date

    from sqlmodel import Session

    import optimizer.resilience as resilience_package
    from backend.services import resilience

    real, calls, started = resilience_package.assess_json, [], threading.Event()
    release, seen = threading.Event(), []

    def slow(snapshot, **options):
        if snapshot["as_of"] != "2031-01-06":  # a refresh another test of this process left running
            return real(snapshot, **options)
        calls.append(1)
        started.set()
        release.wait(30)
        return real(snapshot, **options)

    monkeypatch.setattr(resilience_package, "assess_json", slow)
    monkeypatch.setattr(resilience, "_forecasts", SharedCache(4))
    on = date(2031, 1, 6)  # a day no other test has asked for

    def ask():
        with Session(engine) as session:
            seen.append(resilience.assess(session, on))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    threads[0].start()
    assert started.wait(30)
    for thread in threads[1:]:
        thread.start()
    progress = resilience.forecast_progress()
    assert progress["computing"] is True
    time.sleep(0.5)  # the other two reach the forecast while the first is still working it out
    release.set()
    for thread in threads:
        thread.join(60)
    assert len(calls) == 1 and len(seen) == 3
    assert all(plan == seen[0] for plan in seen)  # one computation, the same answer for all three


def test_what_if_shows_before_and_after_and_changes_nothing(client, session):
    from backend.services.state import data_stamp

    leader = signed_in(client, "leader")
    team = session.scalars(select(Unit).where(Unit.kind == "team")).first()
    heat_before = leader.resilience_heatmap()
    stamp = data_stamp(session)
    answer = leader.what_if(
        {"add": [{"unit_id": team.id, "fte": 1.0, "role": "social_worker", "skills": ["child_protection", "court"]}]}
    )
    assert answer["changes"] and "a new worker 1 joins" in answer["changes"][0]
    row = next(u for u in answer["units"] if u["id"] == team.id)
    assert row["after"]["load_ratio"] < row["before"]["load_ratio"]
    assert row["after"]["risk"] <= row["before"]["risk"] + 0.05
    session.expire_all()
    assert data_stamp(session) == stamp  # nothing in the data changed
    assert leader.resilience_heatmap()["units"] == heat_before["units"]


def test_what_if_refuses_an_unknown_worker_or_an_empty_scenario_in_words(client, session):
    leader = signed_in(client, "leader")
    unknown = refusal(lambda: leader.what_if({"lose_worker_ids": [999999]}))
    assert unknown.status == 422 and unknown.detail == "Worker 999999 not found"
    manager = session.scalars(select(Worker).where(Worker.role == "team_manager")).first()
    holds_none = refusal(lambda: leader.what_if({"lose_worker_ids": [manager.id]}))
    assert holds_none.status == 422 and "holds no cases" in holds_none.detail
    empty = refusal(lambda: leader.what_if({}))
    assert empty.status == 422 and "Nothing to try" in empty.detail


def test_secure_plan_names_moves_or_extra_capacity_and_ranks_the_next_worker(client, session):
    leader = signed_in(client, "leader")
    team = session.scalars(select(Unit).where(Unit.kind == "team")).first()
    body = leader.secure_plan(team.id)
    assert body["service"]["id"] == team.parent_id
    assert team.id in {u["id"] for u in body["units"]}
    for unit in body["units"]:
        if unit["n1_secure"]:
            assert unit["moves"] == [] and unit["extra_capacity"] is None
        else:
            assert unit["moves"] or unit["moves"] is None
            assert all(" (" in m["to"] for m in unit["moves"] or [])  # names a person reads
    drops = [t["drop"] for t in body["next_worker"]]
    assert drops == sorted(drops, reverse=True) and body["next_worker"]
    assert refusal(lambda: leader.secure_plan(999999)).status == 404


def test_history_records_today_from_the_forecast_and_backfills_the_past(client, session):
    from datetime import date, timedelta

    from backend.services.unit_history import backfill, record_day

    today = date.today()
    assert record_day(session, today) >= 3
    assert backfill(session, today, days=3) >= 3 * 3
    leader = signed_in(client, "leader")
    team = session.scalars(select(Unit).where(Unit.kind == "team")).first()
    days = leader.unit_history(team.id)["days"]
    assert [d["day"] for d in days] == [(today - timedelta(days=k)).isoformat() for k in (3, 2, 1, 0)]
    assert all(d["source"] == "backfill" and d["risk"] is None and d["stage"] is None for d in days[:3])
    now = days[-1]
    assert now["source"] == "forecast" and now["stage"] and 0 <= now["risk"] <= 1
    heat = next(u for u in leader.resilience_heatmap()["units"] if u["id"] == team.id)
    assert now["stage"] == heat["stage"] and now["load_ratio"] == heat["load_ratio"]
    assert all(d["present_capacity"] > 0 for d in days)
    assert refusal(lambda: leader.unit_history(999999)).status == 404


def test_unit_losses_name_the_workers_with_their_code_in_brackets(client, session):
    leader = signed_in(client, "leader")
    workers = {w.code: w.name for w in session.scalars(select(Worker))}
    team = session.scalars(select(Unit).where(Unit.kind == "team").order_by(Unit.id)).first()
    figures = leader.unit_resilience(team.id)
    losses = list(figures["n1_losses"]) + ([figures["worst_loss"]] if figures.get("worst_loss") else [])
    assert losses, "a team has N-1 losses to show"
    for loss in losses:
        for shown in loss["workers"]:
            code = shown.rsplit("(", 1)[-1].rstrip(")")
            assert code in workers and shown == f"{workers[code]} ({code})"
