"""Importing the workforce census's worker-level table (CSV): each row updates the Keel worker whose
code is the row's Social Work England number (`SWENo`), or creates one when the file adds `Name`
and `Team`. FTE, agency, role, start and end dates and the working days lost to sickness are set
from the census; what the census does not hold (name, team, patch, skills) is kept. The rows are
those of a workers import (backend/csv_io/workers.py): the same checks, all or nothing, audited.

Columns are matched ignoring case and spacing, and columns Keel does not read are ignored, as the
census return has many (docs/census.md)."""

import csv
import io
from collections.abc import Callable
from typing import Any

from backend.annex_a.reading import column_key
from backend.census.columns import (
    AGENCY,
    CASE_HOLDING_ROLES,
    DAYS_LOST,
    END,
    FTE,
    KEEL_ADDED,
    KEEL_ROLE,
    NAME,
    READ,
    ROLE,
    START,
    SWE_NUMBER,
    TEAM,
)
from backend.csv_io.context import ImportContext
from backend.csv_io.importing import RowSource
from backend.csv_io.problems import ImportFileError, Problems
from backend.csv_io.reading import decode
from backend.csv_io.rows import Row, RowChecker
from backend.csv_io.values import BadValue, a_date, number_in, text, whole_number

NAME_OF_IMPORT = "census"
# Keel's workers columns -> the census column a problem is reported at
REPORTED_AT = {
    "code": SWE_NUMBER,
    "fte": FTE,
    "agency": AGENCY,
    "role": ROLE,
    "start_date": START,
    "leaving_date": END,
    "sickness_days": DAYS_LOST,
    "name": NAME,
    "team": TEAM,
}
PARSERS: dict[str, Callable[[str], Any]] = {
    SWE_NUMBER: text(40),
    AGENCY: whole_number(0, 1),
    FTE: number_in(0, 1),
    ROLE: whole_number(1, 6),
    START: a_date,
    END: a_date,
    DAYS_LOST: number_in(0, 366),
    NAME: text(120),
    TEAM: text(40),
}


class CensusChecker(RowChecker):
    def report(self, row: Row, column: str, reason: str) -> None:
        row.bad.add(column)
        self.problems.add(row.number, REPORTED_AT.get(column, column), reason)


def read_census(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows (number, census column -> trimmed text); the header names every column Keel reads."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    try:
        header = next(reader, [])
        wanted = {column_key(c): c for c in (*READ, *KEEL_ADDED)}
        positions = {wanted[column_key(h)]: i for i, h in enumerate(header) if column_key(h) in wanted}
        missing = [c for c in READ if c not in positions]
        if missing:
            raise ImportFileError(
                f"The census file's header (row 1) lacks {', '.join(missing)} (columns Keel "
                f"reads: {', '.join(READ)}; {', '.join(KEEL_ADDED)} may be added)"
            )
        rows = []
        for number, cells in enumerate(reader, start=2):
            values = {c: cells[i].strip() if i < len(cells) else "" for c, i in positions.items()}
            if any(values.values()):
                rows.append((number, values))
    except csv.Error as exc:
        raise ImportFileError(f"The file is not valid CSV near line {reader.line_num}: {exc}") from None
    if not rows:
        raise ImportFileError("The census file has a header but no rows")
    return rows


def _typed(context: ImportContext, records: list[tuple[int, dict[str, str]]], tick) -> list[Row]:
    rows = []
    for done, (number, cells) in enumerate(records, start=1):
        tick(done)
        row, parsed = Row(number, {}), {}
        for column, raw in cells.items():
            if raw:
                try:
                    parsed[column] = PARSERS[column](raw)
                except BadValue as exc:
                    context.check.problems.add(number, column, str(exc))
                    row.bad.add(next((k for k, v in REPORTED_AT.items() if v == column), column))
        code = parsed.get(SWE_NUMBER)
        if code is None:
            if SWE_NUMBER not in {REPORTED_AT.get(b) for b in row.bad}:
                context.check.problems.add(number, SWE_NUMBER, "is required: Keel finds the worker by it")
            continue
        held = context.workers.get(code)
        unit_code = parsed.get(TEAM) or (_unit_code(context, held.unit_id) if held else None)
        if held is None and (not parsed.get(NAME) or not unit_code):
            context.check.problems.add(
                number,
                SWE_NUMBER,
                f"no worker in Keel has the code {code!r}: add the {NAME} and {TEAM} columns to create one",
            )
            continue
        role = parsed.get(ROLE)
        keel_role = KEEL_ROLE[role] if role else (held.role.value if held else None)
        if held and role == 5 and held.role.value in CASE_HOLDING_ROLES:
            keel_role = held.role.value  # a case holder Keel knows as an ASYE, consultant... stays one
        fte = parsed.get(FTE) or (held.fte if held else None)
        values = {
            "code": code,
            "name": parsed.get(NAME) or (held.name if held else None),
            "role": keel_role,
            "fte": fte,
            "agency": bool(parsed[AGENCY]) if AGENCY in parsed else (held.agency if held else False),
            "team": unit_code,
            "patch": held.patch if held else None,
            "start_date": parsed.get(START) or (held.start_date if held else None),
            "leaving_date": parsed.get(END),
            "skills": list(held.skills) if held else [],
            "sickness_days": parsed.get(DAYS_LOST, held.sickness_days if held else None),
        }
        for column in ("role", "fte", "start_date"):
            if values[column] is None and column not in row.bad:
                context.check.report(row, column, "is required for a worker Keel does not know yet")
        row.values = values
        rows.append(row)
    return rows


def _unit_code(context: ImportContext, unit_id: int) -> str:
    return next(code for code, found in context.units.items() if found == unit_id)


def census_source(data: bytes) -> RowSource:
    """The census file as the rows of a workers import (see csv_io.importing.import_rows)."""
    records = read_census(data)
    problems = Problems()
    return RowSource(
        NAME_OF_IMPORT,
        "workers",
        len(records),
        problems,
        len(records),
        lambda context, tick: _typed(context, records, tick),
        check=CensusChecker,
    )
