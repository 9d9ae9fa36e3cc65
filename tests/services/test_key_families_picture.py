"""A worker's families on a date, worked out from those families' rows alone, are what the council's
picture says of that worker: their families, those without cover, those they cover, each family's
points and children. Checked for every worker of the demo council on dates around today and on the
first days of the absences recorded, planned cover included, and on far-off days, whose state is
reused from the first of them."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from backend.models import Absence, Allocation, Worker
from backend.services.council_picture import _compute, key_families_pictures

TODAY = date.today()


def test_a_workers_families_alone_agree_with_the_council_picture(engine):
    with Session(engine) as session:
        workers = list(session.scalars(select(Worker.id)))
        held = session.scalars(select(Allocation).where(Allocation.kind == "key", Allocation.worker_id.is_not(None)))
        family = held.first()  # covered from today for ten days: today's state differs from later ones
        cover = next(w for w in workers if w != family.worker_id)
        ten_days = TODAY + timedelta(days=10)
        session.add(
            Allocation(family_id=family.family_id, worker_id=cover, kind="cover", starts_on=TODAY, ends_on=ten_days)
        )
        session.commit()
        # far-off days too: the same state as the day before is reused (nothing changes in between)
        dates = {TODAY, TODAY - timedelta(days=90), TODAY + timedelta(days=30), TODAY + timedelta(days=400)}
        dates |= {TODAY + timedelta(days=401), TODAY + timedelta(days=407)}
        dates |= {a.start_date for a in session.scalars(select(Absence).where(Absence.end_date >= TODAY))}
        ends = session.scalars(select(Allocation.ends_on).where(Allocation.ends_on.is_not(None)).limit(4)).all()
        assert ends  # a cover's last day and the day after it, when the cover has gone
        dates |= {day + timedelta(days=extra) for day in ends for extra in (0, 1)}
        compared = 0
        asked = [(worker, on) for worker in workers for on in dates]  # at once
        pictures = key_families_pictures(session, asked)
        # today's picture answers for the days on which nothing has changed since
        told = key_families_pictures(session, asked, known=_compute(session, TODAY))
        for on in sorted(dates):
            council = _compute(session, on)
            for worker in workers:
                alone = pictures[worker, on]
                assert alone.on == on and told[worker, on].on == on
                assert told[worker, on].families_of(worker) == council.families_of(worker), (on, worker)
                assert told[worker, on].uncovered(worker) == council.uncovered(worker), (on, worker)
                families = council.families_of(worker)
                assert alone.families_of(worker) == families, (on, worker)
                assert alone.uncovered(worker) == council.uncovered(worker), (on, worker)
                assert [f for f in alone.covered_by(worker) if f in families] == [
                    f for f in council.covered_by(worker) if f in families
                ]
                for family in families:
                    assert alone.points[family] == council.points[family]
                    assert alone.statuses.get(family) == council.statuses.get(family)
                    assert alone.families[family].name == council.families[family].name
                compared += len(families)
        assert compared > 100  # never vacuously true: the demo's workers hold hundreds of families
