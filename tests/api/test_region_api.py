"""The regional view over the API (issue #17): an administrator publishes a region's forecast, a
regional leader (and a senior leader) reads it, councils' figures drill down to services, and nothing
of a family, child or worker is kept or shown; a regional leader gets nothing of the council's own."""

import json

import pytest
from sqlalchemy import select

from backend.models import AuditEvent, User, UserRole
from backend.region.councils import generate, national_specs
from backend.region.forecast import forecast_region
from backend.security import hash_password
from tests.api.signin import DEMO_PASSWORD


@pytest.fixture(scope="module")
def forecast_file() -> dict:
    """What `keel region forecast --out FILE` writes for a region of two small councils."""
    councils = [generate(spec) for spec in national_specs(2, 80, seed=3)]
    return forecast_region(councils, processes=0, scenarios=10).to_dict()


def _headers(client, session, role: str) -> dict[str, str]:
    if role == "regional" and session.scalar(select(User).where(User.username == "regional")) is None:
        session.add(
            User(
                username="regional",
                full_name="Rowan Regional",
                role=UserRole.regional_leader,
                password_hash=hash_password(DEMO_PASSWORD),
            )
        )
        session.commit()
    token = client.post("/api/auth/token", json={"username": role, "password": DEMO_PASSWORD}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_nothing_published_yet_says_how_to_publish(client, session):
    answer = client.get("/api/region", headers=_headers(client, session, "regional"))
    assert answer.status_code == 404 and "keel region forecast" in answer.json()["detail"]


def test_published_forecast_is_read_by_regional_and_senior_leaders(client, session, forecast_file):
    admin = _headers(client, session, "admin")
    sent = {
        **forecast_file,
        "councils": [{**c, "families": ["F0001"], "busiest": "W0001"} for c in forecast_file["councils"]],
    }
    published = client.post("/api/region/forecasts", headers=admin, json=sent)
    assert published.status_code == 201, published.text
    for role in ("regional", "leader"):
        view = client.get("/api/region", headers=_headers(client, session, role))
        assert view.status_code == 200
        body = view.json()
        assert [c["code"] for c in body["councils"]] == [c["code"] for c in forecast_file["councils"]]
        assert body["summary"]["councils"] == 2 and body["summary"] == forecast_file["summary"]
        assert [s["id"] for s in body["stages"]][0] == "stable" and len(body["weeks"]) == 12
        text = json.dumps(body)
        assert "F0001" not in text and "W0001" not in text and "busiest" not in text
    first = forecast_file["councils"][0]
    council = client.get(f"/api/region/councils/{first['code']}", headers=_headers(client, session, "regional"))
    assert council.status_code == 200
    assert [s["id"] for s in council.json()["services"]] == [s["id"] for s in first["services"]]
    assert client.get("/api/region/councils/C999", headers=admin).status_code == 404
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "region.publish"))
    assert (
        event is not None
        and event.actor == "admin"
        and event.after == {"councils": 2, "workers": sum(c["workers"] for c in forecast_file["councils"])}
    )


@pytest.mark.parametrize(
    "path",
    ["/api/units", "/api/me/caseload", "/api/resilience/heatmap", "/api/families/1", "/api/workers", "/api/audit"],
)
def test_a_regional_leader_gets_nothing_of_the_councils_own(client, session, path):
    answer = client.get(path, headers=_headers(client, session, "regional"))
    assert answer.status_code == 403, (path, answer.text)


def test_only_administrators_publish_and_bad_figures_are_refused(client, session, forecast_file):
    for role in ("leader", "manager", "worker", "regional"):
        assert (
            client.post(
                "/api/region/forecasts", headers=_headers(client, session, role), json=forecast_file
            ).status_code
            == 403
        )
    admin = _headers(client, session, "admin")
    bad = {**forecast_file, "councils": [{**forecast_file["councils"][0], "near_term_risk": 1.5}]}
    answer = client.post("/api/region/forecasts", headers=admin, json=bad)
    assert answer.status_code == 422 and "near_term_risk" in answer.text
    assert client.post("/api/region/forecasts", headers=admin, json={"councils": []}).status_code == 422
    huge = {**forecast_file, "councils": [{**forecast_file["councils"][0], "workers": 2**31}]}  # found by the fuzz test
    answer = client.post("/api/region/forecasts", headers=admin, json=huge)
    assert answer.status_code == 422 and "workers" in answer.text
    assert client.get("/api/region", headers=admin).status_code == 404  # nothing half-published
