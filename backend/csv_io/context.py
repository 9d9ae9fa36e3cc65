"""What every kind of import checks rows against: the database's units and workers by code, the
day, who imports, and where problems are reported."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from backend.csv_io.rows import Row, RowChecker
from backend.models import Unit, User, Worker


@dataclass
class ImportContext:
    session: Session
    check: RowChecker
    today: date
    actor: User | None
    source: str  # "import:<id>", on every audit event the import writes
    units: dict[str, int] = field(default_factory=dict)  # code -> id
    workers: dict[str, Worker] = field(default_factory=dict)  # code -> worker

    def load_references(self) -> None:
        self.units = dict(self.session.execute(select(Unit.code, Unit.id)).all())
        self.workers = {w.code: w for w in self.session.scalars(select(Worker))}

    def unit_id(self, row: Row, column: str) -> int | None:
        """The id of the unit whose code the cell holds (None, reported, if no unit has it)."""
        if not row.ok(column):
            return None
        found = self.units.get(row[column])
        if found is None:
            self.check.report(row, column, f"no unit (team or pod) has the code {row[column]!r}")
        return found

    def worker(self, row: Row, column: str) -> Worker | None:
        if not row.ok(column) or row[column] is None:
            return None
        found = self.workers.get(row[column])
        if found is None:
            self.check.report(row, column, f"no worker has the code {row[column]!r}")
        return found

    def dates_in_order(self, row: Row, start: str, end: str) -> None:
        if row.ok(start, end) and row[end] is not None and row[end] < row[start]:
            self.check.report(row, end, f"{row[end]:%d/%m/%Y} is before {start} {row[start]:%d/%m/%Y}")


class FirstRows:
    """Where each key was first seen, to report a repeat at its later row."""

    def __init__(self, context: ImportContext, column: str, what: str):
        self.context, self.column, self.what = context, column, what
        self.seen: dict[Any, int] = {}

    def repeated(self, row: Row, key: Any) -> bool:
        first = self.seen.setdefault(key, row.number)
        if first != row.number:
            self.context.check.report(row, self.column, f"{self.what} is also on row {first}")
            return True
        return False
