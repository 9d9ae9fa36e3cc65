"""CSV import benchmark: families (one row per child) into a database holding the small demo council.

    python -m bench.imports --quick                       # 20,000 families on SQLite
    python -m bench.imports --quick --postgres URL        # ... and on PostgreSQL (URL of a server
                                                          # where the user may create databases)
    python -m bench.imports                               # 20,000 and 100,000 families

For each size: the first import (every family created), the same file again (every row checked,
nothing changes) and a dry run; seconds and rows a second, progress reports seen. On PostgreSQL a
throwaway database is created and dropped.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from backend import migrate
from backend.csv_io import run_import
from backend.db import make_engine
from backend.demo.import_files import families_csv
from backend.models import Unit, UnitKind, Worker
from backend.services.demo_loading import load_demo


@contextmanager
def sqlite_database():
    with tempfile.TemporaryDirectory(prefix="keel-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'keel.db'}")
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def postgres_database(url: str):
    name = f"keel_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine = make_engine(make_url(url).set(database=name).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def families_file(engine, families: int) -> bytes:
    with Session(engine) as session:
        units = {u.id: u.code for u in session.scalars(select(Unit))}
        teams = [u.code for u in session.scalars(select(Unit).where(Unit.kind == UnitKind.team))]
        workers = [
            (w.code, units[w.unit_id]) for w in session.scalars(select(Worker).where(Worker.role != "team_manager"))
        ]
    return families_csv(families, workers, teams, as_of=date.today())


def timed_import(engine, data: bytes, dry_run: bool = False) -> tuple[float, object, int]:
    reports = []
    start = time.perf_counter()
    outcome = run_import(
        engine, "families", data, None, dry_run=dry_run, progress=lambda fraction, message: reports.append(fraction)
    )
    seconds = time.perf_counter() - start
    assert outcome.status == "done", outcome.message
    assert reports == sorted(reports), "progress went backwards"
    return seconds, outcome, len(reports)


def bench(database: str, engine, families: int) -> list[str]:
    migrate.upgrade(engine)
    load_demo(engine, "small", 0, date.today())
    data = families_file(engine, families)
    lines = []
    for label, dry_run in (("create", False), ("again, unchanged", False), ("dry run", True)):
        seconds, outcome, reports = timed_import(engine, data, dry_run)
        # The import at this size must be right, not only fast (tests/csv_io/test_large_import.py
        # checks the same at 600 families, with the children and allocations row by row).
        assert outcome.created == (families if label == "create" else 0), outcome.message
        lines.append(
            f"| {database} | {families:,} | {outcome.rows:,} | {label} | {outcome.created:,} | "
            f"{seconds:.1f} | {outcome.rows / seconds:,.0f} | {reports} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 families only")
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL server")
    args = parser.parse_args()
    sizes = [20_000] if args.quick else [20_000, 100_000]
    print("| database | families | rows | import | created | seconds | rows/s | progress reports |")
    print("|---|---|---|---|---|---|---|---|")
    for families in sizes:
        databases = [("SQLite", sqlite_database)]
        if args.postgres:
            databases.append(("PostgreSQL", lambda: postgres_database(args.postgres)))
        for name, database in databases:
            with database() as engine:
                for line in bench(name, engine, families):
                    print(line, flush=True)


if __name__ == "__main__":
    main()
