"""Database engine and sessions. SQLite under var/ by default; PostgreSQL through the same DATABASE_URL."""

import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import CursorResult, Engine, Result, make_url
from sqlalchemy.exc import ArgumentError, IllegalStateChangeError, SQLAlchemyError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, create_engine

from backend.config import get_settings


class DatabaseConfigError(RuntimeError):
    """DATABASE_URL is invalid or the database cannot be reached. The message is one line."""


SQLITE_BUSY_TIMEOUT_MS = 5000  # how long a write waits for another one before "database is locked"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
    # Write-ahead logging: readers go on while a write (an import, an acceptance) is in progress.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


POOL_TIMEOUT_S = 10  # past this, a request that found no free connection is a 503 (never reached by design)


def make_engine(url: str, pool_size: int | None = None) -> Engine:
    """`pool_size`: connections kept (default: the server's concurrency, Settings.pool_size)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"DATABASE_URL is not a valid database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseConfigError(f"DATABASE_URL must be sqlite or postgresql, not {backend!r}")
    kwargs: dict = {
        "pool_size": pool_size or get_settings().pool_size,
        "max_overflow": 4,
        "pool_timeout": POOL_TIMEOUT_S,
    }
    if parsed.database in (None, "", ":memory:") and backend == "sqlite":
        kwargs = {}  # an in-memory SQLite database has a single connection of its own
    if backend == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 5}
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseConfigError(f"cannot use DATABASE_URL {url!r}: {exc}") from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def check_connection(engine: Engine) -> None:
    """Raise DatabaseConfigError with a one-line reason if the database cannot be reached."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
        raise DatabaseConfigError(
            f"cannot reach the database at {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from exc


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


CLOSE_WAIT_S = 10.0  # at most this long for a cancelled request's other thread to let go of its session


def get_session() -> Iterator[Session]:
    session = Session(get_engine())
    try:
        yield session
    finally:
        _close_when_free(session)


def _close_when_free(session: Session) -> None:
    """Close the request's session, and so give its connection back to the pool. A request whose
    client went away is ended while a thread of it may still be using the session (a dependency's
    query): closing under that thread raises, and the connection stayed checked out until the
    garbage collector found the abandoned session. Wait for the thread to finish instead."""
    deadline = time.monotonic() + CLOSE_WAIT_S
    while True:
        try:
            session.close()
            return
        except IllegalStateChangeError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def reading_alongside(session: OrmSession) -> Session:
    """A session of its own (its own identity map) on `session`'s connection and transaction, so it
    reads what that transaction has written. It never begins, commits or rolls back anything, nor
    makes savepoints of its own: SQLAlchemy's default joins a connection inside a savepoint with a
    savepoint of its own, rolled back at close, two round trips for a read."""
    return Session(bind=session.connection(), join_transaction_mode="rollback_only")


def engine_of(session: OrmSession) -> Engine:
    """The engine the session draws its connections from (background jobs open their own on it)."""
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def rows_matched(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (its result is a cursor's)."""
    assert isinstance(result, CursorResult)
    return result.rowcount
