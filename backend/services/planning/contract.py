"""The JSON plan contract (docs/design.md §8): validate a snapshot against the published JSON Schema,
then hand it to the optimizer. Used by `keel solve` with a server (`keel solve` alone runs the
optimizer's own command, planning/command.py)."""

import json
from functools import lru_cache
from typing import Any
from importlib import resources

from jsonschema import Draft202012Validator


class ContractError(ValueError):
    """A snapshot that breaks the contract; the message names the field."""


@lru_cache
def _validator() -> Draft202012Validator:
    schema = json.loads(resources.files("optimizer").joinpath("schemas/snapshot.schema.json").read_text())
    return Draft202012Validator(schema)


def _path(error) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(snapshot)"


def validate_snapshot(data: object) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ContractError(f"{_path(first)}: {first.message}{more}")


def solve_checked(data: object) -> dict[str, Any]:
    """A snapshot from outside (a file, a request): checked against the published schema, then solved."""
    from optimizer.api import solve_json
    from optimizer.contract import SnapshotError

    validate_snapshot(data)
    if not isinstance(data, dict):  # the schema's top level is an object: never so once it passed
        raise ContractError("(snapshot): must be an object")
    try:
        return solve_json(data)
    except SnapshotError as exc:
        raise ContractError(f"{exc.path}: {exc.message}") from exc
