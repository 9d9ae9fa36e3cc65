"""Annex A lists into Keel: each child on lists 3 to 9 becomes a child of a family, with the status
of the list they are on, the allocated team and worker matched to Keel's units and workers by name
or code, and the last visit date of lists 7 and 8. The rows are then those of a families import
(backend/csv_io/families.py), so the same checks, all-or-nothing writing and audit trail apply.

Problems are reported where the council will look: `List 7: Allocated Worker`, on the row number
the sheet or file shows."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from backend.annex_a.cells import a_cell_date, an_age, blank, person_key, text
from backend.annex_a.lists import (
    AGE,
    CHILD_ID,
    DATE_OF_BIRTH,
    FAMILY_ID,
    PRECEDENCE,
    TEAM,
    WORKER,
    AnnexList,
)
from backend.annex_a.reading import Sheet, column_key, read_lists
from backend.csv_io.context import ImportContext
from backend.csv_io.families import latest_visit
from backend.csv_io.importing import ImportOutcome, Progress, RowSource, import_rows
from backend.csv_io.problems import Problems
from backend.csv_io.rows import Row, RowChecker
from backend.csv_io.values import BadValue
from backend.models import ChildStatus, Family, Unit, User, Worker

NAME = "annex_a"
CODE_LENGTH = 40  # family codes (backend/csv_io/columns.py)


@dataclass(frozen=True)
class Origin:
    annex: AnnexList
    row: int  # as the sheet or file numbers it
    family_id_given: bool


def _annex_column(origin: Origin, column: str) -> str:
    """The Annex A column a families column was read from."""
    return {
        "family_code": FAMILY_ID if origin.family_id_given else CHILD_ID,
        "child_first_name": CHILD_ID,
        "team": TEAM,
        "key_worker": WORKER,
        "received_on": origin.annex.started or TEAM,
        "child_birth_year": DATE_OF_BIRTH,
        "last_visit_on": origin.annex.visit or column,
    }.get(column, column)


class AnnexChecker(RowChecker):
    """Reports a problem of a row at its Annex A list, row and column."""

    def __init__(self, problems: Problems):
        super().__init__(problems)
        self.origins: dict[int, Origin] = {}

    def report(self, row: Row, column: str, reason: str) -> None:
        row.bad.add(column)
        origin = self.origins[row.number]
        self.problems.add(origin.row, f"{origin.annex.name}: {_annex_column(origin, column)}", reason)

    def at(self, origin: Origin, column: str, reason: str) -> None:
        self.problems.add(origin.row, f"{origin.annex.name}: {column}", reason)


@dataclass
class _Child:
    origin: Origin
    row: Row  # typed values: family_code, child_first_name, child_birth_year, child_status, ...
    worker_written: str = ""


@dataclass
class _Match:
    """Keel's units and workers, found by code or by name however written."""

    units: dict[str, list[Unit]] = field(default_factory=lambda: defaultdict(list))
    workers: dict[str, list[Worker]] = field(default_factory=lambda: defaultdict(list))

    def load(self, context: ImportContext) -> None:
        for unit in context.session.scalars(select(Unit)):
            for key in {column_key(unit.code), column_key(unit.name)}:
                self.units[key].append(unit)
        for worker in context.workers.values():
            for key in {f"code:{worker.code.lower()}", person_key(worker.name)}:
                self.workers[key].append(worker)

    def unit(self, written: str) -> list[Unit]:
        return self.units.get(column_key(written), [])

    def worker(self, written: str) -> list[Worker]:
        """By code (`W0004`, or a name followed by `(W0004)`), else by name in any order of writing."""
        code = written.rsplit("(", 1)[1].rstrip(") ") if written.endswith(")") and "(" in written else written
        return self.workers.get(f"code:{code.strip().lower()}") or self.workers.get(person_key(written), [])


