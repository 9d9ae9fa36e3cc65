"""Entry points: ``solve(snapshot) -> Plan`` and ``solve_json(dict) -> dict``.

Questions dispatch through ``QUESTIONS`` (question -> module of its solver and its JSON form), and
a question's modules are imported when it is asked, so a recommend never loads the resilience
code; a question not implemented is refused with a ``SnapshotError`` on the ``question`` field.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable, cast

from optimizer.contract import SnapshotError, parse_snapshot
from optimizer.types import Plan, Snapshot

# question -> ("module:solve function", "module:to-JSON function")
QUESTIONS: dict[str, tuple[str, str]] = {
    "recommend": ("optimizer.recommend:recommend", "optimizer.plan_json:plan_to_dict"),
    "rebalance": ("optimizer.rebalance:rebalance", "optimizer.plan_json:plan_to_dict"),
    "cover": ("optimizer.cover:cover", "optimizer.plan_json:plan_to_dict"),
    "resilience": ("optimizer.resilience:assess", "optimizer.resilience:resilience_plan_to_dict"),
}


def _load(path: str) -> Callable[..., Any]:
    module, name = path.split(":")
    return cast(Callable[..., Any], getattr(import_module(module), name))


def _solver(question: str) -> tuple[Callable[[Snapshot], Any], Callable[[Any], dict[str, Any]]]:
    if question not in QUESTIONS:
        raise SnapshotError(
            "question", f"{question!r} is not implemented yet (implemented: {', '.join(sorted(QUESTIONS))})"
        )
    solve_path, json_path = QUESTIONS[question]
    return _load(solve_path), _load(json_path)


def solve(snapshot: Snapshot) -> Plan:
    """Answer the snapshot's question."""
    return cast(Plan, _solver(snapshot.question)[0](snapshot))


def solve_json(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a section-8 snapshot, answer it, return the plan as JSON-ready data.

    Raises ``SnapshotError`` (``.path``, ``.message``) when the snapshot breaks the contract.
    """
    snapshot = parse_snapshot(data)
    if snapshot.question == "resilience":  # also reads the snapshot's optional "resilience" object
        return cast(dict[str, Any], _load("optimizer.resilience:assess_json")(data))
    if snapshot.question == "secure":  # what it takes to be safe; reads the "resilience" object too
        return cast(dict[str, Any], _load("optimizer.resilience.secure:secure_json")(data))
    solve_fn, to_json = _solver(snapshot.question)
    return to_json(solve_fn(snapshot))
