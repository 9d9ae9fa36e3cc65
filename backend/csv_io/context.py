"""What every kind of import checks rows against: the database's units and workers by code, the
day, who imports, and where problems are reported."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from backend.csv_io.rows import Row, RowChecker
from backend.models import AllocatesTo, Unit, UnitKind, User, Worker


@dataclass
class ImportContext:
    session: Session
    check: RowChecker
    today: date
    actor: User | None
    source: str  # "import:<id>", on every audit event the import writes
    units: dict[str, int] = field(default_factory=dict)  # code -> id
    workers: dict[str, Worker] = field(default_factory=dict)  # code -> worker
    pods: dict[str, tuple[int, int | None, bool]] = field(default_factory=dict)  # code -> id, team, holds families
    unit_names: dict[int, str] = field(default_factory=dict)  # id -> name

    def load_references(self) -> None:
        units = self.session.execute(
            select(
                col(Unit.code),
                col(Unit.id),
                col(Unit.name),
                col(Unit.kind),
                col(Unit.parent_id),
                col(Unit.allocates_to),
            )
        ).all()
        self.units = {u.code: u.id for u in units}
        self.unit_names = {u.id: u.name for u in units}
        to_pods = {u.id for u in units if u.allocates_to == AllocatesTo.pods}
        self.pods = {u.code: (u.id, u.parent_id, u.parent_id in to_pods) for u in units if u.kind == UnitKind.pod}
        self.workers = {w.code: w for w in self.session.scalars(select(Worker))}

    def holding_pod(self, row: Row, column: str, family_unit: int | None) -> int | None:
        """The id of the pod whose code the cell holds, if it may hold the row's family: a pod of a
        team that allocates to pods, the family's own unit or a pod of it (else None, reported)."""
        if not row.ok(column) or row.values.get(column) is None:  # rows from Annex A have no pod column
            return None
        found = self.pods.get(row[column])
        if found is None:
            what = "is a team or service, not a pod" if row[column] in self.units else "is the code of no pod"
            self.check.report(row, column, f"{row[column]!r} {what}")
            return None
        pod_id, team_id, holds = found
        if not holds:
            self.check.report(
                row,
                column,
                f"the team of pod {row[column]} allocates to workers: an administrator "
                "sets it to allocate to pods first",
            )
        elif family_unit is not None and family_unit not in (pod_id, team_id):
            self.check.report(row, column, f"pod {row[column]} is not in the family's team")
        else:
            return pod_id
        return None

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
