"""Manager workflows over the API: recommend, accept (all, some, override), stale plans, cover."""

import time
from datetime import date, timedelta

from sqlalchemy import func, select

from backend.models import AuditEvent, Child, Family, User, Worker
from tests.api.signin import bearer


def wait_for(client, headers, plan_id: str, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/plans/{plan_id}", headers=headers).json()
        assert 0.0 <= body["progress"] <= 1.0
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def manager_team(session) -> int:
    return session.scalars(select(User).where(User.username == "manager")).one().unit_id


def ask(client, headers, **request) -> dict:
    response = client.post("/api/plans", json={"time_limit_s": 5, **request}, headers=headers)
    assert response.status_code == 202, response.text
    body = wait_for(client, headers, response.json()["id"])
    assert body["status"] == "done", body["message"]
    return body


def add_referrals(session, unit_id: int, count: int = 3) -> list[int]:
    """New, unallocated CIN families in the unit (one child each): easy to place."""
    ids = []
    for n in range(count):
        family = Family(code=f"TEST{unit_id}-{n}", name=f"Test family {n}", unit_id=unit_id,
                        received_on=date.today(), flags=[])
        session.add(family)
        session.flush()
        session.add(Child(family_id=family.id, first_name="Sam", birth_year=2015, status="cin"))
        ids.append(family.id)
    session.commit()
    return ids


def unallocated_ids(client, headers, unit_id) -> set[int]:
    page = client.get("/api/families", params={"unit_id": unit_id, "unallocated": True, "limit": 500},
                      headers=headers).json()
    return {f["id"] for f in page["data"]}


def test_recommend_then_accept_places_the_families_and_audits(client, session):
    headers = bearer(client, "manager")
    team = manager_team(session)
    new = add_referrals(session, team)
    waiting = unallocated_ids(client, headers, team)
    assert set(new) <= waiting
    plan = ask(client, headers, question="recommend", unit_id=team)
    placements = plan["plan"]["assignments"]
    assert {a["family_id"] for a in placements} <= waiting
    assert set(new) <= {a["family_id"] for a in placements}
    assert all(a["reasons"] for a in placements)
    accepted = client.post(f"/api/plans/{plan['id']}/accept",
                           json={"families": [a["family_id"] for a in placements]}, headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["applied"] == len(placements)
    for a in placements:
        family = client.get(f"/api/families/{a['family_id']}", headers=headers).json()
        assert family["key_worker_id"] == a["worker_id"]
        assert family["history"][-1]["reason"].startswith("Accepted Keel plan")
    events = session.scalar(select(func.count()).select_from(AuditEvent)
                            .where(AuditEvent.action == "allocation.accept"))
    assert events == len(placements)
    again = client.post(f"/api/plans/{plan['id']}/accept",
                        json={"families": [placements[0]["family_id"]]}, headers=headers)
    assert again.status_code == 409  # the plan is stale once the team changed


def test_override_needs_a_reason_and_an_eligible_worker(client, session):
    headers = bearer(client, "manager")
    team = manager_team(session)
    family_id = add_referrals(session, team, 1)[0]
    plan = ask(client, headers, question="recommend", unit_id=team)
    colleague = client.get("/api/workers", params={"unit_id": team, "limit": 500}, headers=headers).json()["data"]
    holder = next(w for w in colleague if w["role"] != "team_manager")
    no_reason = client.post(f"/api/plans/{plan['id']}/accept",
                            json={"overrides": [{"family_id": family_id, "worker_id": holder["id"], "reason": ""}]},
                            headers=headers)
    assert no_reason.status_code == 422
    outsider = session.scalars(select(Worker).where(Worker.unit_id != team)).first()
    wrong = client.post(f"/api/plans/{plan['id']}/accept",
                        json={"overrides": [{"family_id": family_id, "worker_id": outsider.id,
                                             "reason": "knows the family"}]}, headers=headers)
    assert wrong.status_code == 422
    ok = client.post(f"/api/plans/{plan['id']}/accept",
                     json={"overrides": [{"family_id": family_id, "worker_id": holder["id"],
                                          "reason": "Knows the family from a previous assessment"}]},
                     headers=headers)
    assert ok.status_code == 200, ok.text
    family = client.get(f"/api/families/{family_id}", headers=headers).json()
    assert family["key_worker_id"] == holder["id"]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.override")).one()
    assert event.reason == "Knows the family from a previous assessment"
    assert event.after == {"key_worker_id": holder["id"]}


def test_other_roles_cannot_plan_and_managers_only_their_team(client, session):
    team = manager_team(session)
    worker_headers = bearer(client, "worker")
    assert client.post("/api/plans", json={"question": "recommend", "unit_id": team},
                       headers=worker_headers).status_code == 403
    headers = bearer(client, "manager")
    other = session.scalars(select(Family.unit_id).where(Family.unit_id != team)).first()
    assert client.post("/api/plans", json={"question": "recommend", "unit_id": other},
                       headers=headers).status_code == 404
    assert client.get("/api/plans/not-a-plan", headers=headers).status_code == 404


def test_absence_then_cover_plan_keeps_the_key_worker(client, session):
    headers = bearer(client, "manager")
    team = manager_team(session)
    workers = client.get("/api/workers", params={"unit_id": team, "limit": 500}, headers=headers).json()["data"]
    absent = max((w for w in workers if w["role"] != "team_manager"), key=lambda w: w["families"])
    start = date.today()
    bad = client.post("/api/absences", headers=headers, json={
        "worker_id": absent["id"], "start_date": start.isoformat(),
        "end_date": (start - timedelta(days=1)).isoformat(), "kind": "sickness", "planned": False})
    assert bad.status_code == 422
    created = client.post("/api/absences", headers=headers, json={
        "worker_id": absent["id"], "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=13)).isoformat(), "kind": "sickness", "planned": False})
    assert created.status_code == 201, created.text
    plan = ask(client, headers, question="cover", unit_id=team, absence_id=created.json()["id"])
    covers = plan["plan"]["assignments"]
    assert covers and all(a["kind"] == "cover" and a["worker_id"] != absent["id"] for a in covers)
    accepted = client.post(f"/api/plans/{plan['id']}/accept",
                           json={"families": [a["family_id"] for a in covers]}, headers=headers)
    assert accepted.status_code == 200, accepted.text
    for a in covers:  # the key worker stays; cover is recorded alongside
        family = client.get(f"/api/families/{a['family_id']}", headers=headers).json()
        assert family["key_worker_id"] == absent["id"]
        assert family["history"][-1]["kind"] == "cover"
        assert family["history"][-1]["ends_on"] == (start + timedelta(days=13)).isoformat()
