"""A worker's families on a date, worked out from those families' rows alone, are what the council's
picture says of that worker: their families, those without cover, those they cover, each family's
points and children. Checked for every worker of the demo council on dates around today and on the
first days of the absences recorded, planned cover included."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from backend.models import Absence, Worker
from backend.services.council_picture import _compute, key_families_pictures

TODAY = date.today()


def test_a_workers_families_alone_agree_with_the_council_picture(engine):
    with Session(engine) as session:
        workers = list(session.scalars(select(Worker.id)))
        dates = {TODAY, TODAY - timedelta(days=90), TODAY + timedelta(days=30)}
        dates |= {a.start_date for a in session.scalars(select(Absence).where(Absence.end_date >= TODAY))}
        compared = 0
        for on in sorted(dates):
            council = _compute(session, on)
            pictures = key_families_pictures(session, [(worker, on) for worker in workers])
            for worker in workers:
                alone = pictures[worker, on]
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
