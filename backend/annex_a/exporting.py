"""The allocation columns of the Annex A lists from Keel's data, as a workbook a council can put in
front of an inspector: one sheet per list, one row per child of every open family the person
exporting may see (a team manager their team, senior leaders and admins everything), audited.

Keel's child statuses map onto lists 4 (assessment), 6 (child in need), 7 (child protection), 8
(in care) and 9 (care leavers); privately fostered children are on no Annex A list and are left out.
Names, not codes, where a person reads: the team's and the worker's names. Keel holds a child's
first name and birth year, not the council's child ID: `Child Unique ID` is what Keel holds as the
first name (for children imported from Annex A, their ID) and the age is this year less the birth
year."""

import io
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select
from sqlmodel import Session, col

from backend.annex_a.lists import AGE, CHILD_ID, FAMILY_ID, LISTS, TEAM, WORKER, AnnexList
from backend.csv_io.exporting import export_cell, export_scope, record_export
from backend.models import Child, User

NAME = "annex_a"
LIST_OF_STATUS = {"assessment": 4, "cin": 6, "cp": 7, "cla": 8, "care_leaver": 9}
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_columns(annex: AnnexList) -> tuple[str, ...]:
    """The columns written for a list: who the child is, and the allocation (and the last visit)."""
    return tuple(c for c in (CHILD_ID, FAMILY_ID, AGE, TEAM, WORKER, annex.visit) if c is not None)


def annex_a_rows(
    session: Session, user: User | None, unit_id: int | None = None, on: date | None = None
) -> dict[int, list[tuple]]:
    """List number -> its rows (in `export_columns` order), families by code, children by name.
    Raises ExportNotAllowed / UnitNotVisible as every export does. Audited."""
    caseload, access, scope = export_scope(session, user, unit_id, on)
    families = [
        f for f in caseload.open_rows() if access.sees_family(caseload, f.id) and (scope is None or f.unit_id in scope)
    ]
    children: dict[int, list[Child]] = {}
    ids = [f.id for f in families]
    for start in range(0, len(ids), 500):
        for child in session.scalars(
            select(Child)
            .where(col(Child.family_id).in_(ids[start : start + 500]))
            .order_by(col(Child.first_name), col(Child.id))
        ):
            children.setdefault(child.family_id, []).append(child)
    rows: dict[int, list[tuple]] = {number: [] for number in sorted(set(LIST_OF_STATUS.values()))}
    for family in families:
        worker = caseload.worker_row(caseload.key_worker.get(family.id))
        for child in children.get(family.id, []):
            number = LIST_OF_STATUS.get(child.status.value)
            if number is None:
                continue
            row = (
                child.first_name,
                family.code,
                caseload.on.year - child.birth_year,
                caseload.units[family.unit_id].name,
                worker.name if worker else None,
            )
            rows[number].append(row + ((family.last_visit_on,) if LISTS[number].visit else ()))
    record_export(session, user, NAME, unit_id, caseload)
    return rows


def annex_a_workbook(session: Session, user: User | None, unit_id: int | None = None, on: date | None = None) -> bytes:
    """The lists as an .xlsx workbook, sheets named `List 4` ... `List 9` (Keel reads it back)."""
    book = Workbook()
    for sheet in book.worksheets:  # the blank sheet a new workbook starts with
        book.remove(sheet)
    for number, rows in annex_a_rows(session, user, unit_id, on).items():
        annex = LISTS[number]
        sheet = book.create_sheet(f"{annex.name} - {annex.title}"[:31])
        sheet.append(export_columns(annex))
        for row in rows:
            sheet.append([value if isinstance(value, date) else export_cell(value) for value in row])
        for cell in sheet[1]:
            sheet.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
