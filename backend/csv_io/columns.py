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
from backend.models.limits import (
    CODE_LENGTH,
    EARLIEST_YEAR,
    FIRST_NAME_LENGTH,
    FTE_MAX,
    LATEST_YEAR,
    NAME_LENGTH,
    PLACE_LENGTH,
    TRAVEL_BAND_MAX,
)

KINDS = ("workers", "families", "absences")
CODE = text(CODE_LENGTH)
NAME = text(NAME_LENGTH)
PLACE = text(PLACE_LENGTH)


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
        Column("name", NAME, required=True),
        Column("role", choice(Role), required=True),
        Column("fte", number_in(0, FTE_MAX, low_open=True), required=True),
        Column("agency", yes_no, blank=False),
        Column("team", CODE, required=True),
        Column("patch", PLACE),
        Column("start_date", a_date, required=True),
        Column("leaving_date", a_date),
        Column("skills", tokens, blank=[]),
    ),
    "families": (
        Column("family_code", CODE, required=True),
        Column("family_name", NAME, required=True),
        Column("team", CODE, required=True),
        Column("area", PLACE),
        Column("travel_band", whole_number(0, TRAVEL_BAND_MAX), blank=0),
        Column("received_on", a_date, required=True),
        Column("closed_on", a_date),
        Column("flags", tokens, blank=[]),
        Column("key_worker", CODE),
        Column("key_pod", CODE, may_be_left_out=True),
        Column("child_first_name", text(FIRST_NAME_LENGTH), required=True),
        Column("child_birth_year", whole_number(EARLIEST_YEAR, LATEST_YEAR), required=True),
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
