"""A unit's picture, worked out from the rows of that unit and the units below it, says of them what
the council's picture says: every worker's load, capacity and band, every family's holders and
points, every pod's figures, every unit's summary and every list a board shows. Checked for every
unit of the demo council on dates around today, and again after cover and a pod holding reach
across teams (a worker of one team covering, a pod of one team holding, another team's family)."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from backend.api.deps import Page
from backend.api.lists import families_list, workers_list
from backend.models import Absence, Allocation, Family, Unit, User, UserRole, Worker
from backend.services.council_picture import CouncilPicture, _compute, composed
from backend.services.read_models import unit_summary

TODAY = date.today()
LEADER = User(username="leader", role=UserRole.senior_leader, password_hash="-")
EVERY_ROW = Page(offset=0, limit=10_000)


def _agree(unit: CouncilPicture, council: CouncilPicture, unit_id: int) -> int:
    """Everything about `unit_id` and the units below it is the same in both; the rows compared."""
    scope = council.subtree(unit_id)
    assert unit.scope == scope
    workers = [w.id for w in council.workers.values() if w.unit_id in scope]
    for worker in workers:
        for figure in ("load", "capacity", "away", "pod_of"):
            assert getattr(unit, figure).get(worker) == getattr(council, figure).get(worker), (figure, worker)
        assert unit.band(worker) == council.band(worker)
        assert unit.presence(unit.workers[worker]) == council.presence(council.workers[worker])
        for listed in ("families_of", "covered_by", "carried_by", "uncovered", "pod_families"):
            assert getattr(unit, listed)(worker) == getattr(council, listed)(worker), (listed, worker)
    families = [f for f in council.open_families if council.families[f].unit_id in scope]
    families += [f for w in workers for f in council.carried_by(w)]
    for family in families:
        for figure in ("key_worker", "cover_worker", "cover_until", "co_worker", "key_pod", "key_since", "points"):
            assert getattr(unit, figure).get(family) == getattr(council, figure).get(family), (figure, family)
        assert unit.statuses.get(family) == council.statuses.get(family)
    for pod in scope & council.pods.keys():
        assert unit.pods[pod] == council.pods[pod]
    assert workers_list(unit, LEADER, EVERY_ROW, unit_id, None, None) == workers_list(
        council, LEADER, EVERY_ROW, unit_id, None, None
    )
    for unallocated in (None, True):
        assert families_list(unit, LEADER, EVERY_ROW, unit_id, None, unallocated, "queue") == families_list(
            council, LEADER, EVERY_ROW, unit_id, None, unallocated, "queue"
        )
    assert [unit_summary(unit, u) for u in scope] == [unit_summary(council, u) for u in scope]
    return len(workers) + len(families)


def _every_unit_agrees(session: Session, dates: set[date]) -> int:
    units = list(session.scalars(select(Unit.id)))
    compared = 0
    for on in sorted(dates):
        council = _compute(session, on)
        for unit_id in units:
            compared += _agree(_compute(session, on, unit_id), council, unit_id)
            below = council.sub_units.get(unit_id, [])
            if below:  # and composed from its own rows and the pictures of the units below it
                parts = [_compute(session, on, u) for u in below]
                compared += _agree(composed(_compute(session, on, unit_id, alone=True), parts), council, unit_id)
    return compared


def test_every_units_picture_agrees_with_the_council_picture(engine):
    with Session(engine) as session:
        dates = {TODAY, TODAY - timedelta(days=90), TODAY + timedelta(days=30)}
        dates |= {a.start_date for a in session.scalars(select(Absence).where(Absence.end_date >= TODAY)).all()[:3]}
        assert _every_unit_agrees(session, dates) > 1000  # never vacuously true: hundreds of families a date


def test_cover_and_pods_across_teams_are_in_both_teams_pictures(engine):
    with Session(engine) as session:
        teams = list(session.scalars(select(Unit).where(Unit.kind == "team").order_by(Unit.id)))
        first, second = teams[0], teams[1]
        pod = session.scalars(select(Unit).where(Unit.kind == "pod")).first()
        if pod is None:
            pod = Unit(code="PODX", name="Pod X", kind="pod", parent_id=second.id)
            session.add(pod)
            session.flush()
        helper = session.scalars(
            select(Worker).where(Worker.unit_id == second.id, Worker.role != "team_manager")
        ).first()
        own = list(
            session.scalars(select(Family).where(Family.unit_id == first.id, Family.closed_on.is_(None)).limit(2))
        )
        member = session.scalars(
            select(Worker).where(Worker.unit_id == second.id, Worker.role == "social_worker", Worker.id != helper.id)
        ).first()
        member.unit_id = pod.id  # the pod's member: their load is their share of the pod's
        session.add(Allocation(family_id=own[0].id, worker_id=helper.id, kind="cover", starts_on=TODAY))
        session.add(Allocation(family_id=own[1].id, pod_id=pod.id, kind="key", starts_on=TODAY))
        session.commit()
        council = _compute(session, TODAY)
        assert council.cover_worker[own[0].id] == helper.id and council.key_pod[own[1].id] == pod.id
        for unit, shows in ((first.id, own), (second.id, own), (pod.id, own[1:])):
            picture = _compute(session, TODAY, unit)
            assert {f.id for f in shows} <= picture.families.keys()
            _agree(picture, council, unit)
        assert council.pod_of[member.id] == pod.id and council.load[member.id] > 0
        for whole in (first.parent_id, second.id):  # a service from its teams, a team from its pods
            parts = [_compute(session, TODAY, u) for u in council.sub_units[whole]]
            _agree(composed(_compute(session, TODAY, whole, alone=True), parts), council, whole)
        first_picture = _compute(session, TODAY, first.id)
        assert first_picture.workers[helper.id].name == helper.name  # named on the family's card
        assert helper.id not in first_picture.load  # but their load is not this team's to show
