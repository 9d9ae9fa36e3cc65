"""Manager workflows over the API: recommend, accept (all, some, override), stale plans, cover;
fair turns between teams, the limit per manager, plans across a restart."""

import csv
import io
import re
import threading
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from backend.schemas.plans import OverrideIn, PlanJobPublic
from backend.client import KeelClient
from backend.models import Absence, AuditEvent, Family, Unit, UnitKind, Worker
from backend.services import jobs, plan_jobs
from tests.api.council import add_referrals, manager_team
from tests.api.signin import refusal, signed_in


def ask(keel: KeelClient, **request) -> PlanJobPublic:
    job = keel.request_plan(**{"time_limit_s": 5, **request})
    readings = []
    done = keel.wait_for_plan(
        job.id, progress=lambda reading: readings.append(reading.progress), poll_s=0.1, timeout_s=120
    )
    assert readings and all(0.0 <= progress <= 1.0 for progress in readings)
    assert done.status == "done", done.message
    assert done.expires_at is not None and done.expires_at > datetime.now(timezone.utc) + timedelta(hours=1)
    return done


def unallocated_ids(keel: KeelClient, unit_id) -> set[int]:
    return {f.id for f in keel.families(unit_id=unit_id, unallocated=True, limit=500).data}


def test_recommend_then_accept_places_the_families_and_audits(client, session):
    manager = signed_in(client, "manager")
    team = manager_team(session)
    new = add_referrals(session, team)
    waiting = unallocated_ids(manager, team)
    assert set(new) <= waiting
    plan = ask(manager, question="recommend", unit_id=team)
    placements = plan.plan.assignments
    assert {a.family_id for a in placements} <= waiting
    assert set(new) <= {a.family_id for a in placements}
    assert all(a.reasons for a in placements)
    accepted = manager.accept_plan(plan.id, families=[a.family_id for a in placements])
    assert accepted.applied == len(placements)
    for a in placements:
        family = manager.family(a.family_id)
        assert family.key_worker_id == a.worker_id
        assert family.history[-1].reason.startswith("Accepted Keel plan")
    events = session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "allocation.accept")
    )
    assert events == len(placements)
    again = refusal(lambda: manager.accept_plan(plan.id, families=[placements[0].family_id]))
    assert again.status == 409  # the plan is stale once the team changed


def test_override_needs_a_reason_and_an_eligible_worker(client, session):
    manager = signed_in(client, "manager")
    team = manager_team(session)
    family_id = add_referrals(session, team, 1)[0]
    plan = ask(manager, question="recommend", unit_id=team)
    colleagues = manager.workers(unit_id=team, limit=500).data
    holder = next(w for w in colleagues if w.role != "team_manager")
    # model_construct skips the client's own check, so that the server's is the one tested
    no_reason = OverrideIn.model_construct(family_id=family_id, worker_id=holder.id, reason="")
    assert refusal(lambda: manager.accept_plan(plan.id, overrides=[no_reason])).status == 422
    outsider = session.scalars(select(Worker).where(Worker.unit_id != team)).first()
    wrong = OverrideIn(family_id=family_id, worker_id=outsider.id, reason="knows the family")
    assert refusal(lambda: manager.accept_plan(plan.id, overrides=[wrong])).status == 422
    manager.accept_plan(
        plan.id,
        overrides=[
            OverrideIn(family_id=family_id, worker_id=holder.id, reason="Knows the family from a previous assessment")
        ],
    )
    assert manager.family(family_id).key_worker_id == holder.id
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.override")).one()
    assert event.reason == "Knows the family from a previous assessment"
    assert event.after == {"key_worker_id": holder.id}


def test_other_roles_cannot_plan_and_managers_only_their_team(client, session):
    team = manager_team(session)
    worker = signed_in(client, "worker")
    assert refusal(lambda: worker.request_plan("recommend", team)).status == 403
    manager = signed_in(client, "manager")
    other = session.scalars(select(Family.unit_id).where(Family.unit_id != team)).first()
    assert refusal(lambda: manager.request_plan("recommend", other)).status == 404
    assert refusal(lambda: manager.plan("not-a-plan")).status == 404


