"""`keel region`: many councils side by side (issue #17). `demo` writes synthetic councils at
national scale, `snapshot` writes this council's own, `forecast` computes every council's resilience
on Dask (a local cluster by default, `--address` for an existing one) and prints the region."""

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from backend.cli_output import fail

region_app = typer.Typer(
    help="A region of councils: synthetic or real, forecast on a Dask cluster.", no_args_is_help=True
)

Address = Annotated[
    str | None,
    typer.Option(help="An existing Dask scheduler (tcp://host:8786); default: a local cluster on this machine's cores"),
]
Processes = Annotated[
    int | None,
    typer.Option(min=0, help="Worker processes of the local cluster (default one per core; 0 runs in this process)"),
]


@region_app.command()
def demo(
    folder: Annotated[Path, typer.Argument(help="Folder to write one JSON file per council into")],
    councils: Annotated[int, typer.Option(min=1, help="How many councils")] = 150,
    workers: Annotated[int, typer.Option(min=40, help="Workers in all, shared among the councils")] = 33_000,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    address: Address = None,
    processes: Processes = None,
) -> None:
    """Write synthetic councils of varied size, condition and structure (default: England's scale)."""
    from backend.region.councils import national_specs, save
    from backend.region.forecast import generate_councils

    try:
        specs = national_specs(councils, workers, seed)
    except ValueError as exc:
        fail(str(exc))
    with _bar("Generating councils") as show:
        made = generate_councils(specs, address=address, processes=processes, progress=show)
    save(made, folder)
    typer.echo(f"Wrote {len(made)} councils ({sum(c.workers for c in made):,} workers) to {folder}")


@region_app.command()
def snapshot(
    file: Annotated[Path, typer.Argument(help="The council file to write (JSON)")],
    code: Annotated[str, typer.Option(help="The council's code in the region")] = "C001",
    name: Annotated[str | None, typer.Option(help="The council's name (default: the demo's)")] = None,
    on: Annotated[str | None, typer.Option(help="The date (YYYY-MM-DD; default today)")] = None,
) -> None:
    """Write this council (the local database) as a council file for a region."""
    from sqlmodel import Session

    from backend.cli import _ready_engine
    from backend.region.councils import Council
    from backend.services.planning.rows import snapshot_of

    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        fail(f"--on {on!r}: give a date as YYYY-MM-DD")
    with Session(_ready_engine()) as session:
        data = snapshot_of(session, day)
    council = Council(
        code=code, name=name or "This council", condition=None, workers=len(data["workers"]), snapshot=data
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(council.to_dict()))
    typer.echo(f"Wrote {council.name} ({council.workers} workers) to {file}")


