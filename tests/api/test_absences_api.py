"""Absences over the API: listed with the families they leave without cover, never overlapping,
changed and ended early with the cover's end following, every change audited."""

from datetime import date, timedelta

from sqlalchemy import select

from backend.models import Absence, AuditEvent
from tests.api.council import manager_team
from tests.api.signin import refusal, signed_in
from tests.api.test_plans import ask


def _busiest(manager, team, session=None, days: int = 21):
    """The busiest case holder at work today; with `session`, one with no absence in the next `days`
    days either (the demo books leave ahead, and an overlapping absence is refused)."""
    workers = manager.workers(unit_id=team, limit=500).data
    booked: set[int] = set()
    if session is not None:
        today = date.today()
        booked = set(
            session.scalars(
                select(Absence.worker_id).where(
                    Absence.start_date <= today + timedelta(days=days), Absence.end_date >= today
                )
            )
        )
    present = [
        w for w in workers if w.case_holder and w.presence == "present" and not w.leaving_date and w.id not in booked
    ]
    return max(present, key=lambda w: w.families)


def test_an_overlapping_absence_is_refused_with_the_one_already_there(client, session):
    manager = signed_in(client, "manager")
    worker = _busiest(manager, manager_team(session))
    start = date.today() + timedelta(days=200)
    manager.record_absence(worker.id, start, start + timedelta(days=9), "annual_leave")
    clash = refusal(
        lambda: manager.record_absence(worker.id, start + timedelta(days=5), start + timedelta(days=20), "sickness")
    )
    assert clash.status == 422
    assert worker.name in str(clash.detail) and "already away" in str(clash.detail)
    # joining on the next day is not an overlap
    manager.record_absence(worker.id, start + timedelta(days=10), start + timedelta(days=12), "training")


def test_the_list_shows_current_and_upcoming_absences_with_the_families_left_without_cover(client, session):
    manager = signed_in(client, "manager")
    team = manager_team(session)
    worker = _busiest(manager, team, session)
    today = date.today()
    created = manager.record_absence(worker.id, today, today + timedelta(days=6), "sickness", planned=False)
    listed = {a.id: a for a in manager.absences(unit_id=team).data}
    mine = listed[created.id]
    assert mine.current and mine.worker_name == worker.name and mine.families == worker.families
    assert len(mine.without_cover) == worker.families  # nobody covers yet
    statutory = [f.statutory for f in mine.without_cover]
    assert statutory == sorted(statutory, reverse=True)  # statutory families first
    assert all(a.end_date >= today for a in listed.values())
    assert manager.worker(worker.id).uncovered == worker.families


def test_ending_an_absence_early_moves_its_cover_end_and_is_audited(client, session):
    manager = signed_in(client, "manager")
    team = manager_team(session)
    worker = _busiest(manager, team, session)
    today = date.today()
    absence = manager.record_absence(worker.id, today, today + timedelta(days=20), "sickness", planned=False)
    plan = ask(manager, question="cover", unit_id=team, absence_id=absence.id)
    covers = plan.plan.assignments
    assert covers
    manager.accept_plan(plan.id, families=[a.family_id for a in covers])
    assert all(manager.family(a.family_id).cover_until == today + timedelta(days=20) for a in covers)
    listed = next(a for a in manager.absences(unit_id=team).data if a.id == absence.id)
    assert {f.id for f in listed.without_cover}.isdisjoint({a.family_id for a in covers})

    back = today + timedelta(days=3)
    manager.change_absence(absence.id, end_date=back, reason="back sooner than expected")
    for a in covers:  # cover ends with the absence; the key worker never changed
        family = manager.family(a.family_id)
        assert (family.key_worker_id, family.cover_worker_id, family.cover_until) == (worker.id, a.worker_id, back)
    assert manager.worker(worker.id).absent_until == back
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "absence", AuditEvent.entity_id == absence.id)
    ).all()
    assert [e.action for e in events] == ["absence.create", "absence.update"]
    assert events[-1].after["end_date"] == back.isoformat() and events[-1].reason == "back sooner than expected"
    moved = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "allocation.cover", AuditEvent.after["cover_until"].as_string() == back.isoformat()
        )
    )
    assert {e.entity_id for e in moved} == {a.family_id for a in covers}

    clash = refusal(lambda: manager.change_absence(absence.id, end_date=today - timedelta(days=1)))
    assert clash.status == 422  # before its first day


def test_an_absence_of_another_team_is_not_found(client, session):
    manager = signed_in(client, "manager")
    assert refusal(lambda: manager.change_absence(2_000_000_000, reason="x")).status == 404
