"""Running an import: read the file, check every row (collecting every problem), and only when none
is found write everything in one transaction with its audit trail. Any problem, or a database
error while writing, leaves the database as it was.

This is the entry point the web API's import jobs and the command line call."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from backend.csv_io import absences, families, workers
from backend.csv_io.import_diff import Changes
from backend.csv_io.context import ImportContext
from backend.csv_io.problems import Problems, RowError
from backend.csv_io.reading import Table, read_table
from backend.csv_io.rows import Row, RowChecker, typed_rows
from backend.services.changes import bump_unit_versions
from backend.models import User
from backend.services import audit

Progress = Callable[[float, str], None]  # (fraction done 0..1, what is happening)
KIND_MODULES = {"workers": workers, "families": families, "absences": absences}


@dataclass
class ImportOutcome:
    id: str
    kind: str
    status: str  # "done" or "failed"
    message: str
    dry_run: bool
    rows: int
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first MAX_KEPT_ERRORS, in row order
    error_count: int = 0


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class _Phases:
    """Progress through the phases of an import, as fractions of the whole."""

    def __init__(self, progress: Progress | None):
        self.progress = progress or (lambda fraction, message: None)

    def over(self, start: float, end: float, message: str, total: int) -> Callable[[int], None]:
        step = max(1, total // 50)

        def tick(done: int) -> None:
            if done % step == 0 or done == total:
                self.progress(start + (end - start) * done / max(total, 1), message.format(done=done, total=total))

        return tick


def run_import(
    engine: Engine,
    kind: str,
    data: bytes,
    actor: User | None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    import_id: str | None = None,
) -> ImportOutcome:
    """Import a CSV file of `kind` (workers, families or absences). Raises ImportFileError when the
    file cannot be read as such (not UTF-8, empty, wrong header); row problems are in the outcome."""
    return import_table(engine, read_table(kind, data), actor, dry_run=dry_run, progress=progress, import_id=import_id)


def import_table(
    engine: Engine,
    table: Table,
    actor: User | None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    import_id: str | None = None,
) -> ImportOutcome:
    return import_rows(engine, table_source(table), actor, dry_run=dry_run, progress=progress, import_id=import_id)


def table_source(table: Table) -> "RowSource":
    return RowSource(
        table.kind,
        table.kind,
        table.rows,
        table.problems,
        len(table.records),
        lambda context, tick: typed_rows(table, context.check, tick),
    )


@dataclass(frozen=True)
class RowSource:
    """Where an import's rows come from: a CSV file of a kind, or another format (Annex A) read
    into the rows of a kind. `typed(context, tick)` returns the rows, reporting problems on
    `context.check`, which writes them to `problems`."""

    name: str  # the import's name: its outcome's kind, its audit action `import.<name>`
    kind: str  # the rows' kind: which module plans and applies them
    rows: int  # rows read, for the counts said
    problems: Problems
    records: int  # rows to type, for progress
    typed: Callable[[ImportContext, Callable[[int], None]], list[Row]]
    check: Callable[[Problems], RowChecker] = RowChecker


def import_rows(
    engine: Engine,
    source: RowSource,
    actor: User | None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    import_id: str | None = None,
) -> ImportOutcome:
    """Type the source's rows, check them, and write them all (or, with any problem, none)."""
    import_id = import_id or uuid.uuid4().hex
    phases = _Phases(progress)
    kind, module = source.kind, KIND_MODULES[source.kind]
    outcome = ImportOutcome(import_id, source.name, "failed", "", dry_run, source.rows)
    with Session(engine) as session:
        context = ImportContext(session, source.check(source.problems), date.today(), actor, f"import:{import_id}")
        context.load_references()
        validating = "Validating row {done:,} of {total:,}"
        rows = source.typed(context, phases.over(0.0, 0.25, validating, source.records))
        changes = module.plan(context, rows, phases.over(0.25, 0.5, validating, len(rows)))
        if source.problems:
            outcome.errors, outcome.error_count = source.problems.kept, source.problems.count
            outcome.message = (
                f"{_count(outcome.error_count, 'problem')} found in {_count(source.rows, 'row')}: nothing was imported"
            )
            return outcome
        outcome.created, outcome.updated = changes.created_count, changes.updated_count
        if dry_run:
            outcome.status = "done"
            outcome.message = (
                f"Checked {_count(source.rows, 'row')}: {outcome.created:,} {kind} would be "
                f"created, {outcome.updated:,} updated (dry run: nothing was imported)"
            )
            return outcome
        try:
            _write(context, module, changes, phases, outcome, kind)
        except SQLAlchemyError as exc:
            session.rollback()
            outcome.created = outcome.updated = 0
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
            outcome.message = f"The database refused the import ({reason}): nothing was imported"
            return outcome
    outcome.status = "done"
    outcome.message = (
        f"Imported {_count(source.rows, 'row')}: {outcome.created:,} {kind} created, {outcome.updated:,} updated"
    )
    return outcome


def _write(
    context: ImportContext, module, changes: Changes, phases: _Phases, outcome: ImportOutcome, kind: str
) -> None:
    session = context.session
    writing = phases.over(0.5, 0.9, f"Writing {kind}: {{done:,}} of {{total:,}}", changes.created_count)
    entries = module.apply(context, changes, writing)
    phases.progress(0.9, "Writing the audit trail")
    bump_unit_versions(session, changes.units)
    entries.append(
        audit.Entry(
            f"import.{outcome.kind}",
            "import",
            None,
            after={
                "id": outcome.id,
                "kind": outcome.kind,
                "rows": outcome.rows,
                "created": outcome.created,
                "updated": outcome.updated,
            },
            reason=f"{'CSV import' if outcome.kind == kind else 'Import'} of {outcome.rows:,} {outcome.kind} rows",
        )
    )
    audit.record_many(session, context.actor, entries, source=context.source)
    phases.progress(0.95, "Saving")
    session.commit()
