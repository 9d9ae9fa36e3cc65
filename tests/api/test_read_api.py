"""The read API: loads computed from the rows, paging and filters, and each role's view."""

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from backend import workload
from backend.models import Allocation, AllocationKind, Child, Family, Unit, User, Worker
from tests.api.signin import bearer


def _independent_loads(session) -> dict[int, float]:
    """Key worker per family from the raw history (latest started key row), points per family."""
    today = date.today()
    latest: dict[int, Allocation] = {}
    for row in session.scalars(select(Allocation).where(Allocation.kind == AllocationKind.key)):
        if row.starts_on > today:
            continue
        held = latest.get(row.family_id)
        if held is None or (row.starts_on, row.id) > (held.starts_on, held.id):
            latest[row.family_id] = row
    statuses = defaultdict(list)
    for child in session.scalars(select(Child)):
        statuses[child.family_id].append(child.status.value)
    loads: dict[int, float] = defaultdict(float)
    for family in session.scalars(select(Family)):
        if family.closed_on is not None and family.closed_on <= today:
            continue
        row = latest.get(family.id)
        if row and row.worker_id:
            loads[row.worker_id] += workload.family_points(
                statuses[family.id], family.flags, family.travel_band, workload.WorkloadSettings())
    return loads


def test_leader_sees_every_worker_with_loads_matching_the_rows(client, session):
    headers = bearer(client, "leader")
    expected = _independent_loads(session)
    total = session.scalars(select(Worker)).all()
    seen = []
    offset = 0
    while True:
        page = client.get("/api/workers", params={"offset": offset, "limit": 7}, headers=headers).json()
        assert page["count"] == len(total)
        seen += page["data"]
        offset += 7
        if offset >= page["count"]:
            break
    assert len({w["id"] for w in seen}) == len(total)
    for worker in seen:
        assert abs(worker["load"] - expected.get(worker["id"], 0.0)) < 0.01, worker["code"]
        if worker["capacity"] > 0:
            assert worker["band"] == workload.band(worker["load"], worker["capacity"], workload.WorkloadSettings())


def test_manager_sees_only_their_team(client, session):
    manager = session.scalars(select(User).where(User.username == "manager")).one()
    team = session.get(Unit, manager.unit_id)
    in_team = {team.id} | {u.id for u in session.scalars(select(Unit).where(Unit.parent_id == team.id))}
    headers = bearer(client, "manager")
    workers = client.get("/api/workers", params={"limit": 500}, headers=headers).json()["data"]
    assert workers and all(w["unit_id"] in in_team for w in workers)
    families = client.get("/api/families", params={"limit": 500}, headers=headers).json()["data"]
    assert families and all(f["unit_id"] in in_team for f in families)
    other = session.scalars(select(Family).where(Family.unit_id.not_in(in_team))).first()
    assert other is not None
    assert client.get(f"/api/families/{other.id}", headers=headers).status_code == 404
    units = client.get("/api/units", headers=headers).json()["data"]
    assert {u["id"] for u in units} == in_team


def test_worker_sees_only_their_own_families(client, session):
    user = session.scalars(select(User).where(User.username == "worker")).one()
    headers = bearer(client, "worker")
    families = client.get("/api/families", params={"limit": 500}, headers=headers).json()["data"]
    assert families and all(f["key_worker_id"] == user.worker_id for f in families)
    assert client.get("/api/units", headers=headers).status_code == 403
    others = client.get("/api/workers", params={"limit": 500}, headers=headers).json()["data"]
    assert [w["id"] for w in others] == [user.worker_id]
    detail = client.get(f"/api/workers/{user.worker_id}", headers=headers).json()
    assert {f["id"] for f in detail["family_list"]} == {f["id"] for f in families}


def test_unit_summary_adds_up_its_workers(client):
    headers = bearer(client, "leader")
    units = client.get("/api/units", params={"kind": "team", "limit": 500}, headers=headers).json()["data"]
    assert units
    for unit in units:
        workers = client.get("/api/workers", params={"unit_id": unit["id"], "limit": 500},
                             headers=headers).json()["data"]
        holders = [w for w in workers if w["role"] != "team_manager"]
        assert unit["case_holders"] == len(holders)
        assert abs(unit["load"] - sum(w["load"] for w in holders)) < 0.05


def test_unallocated_filter_and_unknown_ids(client):
    headers = bearer(client, "leader")
    unallocated = client.get("/api/families", params={"unallocated": True, "limit": 500}, headers=headers).json()
    assert unallocated["count"] >= 1
    assert all(f["key_worker_id"] is None for f in unallocated["data"])
    assert client.get("/api/families/999999", headers=headers).status_code == 404
    assert client.get("/api/workers", params={"unit_id": 999999}, headers=headers).status_code == 404
    assert client.get("/api/workers", params={"limit": 0}, headers=headers).status_code == 422
    assert client.get("/api/workers", params={"band": "purple"}, headers=headers).status_code == 422
