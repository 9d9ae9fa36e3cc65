"""`keel import annex-a` on the local database: several CSV lists at once, all or nothing."""

import csv

from sqlalchemy import func, select
from sqlmodel import Session

from backend.annex_a.lists import LISTS
from backend.db import make_engine
from backend.models import Family, Unit, UnitKind, Worker
from tests.support.cli import invoke_keel, no_traceback


def _list_file(path, number: int, rows: list[dict]) -> str:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(LISTS[number].columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in LISTS[number].columns])
    return str(path)


def test_keel_imports_annex_a_lists_given_as_csv_files(tmp_path):
    url = f"sqlite:///{tmp_path / 'keel.db'}"
    assert invoke_keel("demo", "--size", "small", database_url=url).exit_code == 0
    engine = make_engine(url)
    with Session(engine) as session:
        team = session.scalars(select(Unit).where(Unit.kind == UnitKind.team)).first()
        worker = session.scalars(
            select(Worker).where(Worker.unit_id == team.id, Worker.role == "social_worker")
        ).first()
        before = session.scalar(select(func.count()).select_from(Family))
    cp = _list_file(
        tmp_path / "List 7 CP.csv",
        7,
        [
            {
                "Child Unique ID": "CLI-7",
                "Date of Birth": "02/03/2017",
                "Child Protection Plan Start Date": "01/09/2026",
                "Allocated Team": team.name,
                "Allocated Worker": worker.name,
            }
        ],
    )
    cla = _list_file(
        tmp_path / "List 8 CLA.csv",
        8,
        [
            {
                "Child Unique ID": "CLI-8",
                "Age of Child (Years)": "12",
                "Date Started to be Looked After": "2026-06-01",
                "Allocated Team": team.code,
                "Allocated Worker": "Someone Else",
            }
        ],
    )
    refused = invoke_keel("import", "annex-a", cp, cla, database_url=url)
    assert refused.exit_code == 1
    no_traceback(refused)
    assert "List 8: Allocated Worker" in refused.stdout and "Someone Else" in refused.stdout
    cla = _list_file(
        tmp_path / "List 8 CLA.csv",
        8,
        [
            {
                "Child Unique ID": "CLI-8",
                "Age of Child (Years)": "12",
                "Date Started to be Looked After": "2026-06-01",
                "Allocated Team": team.code,
                "Allocated Worker": worker.code,
            }
        ],
    )
    done = invoke_keel("import", "annex-a", cp, cla, database_url=url)
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "2 created" in done.stdout
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Family)) == before + 2
    engine.dispose()


def test_other_kinds_take_one_file(tmp_path):
    file = tmp_path / "a.csv"
    file.write_text("x\n", encoding="utf-8")
    answer = invoke_keel("import", "workers", str(file), str(file), database_url=f"sqlite:///{tmp_path / 'k.db'}")
    assert answer.exit_code == 2 and "one file" in answer.output
