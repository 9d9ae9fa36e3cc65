"""The planning bridge's pure part: `build_snapshot` turns rows (model instances or dicts with the
models' attribute names) into the plan contract's snapshot (docs/design.md §8,
optimizer/schemas/snapshot.schema.json). Reading the rows (rows.py) and mapping plans back to rows
(plans.py) live beside it, not in it.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from backend.holding import Holding, allocation_history, holding_on, recently_moved, units_in_scope, value
from backend.visits import next_visit_due
from backend.workload import WorkloadSettings, required_skills


def _v(row: Any, name: str) -> Any:
    return value(row, name)


def _snapshot_worker(worker, unit_code: dict, state: Holding) -> dict:
    worker_id, leaving = _v(worker, "id"), _v(worker, "leaving_date")
    away = state.away.get(worker_id)
    return {
        "id": _v(worker, "code"),
        "unit": unit_code[_v(worker, "unit_id")],
        "capacity": round(state.capacity[worker_id], 2),
        "skills": sorted(_v(worker, "skills")),
        "available": state.is_present(worker_id),
        "role": _v(worker, "role"),
        "absent_until": away and away.until.isoformat(),
        "leaving_on": leaving and leaving.isoformat(),
        "patch": _v(worker, "patch"),
    }


def _snapshot_unit(unit, unit_code: dict, shown_units: set, state: Holding) -> dict:
    parent = _v(unit, "parent_id")
    found = {
        "id": _v(unit, "code"),
        "kind": _v(unit, "kind"),
        "parent": unit_code[parent] if parent in shown_units else None,
    }
    if _v(unit, "id") in state.pods:
        found["holds_families"] = True
    return found


def _visit_due(family: Any, statuses: list[str], settings: WorkloadSettings) -> str | None:
    """The next statutory visit's date (rows without `last_visit_on`, as older scripts pass, have
    no visit recorded). A database row is a Mapping but not a dict: it has the column."""
    last = family.get("last_visit_on") if isinstance(family, Mapping) else getattr(family, "last_visit_on", None)
    due = next_visit_due(statuses, last, _v(family, "received_on"), settings)
    return None if due is None else due.isoformat()


def _snapshot_family(family, unit_code: dict, code: dict, rows: list, state: Holding) -> dict:
    """`code` maps the ids of the workers in the snapshot to their codes; others are left out."""
    family_id = _v(family, "id")
    key = state.key_worker[family_id]
    known = []
    for row in reversed(rows):
        worker_id = _v(row, "worker_id")
        if worker_id in code and worker_id != key and code[worker_id] not in known:
            known.append(code[worker_id])
    statuses = state.statuses.get(family_id, [])
    found = {
        "id": _v(family, "code"),
        "unit": unit_code[_v(family, "unit_id")],
        "points": round(state.points[family_id], 2),
        "requires": required_skills(statuses, _v(family, "flags")),
        "worker": code.get(key),
        "children": len(statuses),
        "known_to": known,
        "statuses": list(statuses),
        "area": _v(family, "area"),
        "recently_moved": recently_moved(rows, state.on),
        "co_worker": code.get(state.co_worker.get(family_id)),
    }
    visit_due = _visit_due(family, list(statuses), state.settings)
    if visit_due is not None:
        found["visit_due"] = visit_due
    if family_id in state.cover_worker:
        found["cover"] = code[state.cover_worker[family_id]]
    if family_id in state.key_pod:
        found["pod"] = unit_code[state.key_pod[family_id]]
    return found


def build_snapshot(
    *,
    question: str,
    as_of: date,
    units,
    workers,
    reductions,
    families,
    children,
    allocations,
    absences,
    settings: WorkloadSettings,
    cross_unit: bool = False,
    time_limit_s: float = 10,
    seed: int = 0,
    absence=None,
    unit_ids=None,
    move_budget: int | None = None,
) -> dict:
    """A plan-contract snapshot of the rows on `as_of`, by the rules of backend/holding.py.

    Families: open on `as_of`, in scope (`unit_ids` and the units below; all if None). Workers:
    every case holder in scope employed on `as_of` (team managers hold no cases and are left out),
    plus any worker outside that set who is a current key or cover worker of a family in the
    snapshot, so every reference resolves. `known_to` and `co_worker` keep only workers in the
    snapshot; `cover` names the worker covering the family (who carries its points meanwhile).
    Pods that hold families (backend/holding.py) are `holds_families`, a family they hold names its
    `pod` (and no worker), and `settings.consultant_children_limit` is the weighting setting (given
    when a pod in the snapshot holds families).
    `absence` is an Absence row (worker_id, start_date, end_date) for the `cover` question.
    """
    units, workers = list(units), list(workers)
    unit_by_id = {_v(u, "id"): u for u in units}
    worker_by_id = {_v(w, "id"): w for w in workers}
    scope = units_in_scope(units, unit_ids)
    families = [f for f in families if _v(f, "unit_id") in scope]
    state = holding_on(
        as_of,
        settings=settings,
        workers=workers,
        families=families,
        children=children,
        allocations=allocations,
        absences=absences,
        reductions=reductions,
        units=units,
    )
    history = allocation_history(allocations, as_of)
    open_families = [f for f in families if _v(f, "id") in state.open_families]
    included = {w for w in state.case_holders if _v(worker_by_id[w], "unit_id") in scope}
    included |= {w for w in state.key_worker.values() if w is not None} | set(state.cover_worker.values())
    shown_units = scope | {_v(worker_by_id[w], "unit_id") for w in included} | set(state.key_pod.values())
    code = {w: _v(worker_by_id[w], "code") for w in included}
    unit_code = {unit_id: _v(unit, "code") for unit_id, unit in unit_by_id.items()}

    snapshot: dict[str, Any] = {
        "question": question,
        "as_of": as_of.isoformat(),
        "settings": {
            "surge_limit": settings.surge_limit,
            "move_budget": move_budget,
            "cross_unit": cross_unit,
            "time_limit_s": time_limit_s,
            "seed": seed,
        },
        "units": [_snapshot_unit(u, unit_code, shown_units, state) for u in units if _v(u, "id") in shown_units],
        "workers": [_snapshot_worker(w, unit_code, state) for w in workers if _v(w, "id") in included],
        "families": [_snapshot_family(f, unit_code, code, history[_v(f, "id")], state) for f in open_families],
    }
    if any(unit.get("holds_families") for unit in snapshot["units"]):  # a snapshot without pods is as before
        snapshot["settings"]["consultant_children_limit"] = settings.consultant_children_limit
    if absence is not None:
        snapshot["absence"] = {
            "worker": _v(worker_by_id[_v(absence, "worker_id")], "code"),
            "from": _v(absence, "start_date").isoformat(),
            "to": _v(absence, "end_date").isoformat(),
        }
    return snapshot
