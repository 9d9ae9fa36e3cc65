"""`keel import` without --server works on the local database: all or nothing, the refused rows listed
with row and column, and what was applied is really in the database."""

from sqlalchemy import func, select
from sqlmodel import Session

from backend.db import make_engine
from backend.models import Absence, AuditEvent, Worker
from tests.support.cli import invoke_keel, no_traceback


def _absences(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Absence))


def test_local_import_is_all_or_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'keel.db'}"
    loaded = invoke_keel("demo", "--size", "small", database_url=url)
    assert loaded.exit_code == 0, loaded.output
    engine = make_engine(url)
    with Session(engine) as session:
        code = session.scalars(select(Worker.code).where(Worker.role != "team_manager")).first()
    before = _absences(engine)
    header = "worker_code,start_date,end_date,kind,planned\n"
    good_row = f"{code},01/03/2027,02/03/2027,training,yes\n"
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(header + good_row + "NOBODY,2027-03-01,2027-03-02,training,yes\n", encoding="utf-8")
    refused = invoke_keel("import", "absences", str(mixed), database_url=url)
    assert refused.exit_code == 1
    no_traceback(refused)
    assert "NOBODY" in refused.stdout and "worker_code" in refused.stdout and "│ 3 " in refused.stdout
    assert _absences(engine) == before  # the good row was not applied either
    good = tmp_path / "good.csv"
    good.write_text(header + good_row, encoding="utf-8")
    done = invoke_keel("import", "absences", str(good), database_url=url)
    assert done.exit_code == 0, done.stderr
    assert "1 created" in done.stdout
    assert _absences(engine) == before + 1
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "absence.create")).one()
    assert event.actor == "system" and event.source.startswith("import:")
    engine.dispose()
