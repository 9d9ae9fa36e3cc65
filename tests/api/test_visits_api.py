"""Statutory visits over the API: a visit recorded moves the family's last visit forward (audited),
every family shows its next visit due, and the visits due list a board and a worker read."""

from datetime import date, timedelta

from sqlalchemy import delete, select

from backend.models import Absence, AbsenceKind, AuditEvent, Child, Family, User
from backend.services.allocations import current_workers
from backend.visits import add_working_days
from tests.api.council import manager_team
from tests.api.signin import bearer

TODAY = date.today()


def _team_family(session, status: str, *, allocated: bool = True) -> Family:
    team = manager_team(session)
    keys = current_workers(session, TODAY)
    for family in session.scalars(select(Family).where(Family.unit_id == team).order_by(Family.id)):
        statuses = {c.status.value for c in session.scalars(select(Child).where(Child.family_id == family.id))}
        if statuses == {status} and (keys.get(family.id) is not None) == allocated and family.closed_on is None:
            return family
    raise AssertionError(f"the demo team has no {status} family")


def _record(client, family_id: int, day: date, user: str = "manager"):
    return client.post(
        f"/api/families/{family_id}/visits", headers=bearer(client, user), json={"visited_on": day.isoformat()}
    )


def test_a_visit_recorded_sets_the_next_due_and_is_audited(client, session):
    family = _team_family(session, "cp")
    visited = TODAY - timedelta(days=3)
    answer = _record(client, family.id, visited)
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    assert shown["last_visit_on"] == visited.isoformat()
    assert shown["visit_due"] == add_working_days(visited, 10).isoformat()
    [event] = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.visit", AuditEvent.entity_id == family.id)
    ).all()
    assert event.after == {"last_visit_on": visited.isoformat()} and event.actor == "manager"


def test_an_older_visit_changes_nothing_and_a_future_one_is_refused(client, session):
    family = _team_family(session, "cp")
    assert _record(client, family.id, TODAY).status_code == 200
    older = _record(client, family.id, TODAY - timedelta(days=5))
    assert older.status_code == 200 and older.json()["last_visit_on"] == TODAY.isoformat()
    future = _record(client, family.id, TODAY + timedelta(days=1))
    assert future.status_code == 422 and "future" in future.text
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.visit", AuditEvent.entity_id == family.id)
    ).all()
    assert len(events) == 1


def _set_last_visit(session, family: Family, day: date | None) -> None:
    row = session.get(Family, family.id)
    row.last_visit_on = day
    row.version += 1
    session.add(row)
    session.commit()


def test_the_board_lists_overdue_and_due_visits_statutory_first(client, session):
    team = manager_team(session)
    cp, cin = _team_family(session, "cp"), _team_family(session, "cin")
    _set_last_visit(session, cin, TODAY - timedelta(days=60))  # overdue, not statutory
    _set_last_visit(session, cp, TODAY - timedelta(days=20))  # overdue, statutory
    answer = client.get(f"/api/visits/due?unit_id={team}", headers=bearer(client, "manager"))
    assert answer.status_code == 200, answer.text
    listed = answer.json()["data"]
    order = [v["family_id"] for v in listed]
    assert cp.id in order and cin.id in order and order.index(cp.id) < order.index(cin.id)
    # statutory first, then the earliest: checked on the list itself
    keys = [(not v["statutory"], v["visit_due"]) for v in listed]
    assert keys == sorted(keys)
    until = date.fromisoformat(answer.json()["until"])
    assert until == add_working_days(TODAY, 10)
    assert all(date.fromisoformat(v["visit_due"]) <= until for v in listed)
    assert next(v for v in listed if v["family_id"] == cp.id)["overdue"] is True


def test_a_visit_due_while_the_worker_is_away_without_cover_is_flagged(client, session):
    family = _team_family(session, "cp")
    _set_last_visit(session, family, TODAY - timedelta(days=1))
    due = add_working_days(TODAY - timedelta(days=1), 10)
    worker_id = current_workers(session, TODAY)[family.id]
    session.execute(delete(Absence).where(Absence.worker_id == worker_id))
    session.add(
        Absence(
            worker_id=worker_id,
            start_date=due - timedelta(days=1),
            end_date=due + timedelta(days=3),
            kind=AbsenceKind.annual_leave,
            planned=True,
        )
    )
    session.commit()
    listed = client.get("/api/visits/due", headers=bearer(client, "manager")).json()["data"]
    shown = next(v for v in listed if v["family_id"] == family.id)
    assert shown["away_without_cover"] is True and shown["visit_due"] == due.isoformat()


def test_a_worker_sees_the_visits_due_of_their_own_families_only(client, session):
    worker_id = session.scalars(select(User.worker_id).where(User.username == "worker")).one()
    keys = current_workers(session, TODAY)
    mine = {f for f, w in keys.items() if w == worker_id}
    for family_id in mine:
        _set_last_visit(session, session.get(Family, family_id), TODAY - timedelta(days=100))
    listed = client.get("/api/visits/due", headers=bearer(client, "worker")).json()["data"]
    due = {v["family_id"] for v in listed}
    assert due and due <= mine
