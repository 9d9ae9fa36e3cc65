"""The columns of each kind of import file, in their documented order (docs/csv-import.md shows the
same headers; a test keeps the two equal). A header must name every column of its kind (except those
marked `may_be_left_out`, added after files were already written without them, whose cells are then
blank), in any order, and no others; a blank cell takes the column's `blank` value, or is an error if
required."""

import copy
from dataclasses import dataclass
from typing import Any

from backend.csv_io.values import Parser, a_date, choice, number_in, text, tokens, whole_number, yes_no
from backend.models import AbsenceKind, ChildStatus, Role

KINDS = ("workers", "families", "absences")
CODE = text(40)


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    blank: Any = None
    may_be_left_out: bool = False  # a header may leave it out (older files); its cells are then blank

    def blank_value(self) -> Any:
        return copy.copy(self.blank)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "workers": (
        Column("code", CODE, required=True),
        Column("name", text(120), required=True),
        Column("role", choice(Role), required=True),
        Column("fte", number_in(0, 1, low_open=True), required=True),
        Column("agency", yes_no, blank=False),
        Column("team", CODE, required=True),
        Column("patch", text(80)),
        Column("start_date", a_date, required=True),
        Column("leaving_date", a_date),
        Column("skills", tokens, blank=[]),
    ),
    "families": (
        Column("family_code", CODE, required=True),
        Column("family_name", text(120), required=True),
        Column("team", CODE, required=True),
        Column("area", text(80)),
        Column("travel_band", whole_number(0, 2), blank=0),
        Column("received_on", a_date, required=True),
        Column("closed_on", a_date),
        Column("flags", tokens, blank=[]),
        Column("key_worker", CODE),
        Column("key_pod", CODE, may_be_left_out=True),
        Column("child_first_name", text(80), required=True),
        Column("child_birth_year", whole_number(1900, 2100), required=True),
        Column("child_status", choice(ChildStatus), required=True),
        Column("last_visit_on", a_date, may_be_left_out=True),
    ),
    "absences": (
        Column("worker_code", CODE, required=True),
        Column("start_date", a_date, required=True),
        Column("end_date", a_date, required=True),
        Column("kind", choice(AbsenceKind), required=True),
        Column("planned", yes_no, blank=True),
    ),
}


def header(kind: str) -> list[str]:
    return [column.name for column in COLUMNS[kind]]


def optional_columns(kind: str) -> list[str]:
    """Columns a header may leave out."""
    return [column.name for column in COLUMNS[kind] if column.may_be_left_out]
