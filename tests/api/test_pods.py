"""A team that allocates to pods (issue 11): an administrator sets it, a manager gives a family to a
pod as a whole (the pods are offered, their members are not), the pod's members share its load and
see its families, its consultants' accountable children are counted against their limit, and every
change is audited in words that name the pod."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from backend.models import Absence, Allocation, AuditEvent, Unit, UnitKind, User, Worker
from tests.api.council import add_referrals, manager_team
from tests.api.signin import bearer, signed_in


def _split_into_pods(session) -> tuple[int, list[int]]:
    """The manager's team as two pods, each with a consultant (qualified for child protection)."""
    team_id = manager_team(session)
    team = session.get(Unit, team_id)
    pods = [
        Unit(code=f"{team.code}P{n}", name=f"Coldharbour Pod {n}", kind=UnitKind.pod, parent_id=team_id) for n in (1, 2)
    ]
    session.add_all(pods)
    session.flush()
    members = list(
        session.scalars(
            select(Worker).where(Worker.unit_id == team_id, Worker.role != "team_manager").order_by(Worker.id)
        )
    )
    for n, worker in enumerate(members):
        worker.unit_id = pods[n % 2].id
        if n < 2:
            worker.role, worker.skills = "consultant", sorted({*worker.skills, "child_protection", "court"})
        worker.version += 1
    session.commit()
    return team_id, [p.id for p in pods]


def family_code(session, family_id: int) -> str:
    from backend.models import Family

    return session.get(Family, family_id).code


def _allocates_to(client, user: str, unit_id: int, setting: str):
    return client.patch(
        f"/api/units/{unit_id}",
        headers=bearer(client, user),
        json={"allocates_to": setting, "reason": "reclaiming social work"},
    )


@pytest.fixture
def pod_team(client, session) -> tuple[int, list[int]]:
    team_id, pods = _split_into_pods(session)
    answer = _allocates_to(client, "admin", team_id, "pods")
    assert answer.status_code == 200, answer.text
    return team_id, pods


def test_only_an_administrator_sets_a_teams_allocation_and_it_is_audited(client, session):
    team_id, pods = _split_into_pods(session)
    assert _allocates_to(client, "manager", team_id, "pods").status_code == 403
    refused = _allocates_to(client, "admin", pods[0], "pods")
    assert refused.status_code == 422 and "only a team" in refused.json()["detail"][0]["msg"]
    answer = _allocates_to(client, "admin", team_id, "pods")
    assert answer.status_code == 200 and answer.json()["allocates_to"] == "pods"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "unit.update")).one()
    assert (event.entity_id, event.before, event.after) == (
        team_id,
        {"allocates_to": "workers"},
        {"allocates_to": "pods"},
    )
    pod = signed_in(client, "leader").unit(pods[0])
    assert pod.holds_families and pod.consultants_present == 1 and pod.children_accountable == 0


def test_a_team_without_pods_cannot_allocate_to_pods(client, session):
    other = session.scalars(select(Unit).where(Unit.kind == "team", Unit.id != manager_team(session))).first()
    refused = _allocates_to(client, "admin", other.id, "pods")
    assert refused.status_code == 422 and "no pods" in refused.json()["detail"][0]["msg"]


def test_the_pods_are_offered_instead_of_their_members(client, session, pod_team):
    team_id, pods = pod_team
    family_id = add_referrals(session, team_id, 1)[0]
    choices = client.get(f"/api/families/{family_id}/allocation", headers=bearer(client, "manager")).json()["choices"]
    members = {w.id for w in session.scalars(select(Worker).where(Worker.unit_id.in_(pods)))}
    assert {c["pod_id"] for c in choices if c["pod_id"]} == set(pods)
    assert not members & {c["worker_id"] for c in choices}
    leader = signed_in(client, "leader")
    for choice in (c for c in choices if c["pod_id"]):
        pod = leader.unit(choice["pod_id"])
        assert choice["worker_name"] == pod.name and pod.name.startswith("Coldharbour Pod")
        assert abs(choice["before"] - pod.load) < 0.01 and abs(choice["capacity"] - pod.capacity) < 0.01
        assert choice["children_before"] == pod.children_accountable
        assert choice["children_after"] == pod.children_accountable + 1


