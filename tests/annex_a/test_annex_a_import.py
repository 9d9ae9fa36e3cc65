"""Annex A lists into Keel, from a synthetic workbook with the published column names and the mess
of real returns: a title row above the header, extra and reordered columns, blank rows, dates as
Excel dates, serial numbers and text, a worker named two ways, ended episodes, a child on two lists."""

import csv
import io
import zipfile
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlmodel import Session

from backend.annex_a.importing import run_annex_a_import
from backend.annex_a.lists import LISTS
from backend.csv_io.problems import ImportFileError
from backend.models import Allocation, AllocationKind, AuditEvent, Child, Family, Unit, UnitKind, Worker
from tests.csv_io.support import database_state

TODAY = date.today()
EXCEL_EPOCH = date(1899, 12, 30)


def _serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def _council(engine):
    """A team (by name) and two of its case holders, as the lists will name them."""
    with Session(engine) as session:
        team = session.scalars(select(Unit).where(Unit.kind == UnitKind.team).order_by(Unit.code)).first()
        workers = session.scalars(
            select(Worker).where(Worker.unit_id == team.id, Worker.role == "social_worker").order_by(Worker.code)
        ).all()[:2]
        return team, workers


def _sheet(
    book: Workbook, title: str, number: int, rows: list[dict], *, title_row: bool = False, extra: bool = False
) -> None:
    sheet = book.create_sheet(title)
    columns = list(LISTS[number].columns)
    if extra:  # a column of the council's own, and the columns in another order
        columns = ["Local notes", *reversed(columns)]
    if title_row:
        sheet.append([f"Annex A {LISTS[number].name}: {LISTS[number].title}"])
        sheet.append([])
    sheet.append(columns + (["Family Identifier"] if any("Family Identifier" in r for r in rows) else []))
    for row in rows:
        if not row:
            sheet.append([])
            continue
        header = columns + (["Family Identifier"] if "Family Identifier" in row else [])
        sheet.append([row.get(c) for c in header])


