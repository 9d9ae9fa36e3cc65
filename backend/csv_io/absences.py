"""Importing absences: one row per absence. An absence of the same worker with the same start and
end dates as a recorded one updates its kind and planned flag; any other creates an absence, unless
it overlaps another absence of the worker (recorded or earlier in the file): that row is refused."""

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import select

from backend.csv_io.import_diff import Changes, difference
from backend.csv_io.context import FirstRows, ImportContext
from backend.csv_io.rows import Row
from backend.csv_io.writing import write_changes
from backend.holding import overlapping
from backend.models import Absence
from backend.services.audit import Entry

LONGEST_DAYS = 731  # as the absences API: a longer absence is a leaver


def plan(context: ImportContext, rows: list[Row], tick: Callable[[int], None]) -> Changes:
    changes = Changes()
    recorded = {(a.worker_id, a.start_date, a.end_date): a for a in context.session.scalars(select(Absence))}
    spells = defaultdict(list)  # worker id -> (first, last day) of recorded absences and new rows
    for worker_id, start, end in recorded:
        spells[worker_id].append((start, end))
    spans = FirstRows(context, "start_date", "an absence of this worker with these dates")
    for done, row in enumerate(rows, start=1):
        tick(done)
        worker = context.worker(row, "worker_code")
        context.dates_in_order(row, "start_date", "end_date")
        if row.ok("start_date", "end_date") and (row["end_date"] - row["start_date"]).days > LONGEST_DAYS:
            context.check.report(
                row, "end_date", "the absence is longer than two years: record the worker's leaving date instead"
            )
        if worker is None or row.bad:
            continue
        key = (worker.id, row["start_date"], row["end_date"])
        if spans.repeated(row, key):
            continue
        wanted = {
            "worker_id": worker.id,
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "kind": row["kind"],
            "planned": row["planned"],
        }
        existing = recorded.get(key)
        if existing is None:
            clash = overlapping(spells[worker.id], row["start_date"], row["end_date"])
            if clash is not None:
                context.check.report(
                    row,
                    "start_date",
                    f"overlaps this worker's absence from {clash[0]} to {clash[1]}: change that absence instead",
                )
                continue
            spells[worker.id].append((row["start_date"], row["end_date"]))
            changes.created.append(wanted)
        elif update := difference(existing.id, existing, wanted):
            changes.updated.append(update)
        else:
            continue
        changes.units.add(worker.unit_id)
    return changes


def apply(context: ImportContext, changes: Changes, tick: Callable[[int], None]) -> list[Entry]:
    return write_changes(context.session, Absence, "absence", changes, tick)
