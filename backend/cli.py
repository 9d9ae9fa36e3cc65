"""The `keel` command: serve, migrate, demo, solve and resilience on the local database; with
`--server URL`, the remote commands of backend/cli_remote.py (and resilience) on a Keel server."""

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from backend import cli_remote
from backend.cli_admin import admin_app
from backend.cli_region import region_app
from backend.cli_what_if import what_if_command
from backend.cli_output import fail, progress_bar, render_grid, report_import
from backend.cli_remote import ANNEX_A, Remote
from backend.config import get_settings
from backend.db import DatabaseConfigError, check_connection, get_engine
from backend.security import DEMO_PASSWORD

app = typer.Typer(
    help="Keel: workload management and caseload balancing for children's social care.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

DEMO_LOGINS = (
    ("admin", "administrator"),
    ("leader", "senior leader"),
    ("manager", "team manager"),
    ("worker", "social worker"),
    ("regional", "regional leader"),
)
LOCAL_ONLY = ("serve", "migrate", "demo", "solve", "admin", "region")
NOT_IN_PRODUCTION = (
    "KEEL_ENV is production: the demo council is for trying Keel out, and its logins are "
    "known to everyone; create the first administrator with `keel admin create USERNAME`"
)


@app.callback()
def main(
    ctx: typer.Context,
    server: Annotated[
        str | None,
        typer.Option(
            envvar="KEEL_SERVER",
            help=("A Keel server's address (http://host:port) for units, workers, plan, resilience, import, export"),
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            envvar="KEEL_USER",
            help=("Who signs in on the server; the password comes from KEEL_PASSWORD or is asked for"),
        ),
    ] = None,
    token: Annotated[str | None, typer.Option(envvar="KEEL_TOKEN", help="A bearer token instead of --user")] = None,
) -> None:
    if server and ctx.invoked_subcommand in LOCAL_ONLY:
        fail(
            f"`keel {ctx.invoked_subcommand}` works on the local database only: "
            "leave out --server (and unset KEEL_SERVER)"
        )
    ctx.obj = Remote(server=server, user=user, token=token)


def _ready_engine():
    try:
        engine = get_engine()
        check_connection(engine)
    except DatabaseConfigError as exc:
        fail(str(exc))
    return engine


@app.command()
def migrate() -> None:
    """Apply the database migrations (Alembic) up to the latest schema."""
    from backend import migrate as migrations

    engine = _ready_engine()
    migrations.upgrade(engine)
    typer.echo(f"Database schema at {migrations.current_revision(engine)}.")


@app.command()
def demo(
    size: Annotated[str, typer.Option(help="small, default (Northbridge), large, or a number of workers")] = "default",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same council")] = 0,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Only load into an empty database")] = False,
) -> None:
    """Load a synthetic demo council into the database (migrating it first)."""
    from backend.services.demo_loading import database_is_empty, load_demo

    if get_settings().production:
        fail(NOT_IN_PRODUCTION)
    migrate()
    engine = get_engine()
    if not database_is_empty(engine):
        if if_empty:
            typer.echo("Database already holds data: demo not loaded.")
            return
        fail("the database already holds data; use an empty database for the demo council")
    size_arg: str | int = int(size) if size.isdigit() else size
    if isinstance(size_arg, str) and size_arg not in ("small", "default", "large"):
        fail(f"unknown demo size {size!r}: use small, default, large or a number of workers")
    counts = load_demo(engine, size_arg, seed, date.today())
    typer.echo("Loaded demo council: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    demo_if_empty: Annotated[
        bool, typer.Option("--demo-if-empty", help="Load the demo council into an empty database")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help=("Server processes (more than one needs PostgreSQL); each takes jobs from the database"),
        ),
    ] = 1,
) -> None:
    """Migrate the database and serve Keel (API and web front end)."""
    import os

    import uvicorn

    from backend.services.jobs import SERVE_JOBS

    settings = get_settings()
    if workers > 1 and not settings.database_url.startswith("postgresql"):
        fail(
            "several server processes (--workers) need PostgreSQL: SQLite serves one process; "
            "set DATABASE_URL=postgresql+psycopg://..."
        )
    if demo_if_empty:
        demo(size="default", seed=settings.demo_seed, if_empty=True)
    else:
        migrate()
    address = f"http://{host or settings.host}:{port or settings.port}"
    typer.secho(f"\nKeel is running at {address}  (API docs: {address}/docs)", bold=True)
    typer.echo(_who_can_sign_in(settings.production))
    typer.echo("Press Ctrl+C to stop.\n")
    from backend.services.unit_history import start_daily_recording

    start_daily_recording(get_engine())  # each unit's figures, today and each day (history)
    os.environ[SERVE_JOBS] = "1"  # each server process takes background jobs (backend.main's lifespan)
    uvicorn.run(
        "backend.main:app", host=host or settings.host, port=port or settings.port, log_level="warning", workers=workers
    )