def test_absence_then_cover_plan_keeps_the_key_worker(client, session):
    manager = signed_in(client, "manager")
    team = manager_team(session)
    workers = manager.workers(unit_id=team, limit=500).data
    start = date.today()
    booked = set(
        session.scalars(
            select(Absence.worker_id).where(Absence.start_date <= start + timedelta(days=13), Absence.end_date >= start)
        )
    )
    absent = max(
        (w for w in workers if w.case_holder and w.presence == "present" and w.id not in booked),
        key=lambda w: w.families,
    )  # free for the whole fortnight: an overlapping absence is refused
    bad = refusal(
        lambda: manager.record_absence(absent.id, start, start - timedelta(days=1), "sickness", planned=False)
    )
    assert bad.status == 422
    created = manager.record_absence(absent.id, start, start + timedelta(days=13), "sickness", planned=False)
    plan = ask(manager, question="cover", unit_id=team, absence_id=created.id)
    covers = plan.plan.assignments
    assert covers and all(a.kind == "cover" and a.worker_id != absent.id for a in covers)
    said = [r for a in covers for r in a.reasons] + [alt.reason for a in covers for alt in a.alternatives]
    assert not [r for r in said if re.search(r"\bW\d{4}\b", r)]  # names where a manager reads, not codes
    assert all(f"Covers {absent.name}'s absence" in a.reasons[0] for a in covers)
    manager.accept_plan(plan.id, families=[a.family_id for a in covers])
    for a in covers:  # the key worker stays; cover is recorded alongside
        family = manager.family(a.family_id)
        assert family.key_worker_id == absent.id
        assert family.history[-1].kind == "cover"
        assert family.history[-1].ends_on == start + timedelta(days=13)
    # cover is an allocation in its own right: the covering worker carries the points meanwhile
    loads_after = {w.id: w for w in manager.workers(unit_id=team, limit=500).data}
    by_id = {w.id: w for w in workers}
    for cover_id in {a.worker_id for a in covers}:
        taken = sum(manager.family(a.family_id).points for a in covers if a.worker_id == cover_id)
        assert abs(loads_after[cover_id].load - (by_id[cover_id].load + taken)) < 0.01
        assert loads_after[cover_id].covering >= sum(1 for a in covers if a.worker_id == cover_id)
    assert (
        abs(
            loads_after[absent.id].load
            - (by_id[absent.id].load - sum(manager.family(a.family_id).points for a in covers))
        )
        < 0.01
    )
    for a in covers:
        family = manager.family(a.family_id)
        assert (family.cover_worker_id, family.cover_until) == (a.worker_id, start + timedelta(days=13))
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.cover")).all()
    assert {e.entity_id for e in events} == {a.family_id for a in covers}
    for event in events:  # the audit says who covers and until when; the key worker is not touched
        assert "key_worker_id" not in event.before and "key_worker_id" not in event.after
        assert event.after["cover_until"] == (start + timedelta(days=13)).isoformat()
    export = manager.export("allocations", unit_id=team)
    rows = {row["family_code"]: row for row in csv.DictReader(io.StringIO(export))}
    for a in covers:
        assert rows[a.family_code]["cover_worker_name"] == a.worker_name
        assert rows[a.family_code]["key_worker"] == absent.code


def test_a_teams_quick_plan_is_not_held_up_by_another_teams_queue(client, session, monkeypatch):
    """A fake slow solver holds every plan of the other team; the manager's own plan is done while
    the other team's are still running or waiting, and the other team's fourth request is a 429."""
    team = manager_team(session)
    other = session.scalars(select(Unit.id).where(Unit.kind == UnitKind.team, Unit.id != team)).first()
    release, started = threading.Event(), []
    solve = plan_jobs.planning.plan_for_unit

    def slow_for_the_other_team(session, *, unit_id, **question):
        started.append(unit_id)
        if unit_id == other:
            assert release.wait(60), "the other team's plans were never released"
        return solve(session, unit_id=unit_id, **question)

    monkeypatch.setattr(plan_jobs.planning, "plan_for_unit", slow_for_the_other_team)
    admin, manager = signed_in(client, "admin"), signed_in(client, "manager")
    try:
        theirs = [admin.request_plan("rebalance", other) for _ in range(plan_jobs.MAX_PLANS_PER_MANAGER)]
        too_many = refusal(lambda: admin.request_plan("recommend", other))
        assert too_many.status == 429 and "wait for one of them to finish" in too_many.detail
        deadline = datetime.now() + timedelta(seconds=60)
        while other not in started:  # the first of theirs holds a thread before the manager asks
            assert datetime.now() < deadline, "the other team's first plan never started"
            threading.Event().wait(0.01)
        mine = manager.wait_for_plan(manager.request_plan("recommend", team).id, poll_s=0.05, timeout_s=60)
        assert mine.status == "done", mine.message
        assert [admin.plan(job.id).status for job in theirs] == ["running", "queued", "queued"]
        assert started == [other, team]
    finally:
        release.set()
    assert all(admin.wait_for_plan(job.id, poll_s=0.05).status == "done" for job in theirs)
    assert admin.request_plan("recommend", other).status in ("queued", "running", "done")  # room again


def test_a_plan_from_before_a_restart_is_gone_not_unknown(client, session):
    manager = signed_in(client, "manager")
    before = f"{jobs.PROCESS_START_MS - 1:x}-{'0' * 32}"
    for call in (lambda: manager.plan(before), lambda: manager.accept_plan(before, families=[1])):
        gone = refusal(call)
        assert gone.status == 410 and "Keel restarted" in gone.detail
    now = f"{jobs.PROCESS_START_MS:x}-{'0' * 32}"
    assert refusal(lambda: manager.plan(now)).status == 404
