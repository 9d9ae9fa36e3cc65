"""Structure what-if (issue 11), for senior leaders: a team or service as it is beside the same
people and families organised another way (its pods merged into one team allocating to workers, or
its case holders split into pods of a chosen size that hold families), each with its load, N-1 and
N-2, worst loss, bus factor, stage and collapse risk. The optimizer reorganises a copy of the
snapshot (``optimizer.resilience.structure.compare_structures``, through
services/planning/resilience.py); nothing in the data changes."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import Family, Unit, UnitKind, Worker
from backend.services.planning import resilience as planning
from backend.services.planning.names import named
from backend.services.planning.rows import snapshot_of
from backend.services.what_if import ScenarioError

MODE_WORDS = {
    "merge_pods": "its pods merged into one team allocating to workers",
    "split_into_pods": "its case holders in pods of {pod_size} that hold families",
}


def compare_structure(
    session: Session, on: date, unit_id: int, mode: str, pod_size: int | None = None
) -> dict[str, Any] | None:
    """The unit's figures as it is and reorganised, workers and units by name; None: no such unit."""
    units = {u.id: u for u in session.scalars(select(Unit))}
    unit = units.get(unit_id)
    if unit is None:
        return None
    if unit.kind == UnitKind.pod:
        raise ScenarioError(f"{unit.name} is a pod: compare the structure of its team or service")
    if mode == "split_into_pods" and pod_size is None:
        raise ScenarioError("Give pod_size, the members of each pod, to split into pods")
    below = _below(units, unit_id)
    if mode == "merge_pods" and not any(units[u].kind == UnitKind.pod for u in below):
        raise ScenarioError(f"{unit.name} has no pods to merge")
    snapshot = snapshot_of(session, on, "resilience", [unit_id])
    try:
        answer = planning.compare_structures(snapshot, unit.code, mode, pod_size)
    except ValueError as error:  # the contract's SnapshotError is a ValueError
        raise ScenarioError(str(error)) from error
    words = named(_names(session, units, below))
    as_is, reorganised = _renamed(answer["as_is"], words), _renamed(answer["reorganised"], words)
    return {
        "unit": {"id": unit.id, "code": unit.code, "name": unit.name},
        "mode": mode,
        "pod_size": pod_size,
        "as_is": as_is,
        "reorganised": reorganised,
        "sentences": _sentences(unit.name, MODE_WORDS[mode].format(pod_size=pod_size), as_is, reorganised),
    }


def _below(units: dict[int, Unit], unit_id: int) -> set[int]:
    found, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        found.add(current)
        todo += [u.id for u in units.values() if u.parent_id == current]
    return found


def _names(session: Session, units: dict[int, Unit], below: set[int]) -> dict[str, str]:
    """Codes the optimizer's figures may name, and the names a leader reads."""
    names = {u.code: u.name for u in units.values()}
    names |= {
        w.code: f"{w.name} ({w.code})" for w in session.scalars(select(Worker).where(col(Worker.unit_id).in_(below)))
    }
    names |= {f.code: f.name for f in session.scalars(select(Family).where(col(Family.unit_id).in_(below)))}
    return names


def _renamed(value: Any, words) -> Any:
    """Every string in the figures with codes replaced by names (keys and numbers left alone)."""
    if isinstance(value, str):
        return words(value)
    if isinstance(value, list):
        return [_renamed(item, words) for item in value]
    if isinstance(value, dict):
        return {key: _renamed(item, words) for key, item in value.items()}
    return value


def _secure(figures: dict) -> str:
    if figures["n2_secure"]:
        return "absorbs the loss of any two workers (N-2 secure)"
    if figures["n1_secure"]:
        return "absorbs the loss of any one worker (N-1 secure) but not of two"
    loss = figures.get("worst_loss") or {}
    who = " and ".join(loss.get("workers") or [])
    ratio = loss.get("max_load_ratio")
    return "fails N-1" + (f": losing {who} takes it to {round(100 * ratio)}%" if who and ratio is not None else "")


def _sentences(name: str, change: str, as_is: dict, reorganised: dict) -> list[str]:
    return [f"As it is, {name} {_secure(as_is)}.", f"With {change}, it {_secure(reorganised)}."]
