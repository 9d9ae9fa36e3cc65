"""Reading Annex A lists from an Excel workbook (.xlsx, with openpyxl) or from CSV files, one per
list: which list each sheet or file is, where its header row is, and its rows as cells by column.

Real returns are messy, so: a sheet or file is a list when its name starts `List N` (any case and
spacing, `List 7 - CP` or `list7.csv`); the header is the first of the top rows that names `Child
Unique ID` (title rows above it are skipped); column names are matched ignoring case, spacing and
punctuation; columns Keel does not read are ignored; blank rows are skipped (they keep their
number). A list whose header lacks a column Keel needs, or a file that is neither, is refused."""

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from backend.annex_a.lists import AGE, CHILD_ID, DATE_OF_BIRTH, FAMILY_ID, LISTS, AnnexList
from backend.csv_io.problems import FileTooLarge, ImportFileError
from backend.csv_io.reading import MAX_BYTES, decode

LIST_NAME = re.compile(r"^\s*list\s*_?-?\s*(\d{1,2})(?!\d)", re.I)
HEADER_SEARCH_ROWS = 20


def column_key(name: Any) -> str:
    """`Date of the Last Statutory Visit ` and `date of the last statutory visit` are one column."""
    return re.sub(r"[^a-z0-9]", "", str(name or "").lower())


@dataclass
class Sheet:
    annex: AnnexList
    source: str  # the sheet's or file's name, as the council wrote it
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row number, column -> cell)


def list_of(name: str) -> AnnexList | None:
    found = LIST_NAME.match(name.rsplit("/", 1)[-1])
    return LISTS.get(int(found.group(1))) if found else None


def _sheet(annex: AnnexList, source: str, rows: list[tuple[Any, ...]]) -> Sheet:
    wanted = {column_key(c): c for c in (*annex.read, FAMILY_ID)}
    index = next(
        (
            i
            for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS])
            if column_key(CHILD_ID) in {column_key(c) for c in cells}
        ),
        None,
    )
    if index is None:
        raise ImportFileError(f"{source}: no header row naming '{CHILD_ID}' in the first {HEADER_SEARCH_ROWS} rows")
    keys = [column_key(c) for c in rows[index]]
    positions = {wanted[k]: i for i, k in reversed(list(enumerate(keys))) if k in wanted}
    missing = [c for c in annex.needed if c not in positions]
    if DATE_OF_BIRTH not in positions and AGE not in positions:
        missing.append(f"{DATE_OF_BIRTH}' or '{AGE}")
    if missing:
        raise ImportFileError(
            f"{source} ({annex.name}, {annex.title}): the header (row {index + 1}) lacks "
            f"{', '.join(repr(m) for m in missing)}"
        )
    sheet = Sheet(annex, source)
    for number, cells in enumerate(rows[index + 1 :], start=index + 2):
        values = {c: cells[i] if i < len(cells) else None for c, i in positions.items()}
        if any(v is not None and str(v).strip() for v in values.values()):
            sheet.rows.append((number, values))
    return sheet


def read_workbook(data: bytes, source: str) -> list[Sheet]:
    from openpyxl import load_workbook  # the web app's other routes never need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        names = book.sheetnames
        try:
            read = [
                (annex, ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)])
                for ws in book.worksheets
                if (annex := list_of(ws.title)) is not None
            ]
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - a file openpyxl cannot parse, however it fails, is not a workbook
        raise ImportFileError(
            f"{source} cannot be read as an Excel workbook (.xlsx): {type(exc).__name__} {str(exc)[:120]}"
        ) from None
    sheets = [_sheet(annex, f"{source}, sheet '{title}'", rows) for annex, title, rows in read]
    if not sheets:
        raise ImportFileError(f"{source} has no sheet named 'List 3' to 'List 9' (sheets: {', '.join(names)})")
    return sheets


def read_csv_list(data: bytes, source: str) -> Sheet:
    annex = list_of(source)
    if annex is None:
        raise ImportFileError(
            f"{source}: a CSV list's file name must start with its list, 'List 3' to "
            "'List 9' (e.g. 'List 7 - child protection.csv')"
        )
    try:
        rows = [tuple(r) for r in csv.reader(io.StringIO(decode(data), newline=""))]
    except csv.Error as exc:
        raise ImportFileError(f"{source} is not valid CSV: {exc}") from None
    return _sheet(annex, source, rows)


def read_lists(files: list[tuple[str, bytes]]) -> list[Sheet]:
    """Every list in the files (name, content): workbooks and CSV lists may be mixed. A list given
    twice is refused (which one would be right?)."""
    if sum(len(data) for _, data in files) > MAX_BYTES:
        raise FileTooLarge(f"The files are over {MAX_BYTES // 2**20} MB together")
    sheets: list[Sheet] = []
    for name, data in files:
        if data.startswith(b"PK"):
            sheets += read_workbook(data, name)
        else:
            sheets.append(read_csv_list(data, name))
    seen: dict[int, str] = {}
    for sheet in sheets:
        if sheet.annex.number in seen:
            raise ImportFileError(f"{sheet.annex.name} is given twice: {seen[sheet.annex.number]} and {sheet.source}")
        seen[sheet.annex.number] = sheet.source
    if not any(sheet.rows for sheet in sheets):
        raise ImportFileError("The lists have headers but no rows")
    return sheets
