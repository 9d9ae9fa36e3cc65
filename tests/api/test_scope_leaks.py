"""The two scope leaks an outside test found, closed: a pod's manager plans and allocates only within
the pod, and a social worker reads a family's changes only while they held it."""

import time
from datetime import date

from sqlalchemy import select

from backend.models import Family, Unit, UnitKind, User, Worker
from backend.services.allocations import current_workers
from tests.api.council import add_referrals
from tests.api.signin import bearer
from tests.api.test_route_matrix import _solved

POD_PASSWORD = "pod manager password"


def make_pod(session, client) -> dict:
    """A pod under the demo manager's team: two of the team's case holders, the families they hold,
    two new referrals; a manager whose unit is the pod. Returns the ids a test needs."""
    manager = session.scalars(select(User).where(User.username == "manager")).one()
    team = manager.unit_id
    holders = session.scalars(
        select(Worker).where(Worker.unit_id == team, Worker.role != "team_manager").order_by(Worker.id)
    ).all()
    members, others = holders[:2], holders[2:]
    pod = Unit(code="PODX", name="Pod X", kind=UnitKind.pod, parent_id=team)
    session.add(pod)
    session.flush()
    holding = current_workers(session, date.today())
    pod_families = []
    for family in session.scalars(select(Family).where(Family.unit_id == team, Family.closed_on.is_(None))):
        if holding.get(family.id) in {m.id for m in members}:
            family.unit_id = pod.id
            pod_families.append(family.id)
    for member in members:
        member.unit_id = pod.id
    session.commit()
    pod_families += add_referrals(session, pod.id, 2)
    outside_families = add_referrals(session, team, 2)
    created = client.post(
        "/api/users",
        headers=bearer(client, "admin"),
        json={
            "username": "pod.manager",
            "full_name": "Pat Podmanager",
            "role": "team_manager",
            "unit_id": pod.id,
            "password": POD_PASSWORD,
        },
    )
    assert created.status_code == 201, created.text
    login = client.post("/api/auth/token", json={"username": "pod.manager", "password": POD_PASSWORD})
    assert login.status_code == 200, login.text
    client.cookies.clear()
    return {
        "pod": pod.id,
        "team": team,
        "members": {m.id for m in members},
        "others": {o.id for o in others},
        "pod_families": set(pod_families),
        "outside_families": outside_families,
        "headers": {"Authorization": f"Bearer {login.json()['token']}"},
    }


def test_a_pod_manager_plans_only_within_the_pod(client, session):
    pod = make_pod(session, client)
    headers = pod["headers"]
    assert (
        client.post(
            "/api/plans", headers=headers, json={"question": "recommend", "unit_id": pod["team"], "time_limit_s": 1}
        ).status_code
        == 404
    )
    for question in ("recommend", "rebalance"):
        asked = client.post(
            "/api/plans", headers=headers, json={"question": question, "unit_id": pod["pod"], "time_limit_s": 2}
        )
        assert asked.status_code == 202, asked.text
        plan = _solved(client, headers, asked.json()["id"])
        shown_families = {a["family_id"] for a in plan["assignments"]} | {u["family_id"] for u in plan["unallocated"]}
        shown_workers = (
            {a["worker_id"] for a in plan["assignments"]}
            | {load["worker_id"] for load in plan["loads"]}
            | {alt["worker_id"] for a in plan["assignments"] for alt in a["alternatives"]}
        ) - {None}
        assert shown_families <= pod["pod_families"], question
        assert shown_workers <= pod["members"], question
        assert shown_workers, f"the {question} plan shows the pod's workers' loads"  # never vacuously inside
        if question == "recommend":
            assert shown_families, "the pod's two referrals are placed or said unplaceable"
        assert not shown_workers & pod["others"]
    listed = client.get("/api/families", headers=headers, params={"limit": 500}).json()["data"]
    assert {f["id"] for f in listed} == pod["pod_families"]


