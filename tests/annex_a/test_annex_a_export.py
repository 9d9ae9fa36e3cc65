"""The Annex A export: one sheet per list, one row per child the person may see, with the allocated
team and worker read from Keel's picture; audited; refused to social workers."""

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from backend.models import AuditEvent, Child, Family, Unit, Worker
from backend.services.allocations import current_workers
from tests.api.council import manager_team
from tests.api.signin import bearer

STATUS_LIST = {"assessment": 4, "cin": 6, "cp": 7, "cla": 8, "care_leaver": 9}


def _sheets(content: bytes) -> dict[int, list[dict]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    found = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        found[int(sheet.title.split()[1])] = [dict(zip(rows[0], row)) for row in rows[1:]]
    return found


def test_a_manager_exports_their_team_s_children_with_their_workers(client, session):
    team = manager_team(session)
    answer = client.get("/api/exports/annex-a.xlsx", headers=bearer(client, "manager"))
    assert answer.status_code == 200, answer.text
    sheets = _sheets(answer.content)
    assert sorted(sheets) == [4, 6, 7, 8, 9]
    # Expected rows worked out from the tables: open families of the team, children by status
    today = date.today()
    keys = current_workers(session, today)
    team_name = session.get(Unit, team).name
    units_below = {u.id for u in session.scalars(select(Unit).where(Unit.parent_id == team))} | {team}
    expected: dict[int, list[tuple]] = {n: [] for n in sheets}
    for family in session.scalars(select(Family).where(Family.unit_id.in_(units_below))):
        if family.received_on > today or (family.closed_on is not None and family.closed_on <= today):
            continue
        worker = session.get(Worker, keys[family.id]).name if keys.get(family.id) else None
        for child in session.scalars(select(Child).where(Child.family_id == family.id)):
            if child.status.value in STATUS_LIST:
                expected[STATUS_LIST[child.status.value]].append((child.first_name, family.code, worker))
    for number, rows in sheets.items():
        got = sorted((r["Child Unique ID"], r["Family Identifier"], r["Allocated Worker"]) for r in rows)
        assert got == sorted(expected[number]), f"List {number}"
        assert all(r["Allocated Team"] in {team_name} | {session.get(Unit, u).name for u in units_below} for r in rows)
    header = next(load_workbook(io.BytesIO(answer.content), read_only=True).worksheets[2].iter_rows(values_only=True))
    assert header == (
        "Child Unique ID",
        "Family Identifier",
        "Age of Child (Years)",
        "Allocated Team",
        "Allocated Worker",
        "Date of the Last Statutory Visit",
    )
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "export.annex_a")).all()
    assert len(events) == 1 and events[0].actor == "manager"


def test_a_social_worker_may_not_export_the_lists(client):
    assert client.get("/api/exports/annex-a.xlsx", headers=bearer(client, "worker")).status_code == 403
