"""A council going live: many families (one row per child) in one file, with progress rising as it
goes. The size of a real go-live (20,000 families, ~35,000 rows, on SQLite and PostgreSQL) is a
benchmark: `python -m bench.imports --quick [--postgres URL]`; here 600 families are enough to see
every phase report many times (a report every 2% of a phase)."""

import csv
import io
from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from backend.csv_io import run_import
from backend.demo.import_files import families_csv
from backend.models import Allocation, Child, Family, Unit, UnitKind, Worker
from tests.csv_io.support import database_state

FAMILIES = 600


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_go_live_file_lands_with_progress_reported_as_it_goes(engine):
    with Session(engine) as session:
        codes = dict(session.execute(select(Unit.id, Unit.code)).all())
        workers = [
            (w.code, codes[w.unit_id]) for w in session.scalars(select(Worker).where(Worker.role != "team_manager"))
        ]
        teams = [u.code for u in session.scalars(select(Unit).where(Unit.kind == UnitKind.team))]
    data = families_csv(FAMILIES, workers, teams, as_of=date.today(), seed=7)
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    children = defaultdict(list)
    for row in rows:
        children[row["family_code"]].append(
            (row["child_first_name"], int(row["child_birth_year"]), row["child_status"])
        )
    allocated = len({row["family_code"] for row in rows if row["key_worker"]})
    before = database_state(engine)
    reports: list[tuple[float, str]] = []
    outcome = run_import(engine, "families", data, None, progress=lambda f, m: reports.append((f, m)))

    assert (outcome.status, outcome.rows, outcome.created, outcome.updated) == ("done", len(rows), FAMILIES, 0)
    after = database_state(engine)
    assert after["Family"] - before["Family"] == FAMILIES
    assert after["Child"] - before["Child"] == len(rows) > 1.5 * FAMILIES
    assert after["Allocation"] - before["Allocation"] == allocated
    with Session(engine) as session:
        sample = session.scalars(
            select(Family).where(Family.code.in_(["IMP000001", f"IMP{FAMILIES // 2:06d}", f"IMP{FAMILIES:06d}"]))
        ).all()
        assert len(sample) == 3
        for family in sample:
            held = session.execute(
                select(Child.first_name, Child.birth_year, Child.status).where(Child.family_id == family.id)
            ).all()
            assert sorted((n, y, s.value) for n, y, s in held) == sorted(children[family.code])
        assert (
            session.scalar(
                select(func.count())
                .select_from(Allocation)
                .where(Allocation.reason == "Key worker when the family was imported")
            )
            == allocated
        )

    fractions = [f for f, _ in reports]
    assert len(reports) >= 50 and fractions == sorted(fractions) and 0 <= fractions[0] < 0.1 and fractions[-1] < 1
    messages = [m for _, m in reports]
    assert f"Validating row {len(rows):,} of {len(rows):,}" in messages
    assert f"Writing families: {FAMILIES:,} of {FAMILIES:,}" in messages and messages[-1] == "Saving"