def _one(found: list, written: str, what: str) -> tuple[Any, str | None]:
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, f"{written!r} matches no {what} in Keel by name or code"
    named = ", ".join(f"{f.name} ({f.code})" for f in found)
    return None, f"{written!r} could be any of {named}: write the code"


class AnnexRows:
    """The families rows of the lists, with every problem reported on the checker."""

    def __init__(self, context: ImportContext, sheets: list[Sheet], checker: AnnexChecker, tick: Callable[[int], None]):
        self.context, self.sheets, self.checker, self.tick = context, sheets, checker, tick
        self.match = _Match()
        self.unmatched: dict[str, int] = defaultdict(int)
        self.ended = 0

    def rows(self) -> list[Row]:
        self.match.load(self.context)
        children: dict[str, _Child] = {}
        done = 0
        for sheet in sorted(self.sheets, key=lambda s: PRECEDENCE.index(s.annex.number)):
            given = any(FAMILY_ID in cells for _, cells in sheet.rows[:1])
            for number, cells in sheet.rows:
                done += 1
                self.tick(done)
                child = self._child(Origin(sheet.annex, number, given), cells)
                if child is not None and child.row["child_first_name"] not in children:
                    children[child.row["child_first_name"]] = child  # a higher list's row wins
        if self.unmatched:
            listed = "; ".join(
                f"{name} ({count} row{'s' * (count > 1)})" for name, count in sorted(self.unmatched.items())
            )
            self.checker.problems.add(0, f"{WORKER} (all lists)", f"workers Keel does not know: {listed}")
        return self._families(list(children.values()))

    def _cell(self, origin: Origin, cells: dict, column: str, parse: Callable[[Any], Any], required: bool = False):
        value = cells.get(column)
        if blank(value):
            if required:
                self.checker.at(origin, column, "is required")
                raise BadValue(column)
            return None
        try:
            return parse(value)
        except BadValue as exc:
            self.checker.at(origin, column, str(exc))
            raise

    def _child(self, origin: Origin, cells: dict) -> _Child | None:
        annex, today = origin.annex, self.context.today
        try:
            if annex.ended and (ended := self._cell(origin, cells, annex.ended, a_cell_date)) and ended <= today:
                self.ended += 1
                return None  # the episode has ended: the child is not on this caseload any more
        except BadValue:
            return None
        values: dict[str, Any] = {"child_status": ChildStatus(annex.status)}
        failed = False
        for name, column, parse, required in (
            ("child_first_name", CHILD_ID, self._code, True),
            ("family_code", FAMILY_ID if origin.family_id_given else CHILD_ID, self._code, True),
            ("received_on", annex.started, a_cell_date, True),
            ("last_visit_on", annex.visit, a_cell_date, False),
            ("born", DATE_OF_BIRTH, a_cell_date, False),
            ("age", AGE, an_age, False),
        ):
            if column is None:
                values[name] = None
                continue
            try:
                values[name] = self._cell(origin, cells, column, parse, required)
            except BadValue:
                failed = True
        if annex.visit and values.get("last_visit_on") and values["last_visit_on"] > today:
            self.checker.at(origin, annex.visit, f"{values['last_visit_on']:%d/%m/%Y} is in the future")
            failed = True
        born, age = values.pop("born"), values.pop("age")
        if born is None and age is None and not failed:
            self.checker.at(origin, DATE_OF_BIRTH, f"is required (or '{AGE}')")
            failed = True
        values["child_birth_year"] = born.year if born else (today.year - age if age is not None else None)
        values["team"], values["key_worker"] = self._team(origin, cells), self._worker(origin, cells)
        if failed or values["team"] is False or values["key_worker"] is False:
            return None
        return _Child(origin, Row(0, values), text(cells.get(WORKER) or ""))

    def _code(self, value: Any) -> str:
        code = text(value)
        if len(code) > CODE_LENGTH:
            raise BadValue(f"is {len(code)} characters long; Keel's codes hold at most {CODE_LENGTH}")
        return code

    def _team(self, origin: Origin, cells: dict) -> str | bool:
        written = text(cells.get(TEAM) or "")
        if not written:
            self.checker.at(origin, TEAM, "is required: every family Keel holds is in a team")
            return False
        unit, problem = _one(self.match.unit(written), written, "team or pod")
        if problem:
            self.checker.at(origin, TEAM, problem)
            return False
        return unit.code

    def _worker(self, origin: Origin, cells: dict) -> str | None | bool:
        written = text(cells.get(WORKER) or "")
        if not written:
            return None
        worker, problem = _one(self.match.worker(written), written, "worker")
        if problem:
            self.checker.at(origin, WORKER, problem)
            if not self.match.worker(written):
                self.unmatched[written] += 1
            return False
        return worker.code

    def _families(self, children: list[_Child]) -> list[Row]:
        """One families row per child; the family's columns agree across its children."""
        existing = {
            f.code: f
            for f in self.context.session.execute(
                select(
                    col(Family.code),
                    col(Family.name),
                    col(Family.area),
                    col(Family.travel_band),
                    col(Family.received_on),
                    col(Family.closed_on),
                    col(Family.flags),
                    col(Family.last_visit_on),
                )
            )
        }
        by_family: dict[str, list[_Child]] = defaultdict(list)
        for child in children:
            by_family[child.row["family_code"]].append(child)
        rows: list[Row] = []
        for code, members in by_family.items():
            first = members[0]
            for later in members[1:]:
                for name, column in (("team", TEAM), ("key_worker", WORKER)):
                    if later.row[name] != first.row[name]:
                        self.checker.at(
                            later.origin,
                            column,
                            f"differs from {first.origin.annex.name} row "
                            f"{first.origin.row} ({first.row[name] or 'blank'}), a child of the same "
                            "family: Keel gives a family one team and one key worker",
                        )
            held = existing.get(code)
            started = [c.row["received_on"] for c in members if c.row["received_on"]]
            visits = [c.row["last_visit_on"] for c in members if c.row["last_visit_on"]]
            family = {
                "family_code": code,
                "family_name": held.name if held else f"Family {code}",
                "team": first.row["team"],
                "area": held.area if held else None,
                "travel_band": held.travel_band if held else 0,
                "received_on": held.received_on if held else min(started, default=self.context.today),
                "closed_on": held.closed_on if held else None,
                "flags": list(held.flags) if held else [],
                "key_worker": first.row["key_worker"],
                # the oldest of the children's last visits: the next visit is due from it
                "last_visit_on": latest_visit(None, min(visits, default=None)),
            }
            for child in members:
                number = len(rows) + 1
                self.checker.origins[number] = child.origin
                rows.append(
                    Row(
                        number,
                        {
                            **family,
                            "child_first_name": child.row["child_first_name"],
                            "child_birth_year": child.row["child_birth_year"],
                            "child_status": child.row["child_status"],
                        },
                    )
                )
        return rows


def annex_a_source(sheets: list[Sheet]) -> RowSource:
    """The lists as the rows of a families import (see csv_io.importing.import_rows)."""
    problems = Problems()
    checker = AnnexChecker(problems)
    rows = sum(len(sheet.rows) for sheet in sheets)
    return RowSource(
        NAME,
        "families",
        rows,
        problems,
        rows,
        lambda context, tick: AnnexRows(context, sheets, checker, tick).rows(),
        check=lambda _problems: checker,
    )


def run_annex_a_import(
    engine: Engine,
    files: list[tuple[str, bytes]],
    actor: User | None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import Annex A lists from files (name, content): workbooks and CSV lists. Raises
    ImportFileError when a file cannot be read as lists; row problems are in the outcome."""
    return import_rows(engine, annex_a_source(read_lists(files)), actor, dry_run=dry_run, progress=progress)
