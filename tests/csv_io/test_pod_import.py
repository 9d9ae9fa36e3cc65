"""Importing pods (issue 11): pod members are workers whose `team` is a pod; a family may be held by
a pod of a team that allocates to pods (`key_pod`). All or nothing, as every import."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from backend.csv_io import run_import
from backend.models import AllocatesTo, Allocation, AuditEvent, Family, Unit, UnitKind, User, Worker
from tests.csv_io.support import csv_file, database_state


@pytest.fixture
def pods(engine) -> dict[str, str]:
    """Team T01 allocating to two pods, T02 with a pod while it allocates to workers."""
    with Session(engine) as session:
        teams = {u.code: u for u in session.scalars(select(Unit).where(Unit.kind == UnitKind.team))}
        teams["T01"].allocates_to = AllocatesTo.pods
        session.add_all(
            [
                Unit(code=code, name=name, kind=UnitKind.pod, parent_id=teams[team].id)
                for code, name, team in (
                    ("T01P1", "Dunmore Pod 1", "T01"),
                    ("T01P2", "Dunmore Pod 2", "T01"),
                    ("T02P1", "Harrow Pod 1", "T02"),
                )
            ]
        )
        session.commit()
    return {"holding": "T01P1", "other": "T01P2", "not_holding": "T02P1"}


def family(code: str, **columns) -> dict:
    return {
        "family_code": code,
        "family_name": f"Family {code}",
        "team": "T01",
        "received_on": "2026-10-01",
        "child_first_name": "Sam",
        "child_birth_year": "2016",
        "child_status": "cin",
        **columns,
    }


def admin(engine) -> User:
    with Session(engine) as session:
        return session.scalars(select(User).where(User.username == "admin")).one()


def test_pod_members_and_a_family_held_by_a_pod_land_and_are_audited_by_the_pods_name(engine, pods):
    workers = csv_file(
        "workers",
        [
            {
                "code": "W0901",
                "name": "Ada Consultant",
                "role": "consultant",
                "fte": "1",
                "team": pods["holding"],
                "start_date": "2020-01-06",
                "skills": "child_protection",
            }
        ],
    )
    assert run_import(engine, "workers", workers, admin(engine)).status == "done"
    outcome = run_import(
        engine, "families", csv_file("families", [family("PF1", key_pod=pods["holding"])]), admin(engine)
    )
    assert (outcome.status, outcome.created) == ("done", 1), outcome
    with Session(engine) as session:
        pod = session.scalars(select(Unit).where(Unit.code == pods["holding"])).one()
        member = session.scalars(select(Worker).where(Worker.code == "W0901")).one()
        assert member.unit_id == pod.id
        held = session.scalars(select(Family).where(Family.code == "PF1")).one()
        row = session.scalars(select(Allocation).where(Allocation.family_id == held.id)).one()
        assert (row.pod_id, row.worker_id, row.starts_on) == (pod.id, None, date(2026, 10, 1))
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.import")).one()
        assert event.after == {"key_pod_id": pod.id, "key_pod": "Dunmore Pod 1"}
    moved = run_import(engine, "families", csv_file("families", [family("PF1", key_pod=pods["other"])]), admin(engine))
    assert (moved.status, moved.updated) == ("done", 1), moved
    with Session(engine) as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "allocation.import").order_by(AuditEvent.id.desc())
        ).first()
        assert (event.before["key_pod"], event.after["key_pod"]) == ("Dunmore Pod 1", "Dunmore Pod 2")


@pytest.mark.parametrize(
    "columns, problem",
    [
        ({"key_pod": "T01"}, "is a team or service, not a pod"),
        ({"key_pod": "NOPOD"}, "is the code of no pod"),
        ({"key_pod": "T02P1"}, "allocates to workers"),
        ({"key_pod": "T01P1", "key_worker": "W0002"}, "not both"),
        ({"key_pod": "T01P1", "team": "T02"}, "not in the family's team"),
    ],
)
def test_a_pod_that_may_not_hold_the_family_refuses_the_whole_file(engine, pods, columns, problem):
    before = database_state(engine)
    data = csv_file("families", [family("OK1"), family("BAD1", **columns)])
    outcome = run_import(engine, "families", data, admin(engine))
    assert outcome.status == "failed" and outcome.created == 0
    assert any(e.row == 3 and e.column == "key_pod" and problem in e.reason for e in outcome.errors), outcome.errors
    assert database_state(engine) == before