def _who_can_sign_in(production: bool) -> str:
    """The demo logins when the demo council is loaded (never in production); how to create the first
    administrator when nobody can sign in yet."""
    from sqlalchemy import select
    from sqlmodel import Session, col

    from backend.models import User

    with Session(get_engine()) as session:
        usernames = set(session.scalars(select(col(User.username)).where(col(User.active))))
        if not usernames:
            return "No one can sign in yet: create the first administrator with `keel admin create USERNAME`."
    demo_loaded = {user for user, _ in DEMO_LOGINS} <= usernames
    if demo_loaded and not production:
        return (
            "Demo logins (password "
            + DEMO_PASSWORD
            + "): "
            + ", ".join(f"{user} ({role})" for user, role in DEMO_LOGINS)
        )
    return f"{len(usernames)} active user account(s)."


@app.command()
def solve(
    snapshot: Annotated[Path, typer.Argument(help="Snapshot JSON file (docs/design.md §8), or - for stdin")],
    indent: Annotated[int, typer.Option(help="Indentation of the printed plan")] = 2,
) -> None:
    """Answer a question (recommend, rebalance, cover, resilience) on a JSON snapshot; print the plan."""
    from backend.services.planning.contract import ContractError, solve_checked

    try:
        text = sys.stdin.read() if str(snapshot) == "-" else snapshot.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {snapshot}: {exc.strerror}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{snapshot} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    try:
        plan = solve_checked(data)
    except ContractError as exc:
        fail(f"invalid snapshot: {exc}")
    typer.echo(json.dumps(plan, indent=indent or None, ensure_ascii=False))


@app.command("import")
def import_file(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            help=(
                "workers, families or absences (columns: docs/csv-import.md); annex-a (Ofsted's Annex A "
                "lists: a workbook or CSV lists, docs/annex-a.md); census (the workforce census's worker "
                "table, docs/census.md)"
            )
        ),
    ],
    files: Annotated[
        list[Path],
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help=("The CSV file (annex-a: the .xlsx workbook, or one CSV file per list, named 'List 7 ...')"),
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row, save nothing")] = False,
) -> None:
    """Import a CSV file: every row or none, the refused rows listed. With --server through the
    server's API (as the signed-in admin); otherwise into the local database (as `system`)."""
    if kind != ANNEX_A and len(files) != 1:
        fail(f"keel import {kind} takes one file; only annex-a takes several", 2)
    if ctx.obj.server:
        outcome = cli_remote.import_on_server(ctx, kind, files, dry_run)
    else:
        outcome = _import_locally(kind, files, dry_run)
    report_import(outcome, ", ".join(file.name for file in files))


def _import_locally(kind: str, files: list[Path], dry_run: bool):
    from backend import migrate as migrations
    from backend.annex_a.importing import run_annex_a_import
    from backend.census.importing import census_source
    from backend.csv_io.importing import import_rows, run_import
    from backend.csv_io.problems import ImportFileError

    engine = _ready_engine()
    migrations.upgrade(engine)
    names = ", ".join(file.name for file in files)
    with progress_bar(f"Importing {names}") as show:
        try:
            if kind == ANNEX_A:
                return run_annex_a_import(
                    engine, [(f.name, f.read_bytes()) for f in files], None, dry_run=dry_run, progress=show
                )
            if kind == "census":
                return import_rows(engine, census_source(files[0].read_bytes()), None, dry_run=dry_run, progress=show)
            return run_import(engine, kind, files[0].read_bytes(), None, dry_run=dry_run, progress=show)
        except ImportFileError as exc:
            fail(f"{names} was not imported: {exc}", 1)


@app.command()
def resilience(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option(help="Weeks of the grid to print (at most 12)", min=1, max=12)] = 12,
) -> None:
    """Print the resilience grid (units x weeks: collapse risk, stage, N-k) of the local or --server council."""
    from rich.console import Console

    grid = cli_remote.heatmap(ctx) if ctx.obj.server else _local_heatmap()
    Console().print(render_grid(grid, weeks))


def _local_heatmap() -> dict:
    from rich.console import Console
    from rich.progress import Progress
    from sqlmodel import Session

    from backend.services.resilience import heatmap

    engine = _ready_engine()
    with Progress(console=Console(), transient=True) as bar, Session(engine) as session:
        task = bar.add_task("Assessing units", total=None)

        def progress(phase: str, done: int, total: int) -> None:
            bar.update(task, description=f"{phase.capitalize()}", completed=done, total=total)

        return heatmap(session, date.today(), progress)


cli_remote.register(app)
app.add_typer(admin_app, name="admin")
app.add_typer(region_app, name="region")
app.command("what-if")(what_if_command)

if __name__ == "__main__":
    app()
