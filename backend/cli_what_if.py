"""`keel what-if`: try a scenario on the local or --server council and print each touched unit's
figures before and after. Workers and units are given by their codes; nothing changes."""

from datetime import date
from typing import Annotated, Any

import typer

from backend.cli_output import fail


def scenario_of(lose: list[str], add: list[str], leaver: list[str], move: list[str],
                worker_id, unit_id) -> dict[str, Any]:
    """The API's WhatIfRequest from the command's codes (``worker_id``/``unit_id`` look a code up)."""
    added = []
    for item in add:
        unit, fte, role, *skills = (item.split(":") + ["", ""])[:4]
        added.append({"unit_id": unit_id(unit), "fte": float(fte or 1.0), "role": role or "social_worker",
                      "skills": [s for s in (skills[0] if skills else "").split("+") if s]})
    leavers = []
    for item in leaver:
        code, _, on = item.partition(":")
        try:
            leavers.append({"worker_id": worker_id(code), "on": date.fromisoformat(on).isoformat()})
        except ValueError:
            fail(f"--leaver {item!r}: give CODE:YYYY-MM-DD")
    moves = []
    for item in move:
        code, _, to = item.partition(":")
        moves.append({"worker_id": worker_id(code), "to_unit_id": unit_id(to)})
    return {"lose_worker_ids": [worker_id(code) for code in lose], "add": added,
            "leavers": leavers, "moves": moves}


def render(answer: dict[str, Any]):
    from rich.table import Table

    table = Table(title="What if: " + "; ".join(answer["changes"]))
    for column in ("Unit", "Figure", "Before", "After"):
        table.add_column(column)
    for unit in answer["units"]:
        before, after = unit["before"], unit["after"]
        rows = [("stage", before["stage"], after["stage"]),
                ("N-1 / N-2", _nk(before), _nk(after)),
                ("load", _pct(before["load_ratio"]), _pct(after["load_ratio"])),
                ("near-term risk", _pct(before["risk"]), _pct(after["risk"])),
                ("worst loss", _loss(before), _loss(after))]
        for i, (figure, was, now) in enumerate(rows):
            table.add_row(f"{unit['name']} ({unit['code']})" if i == 0 else "", figure, was, now)
    return table


def _nk(f: dict) -> str:
    return "N-2 ok" if f["n2_secure"] else "N-1 ok" if f["n1_secure"] else "N-1 fails"


def _pct(value) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _loss(f: dict) -> str:
    loss = f["worst_loss"]
    return "-" if not loss else f"{' and '.join(loss['workers'])}: {_pct(loss['max_load_ratio'])}"


def what_if_command(
    ctx: typer.Context,
    lose: Annotated[list[str], typer.Option(help="A worker's code: away throughout (repeatable)")] = [],  # noqa: B006
    add: Annotated[list[str], typer.Option(help="UNIT:FTE:ROLE:skill+skill, a worker who joins")] = [],  # noqa: B006
    leaver: Annotated[list[str], typer.Option(help="CODE:YYYY-MM-DD, their last day")] = [],  # noqa: B006
    move: Annotated[list[str], typer.Option(help="CODE:UNIT, joins that unit without families")] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON")] = False,
) -> None:
    """What if: lose workers, add one, a leaver, a move; each touched unit before and after."""
    import json

    from rich.console import Console

    answer = _remote(ctx, lose, add, leaver, move) if ctx.obj.server else _local(lose, add, leaver, move)
    if as_json:
        typer.echo(json.dumps(answer, indent=2))
    else:
        Console().print(render(answer))


def _local(lose, add, leaver, move) -> dict[str, Any]:
    from sqlalchemy import select
    from sqlmodel import Session

    from backend.cli import _ready_engine
    from backend.models import Unit, Worker
    from backend.schemas import WhatIfRequest
    from backend.services.what_if import ScenarioError, what_if

    with Session(_ready_engine()) as session:
        workers = {w.code.lower(): w.id for w in session.scalars(select(Worker))}
        units = {u.code.lower(): u.id for u in session.scalars(select(Unit))}
        request = scenario_of(lose, add, leaver, move, _finder(workers, "worker"), _finder(units, "unit"))
        try:
            return what_if(session, date.today(), WhatIfRequest.model_validate(request))
        except (ScenarioError, ValueError) as error:
            fail(f"{error}")


def _remote(ctx, lose, add, leaver, move) -> dict[str, Any]:
    from backend.cli_remote import signed_in

    with signed_in(ctx) as client:
        workers = {w.code.lower(): w.id for w in client.every(client.workers)}
        units = {u.code.lower(): u.id for u in client.every(client.units)}
        request = scenario_of(lose, add, leaver, move, _finder(workers, "worker"), _finder(units, "unit"))
        return client.what_if(request)


def _finder(ids: dict[str, int], what: str):
    def find(code: str) -> int:
        if code.strip().lower() not in ids:
            fail(f"no {what} {code!r}")
        return ids[code.strip().lower()]
    return find
