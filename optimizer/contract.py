"""The JSON snapshot of docs/design.md §8 -> frozen types, with stdlib-only validation.

Every error is a ``SnapshotError`` naming the JSON path of the offending field
(``families[3].points``) and saying what is wrong, so a CLI can print one line and exit 2.
Unknown extra fields are ignored (the contract welcomes more fields).
"""

from __future__ import annotations

import math
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any

from optimizer.types import (
    QUESTIONS,
    ROLES,
    SCALE,
    STATUSES,
    STATUTORY_STATUSES,
    UNIT_KINDS,
    Absence,
    Family,
    Settings,
    Snapshot,
    Unit,
    Worker,
)


class SnapshotError(ValueError):
    """A snapshot that breaks the contract; ``path`` is a JSON path such as ``workers[2].unit``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(
        self,
    ) -> tuple[
        type["SnapshotError"], tuple[str, str]
    ]:  # sent back whole from another process (backend/services/forecast_process.py)
        return type(self), (self.path, self.message)


_MISSING = object()


def _get(obj: dict[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    """The value at ``key`` (null stays null and fails the type check), else the default."""
    if key in obj:
        return obj[key]
    if default is _MISSING:
        raise SnapshotError(_join(path, key), "is required")
    return default


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SnapshotError(path or "$", "must be an object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise SnapshotError(path, "must be a list")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise SnapshotError(path, "must be a non-empty string")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise SnapshotError(path, "must be true or false")
    return value


def _number(value: Any, path: str, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SnapshotError(path, "must be a number")
    if value < minimum:
        raise SnapshotError(path, f"must be at least {minimum:g}, got {value:g}")
    return float(value)


def _integer(value: Any, path: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SnapshotError(path, "must be a whole number")
    if value < minimum:
        raise SnapshotError(path, f"must be at least {minimum}, got {value}")
    return value


def _points(value: Any, path: str) -> int:
    return round(_number(value, path) * SCALE)


def _date(value: Any, path: str) -> date:
    if not isinstance(value, str):
        raise SnapshotError(path, "must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SnapshotError(path, f"must be a date written YYYY-MM-DD, got {value!r}") from None


def _optional_date(obj: dict[str, Any], key: str, path: str) -> date | None:
    value = obj.get(key)
    return None if value is None else _date(value, _join(path, key))


def _strings(obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    items = _list(_get(obj, key, path, []), _join(path, key))
    return tuple(_text(item, f"{_join(path, key)}[{i}]") for i, item in enumerate(items))


def _choice(value: Any, path: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise SnapshotError(path, f"must be one of {', '.join(allowed)}; got {value!r}")
    return str(value)


def _unique_ids(items: list[dict[str, Any]], path: str) -> list[str]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        item_id = _text(_get(item, "id", f"{path}[{i}]"), f"{path}[{i}].id")
        if item_id in seen:
            raise SnapshotError(f"{path}[{i}].id", f"duplicate id {item_id!r} (also {path}[{seen[item_id]}])")
        seen[item_id] = i
    return list(seen)


def _known(value: str, path: str, ids: set[str], what: str) -> str:
    if value not in ids:
        raise SnapshotError(path, f"unknown {what} id {value!r}")
    return value


# ---------------------------------------------------------------------------------------------


def parse_settings(raw: Any) -> Settings:
    path = "settings"
    obj = _object(raw if raw is not None else {}, path)
    surge = _number(_get(obj, "surge_limit", path, 1.15), f"{path}.surge_limit", minimum=1.0)
    budget = obj.get("move_budget")
    time_limit = _number(_get(obj, "time_limit_s", path, 10), f"{path}.time_limit_s")
    if time_limit <= 0:
        raise SnapshotError(f"{path}.time_limit_s", "must be greater than 0")
    return Settings(
        surge_limit_pct=round(surge * 100),
        move_budget=None if budget is None else _integer(budget, f"{path}.move_budget"),
        cross_unit=_bool(_get(obj, "cross_unit", path, False), f"{path}.cross_unit"),
        time_limit_s=time_limit,
        seed=_integer(_get(obj, "seed", path, 0), f"{path}.seed"),
        num_workers=_integer(_get(obj, "num_workers", path, 2), f"{path}.num_workers", minimum=1),
        consultant_children_limit=_optional_limit(obj, "consultant_children_limit", path),
    )


def _optional_limit(obj: dict[str, Any], key: str, path: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    limit = _number(value, _join(path, key))
    if limit <= 0:
        raise SnapshotError(_join(path, key), "must be greater than 0 (or null for no limit)")
    return limit


def parse_units(raw: Any) -> tuple[Unit, ...]:
    items = _list(raw, "units")
    for i, item in enumerate(items):
        _object(item, f"units[{i}]")
    ids = set(_unique_ids(items, "units"))
    units = []
    for i, item in enumerate(items):
        path = f"units[{i}]"
        parent = item.get("parent")
        if parent is not None:
            _known(_text(parent, f"{path}.parent"), f"{path}.parent", ids, "unit")
        kind = _choice(_get(item, "kind", path, "team"), f"{path}.kind", UNIT_KINDS)
        holds = _bool(_get(item, "holds_families", path, False), f"{path}.holds_families")
        if holds and kind != "pod":
            raise SnapshotError(f"{path}.holds_families", f"only a pod may hold families; {item['id']!r} is a {kind}")
        units.append(Unit(id=item["id"], parent=parent, kind=kind, holds_families=holds))
    _check_no_cycle(units)
    return tuple(units)


def _check_no_cycle(units: list[Unit]) -> None:
    parent = {u.id: u.parent for u in units}
    for i, unit in enumerate(units):
        seen: set[str] = set()
        node: str | None = unit.id
        while node is not None:
            if node in seen:
                raise SnapshotError(f"units[{i}].parent", f"unit {unit.id!r} is its own ancestor")
            seen.add(node)
            node = parent[node]


def parse_worker(item: Any, path: str, unit_ids: set[str]) -> Worker:
    obj = _object(item, path)
    return Worker(
        id=obj["id"],
        unit=_known(_text(_get(obj, "unit", path), f"{path}.unit"), f"{path}.unit", unit_ids, "unit"),
        capacity=_points(_get(obj, "capacity", path), f"{path}.capacity"),
        skills=frozenset(_strings(obj, "skills", path)),
        available=_bool(_get(obj, "available", path, True), f"{path}.available"),
        role=_choice(_get(obj, "role", path, "social_worker"), f"{path}.role", ROLES),
        absent_until=_optional_date(obj, "absent_until", path),
        leaving_on=_optional_date(obj, "leaving_on", path),
        patch=None if obj.get("patch") is None else _text(obj["patch"], f"{path}.patch"),
    )


def _holding_pod(obj: dict[str, Any], path: str, unit_ids: set[str], holding: AbstractSet[str]) -> str | None:
    """The family's ``pod``: a pod that holds families, never beside a ``worker`` or ``cover``."""
    if obj.get("pod") is None:
        return None
    pod = _text(obj["pod"], f"{path}.pod")
    _known(pod, f"{path}.pod", unit_ids, "unit")
    if pod not in holding:
        raise SnapshotError(f"{path}.pod", f"{pod!r} does not hold families (a pod with holds_families: true does)")
    for key in ("worker", "cover"):
        if obj.get(key) is not None:
            raise SnapshotError(
                f"{path}.{key}", f"must be null when the family is held by pod {pod!r}: a family has one holder"
            )
    return pod


