"""Values no route can store or send back are refused with a 422 before any route sees them, dates
everywhere keep to the CSV import's years, and dates stored before those limits break no read."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from backend.models import Absence, Worker
from tests.api.council import manager_team
from tests.api.signin import bearer

JSON = {"content-type": "application/json"}


def send(client, method: str, url: str, text: str, headers: dict | None = None):
    return client.request(
        method, url, content=text.encode("utf-8", "surrogatepass"), headers={**JSON, **(headers or {})}
    )


@pytest.mark.parametrize(
    "username, problem",
    [
        ('"\\ud800"', "lone surrogate"),
        ('"a\\u0000b"', "NUL character"),
        ("1e400", "not a finite number"),
    ],
)
def test_sign_in_with_an_unstorable_username_is_a_422(client, username, problem):
    answer = send(client, "POST", "/api/auth/login", f'{{"username": {username}, "password": "keel-demo"}}')
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "username"]
    assert problem in answer.json()["detail"][0]["msg"]


def test_nul_and_surrogates_are_refused_anywhere_in_a_body_query_or_path(client, session):
    admin = bearer(client, "admin")
    nested = send(
        client,
        "PUT",
        "/api/settings/weighting",
        '{"values": {"child_points": {"c\\u0000p": 8}}, "note": "fine \\udfff"}',
        admin,
    )
    assert nested.status_code == 422
    assert sorted(tuple(e["loc"]) for e in nested.json()["detail"]) == [
        ("body", "note"),
        ("body", "values", "child_points"),
    ]
    query = client.get("/api/audit", params={"actor": "admin\x00"}, headers=admin)
    assert query.status_code == 422 and query.json()["detail"][0]["loc"] == ["query", "actor"]
    path = client.get("/api/plans/abc%00", headers=bearer(client, "manager"))
    assert path.status_code == 422 and path.json()["detail"][0]["loc"] == ["path", "plan_id"]
    team = manager_team(session)
    family = send(
        client,
        "POST",
        "/api/families",
        json.dumps(
            {
                "code": "NUL1",
                "name": "Nul\u0000family",
                "unit_id": team,
                "received_on": date.today().isoformat(),
                "children": [{"first_name": "Sam", "birth_year": 2015, "status": "cin"}],
            }
        ),
        bearer(client, "manager"),
    )
    assert family.status_code == 422 and family.json()["detail"][0]["loc"] == ["body", "name"]


def test_the_audit_trail_reads_a_moment_without_an_offset_as_utc(client):
    admin = bearer(client, "admin")
    everything = client.get("/api/audit", headers=admin).json()["count"]
    assert (
        client.get("/api/audit", params={"since": "2000-01-01T00:00:00"}, headers=admin).json()["count"] == everything
    )
    assert client.get("/api/audit", params={"since": "2100-01-01T00:00:00"}, headers=admin).json()["count"] == 0
    for far in ("0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        answer = client.get("/api/audit", params={"since": far}, headers=admin)
        assert answer.status_code == 422 and "between 1900 and 2100" in answer.text


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
def test_every_date_field_keeps_to_the_import_years(client, session, far):
    manager, admin = bearer(client, "manager"), bearer(client, "admin")
    team = manager_team(session)
    worker = session.scalars(select(Worker).where(Worker.unit_id == team, Worker.role != "team_manager")).first()
    attempts = [
        client.patch(f"/api/workers/{worker.id}", json={"leaving_date": far, "reason": "x"}, headers=manager),
        client.patch(f"/api/workers/{worker.id}", json={"start_date": far}, headers=manager),
        client.post(
            "/api/workers",
            json={"code": "FAR1", "name": "Far", "role": "social_worker", "fte": 1, "unit_id": team, "start_date": far},
            headers=admin,
        ),
        client.post(
            "/api/absences",
            json={"worker_id": worker.id, "start_date": far, "end_date": far, "kind": "training"},
            headers=manager,
        ),
        client.post(
            "/api/families",
            json={
                "code": "FAR2",
                "name": "Far",
                "unit_id": team,
                "received_on": far,
                "children": [{"first_name": "Sam", "birth_year": 2015, "status": "cin"}],
            },
            headers=manager,
        ),
        client.get("/api/workers", params={"on": far}, headers=manager),
        client.get(f"/api/workers/{worker.id}", params={"on": far}, headers=manager),
        client.get("/api/families", params={"on": far}, headers=manager),
        client.get("/api/units", params={"on": far}, headers=manager),
        client.get(f"/api/units/{team}", params={"on": far}, headers=manager),
    ]
    assert [a.status_code for a in attempts] == [422] * len(attempts)
    inside = client.patch(
        f"/api/workers/{worker.id}", json={"leaving_date": "2100-12-31", "reason": "x"}, headers=manager
    )
    assert inside.status_code == 200, inside.text


def test_dates_stored_before_the_limits_break_no_read(client, session):
    """A leaving date of 9999-12-31 (the API took it once) overflowed the forecast's day arithmetic."""
    team = manager_team(session)
    workers = session.scalars(select(Worker).where(Worker.unit_id == team, Worker.role != "team_manager")).all()
    workers[0].leaving_date = date.max
    session.add(
        Absence(worker_id=workers[1].id, start_date=date.today(), end_date=date.max, kind="sickness", planned=False)
    )
    session.commit()
    leader, manager = bearer(client, "leader"), bearer(client, "manager")
    assert client.get("/api/resilience/heatmap", headers=leader).status_code == 200
    assert client.get(f"/api/resilience/units/{team}", headers=leader).status_code == 200
    assert client.get("/api/workers", params={"unit_id": team}, headers=manager).status_code == 200
    assert client.get(f"/api/workers/{workers[0].id}", headers=manager).status_code == 200
