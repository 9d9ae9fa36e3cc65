"""The leader's resilience views over the API."""

from sqlalchemy import select

from backend.models import Unit
from tests.api.signin import bearer


def test_heatmap_has_every_team_and_twelve_weeks_of_risk(client, session):
    headers = bearer(client, "leader")
    grid = client.get("/api/resilience/heatmap", headers=headers)
    assert grid.status_code == 200, grid.text
    body = grid.json()
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


def test_unit_drill_down_lists_its_workers_and_reasons(client, session):
    headers = bearer(client, "leader")
    team = session.scalars(select(Unit).where(Unit.kind == "team")).first()
    body = client.get(f"/api/resilience/units/{team.id}", headers=headers).json()
    assert body["id"] == team.id and body["stage_reasons"]
    assert body["workers"] and all(isinstance(s, str) for s in body["single_person_skills"])
    assert client.get("/api/resilience/units/999999", headers=headers).status_code == 404


def test_managers_and_workers_cannot_see_the_authority_heatmap(client):
    for username in ("manager", "worker"):
        assert client.get("/api/resilience/heatmap", headers=bearer(client, username)).status_code == 403
