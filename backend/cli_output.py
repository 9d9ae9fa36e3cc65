"""What the `keel` command prints: one-line failures, progress bars and the Rich tables of units,
workers, plans, import errors and the resilience grid."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.table import Table

if TYPE_CHECKING:
    from backend.schemas.plans import PlanView


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[float, str], None]]:
    """A progress bar on stderr (so printed results stay clean); yields `show(fraction, message)`."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=1.0)
        yield lambda fraction, message: bar.update(task, completed=fraction, description=message or description)


INDENT = {"service": "", "team": "  ", "pod": "    "}


def fail(message: str, code: int = 2) -> NoReturn:
    typer.secho(f"keel: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _unit_label(kind: str, code: str, name: str) -> str:
    return f"{INDENT.get(kind, '')}{code} {name}"


def _ratio(load: float, capacity: float) -> str:
    share = f" ({load / capacity:.0%})" if capacity else ""
    return f"{load:.1f} / {capacity:.1f}{share}"


def render_grid(grid: dict, weeks: int) -> Table:
    table = Table(title=f"Resilience on {grid['as_of']}: collapse risk by week (stage, N-k)")
    table.add_column("Unit", no_wrap=True, max_width=28)
    table.add_column("Stage", no_wrap=True)
    table.add_column("N-k", no_wrap=True)
    for week in grid["weeks"][:weeks]:
        table.add_column(week[5:], justify="right")
    for unit in grid["units"]:
        nk = "N-2 ok" if unit["n2_secure"] else "N-1 ok" if unit["n1_secure"] else "N-1 fails"
        table.add_row(
            _unit_label(unit["kind"], unit["code"], unit["name"]),
            unit["stage"].replace("_", " "),
            nk,
            *(f"{cell['risk']:.0%}" for cell in unit["cells"][:weeks]),
        )
    return table


def units_table(units: list) -> Table:
    table = Table(title="Units: load against capacity")
    for column in ("Unit", "Kind", "Workers", "Load / capacity", "Bands G A R S", "Unallocated"):
        table.add_column(column, no_wrap=column != "Unit")
    for unit in units:
        bands = unit.bands
        waiting = (
            f"{unit.unallocated_families} ({unit.unallocated_points:.0f} pts)" if unit.unallocated_families else "-"
        )
        table.add_row(
            _unit_label(unit.kind.value, unit.code, unit.name),
            unit.kind.value,
            str(unit.workers),
            _ratio(unit.load, unit.capacity),
            f"[green]{bands.green}[/] [yellow]{bands.amber}[/] [red]{bands.red}[/] [magenta]{bands.surge}[/]",
            waiting,
        )
    return table


def workers_table(workers: list) -> Table:
    table = Table(title="Workers: load against capacity")
    for column in ("Worker", "Role", "FTE", "Load / capacity", "Band", "Families", "Absent until"):
        table.add_column(column, no_wrap=column != "Worker")
    for worker in workers:
        table.add_row(
            f"{worker.code} {worker.name}",
            worker.role.value.replace("_", " "),
            f"{worker.fte:g}",
            _ratio(worker.load, worker.capacity),
            worker.band,
            str(worker.families),
            str(worker.absent_until or "-"),
        )
    return table


def plan_tables(question: str, unit_code: str, plan: "PlanView") -> list[Table]:
    """The placements or moves with their reasons, then the families left without a worker."""
    changes = Table(
        title=f"{question.capitalize()} for {unit_code}: {plan.status}, {len(plan.assignments)} placement(s)"
    )
    for column in ("Family", "From", "To", "Kind", "Why"):
        changes.add_column(column, no_wrap=column not in ("Family", "Why"))
    for a in plan.assignments:
        changes.add_row(
            f"{a.family_code} {a.family_name}",
            a.previous_worker_name or "-",
            a.worker_name or "-",
            a.kind,
            "; ".join(a.reasons),
        )
    tables = [changes]
    if plan.unallocated:
        left = Table(title="Left without a worker")
        left.add_column("Family")
        left.add_column("Why")
        for u in plan.unallocated:
            left.add_row(f"{u.family_code} {u.family_name}", "; ".join(u.reasons))
        tables.append(left)
    return tables


def report_import(job, file_name: str) -> None:
    """The outcome of an import (a server's job or a local run): the refused rows as a table and
    exit code 1, or what was created and updated."""
    from rich.console import Console

    if job.status != "done" or job.error_count or job.errors:
        if job.errors:
            Console().print(import_errors_table(job))
        fail(f"{file_name} was not imported: {job.message or 'the import failed'}", 1)
    done = "Checked (dry run: nothing saved)" if job.dry_run else "Imported"
    typer.echo(f"{done} {job.rows} row(s) of {job.kind}: {job.created} created, {job.updated} updated.")


def import_errors_table(job) -> Table:
    more = job.error_count - len(job.errors)
    table = Table(
        title=f"{job.error_count} error(s) in the {job.kind} file" + (f" ({more} more not listed)" if more > 0 else "")
    )
    for column in ("Row", "Column", "Reason"):
        table.add_column(column, no_wrap=column != "Reason")
    for error in job.errors:
        table.add_row("-" if error.row is None else str(error.row), error.column or "-", error.reason)
    return table