def test_a_family_given_to_a_pod_is_shared_by_its_members_and_audited_by_the_pods_name(client, session, pod_team):
    team_id, pods = pod_team
    family_id = add_referrals(session, team_id, 1)[0]
    answer = client.post(
        f"/api/families/{family_id}/allocation", headers=bearer(client, "manager"), json={"pod_id": pods[0]}
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["pod_id"], answer.json()["pod_name"], answer.json()["key_worker_id"]) == (
        pods[0],
        "Coldharbour Pod 1",
        None,
    )
    row = session.scalars(select(Allocation).where(Allocation.family_id == family_id)).one()
    assert (row.pod_id, row.worker_id, row.kind.value) == (pods[0], None, "key")
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.manual")).one()
    assert event.after["key_pod"] == "Coldharbour Pod 1" and event.after["key_pod_id"] == pods[0]
    assert event.after["children_after"] == 1

    leader = signed_in(client, "leader")
    pod = leader.unit(pods[0])
    assert pod.pod_families == 1 and pod.children_accountable == 1 and pod.unallocated_families == 0
    queue = leader.families(unit_id=team_id, unallocated=True, limit=500).data
    assert family_id not in {f.id for f in queue}  # held by the pod: not in the team's queue
    members = leader.workers(unit_id=pods[0], limit=50).data
    present = [m for m in members if m.presence == "present"]
    assert abs(sum(m.load for m in members) - pod.load) < 0.05
    for member in present:  # each carries the pod's load in proportion to their capacity
        assert abs(member.load - pod.load * member.capacity / pod.capacity) < 0.01
        assert member.pod_name == "Coldharbour Pod 1" and member.pod_families == 1

    user = session.scalars(select(User).where(User.worker_id == present[0].id)).first()
    mine = client.get("/api/me/caseload", headers=bearer(client, user.username)).json()
    assert family_id in {f["id"] for f in mine["families"]}
    assert client.get(f"/api/families/{family_id}", headers=bearer(client, user.username)).status_code == 200

    exported = client.get(f"/api/exports/allocations.csv?unit_id={team_id}", headers=bearer(client, "manager"))
    row = next(
        r for r in csv.DictReader(io.StringIO(exported.text)) if r["family_code"] == family_code(session, family_id)
    )
    assert (row["key_worker"], row["key_pod_name"], row["allocated_since"]) == (
        "",
        "Coldharbour Pod 1",
        date.today().isoformat(),
    )

    refused = _allocates_to(client, "admin", team_id, "workers")  # the pod still holds a family
    assert refused.status_code == 409 and "Coldharbour Pod 1 (1 families)" in refused.json()["detail"]


def test_a_pod_without_its_consultant_at_work_or_past_its_childrens_limit_may_not_take_new_work(
    client, session, pod_team
):
    team_id, pods = pod_team
    consultant = session.scalars(select(Worker).where(Worker.unit_id == pods[1], Worker.role == "consultant")).one()
    session.add(Absence(worker_id=consultant.id, start_date=date.today(), end_date=date.today(), kind="sickness"))
    session.commit()
    assert signed_in(client, "admin").change_weighting({"consultant_children_limit": 1}, "one child each")
    first, family_id = add_referrals(session, team_id, 2)
    taken = client.post(
        f"/api/families/{first}/allocation", headers=bearer(client, "manager"), json={"pod_id": pods[0]}
    )
    assert taken.status_code == 200, taken.text  # one child: within the limit
    choices = {
        c["pod_id"]: c
        for c in client.get(f"/api/families/{family_id}/allocation", headers=bearer(client, "manager")).json()[
            "choices"
        ]
    }
    assert any("no consultant of Coldharbour Pod 2 is at work" in reason for reason in choices[pods[1]]["blocked"])
    assert (choices[pods[0]]["children_after"], choices[pods[0]]["children_limit"]) == (2, 1)
    assert any("accountable for 2 children, above their limit of 1" in r for r in choices[pods[0]]["blocked"])
    refused = client.post(
        f"/api/families/{family_id}/allocation", headers=bearer(client, "manager"), json={"pod_id": pods[1]}
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "pod_id"]
    assert session.scalars(select(Allocation).where(Allocation.family_id == family_id)).first() is None


def test_a_holder_is_a_worker_or_a_pod_never_both(client, session, pod_team):
    team_id, pods = pod_team
    family_id = add_referrals(session, team_id, 1)[0]
    worker = session.scalars(select(Worker).where(Worker.unit_id == pods[0])).first()
    for body in ({"worker_id": worker.id, "pod_id": pods[0]}, {}):
        answer = client.post(f"/api/families/{family_id}/allocation", headers=bearer(client, "manager"), json=body)
        assert answer.status_code == 422, body


def test_accepting_a_plan_that_gives_a_family_to_a_pod_writes_a_pod_allocation(client, session, pod_team):
    """The plan contract's `assignments[].pod` (the worker being the pod's accountable consultant),
    as services/planning/plans.py maps it, accepted: the pod holds the family, audited by its name."""
    from backend.services.plan_accept import accept_plan
    from backend.services.planning.plans import PlanBasis

    team_id, pods = pod_team
    family_id = add_referrals(session, team_id, 1)[0]
    consultant = session.scalars(select(Worker).where(Worker.unit_id == pods[1], Worker.role == "consultant")).one()
    team = session.get(Unit, team_id)
    plan = {
        "assignments": [
            {
                "family_id": family_id,
                "worker_id": consultant.id,
                "pod_id": pods[1],
                "pod_name": "Coldharbour Pod 2",
                "reasons": ["Coldharbour Pod 2 has room"],
            }
        ]
    }
    basis = PlanBasis("recommend", team_id, team.version, {family_id: 1})
    manager = session.scalars(select(User).where(User.username == "manager")).one()
    assert (
        accept_plan(
            session,
            user=manager,
            job_id="job-1",
            basis=basis,
            plan=plan,
            families=[family_id],
            overrides=[],
            on=date.today(),
        )
        == 1
    )
    row = session.scalars(select(Allocation).where(Allocation.family_id == family_id)).one()
    assert (row.pod_id, row.worker_id, row.recommendation) == (pods[1], None, "job-1")
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.accept")).one()
    assert event.after == {"key_pod_id": pods[1], "key_pod": "Coldharbour Pod 2"}
    assert event.before == {"key_worker_id": None, "key_worker": None}
    assert signed_in(client, "leader").unit(pods[1]).pod_families == 1
