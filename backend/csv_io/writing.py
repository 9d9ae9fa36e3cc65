"""Writing an import's changes in bulk (one statement per few thousand rows, never one per row),
inside the caller's transaction."""

from collections.abc import Iterable

from sqlalchemy import delete, update
from sqlmodel import Session, SQLModel

from backend.csv_io.import_diff import Changes, Update, jsonable
from backend.models._types import table_of
from backend.services.audit import Entry
from backend.services.bulk_insert import Tick, chunks, insert_plain, insert_rows

__all__ = [
    "bump_versions",
    "delete_where_in",
    "insert_plain",
    "insert_rows",
    "update_entries",
    "update_rows",
    "write_changes",
]


def update_rows(session: Session, model: type[SQLModel], updates: list[Update]) -> None:
    """Write each update's changed columns (by primary key)."""
    rows = [{"id": u.id, **u.values} for u in updates if u.values]
    for chunk in chunks(rows):
        session.execute(update(model), chunk)


def delete_where_in(session: Session, column, ids: Iterable[int]) -> None:
    for chunk in chunks(sorted(set(ids)), 1000):
        session.execute(delete(column.class_).where(column.in_(chunk)).execution_options(synchronize_session=False))


def bump_versions(session: Session, model: type[SQLModel], ids: Iterable[int]) -> None:
    """version + 1 on every row named: plans made from the old versions become stale."""
    table = table_of(model)
    for chunk in chunks(sorted(set(ids)), 1000):
        session.execute(
            update(table)
            .where(table.c.id.in_(chunk))
            .values(version=table.c.version + 1)
            .execution_options(synchronize_session=False)
        )


def update_entries(entity: str, updates: list[Update]) -> list[Entry]:
    return [Entry(f"{entity}.update", entity, u.id, before=u.before, after=u.after) for u in updates]


def write_changes(session: Session, model: type[SQLModel], entity: str, changes: Changes, tick: Tick) -> list[Entry]:
    """Create and update the rows of a one-row-per-record import (versions bumped where kept);
    returns the audit entries of what was written."""
    ids = insert_rows(session, model, changes.created, tick)
    update_rows(session, model, changes.updated)
    if hasattr(model, "version"):
        bump_versions(session, model, [u.id for u in changes.updated])
    created = [
        Entry(f"{entity}.create", entity, row_id, after=jsonable(values))
        for row_id, values in zip(ids, changes.created)
    ]
    return created + update_entries(entity, changes.updated)
