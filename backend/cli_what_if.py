"""`keel what-if`: try a scenario on the local or --server council and print each touched unit's
figures before and after, or (`--merge-pods`, `--split-into-pods`) a team or service as it is beside
the same people organised another way. Workers and units are given by their codes; nothing changes."""

from datetime import date
from typing import Annotated, Any

import typer

from backend.cli_output import fail


def scenario_of(
    lose: list[str], add: list[str], leaver: list[str], move: list[str], worker_id, unit_id
) -> dict[str, Any]:
    """The API's WhatIfRequest from the command's codes (``worker_id``/``unit_id`` look a code up)."""
    added = []
    for item in add:
        unit, fte, role, *skills = (item.split(":") + ["", ""])[:4]
        added.append(
            {
                "unit_id": unit_id(unit),
                "fte": float(fte or 1.0),
                "role": role or "social_worker",
                "skills": [s for s in (skills[0] if skills else "").split("+") if s],
            }
        )
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
    return {"lose_worker_ids": [worker_id(code) for code in lose], "add": added, "leavers": leavers, "moves": moves}


def render(answer: dict[str, Any]):
    from rich.table import Table

    table = Table(title="What if: " + "; ".join(answer["changes"]))
    for column in ("Unit", "Figure", "Before", "After"):
        table.add_column(column)
    for unit in answer["units"]:
        before, after = unit["before"], unit["after"]
        rows = [
            ("stage", before["stage"], after["stage"]),
            ("N-1 / N-2", _nk(before), _nk(after)),
            ("load", _pct(before["load_ratio"]), _pct(after["load_ratio"])),
            ("near-term risk", _pct(before["risk"]), _pct(after["risk"])),
            ("worst loss", _loss(before), _loss(after)),
        ]
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
    merge_pods: Annotated[
        str | None, typer.Option(help="UNIT: its pods merged into one team allocating to workers")
    ] = None,
    split_into_pods: Annotated[str | None, typer.Option(help="UNIT:SIZE: its case holders in pods of SIZE")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON")] = False,
) -> None:
    """What if: lose workers, add one, a leaver, a move; each touched unit before and after. Or
    another structure: a unit as it is beside its pods merged, or split into pods."""
    import json

    from rich.console import Console

    structure = _structure(merge_pods, split_into_pods)
    if structure and (lose or add or leaver or move):
        fail("try a structure (--merge-pods, --split-into-pods) on its own, without --lose, --add, --leaver or --move")
    if structure:
        answer = _remote_structure(ctx, *structure) if ctx.obj.server else _local_structure(*structure)
    else:
        answer = _remote(ctx, lose, add, leaver, move) if ctx.obj.server else _local(lose, add, leaver, move)
    if as_json:
        typer.echo(json.dumps(answer, indent=2))
    else:
        Console().print(render_structure(answer) if structure else render(answer))


def _structure(merge_pods: str | None, split_into_pods: str | None) -> tuple[str, str, int | None] | None:
    """(unit code, mode, pod size) from the options, or None when no structure is asked for."""
    if merge_pods and split_into_pods:
        fail("give --merge-pods or --split-into-pods, not both")
    if merge_pods:
        return merge_pods, "merge_pods", None
    if split_into_pods:
        code, _, size = split_into_pods.partition(":")
        if not size.isdigit() or int(size) < 2:
            fail(f"--split-into-pods {split_into_pods!r}: give UNIT:SIZE, a pod size of at least 2")
        return code, "split_into_pods", int(size)
    return None


def render_structure(answer: dict[str, Any]):
    from rich.table import Table

    table = Table(title=" ".join(answer["sentences"]))
    for column in ("Figure", "As it is", "Reorganised"):
        table.add_column(column)
    was, now = answer["as_is"], answer["reorganised"]
    table.add_row("stage", str(was.get("stage")), str(now.get("stage")))
    table.add_row("N-1 / N-2", _nk(was), _nk(now))
    table.add_row("load", _pct(was.get("load_ratio")), _pct(now.get("load_ratio")))
    table.add_row("worst loss", _loss(was), _loss(now))
    table.add_row(
        "families known to one worker", _pct(was.get("bus_factor_one_share")), _pct(now.get("bus_factor_one_share"))
    )
    table.add_row("collapse risk (near term)", _pct(was.get("collapse_risk")), _pct(now.get("collapse_risk")))
    return table


def _local_structure(code: str, mode: str, pod_size: int | None) -> dict[str, Any]:
    from sqlalchemy import select
    from sqlmodel import Session

    from backend.cli import _ready_engine
    from backend.models import Unit
    from backend.services.structure_what_if import compare_structure
    from backend.services.what_if import ScenarioError

    with Session(_ready_engine()) as session:
        units = {u.code.lower(): u.id for u in session.scalars(select(Unit))}
        try:
            comparison = compare_structure(session, date.today(), _finder(units, "unit")(code), mode, pod_size)
        except ScenarioError as error:
            fail(f"{error}")
    if comparison is None:  # the finder refuses a code no unit has, so this is a unit gone since
        fail(f"no unit {code!r}")
    return comparison


def _remote_structure(ctx, code: str, mode: str, pod_size: int | None) -> dict[str, Any]:
    from backend.cli_remote import signed_in

    with signed_in(ctx) as client:
        units = {u.code.lower(): u.id for u in client.every(client.units)}
        return client.compare_structure(_finder(units, "unit")(code), mode, pod_size)


def _local(lose, add, leaver, move) -> dict[str, Any]:
    from sqlalchemy import select
    from sqlmodel import Session

    from backend.cli import _ready_engine
    from backend.models import Unit, Worker
    from backend.schemas.resilience import WhatIfRequest
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