def test_a_pod_managers_board_is_the_pod_alone(client, session):
    pod = make_pod(session, client)
    headers = pod["headers"]
    assert client.get(f"/api/units/{pod['team']}/board", headers=headers).status_code == 404
    board = client.get(f"/api/units/{pod['pod']}/board", headers=headers)
    assert board.status_code == 200, board.text
    shown = board.json()
    families = {f["id"] for f in shown["families"]["data"]}
    assert families == pod["pod_families"]
    assert {f["id"] for f in shown["queue"]["data"]} <= families
    workers = {w["id"] for w in shown["workers"]["data"]}
    assert pod["members"] <= workers and not workers & pod["others"]
    assert {a["worker_id"] for a in shown["absences"]["data"]} <= workers


def test_a_pod_manager_cannot_accept_or_override_outside_the_pod(client, session):
    pod = make_pod(session, client)
    headers = pod["headers"]
    asked = client.post(
        "/api/plans", headers=headers, json={"question": "recommend", "unit_id": pod["pod"], "time_limit_s": 2}
    )
    plan_id = asked.json()["id"]
    plan = _solved(client, headers, plan_id)
    assert plan["assignments"], "the pod's two referrals should be placed"
    outside = pod["outside_families"][0]
    refused = client.post(f"/api/plans/{plan_id}/accept", headers=headers, json={"families": [outside]})
    assert refused.status_code == 422, refused.text
    placed = plan["assignments"][0]["family_id"]
    moved_out = client.post(
        f"/api/plans/{plan_id}/accept",
        headers=headers,
        json={
            "overrides": [
                {"family_id": placed, "worker_id": min(pod["others"]), "reason": "try a worker outside the pod"}
            ]
        },
    )
    assert moved_out.status_code == 422, moved_out.text
    session.expire_all()
    assert current_workers(session, date.today()).get(outside) is None  # nothing was written
    accepted = client.post(f"/api/plans/{plan_id}/accept", headers=headers, json={"families": [placed]})
    assert accepted.status_code == 200, accepted.text
    session.expire_all()
    assert current_workers(session, date.today())[placed] in pod["members"]


def test_a_worker_reads_a_familys_changes_only_while_they_held_it(client, session):
    worker_user = session.scalars(select(User).where(User.username == "worker")).one()
    manager = bearer(client, "manager")
    holding = current_workers(session, date.today())
    family = session.scalars(
        select(Family).where(Family.unit_id == worker_user.unit_id, Family.closed_on.is_(None)).order_by(Family.id)
    ).all()
    mine = next(f for f in family if holding.get(f.id) == worker_user.worker_id)
    colleague = session.scalars(
        select(Worker)
        .where(Worker.unit_id == worker_user.unit_id, Worker.role != "team_manager", Worker.id != worker_user.worker_id)
        .order_by(Worker.id)
    ).first()
    other_team = session.scalars(
        select(Unit).where(Unit.kind == "team", Unit.id != worker_user.unit_id).order_by(Unit.id)
    ).first()

    noted = client.patch(
        f"/api/families/{mine.id}",
        headers=manager,
        json={"area": "North", "reason": "Seen while the worker held the family"},
    )
    assert noted.status_code == 200, noted.text
    asked = client.post(
        "/api/plans", headers=manager, json={"question": "recommend", "unit_id": worker_user.unit_id, "time_limit_s": 1}
    )
    plan_id = asked.json()["id"]
    _solved(client, manager, plan_id)
    moved = client.post(
        f"/api/plans/{plan_id}/accept",
        headers=manager,
        json={
            "overrides": [
                {"family_id": mine.id, "worker_id": colleague.id, "reason": "Moved for continuity with the school"}
            ]
        },
    )
    assert moved.status_code == 200, moved.text
    admin = bearer(client, "admin")
    for note in ("SECRET: domestic abuse disclosure", "SECRET: later note of the new team"):
        time.sleep(0.01)
        edited = client.patch(
            f"/api/families/{mine.id}",
            headers=admin,
            json={"unit_id": other_team.id, "reason": note}
            if "disclosure" in note
            else {"area": "South", "reason": note},
        )
        assert edited.status_code == 200, edited.text

    worker = bearer(client, "worker")
    reasons = [
        c["reason"]
        for c in client.get("/api/me/caseload", headers=worker).json()["changes"]
        if c["family_id"] == mine.id
    ]
    assert "Seen while the worker held the family" in reasons
    assert "Moved for continuity with the school" in reasons  # the change that ended their holding
    assert not [r for r in reasons if "SECRET" in r], reasons
    assert client.get(f"/api/families/{mine.id}", headers=worker).status_code == 404