def _workbook(team, workers, *, unknown_worker: bool = False, bad_date: bool = False) -> bytes:
    jane, ben = workers
    last, first = jane.name.split(" ", 1)[-1], jane.name.split(" ", 1)[0]
    book = Workbook()
    book.active.title = "Contents"  # not a list: ignored
    _sheet(
        book,
        "List 3 - Referrals",
        3,
        [
            {
                "Child Unique ID": "AA-301",
                "Date of Birth": datetime(2016, 4, 2),
                "Date of referral": (TODAY - timedelta(days=20)).strftime("%d/%m/%Y"),
                "Allocated Team": team.name.upper(),
                "Allocated Worker": None,
                "Local notes": "no worker yet",
            },
        ],
        title_row=True,
        extra=True,
    )
    _sheet(
        book,
        "List 6 CIN",
        6,
        [
            {
                "Child Unique ID": "AA-601",
                "Age of Child (Years)": 9,
                "CIN Start Date": _serial(TODAY - timedelta(days=90)),
                "CIN Closure Date": None,
                "Allocated Team": team.code,
                "Allocated Worker": ben.code,
            },
            {},  # a blank row
            {
                "Child Unique ID": "AA-602",
                "Date of Birth": "2012-01-05",
                "CIN Start Date": "01/01/2025",
                "CIN Closure Date": (TODAY - timedelta(days=10)).strftime("%d %b %Y"),  # ended: not imported
                "Allocated Team": team.code,
                "Allocated Worker": ben.code,
            },
            # the same child as on List 8: the in-care list decides
            {
                "Child Unique ID": "AA-801",
                "Date of Birth": "05/06/2013",
                "CIN Start Date": "01/02/2024",
                "Allocated Team": team.code,
                "Allocated Worker": f"{first} {last}",
            },
        ],
    )
    visit_cp = TODAY - timedelta(days=4)
    _sheet(
        book,
        "List 7",
        7,
        [
            {
                "Child Unique ID": "AA-701",
                "Family Identifier": "FAM-7",
                "Date of Birth": datetime(2018, 9, 1),
                "Child Protection Plan Start Date": datetime.combine(TODAY - timedelta(days=200), datetime.min.time()),
                "Date of the Last Statutory Visit": visit_cp.strftime("%d/%m/%Y") if not bad_date else "31/02/2026",
                "Allocated Team": f" {team.name} ",
                "Allocated Worker": f"{last.upper()}, {first}",
            },
            {
                "Child Unique ID": "AA-702",
                "Family Identifier": "FAM-7",
                "Date of Birth": "2020-03-04 00:00:00",
                "Child Protection Plan Start Date": (TODAY - timedelta(days=100)).isoformat(),
                "Date of the Last Statutory Visit": datetime.combine(visit_cp - timedelta(days=2), datetime.min.time()),
                "Allocated Team": team.code,
                "Allocated Worker": "Nobody Known" if unknown_worker else jane.name,
            },
        ],
    )
    _sheet(
        book,
        "List 8 - CLA",
        8,
        [
            {
                "Child Unique ID": "AA-801",
                "Date of Birth": "05/06/2013",
                "Date Started to be Looked After": (TODAY - timedelta(days=30)).isoformat(),
                "Date of Last Social Work Visit": _serial(TODAY - timedelta(days=12)),
                "Allocated Team": team.code,
                "Allocated Worker": f"{jane.name} ({jane.code})",
            },
        ],
        title_row=True,
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _families(engine, codes: list[str]) -> dict[str, dict]:
    """What Keel holds for these family codes, read straight from the tables."""
    with Session(engine) as session:
        found = {}
        for family in session.scalars(select(Family).where(Family.code.in_(codes))):
            children = session.scalars(select(Child).where(Child.family_id == family.id)).all()
            keys = session.scalars(
                select(Allocation).where(Allocation.family_id == family.id, Allocation.kind == AllocationKind.key)
            ).all()
            found[family.code] = {
                "unit": family.unit_id,
                "last_visit_on": family.last_visit_on,
                "key": keys[-1].worker_id if keys else None,
                "children": sorted((c.first_name, c.status.value, c.birth_year) for c in children),
                "received_on": family.received_on,
            }
        return found


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_messy_workbook_lands_as_families_with_statuses_workers_and_visits(engine):
    team, (jane, ben) = _council(engine)
    data = _workbook(team, (jane, ben))
    before = database_state(engine)
    dry = run_annex_a_import(engine, [("Annex A.xlsx", data)], None, dry_run=True)
    assert dry.status == "done", dry.errors
    assert database_state(engine) == before  # the dry run wrote nothing
    reports = []
    outcome = run_annex_a_import(engine, [("Annex A.xlsx", data)], None, progress=lambda f, m: reports.append(f))
    assert outcome.status == "done", (outcome.message, outcome.errors)
    assert outcome.kind == "annex_a" and outcome.created == dry.created == 4  # AA-301, AA-601, FAM-7, AA-801
    assert reports == sorted(reports) and reports[-1] >= 0.95

    found = _families(engine, ["AA-301", "AA-601", "AA-602", "FAM-7", "AA-801"])
    assert set(found) == {"AA-301", "AA-601", "FAM-7", "AA-801"}  # AA-602's episode ended
    assert all(f["unit"] == team.id for f in found.values())
    assert found["AA-301"]["key"] is None and found["AA-301"]["children"] == [("AA-301", "assessment", 2016)]
    assert found["AA-601"]["key"] == ben.id and found["AA-601"]["children"] == [("AA-601", "cin", TODAY.year - 9)]
    # Jane written three ways ("First Last", "LAST, First", "First Last (CODE)") is one worker
    assert found["FAM-7"]["key"] == jane.id and found["AA-801"]["key"] == jane.id
    assert found["FAM-7"]["children"] == [("AA-701", "cp", 2018), ("AA-702", "cp", 2020)]
    # the family's last visit is the older of its children's: the next one is due from it
    assert found["FAM-7"]["last_visit_on"] == TODAY - timedelta(days=6)
    assert found["FAM-7"]["received_on"] == TODAY - timedelta(days=200)
    assert found["AA-801"]["children"] == [("AA-801", "cla", 2013)]  # in care beats child in need
    assert found["AA-801"]["last_visit_on"] == TODAY - timedelta(days=12)
    with Session(engine) as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "import.annex_a")).all()
        assert len(events) == 1 and events[0].after["created"] == 4

    again = run_annex_a_import(engine, [("Annex A.xlsx", data)], None)
    assert (again.status, again.created, again.updated) == ("done", 0, 0)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_problems_are_reported_at_their_list_row_and_column_and_nothing_is_imported(engine):
    team, workers = _council(engine)
    before = database_state(engine)
    outcome = run_annex_a_import(
        engine, [("Annex A.xlsx", _workbook(team, workers, unknown_worker=True, bad_date=True))], None
    )
    assert outcome.status == "failed" and database_state(engine) == before
    found = {(e.row, e.column) for e in outcome.errors}
    # List 7's header is row 1, so its children are rows 2 and 3
    assert (2, "List 7: Date of the Last Statutory Visit") in found
    assert (3, "List 7: Allocated Worker") in found
    unmatched = next(e for e in outcome.errors if e.column == "Allocated Worker (all lists)")
    assert "Nobody Known (1 row)" in unmatched.reason


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_lists_as_csv_files_named_by_their_list(engine):
    team, (jane, _) = _council(engine)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LISTS[7].columns)
    writer.writerow(
        [
            {
                "Child Unique ID": "CSV-1",
                "Date of Birth": "01/01/2019",
                "Child Protection Plan Start Date": "45000",  # an Excel serial written as text
                "Date of the Last Statutory Visit": "",
                "Allocated Team": team.name,
                "Allocated Worker": jane.name,
            }.get(c, "")
            for c in LISTS[7].columns
        ]
    )
    outcome = run_annex_a_import(engine, [("list7_child_protection.csv", out.getvalue().encode())], None)
    assert outcome.status == "done", outcome.errors
    found = _families(engine, ["CSV-1"])["CSV-1"]
    assert found["received_on"] == EXCEL_EPOCH + timedelta(days=45000) and found["last_visit_on"] is None


def test_a_file_that_is_no_list_is_refused_in_words():
    with pytest.raises(ImportFileError, match="must start with its list"):
        run_annex_a_import(None, [("caseload.csv", b"a,b\n1,2\n")], None)
    header_only = ",".join(c for c in LISTS[8].columns if c != "Allocated Worker").encode()
    with pytest.raises(ImportFileError, match="lacks 'Allocated Worker'"):
        run_annex_a_import(None, [("List 8.csv", header_only + b"\nX\n")], None)


def test_a_damaged_workbook_is_refused_in_words_whatever_breaks_inside():
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
    for data in (b"PK\x03\x04 not a zip", damaged.getvalue()):
        with pytest.raises(ImportFileError, match="cannot be read as an Excel workbook"):
            run_annex_a_import(None, [("Annex A.xlsx", data)], None)
