"""The columns of each kind of import file, in their documented order (docs/csv-import.md shows the
same headers; a test keeps the two equal). A header must name every column of its kind (except those
marked `may_be_left_out`, added after files were already written without them, whose cells are then
blank), in any order, and no others; a blank cell takes the column's `blank` value, or is an error if
required."""

import copy
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

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

CsvKind = Literal["workers", "families", "absences"]
KINDS: tuple[CsvKind, ...] = ("workers", "families", "absences")
CODE = text(CODE_LENGTH)
NAME = text(NAME_LENGTH)
PLACE = text(PLACE_LENGTH)


def one_of(choices: type[Enum]) -> str:
    """The values a cell may hold: "a, b or c"."""
    values = [str(c.value) for c in choices]
    return f"{', '.join(values[:-1])} or {values[-1]}"


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    blank: Any = None
    may_be_left_out: bool = False  # a header may leave it out (older files); its cells are then blank
    meaning: str = ""  # what the cell holds, in a line (the API publishes it: GET /api/imports/columns)

    def blank_value(self) -> Any:
        return copy.copy(self.blank)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "workers": (
        Column("code", CODE, required=True, meaning="The worker's code (payroll or HR number)"),
        Column("name", NAME, required=True, meaning="Full name"),
        Column(
            "role",
            choice(Role),
            required=True,
            meaning=one_of(Role),
        ),
        Column(
            "fte",
            number_in(0, FTE_MAX, low_open=True),
            required=True,
            meaning="Full-time equivalent, above 0 and at most 1",
        ),
        Column("agency", yes_no, blank=False, meaning="yes or no (blank: no)"),
        Column("team", CODE, required=True, meaning="Code of the worker's team or pod"),
        Column("patch", PLACE, meaning="The area they mostly work in"),
        Column("start_date", a_date, required=True, meaning="First day in post"),
        Column("leaving_date", a_date, meaning="Last day, if leaving"),
        Column("skills", tokens, blank=[], meaning="List separated by ;, for example child_protection;court"),
    ),
    "families": (
        Column("family_code", CODE, required=True, meaning="The family's code in the case-management system"),
        Column("family_name", NAME, required=True, meaning="How the family is known"),
        Column("team", CODE, required=True, meaning="Code of the team or pod holding the family"),
        Column("area", PLACE, meaning="Where the family lives"),
        Column("travel_band", whole_number(0, TRAVEL_BAND_MAX), blank=0, meaning="0, 1 or 2 (blank: 0)"),
        Column("received_on", a_date, required=True, meaning="Date of referral"),
        Column("closed_on", a_date, meaning="Date the case closed"),
        Column("flags", tokens, blank=[], meaning="List separated by ;, for example court;plo;interpreter:polish"),
        Column("key_worker", CODE, meaning="Code of the current key worker (blank leaves the allocation as it is)"),
        Column(
            "key_pod",
            CODE,
            may_be_left_out=True,
            meaning="Code of the pod holding the family as a whole, instead of a key worker (the column may be left out)",
        ),
        Column("child_first_name", text(FIRST_NAME_LENGTH), required=True, meaning="The child's first name"),
        Column("child_birth_year", whole_number(EARLIEST_YEAR, LATEST_YEAR), required=True, meaning="Four digits"),
        Column(
            "child_status",
            choice(ChildStatus),
            required=True,
            meaning=one_of(ChildStatus),
        ),
        Column(
            "last_visit_on",
            a_date,
            may_be_left_out=True,
            meaning="The family's last statutory visit (the column may be left out)",
        ),
    ),
    "absences": (
        Column("worker_code", CODE, required=True, meaning="Code of the absent worker"),
        Column("start_date", a_date, required=True, meaning="First day of absence"),
        Column("end_date", a_date, required=True, meaning="Last day of absence"),
        Column("kind", choice(AbsenceKind), required=True, meaning=one_of(AbsenceKind)),
        Column("planned", yes_no, blank=True, meaning="yes or no (blank: yes)"),
    ),
}


def header(kind: str) -> list[str]:
    return [column.name for column in COLUMNS[kind]]


def optional_columns(kind: str) -> list[str]:
    """Columns a header may leave out."""
    return [column.name for column in COLUMNS[kind] if column.may_be_left_out]
