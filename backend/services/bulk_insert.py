"""Inserting many rows at once, inside the caller's transaction: INSERT executemany on SQLite,
COPY on PostgreSQL (several times quicker there than INSERT executemany through psycopg)."""

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnDefault, Table, insert, text
from sqlmodel import Session, SQLModel

from backend.models._types import table_of

CHUNK = 2000
Tick = Callable[[int], None]


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _copy(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY. Values go through the columns' own bind processing (enums, JSON) and
    missing columns take their defaults, as an INSERT would."""
    session.flush()
    dialect = session.get_bind().dialect
    given = list(rows[0])
    # Python-side defaults (a value or a function); the tables have no other kind
    defaults = {
        c.name: c.default for c in table.columns if c.name not in given and isinstance(c.default, ColumnDefault)
    }
    names = given + list(defaults)
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    columns = ", ".join(f'"{name}"' for name in names)
    driver_connection = session.connection().connection.driver_connection
    assert driver_connection is not None  # a connection in use has its driver's (psycopg's) connection
    cursor = driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            values = [row[n] for n in given] + [d.arg(None) if d.is_callable else d.arg for d in defaults.values()]
            copy.write_row([process(v) if process else v for process, v in zip(processors, values)])


def _new_ids(session: Session, table: Table, count: int) -> list[int]:
    """Ids drawn from the table's sequence (PostgreSQL), for rows about to be copied in."""
    return list(
        session.scalars(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
            {"table": f'"{table.name}"', "count": count},
        )
    )


def insert_rows(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]], tick: Tick | None = None
) -> list[int]:
    """Insert rows; returns their new ids in the rows' order."""
    table = table_of(model)
    ids: list[int] = []
    for chunk in chunks(rows):
        if _on_postgresql(session):
            chunk_ids = _new_ids(session, table, len(chunk))
            _copy(session, table, [{"id": row_id, **row} for row_id, row in zip(chunk_ids, chunk)])
        else:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            chunk_ids = list(session.scalars(statement, chunk))
        ids.extend(chunk_ids)
        if tick:
            tick(len(ids))
    return ids


def insert_plain(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert rows whose ids nobody needs back (children, allocations, audit events)."""
    for chunk in chunks(rows):
        if _on_postgresql(session):
            _copy(session, table_of(model), chunk)
        else:
            session.execute(insert(table_of(model)), chunk)
