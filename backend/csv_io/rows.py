"""Typing a table's rows: every cell of every row parsed by its column, every failure a row error.
A row keeps the values that parsed; `bad` names the columns that did not, so that checks across
columns or rows can leave those alone instead of reporting the same mistake twice."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backend.csv_io.columns import COLUMNS
from backend.csv_io.problems import Problems
from backend.csv_io.reading import Table
from backend.csv_io.values import BadValue

Tick = Callable[[int], None]  # rows done so far


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)

    def ok(self, *columns: str) -> bool:
        return not self.bad.intersection(columns)

    def __getitem__(self, column: str) -> Any:
        return self.values[column]


class RowChecker:
    """Reports problems of rows; a reported column is marked bad on its row."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def report(self, row: Row, column: str, reason: str) -> None:
        row.bad.add(column)
        self.problems.add(row.number, column, reason)


def typed_rows(table: Table, check: RowChecker, tick: Tick) -> list[Row]:
    columns = COLUMNS[table.kind]
    rows = []
    for done, record in enumerate(table.records, start=1):
        row = Row(record.row, {})
        for column in columns:
            if column.name not in record.cells:  # a column the header may leave out, and did
                continue
            raw = record.cells[column.name]
            if not raw:
                if column.required:
                    check.report(row, column.name, "is required")
                else:
                    row.values[column.name] = column.blank_value()
                continue
            try:
                row.values[column.name] = column.parse(raw)
            except BadValue as exc:
                check.report(row, column.name, str(exc))
        rows.append(row)
        tick(done)
    return rows