@region_app.command()
def forecast(
    folder: Annotated[Path, typer.Argument(help="A folder of council files (keel region demo / snapshot)")],
    address: Address = None,
    processes: Processes = None,
    scenarios: Annotated[
        int | None, typer.Option(min=1, help="Monte Carlo scenarios per unit (default: each council's own, 1,000)")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the whole forecast here (JSON)")] = None,
    publish: Annotated[bool, typer.Option(help="Publish it to this Keel's regional view (the local database)")] = False,
) -> None:
    """Every council's N-1/N-2, stages and collapse risk, and the regional summary."""
    from rich.console import Console

    from backend.region.councils import load
    from backend.region.forecast import forecast_region

    try:
        councils = load(folder)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    with _bar(f"Forecasting {len(councils)} councils") as show:
        result = forecast_region(councils, address=address, processes=processes, scenarios=scenarios, progress=show)
    if out:
        out.write_text(json.dumps(result.to_dict(), indent=1))
    Console(width=max(120, Console().width)).print(render_region(result.to_dict()))
    if publish:
        _publish(result.to_dict())
    typer.echo(
        f"{len(councils)} councils in {result.wall_s:.1f} s on {result.engine} "
        f"({result.processes} process{'es' if result.processes != 1 else ''})"
    )


@region_app.command()
def lend(
    folder: Annotated[Path, typer.Argument(help="A folder of council files")],
    lender: Annotated[str, typer.Option("--from", help="The council that lends (its code)")],
    borrower: Annotated[str, typer.Option("--to", help="The council that borrows (its code)")],
    keep_lender_secure: Annotated[bool, typer.Option(help="Never lend a worker whose team would then fail N-1")] = True,
    scenarios: Annotated[int, typer.Option(min=10, help="Monte Carlo scenarios for the risks before and after")] = 200,
) -> None:
    """Partnership what-if: which workers one council could lend another to make its teams N-1 secure,
    and what that costs the lender in risk."""
    from rich.console import Console
    from rich.table import Table

    from backend.region.councils import load
    from backend.region.forecast import partnership

    try:
        loan = partnership(load(folder), lender, borrower, keep_lender_secure=keep_lender_secure, scenarios=scenarios)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    b, lent = loan["borrower"], loan["lender"]
    table = Table(
        title=(
            f"{loan['lending_council']['name']} lends {loan['workers_lent']} workers "
            f"({', '.join(s.replace('_', ' ') for s in loan['skills']) or 'no particular skills'}) to {loan['borrowing_council']['name']}: "
            f"teams not N-1 secure {b['not_n1_secure_before']} -> {b['not_n1_secure_after']} of {b['teams']}"
        )
    )
    for column in ("Borrowing team", "Workers lent (from team)", "N-1 after", "Risk before", "Risk after"):
        table.add_column(column)
    for unit in b["helped"]:
        table.add_row(
            unit["unit"],
            ", ".join(f"{w['worker']} ({w['from_unit']}, {w['role'].replace('_', ' ')})" for w in unit["workers"]),
            "secure" if unit["n1_secure"] else "still fails",
            f"{unit['risk_before']:.0%}",
            f"{unit['risk_after']:.0%}",
        )
    console = Console(width=max(120, Console().width))
    console.print(table)
    for cost in lent["teams_lending"]:
        console.print(
            f"Lender's team {cost['unit']}: N-1 {'secure' if cost['n1_secure_after'] else 'fails'} "
            f"after lending; near-term risk {cost['risk_before']:.0%} -> {cost['risk_after']:.0%}"
        )
    if not b["helped"]:
        console.print("No worker the lender can spare makes any of the borrower's teams safer.")


def _publish(forecast: dict) -> None:
    from sqlmodel import Session

    from backend.cli import _ready_engine
    from backend.schemas.region import RegionForecastIn
    from backend.services.region import publish

    with Session(_ready_engine()) as session:
        publish(session, RegionForecastIn.model_validate(forecast), None)
    typer.echo("Published to the regional view (/region)")


def _bar(description: str):
    from backend.cli_output import progress_bar
    from contextlib import contextmanager

    @contextmanager
    def counting():
        with progress_bar(description) as show:
            yield lambda done, total, name: show(done / total, f"{description}: {done}/{total} ({name})")

    return counting()


def render_region(forecast: dict):
    from rich.table import Table

    summary = forecast["summary"]
    table = Table(
        title=(
            f"{summary['councils']} councils, {summary['workers']:,} workers: "
            f"{summary['teams_n1_secure_share']:.0%} of teams N-1 secure, "
            f"{summary['councils_at_high_risk']} councils at 40%+ near-term risk"
        )
    )
    for column in ("Council", "Condition", "Workers", "Stage", "Teams N-1 ok", "Load", "Risk (4 wk)"):
        table.add_column(column, no_wrap=column != "Council")
    for row in sorted(forecast["councils"], key=lambda c: (-c["near_term_risk"], c["code"])):
        table.add_row(
            f"{row['code']} {row['name']}",
            (row["condition"] or "").replace("_", " "),
            str(row["workers"]),
            (row["stage"] or "").replace("_", " "),
            f"{row['teams_n1_secure']}/{row['teams']}",
            f"{row['load_ratio']:.0%}" if row["load_ratio"] is not None else "-",
            f"{row['near_term_risk']:.0%}",
        )
    return table
