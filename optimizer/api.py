"""Entry points: ``solve(snapshot) -> Plan`` and ``solve_json(dict) -> dict``.

Questions dispatch through ``QUESTIONS``; a question not implemented yet (``resilience``, for now)
is refused with a ``SnapshotError`` on the ``question`` field, never a traceback.
"""

from __future__ import annotations

from typing import Any, Callable

from optimizer.contract import SnapshotError, parse_snapshot
from optimizer.cover import cover
from optimizer.plan_json import plan_to_dict
from optimizer.rebalance import rebalance
from optimizer.recommend import recommend
from optimizer.resilience import assess, assess_json, resilience_plan_to_dict
from optimizer.types import Plan, Snapshot

# question -> (solve, to_json); resilience registers here when it exists.
QUESTIONS: dict[str, tuple[Callable[[Snapshot], Any], Callable[[Any], dict]]] = {
    "recommend": (recommend, plan_to_dict),
    "rebalance": (rebalance, plan_to_dict),
    "cover": (cover, plan_to_dict),
    "resilience": (assess, resilience_plan_to_dict),
}


def _solver(question: str):
    if question not in QUESTIONS:
        raise SnapshotError("question", f"{question!r} is not implemented yet "
                                        f"(implemented: {', '.join(sorted(QUESTIONS))})")
    return QUESTIONS[question]


def solve(snapshot: Snapshot) -> Plan:
    """Answer the snapshot's question."""
    return _solver(snapshot.question)[0](snapshot)


def solve_json(data: dict) -> dict:
    """Validate a section-8 snapshot, answer it, return the plan as JSON-ready data.

    Raises ``SnapshotError`` (``.path``, ``.message``) when the snapshot breaks the contract.
    """
    snapshot = parse_snapshot(data)
    if snapshot.question == "resilience":  # also reads the snapshot's optional "resilience" object
        return assess_json(data)
    if snapshot.question == "secure":  # what it takes to be safe; reads the "resilience" object too
        from optimizer.resilience.secure import secure_json

        return secure_json(data)
    solve_fn, to_json = _solver(snapshot.question)
    return to_json(solve_fn(snapshot))
