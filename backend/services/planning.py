"""The planning bridge's pure side: Keel's rows to the optimizer's snapshot (docs/design.md §6).

It imports no optimizer code: `build_snapshot` turns rows (model instances or dicts with the
models' attribute names) into the plan contract's snapshot (docs/design.md §8,
optimizer/schemas/snapshot.schema.json). Reading the rows from the database, asking the optimizer
and mapping plans back to rows live beside it, in services/planning_db.py (team plans) and
services/resilience.py (the forecast).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from backend.workload import WorkloadSettings, family_points, required_skills, row_value, worker_capacity

RECENTLY_MOVED_DAYS = 90


def _v(row: Any, name: str) -> Any:
    value = row_value(row, name)
    return getattr(value, "value", value)  # enum members -> their string


def is_open(family: Any, on: date) -> bool:
    """Received by `on` and not closed by then."""
    closed = _v(family, "closed_on")
    return _v(family, "received_on") <= on and (closed is None or closed > on)


def is_employed(worker: Any, on: date) -> bool:
    """Started by `on` and not yet gone (the leaving date is the last working day)."""
    leaving = _v(worker, "leaving_date")
    return _v(worker, "start_date") <= on and (leaving is None or leaving >= on)


def allocation_history(allocations: Iterable[Any], on: date) -> dict[int, list[Any]]:
    """Family id -> its allocation rows that started by `on`, oldest first (by start, then id)."""
    history = defaultdict(list)
    for row in allocations:
        if _v(row, "starts_on") <= on:
            history[_v(row, "family_id")].append(row)
    for rows in history.values():
        rows.sort(key=lambda r: (_v(r, "starts_on"), _v(r, "id") or 0))
    return history


def current_worker(rows: list[Any], kind: str, on: date) -> int | None:
    """The worker of the latest row of this kind (None if none, unallocated, or its end passed)."""
    latest = next((r for r in reversed(rows) if _v(r, "kind") == kind), None)
    if latest is None or (_v(latest, "ends_on") is not None and _v(latest, "ends_on") < on):
        return None
    return _v(latest, "worker_id")


def recently_moved(rows: list[Any], on: date, days: int = RECENTLY_MOVED_DAYS) -> bool:
    """The key worker changed from one worker to another within the last `days` days."""
    key_rows = [r for r in rows if _v(r, "kind") == "key"]
    if len(key_rows) < 2 or _v(key_rows[-1], "worker_id") is None:
        return False
    earlier = {_v(r, "worker_id") for r in key_rows[:-1]} - {None, _v(key_rows[-1], "worker_id")}
    return bool(earlier) and (on - _v(key_rows[-1], "starts_on")).days < days


def absent_until(absences: list[Any], on: date) -> date | None:
    """Last day of the absence running on `on`, following absences that join on to it."""
    end = None
    for row in sorted(absences, key=lambda a: _v(a, "start_date")):
        start = _v(row, "start_date")
        joins = end + timedelta(days=1) if end and end < date.max else end or on  # 9999-12-31 has no next day
        if start <= joins and _v(row, "end_date") >= (end or on):
            end = _v(row, "end_date")
    return end


def units_in_scope(units: list[Any], unit_ids: Iterable[int] | None) -> set[int]:
    """Unit ids in scope: the given units and everything below them (all units if none given)."""
    if unit_ids is None:
        return {_v(u, "id") for u in units}
    children = defaultdict(list)
    for unit in units:
        children[_v(unit, "parent_id")].append(_v(unit, "id"))
    scope, todo = set(), list(unit_ids)
    while todo:
        unit_id = todo.pop()
        if unit_id not in scope:
            scope.add(unit_id)
            todo += children[unit_id]
    return scope


def _snapshot_worker(worker, unit_code: dict, reductions: list, absences: list, as_of: date,
                     settings: WorkloadSettings) -> dict:
    away_until = absent_until(absences, as_of)
    leaving = _v(worker, "leaving_date")
    capacity = worker_capacity(_v(worker, "role"), _v(worker, "fte"), _v(worker, "start_date"), as_of,
                               reductions, settings)
    return {
        "id": _v(worker, "code"), "unit": unit_code[_v(worker, "unit_id")], "capacity": round(capacity, 2),
        "skills": sorted(_v(worker, "skills")), "available": is_employed(worker, as_of) and away_until is None,
        "role": _v(worker, "role"), "absent_until": away_until and away_until.isoformat(),
        "leaving_on": leaving and leaving.isoformat(), "patch": _v(worker, "patch"),
    }


def _snapshot_family(family, unit_code: dict, code: dict, rows: list, key: int | None, statuses: list,
                     as_of: date, settings: WorkloadSettings) -> dict:
    """`code` maps the ids of the workers in the snapshot to their codes; others are left out."""
    known = []
    for row in reversed(rows):
        worker_id = _v(row, "worker_id")
        if worker_id in code and worker_id != key and code[worker_id] not in known:
            known.append(code[worker_id])
    flags = list(_v(family, "flags"))
    return {
        "id": _v(family, "code"), "unit": unit_code[_v(family, "unit_id")],
        "points": round(family_points(statuses, flags, _v(family, "travel_band"), settings), 2),
        "requires": required_skills(statuses, flags), "worker": code.get(key),
        "children": len(statuses), "known_to": known, "statuses": list(statuses),
        "area": _v(family, "area"), "recently_moved": recently_moved(rows, as_of),
        "co_worker": code.get(current_worker(rows, "co_work", as_of)),
    }


def build_snapshot(*, question: str, as_of: date, units, workers, reductions, families, children,
                   allocations, absences, settings: WorkloadSettings, cross_unit: bool = False,
                   time_limit_s: float = 10, seed: int = 0, absence=None, unit_ids=None,
                   move_budget: int | None = None) -> dict:
    """A plan-contract snapshot of the rows on `as_of`.

    Families: open on `as_of`, in scope (`unit_ids` and the units below; all if None). Workers:
    every case holder in scope employed on `as_of` (team managers hold no cases and are left out),
    plus any worker outside that set who is a current key worker of a family in the snapshot, so
    every reference resolves. `known_to` and `co_worker` keep only workers in the snapshot.
    `absence` is an Absence row (worker_id, start_date, end_date) for the `cover` question.
    """
    units, workers = list(units), list(workers)
    unit_by_id = {_v(u, "id"): u for u in units}
    worker_by_id = {_v(w, "id"): w for w in workers}
    scope = units_in_scope(units, unit_ids)
    history = allocation_history(allocations, as_of)
    statuses = defaultdict(list)
    for child in children:
        statuses[_v(child, "family_id")].append(_v(child, "status"))

    open_families = [f for f in families if _v(f, "unit_id") in scope and is_open(f, as_of)]
    key_of = {_v(f, "id"): current_worker(history[_v(f, "id")], "key", as_of) for f in open_families}
    included = {_v(w, "id") for w in workers
                if _v(w, "unit_id") in scope and _v(w, "role") != "team_manager" and is_employed(w, as_of)}
    included |= {w for w in key_of.values() if w is not None}
    shown_units = scope | {_v(worker_by_id[w], "unit_id") for w in included}

    reductions_of, absences_of = defaultdict(list), defaultdict(list)
    for row in reductions:
        reductions_of[_v(row, "worker_id")].append(row)
    for row in absences:
        absences_of[_v(row, "worker_id")].append(row)
    code = {w: _v(worker_by_id[w], "code") for w in included}
    unit_code = {unit_id: _v(unit, "code") for unit_id, unit in unit_by_id.items()}

    snapshot_workers = [
        _snapshot_worker(w, unit_code, reductions_of[_v(w, "id")], absences_of[_v(w, "id")], as_of, settings)
        for w in workers if _v(w, "id") in included
    ]
    snapshot_families = [
        _snapshot_family(f, unit_code, code, history[_v(f, "id")], key_of[_v(f, "id")],
                         statuses[_v(f, "id")], as_of, settings)
        for f in open_families
    ]
    snapshot = {
        "question": question, "as_of": as_of.isoformat(),
        "settings": {"surge_limit": settings.surge_limit, "move_budget": move_budget,
                     "cross_unit": cross_unit, "time_limit_s": time_limit_s, "seed": seed},
        "units": [{"id": _v(u, "code"), "kind": _v(u, "kind"),
                   "parent": unit_code[_v(u, "parent_id")] if _v(u, "parent_id") in shown_units else None}
                  for u in units if _v(u, "id") in shown_units],
        "workers": snapshot_workers, "families": snapshot_families,
    }
    if absence is not None:
        snapshot["absence"] = {"worker": _v(worker_by_id[_v(absence, "worker_id")], "code"),
                               "from": _v(absence, "start_date").isoformat(),
                               "to": _v(absence, "end_date").isoformat()}
    return snapshot