def parse_family(
    item: Any, path: str, unit_ids: set[str], worker_ids: set[str], holding: AbstractSet[str] = frozenset()
) -> Family:
    obj = _object(item, path)
    worker = obj.get("worker")
    if worker is not None:
        _known(_text(worker, f"{path}.worker"), f"{path}.worker", worker_ids, "worker")
    pod = _holding_pod(obj, path, unit_ids, holding)
    known_to = _strings(obj, "known_to", path)
    for j, known in enumerate(known_to):
        _known(known, f"{path}.known_to[{j}]", worker_ids, "worker")
    co_worker = obj.get("co_worker")
    if co_worker is not None:
        _known(_text(co_worker, f"{path}.co_worker"), f"{path}.co_worker", worker_ids, "worker")
    cover = obj.get("cover")
    if cover is not None:
        _known(_text(cover, f"{path}.cover"), f"{path}.cover", worker_ids, "worker")
    statuses = _strings(obj, "statuses", path)
    for j, status in enumerate(statuses):
        _choice(status, f"{path}.statuses[{j}]", STATUSES)
    flagged = _bool(_get(obj, "statutory", path, False), f"{path}.statutory")
    return Family(
        id=obj["id"],
        unit=_known(_text(_get(obj, "unit", path), f"{path}.unit"), f"{path}.unit", unit_ids, "unit"),
        points=_points(_get(obj, "points", path), f"{path}.points"),
        requires=frozenset(_strings(obj, "requires", path)),
        worker=worker,
        children=_integer(_get(obj, "children", path, 1), f"{path}.children"),
        known_to=known_to,
        statuses=statuses,
        statutory=flagged or bool(STATUTORY_STATUSES.intersection(statuses)),
        area=None if obj.get("area") is None else _text(obj["area"], f"{path}.area"),
        recently_moved=_bool(_get(obj, "recently_moved", path, False), f"{path}.recently_moved"),
        co_worker=co_worker,
        cover=cover,
        pod=pod,
        visit_due=_optional_date(obj, "visit_due", path),
    )


