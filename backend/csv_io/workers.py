"""Importing workers: one row per worker; an existing code updates that worker, a new code creates one."""

from collections.abc import Callable

from backend.csv_io.import_diff import Changes, difference
from backend.csv_io.context import FirstRows, ImportContext
from backend.csv_io.rows import Row
from backend.csv_io.writing import write_changes
from backend.models import Worker
from backend.services.audit import Entry

FIELDS = ("code", "name", "role", "fte", "agency", "patch", "start_date", "leaving_date", "skills")
SET_BY_OTHER_IMPORTS = ("sickness_days",)  # the workforce census (backend/census) sets it


def plan(context: ImportContext, rows: list[Row], tick: Callable[[int], None]) -> Changes:
    changes = Changes()
    codes = FirstRows(context, "code", "this worker code")
    for done, row in enumerate(rows, start=1):
        tick(done)
        unit_id = context.unit_id(row, "team")
        context.dates_in_order(row, "start_date", "leaving_date")
        if row.ok("code") and codes.repeated(row, row["code"]):
            continue
        if row.bad:
            continue
        assert unit_id is not None  # a row whose team is not found is bad
        wanted = {name: row[name] for name in FIELDS} | {"unit_id": unit_id}
        wanted |= {name: row[name] for name in SET_BY_OTHER_IMPORTS if name in row.values}
        existing = context.workers.get(row["code"])
        if existing is None:
            changes.created.append(wanted)
            changes.units.add(unit_id)
        elif update := difference(existing.id, existing, wanted):
            changes.updated.append(update)
            changes.units |= {existing.unit_id, unit_id}
    return changes


def apply(context: ImportContext, changes: Changes, tick: Callable[[int], None]) -> list[Entry]:
    return write_changes(context.session, Worker, "worker", changes, tick)
