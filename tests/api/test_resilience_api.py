"""The leader's resilience views over the API."""

from sqlalchemy import select

from backend.models import Unit
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
        assert unit["stage"] in {"stable", "losing_grip", "service_breakdown", "systemic_crisis",
                                 "complete_lock"}
        if unit["n2_secure"]:
            assert unit["n1_secure"]  # absorbing any two losses implies absorbing any one
    seen: set[int] = set()
    for unit in body["units"]:  # tree order: a unit comes after its parent, never before
        assert unit["parent_id"] is None or unit["parent_id"] in seen, unit["code"]
        seen.add(unit["id"])
    services = [i for i, u in enumerate(body["units"]) if u["kind"] == "service"]
    for start, end in zip(services, services[1:] + [len(body["units"])]):  # each service's own units follow it
        assert all(u["kind"] != "service" for u in body["units"][start + 1:end])


def test_unit_drill_down_lists_its_workers_and_reasons(client, session):
    leader = signed_in(client, "leader")
    team = session.scalars(select(Unit).where(Unit.kind == "team")).first()
    body = leader.unit_resilience(team.id)
    assert body["id"] == team.id and body["stage_reasons"]
    assert body["workers"] and all(isinstance(s, str) for s in body["single_person_skills"])
    assert refusal(lambda: leader.unit_resilience(999999)).status == 404


def test_managers_and_workers_cannot_see_the_authority_heatmap(client):
    for username in ("manager", "worker"):
        assert refusal(signed_in(client, username).resilience_heatmap).status == 403