def parse_absence(raw: Any, worker_ids: set[str]) -> Absence:
    obj = _object(raw, "absence")
    worker = _known(_text(_get(obj, "worker", "absence"), "absence.worker"), "absence.worker", worker_ids, "worker")
    start = _date(_get(obj, "from", "absence"), "absence.from")
    end = _date(_get(obj, "to", "absence"), "absence.to")
    if end < start:
        raise SnapshotError("absence.to", f"ends ({end}) before it starts ({start})")
    return Absence(worker=worker, start=start, end=end)


def parse_snapshot(data: Any) -> Snapshot:
    """Validate a section-8 snapshot and return it as frozen types; raises ``SnapshotError``."""
    obj = _object(data, "")
    question = _choice(_get(obj, "question", ""), "question", QUESTIONS)
    as_of = _date(_get(obj, "as_of", ""), "as_of")
    settings = parse_settings(obj.get("settings"))
    units = parse_units(_get(obj, "units", ""))
    unit_ids = {u.id for u in units}
    raw_workers = _list(_get(obj, "workers", ""), "workers")
    for i, item in enumerate(raw_workers):
        _object(item, f"workers[{i}]")
    worker_ids = set(_unique_ids(raw_workers, "workers"))
    workers = tuple(parse_worker(w, f"workers[{i}]", unit_ids) for i, w in enumerate(raw_workers))
    holding = {u.id for u in units if u.holds_families}
    for i, unit in enumerate(units):
        if unit.id in holding and unit.id in worker_ids:
            raise SnapshotError(
                f"units[{i}].id", f"a pod that holds families may not share its id {unit.id!r} with a worker"
            )
    raw_families = _list(_get(obj, "families", ""), "families")
    for i, item in enumerate(raw_families):
        _object(item, f"families[{i}]")
    _unique_ids(raw_families, "families")
    families = tuple(
        parse_family(f, f"families[{i}]", unit_ids, worker_ids, holding) for i, f in enumerate(raw_families)
    )
    absence = None
    if obj.get("absence") is not None:
        absence = parse_absence(obj["absence"], worker_ids)
    elif question == "cover":
        raise SnapshotError("absence", "is required when question is cover")
    return Snapshot(question, as_of, settings, units, workers, families, absence)
