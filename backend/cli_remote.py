"""`keel --server URL ...`: the commands that work on a Keel server through KeelClient. People give unit
codes; the client finds their ids. A refusal or an unreachable server is one line and exit code 1."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from backend.cli_output import fail, plan_tables, progress_bar, units_table, workers_table

if TYPE_CHECKING:
    from backend.client import KeelClient


@dataclass(frozen=True)
class Remote:
    """The global options: which server, and who signs in there (a user and password, or a token)."""

    server: str | None = None
    user: str | None = None
    token: str | None = None


def open_client(server: str, token: str | None) -> "KeelClient":
    from backend.client import KeelClient

    return KeelClient(server, token=token)


def _password(user: str) -> str:
    password = os.environ.get("KEEL_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        fail(f"set KEEL_PASSWORD to sign in as {user} (there is no terminal to ask on)")
    return typer.prompt(f"Password for {user}", hide_input=True, err=True)


@contextmanager
def signed_in(ctx: typer.Context) -> Iterator["KeelClient"]:
    """A client signed in on --server (signed out again afterwards); server errors become one line."""
    from backend.client import KeelError

    remote: Remote = ctx.obj
    if not remote.server:
        fail(f"`keel {ctx.info_name}` needs a Keel server: give --server URL (or set KEEL_SERVER)")
    if not (remote.token or remote.user):
        fail("sign in with --user NAME (or KEEL_USER) and KEEL_PASSWORD, or give --token")
    try:
        with open_client(remote.server, remote.token) as client:
            signing_in_as = remote.user if remote.token is None else None  # a user, as checked above
            if signing_in_as:
                client.login(signing_in_as, _password(signing_in_as))
            try:
                yield client
            finally:
                if signing_in_as:
                    with suppress(KeelError):
                        client.logout()
    except KeelError as exc:
        fail(str(exc), 1)


def _unit_id(client: "KeelClient", code: str | None) -> int | None:
    return client.unit_by_code(code).id if code else None


UnitCode = Annotated[str | None, typer.Option("--unit", help="A unit's code (e.g. T1): only it and below it")]


def units(ctx: typer.Context) -> None:
    """List the units you can see: workers, load against capacity, bands, unallocated (needs --server)."""
    with signed_in(ctx) as client:
        rows = client.every(client.units)
    Console().print(units_table(rows))


def workers(ctx: typer.Context, unit: UnitCode = None) -> None:
    """List the workers you can see with their load, band and absence (needs --server)."""
    with signed_in(ctx) as client:
        rows = client.every(client.workers, unit_id=_unit_id(client, unit))
    Console().print(workers_table(rows))


class Question(str, Enum):
    recommend = "recommend"
    cover = "cover"
    rebalance = "rebalance"


def plan(
    ctx: typer.Context,
    question: Annotated[
        Question,
        typer.Argument(
            help="recommend (place new families), cover (an absence) or rebalance (fewest moves that fix overload)"
        ),
    ],
    unit: Annotated[str, typer.Option("--unit", help="The team's code (e.g. T1)")],
    budget: Annotated[int | None, typer.Option(min=0, help="The most moves a rebalance may make")] = None,
    absence: Annotated[int | None, typer.Option(help="The absence to cover (its id)")] = None,
    time_limit: Annotated[float, typer.Option(min=1, max=120, help="Seconds the solver may take")] = 10.0,
    accept: Annotated[bool, typer.Option("--accept", help="Accept every placement of the plan")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON")] = False,
) -> None:
    """Ask the server for a plan and show its placements or moves with their reasons (needs --server)."""
    with signed_in(ctx) as client:
        team = client.unit_by_code(unit)
        job = client.request_plan(
            question.value, team.id, move_budget=budget, absence_id=absence, time_limit_s=time_limit
        )
        with progress_bar("Planning") as show:
            job = client.wait_for_plan(job.id, progress=lambda reading: show(reading.progress, reading.message))
        if job.status != "done" or job.plan is None:
            fail(f"the plan failed: {job.message}", 1)
        if as_json:
            typer.echo(job.plan.model_dump_json(indent=2))
        else:
            Console().print(*plan_tables(question.value, team.code, job.plan))
        if accept:
            families = [a.family_id for a in job.plan.assignments]
            if not families:
                typer.echo("Nothing to accept: the plan places no family.", err=as_json)
                return
            applied = client.accept_plan(job.id, families=families).applied
            typer.echo(f"Accepted: {applied} of {len(families)} placement(s) applied.", err=as_json)


def heatmap(ctx: typer.Context) -> dict[str, Any]:
    """The server's resilience grid, for `keel --server URL resilience`."""
    with signed_in(ctx) as client, Console(stderr=True).status("Assessing units"):
        return client.resilience_heatmap()


ANNEX_A = "annex-a"


def import_on_server(ctx: typer.Context, kind: str, files: list[Path], dry_run: bool):
    """`keel --server URL import`: the server's import job, followed to its end."""
    with signed_in(ctx) as client:
        if kind == ANNEX_A:
            job = client.start_annex_a_import(files, dry_run=dry_run)
        else:
            job = client.start_import(kind, files[0], dry_run=dry_run)
        with progress_bar(f"Importing {', '.join(file.name for file in files)}") as show:
            return client.wait_for_import(job.id, progress=lambda reading: show(reading.progress, reading.message))


class Export(str, Enum):
    allocations = "allocations"
    loads = "loads"
    annex_a = ANNEX_A


def export(
    ctx: typer.Context,
    name: Annotated[
        Export, typer.Argument(help="allocations or loads (CSV), or annex-a (an .xlsx workbook: needs -o)")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the CSV to this file instead of printing it"),
    ] = None,
    unit: UnitCode = None,
) -> None:
    """Export a CSV file (or the Annex A workbook) from the server (needs --server)."""
    if name == Export.annex_a and output is None:
        fail("keel export annex-a writes an Excel workbook: give the file with -o FILE.xlsx", 2)
    content: str | bytes
    with signed_in(ctx) as client:
        if name == Export.annex_a:
            content = client.export_annex_a(unit_id=_unit_id(client, unit))
        else:
            content = client.export(name.value, unit_id=_unit_id(client, unit))
    if output is None:
        assert isinstance(content, str)  # the workbook (bytes) needs -o, refused above
        sys.stdout.write(content)
        return
    try:
        output.write_bytes(content) if isinstance(content, bytes) else output.write_text(content, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}", 1)
    said = (
        "the Annex A lists"
        if isinstance(content, bytes)
        else f"{max(len(content.splitlines()) - 1, 0)} row(s) of {name.value}"
    )
    typer.echo(f"Wrote {said} to {output}.", err=True)


def register(app: typer.Typer) -> None:
    for command in (units, workers, plan, export):
        app.command()(command)
