"""The read API: loads computed from the rows, paging and filters, and each role's view."""

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from backend import workload
from backend.models import Allocation, AllocationKind, Child, Family, Unit, User, Worker
from tests.api.signin import refusal, signed_in


def _independent_loads(session) -> dict[int, float]:
    """Key worker per family from the raw history (latest started key row), points per family;
    a running cover (latest started cover row, not ended, on an allocated family) carries them."""
    today = date.today()
    latest: dict[tuple[int, AllocationKind], Allocation] = {}
    for row in session.scalars(select(Allocation).where(Allocation.starts_on <= today)):
        held = latest.get((row.family_id, row.kind))
        if held is None or (row.starts_on, row.id) > (held.starts_on, held.id):
            latest[row.family_id, row.kind] = row
    statuses = defaultdict(list)
    for child in session.scalars(select(Child)):
        statuses[child.family_id].append(child.status.value)
    loads: dict[int, float] = defaultdict(float)
    for family in session.scalars(select(Family)):
        if family.received_on > today or (family.closed_on is not None and family.closed_on <= today):
            continue
        row = latest.get((family.id, AllocationKind.key))
        cover = latest.get((family.id, AllocationKind.cover))
        if row and row.worker_id and cover and cover.worker_id and (cover.ends_on is None or cover.ends_on >= today):
            row = cover
        if row and row.worker_id:
            loads[row.worker_id] += workload.family_points(
                statuses[family.id], family.flags, family.travel_band, workload.WorkloadSettings()
            )
    return loads


def test_leader_sees_every_worker_with_loads_matching_the_rows(client, session):
    leader = signed_in(client, "leader")
    expected = _independent_loads(session)
    total = session.scalars(select(Worker)).all()
    seen = []
    offset = 0
    while True:
        page = leader.workers(offset=offset, limit=7)
        assert page.count == len(total)
        seen += page.data
        offset += 7
        if offset >= page.count:
            break
    assert len({w.id for w in seen}) == len(total)
    for worker in seen:
        assert abs(worker.load - expected.get(worker.id, 0.0)) < 0.01, worker.code
        if worker.capacity > 0:
            assert worker.band == workload.band(worker.load, worker.capacity, workload.WorkloadSettings())


def test_manager_sees_only_their_team(client, session):
    manager_user = session.scalars(select(User).where(User.username == "manager")).one()
    team = session.get(Unit, manager_user.unit_id)
    in_team = {team.id} | {u.id for u in session.scalars(select(Unit).where(Unit.parent_id == team.id))}
    manager = signed_in(client, "manager")
    workers = manager.workers(limit=500).data
    assert workers and all(w.unit_id in in_team for w in workers)
    families = manager.families(limit=500).data
    assert families and all(f.unit_id in in_team for f in families)
    other = session.scalars(select(Family).where(Family.unit_id.not_in(in_team))).first()
    assert other is not None
    assert refusal(lambda: manager.family(other.id)).status == 404
    units = manager.units().data
    assert {u.id for u in units} == in_team


def test_worker_sees_only_their_own_families(client, session):
    user = session.scalars(select(User).where(User.username == "worker")).one()
    worker = signed_in(client, "worker")
    families = worker.families(limit=500).data
    assert families and all(user.worker_id in (f.key_worker_id, f.cover_worker_id) for f in families)
    assert refusal(worker.units).status == 403
    others = worker.workers(limit=500).data
    assert [w.id for w in others] == [user.worker_id]
    detail = worker.worker(user.worker_id)
    assert {f.id for f in detail.family_list} == {f.id for f in families}
    mine = worker.my_caseload()
    assert mine.worker.id == user.worker_id and {f.id for f in mine.families} == {f.id for f in families}


def test_unit_summary_adds_up_its_workers(client):
    leader = signed_in(client, "leader")
    units = leader.units(kind="team", limit=500).data
    assert units
    for unit in units:
        workers = leader.workers(unit_id=unit.id, limit=500).data
        holders = [w for w in workers if w.role != "team_manager"]
        assert unit.case_holders == len(holders)
        assert abs(unit.load - sum(w.load for w in holders)) < 0.05
        assert leader.unit(unit.id) == unit


def test_unallocated_filter_and_unknown_ids(client):
    leader = signed_in(client, "leader")
    unallocated = leader.families(unallocated=True, limit=500)
    assert unallocated.count >= 1
    assert all(f.key_worker_id is None for f in unallocated.data)
    assert refusal(lambda: leader.family(999999)).status == 404
    assert refusal(lambda: leader.workers(unit_id=999999)).status == 404
    assert refusal(lambda: leader.workers(limit=0)).status == 422
    assert refusal(lambda: leader.workers(band="purple")).status == 422
