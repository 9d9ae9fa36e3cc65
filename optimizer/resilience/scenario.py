"""What-if (docs/design.md §4): a snapshot changed before the resilience question is asked. Nothing
in the data changes; the answer is each touched unit's figures before and after.

A scenario (plan-contract ids, all parts optional)::

    {"lose":    ["W1"],                                  # away throughout the horizon
     "add":     [{"id": "NEW1", "unit": "T1", "capacity": 85, "skills": ["child_protection"],
                  "role": "social_worker"}],            # a worker joins (capacity in points)
     "leavers": [{"worker": "W2", "on": "2027-01-15"}], # leaves after that day
     "moves":   [{"worker": "W3", "to": "T2"}]}         # joins T2 with no families

A moved worker's families stay with their unit and are handed on as the forecast allocates work:
each, largest first, to the colleague allowed to take it with the lowest load ratio within the
surge limit; those nobody can take are left unallocated. Errors are ``SnapshotError`` naming the
JSON path.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import TYPE_CHECKING, Any

from optimizer.contract import SnapshotError, _date, _get, _list, _object, _text, parse_snapshot
from optimizer.resilience.scope import descendants
from optimizer.rules import qualified_for

if TYPE_CHECKING:
    from optimizer.resilience.unit_cache import UnitCache

PATH = "scenario"


def apply_scenario(data: dict[str, Any], scenario: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The changed snapshot and the changes in words."""
    scenario = _object(scenario, PATH)
    changed = copy.deepcopy(data)
    workers = {w["id"]: w for w in changed["workers"]}
    units = {u["id"] for u in changed["units"]}
    words: list[str] = []
    for i, worker_id in enumerate(_list(_get(scenario, "lose", PATH, []), f"{PATH}.lose")):
        worker = _worker(workers, worker_id, f"{PATH}.lose[{i}]")
        worker["available"], worker["absent_until"] = False, None
        words.append(f"{worker_id} away throughout")
    for i, item in enumerate(_list(_get(scenario, "leavers", PATH, []), f"{PATH}.leavers")):
        here = f"{PATH}.leavers[{i}]"
        item = _object(item, here)
        worker = _worker(workers, _get(item, "worker", here), f"{here}.worker")
        on = _date(_get(item, "on", here), f"{here}.on")
        worker["leaving_on"] = on.isoformat()
        words.append(f"{worker['id']} leaves after {on.isoformat()}")
    moved = []
    for i, item in enumerate(_list(_get(scenario, "moves", PATH, []), f"{PATH}.moves")):
        here = f"{PATH}.moves[{i}]"
        item = _object(item, here)
        worker = _worker(workers, _get(item, "worker", here), f"{here}.worker")
        to = _text(_get(item, "to", here), f"{here}.to")
        if to not in units:
            raise SnapshotError(f"{here}.to", f"unknown unit id {to!r}")
        moved.append(worker["id"])
        words.append(f"{worker['id']} moves from {worker['unit']} to {to}")
        worker["unit"] = to
    for i, item in enumerate(_list(_get(scenario, "add", PATH, []), f"{PATH}.add")):
        here = f"{PATH}.add[{i}]"
        item = dict(_object(item, here))
        new_id = _text(_get(item, "id", here), f"{here}.id")
        if new_id in workers:
            raise SnapshotError(f"{here}.id", f"worker id {new_id!r} is already in the snapshot")
        if _get(item, "unit", here) not in units:
            raise SnapshotError(f"{here}.unit", f"unknown unit id {item['unit']!r}")
        workers[new_id] = item
        changed["workers"].append(item)
        words.append(f"{new_id} joins {item['unit']} ({item.get('capacity')} points)")
    _hand_on(changed, moved)
    parse_snapshot(changed)  # the changed snapshot is a valid one (an added worker's fields too)
    return changed, words


def _worker(workers: dict[str, Any], worker_id: object, path: str) -> dict[str, Any]:
    if not isinstance(worker_id, str) or worker_id not in workers:
        raise SnapshotError(path, f"unknown worker id {worker_id!r}")
    found: dict[str, Any] = workers[worker_id]
    return found


def _hand_on(changed: dict[str, Any], moved: list[str]) -> None:
    if not moved:
        return
    families = [f for f in changed["families"] if f.get("worker") in moved]
    for family in families:
        family["worker"] = None
    snapshot = parse_snapshot(changed)
    by_id = {w.id: w for w in snapshot.workers}
    inside = descendants(snapshot)
    load: dict[str, int] = {w.id: 0 for w in snapshot.workers}
    for f in snapshot.families:
        if f.worker:
            load[f.worker] += f.points
    parsed = {f.id: f for f in snapshot.families}
    pct = snapshot.settings.surge_limit_pct
    for family in sorted(families, key=lambda f: -parsed[f["id"]].points):
        f = parsed[family["id"]]
        team = [
            w
            for w in snapshot.workers
            if w.unit in inside[f.unit]
            and w.id not in moved
            and w.capacity > 0
            and w.available
            and w.leaving_on is None
            and qualified_for(f, w, by_id)
        ]
        fits = [w for w in team if load[w.id] + f.points <= w.capacity * pct // 100]
        if fits:
            best = min(fits, key=lambda w: ((load[w.id] + f.points) / w.capacity, w.id))
            family["worker"] = best.id
            load[best.id] += f.points


def touched_units(data: dict[str, Any], scenario: dict[str, Any]) -> set[str]:
    """The units a scenario changes (the workers' units before and after), with those above them."""
    units = {u["id"]: u.get("parent") for u in data["units"]}
    workers = {w["id"]: w["unit"] for w in data["workers"]}
    found = {workers.get(w) for w in scenario.get("lose", [])}
    found |= {workers.get(item.get("worker")) for item in scenario.get("leavers", [])}
    for item in scenario.get("moves", []):
        found |= {workers.get(item.get("worker")), item.get("to")}
    found |= {item.get("unit") for item in scenario.get("add", [])}
    above = set()
    for unit in found - {None}:
        while unit is not None and unit in units:
            above.add(unit)
            unit = units[unit]
    return above


def summary(unit: dict[str, Any], risk_weeks: int = 4) -> dict[str, Any]:
    """The figures a leader compares before and after."""
    weeks = unit["risk_by_week"]
    near = max(weeks[:risk_weeks], key=lambda w: w["risk"], default=None)
    worst = unit.get("worst_loss") or {}
    return {
        "stage": unit["stage"],
        "n1_secure": unit["n1_secure"],
        "n2_secure": unit["n2_secure"],
        "load_ratio": unit.get("load_ratio"),
        "worst_loss": {"workers": worst.get("workers", []), "max_load_ratio": worst.get("max_load_ratio")}
        if worst
        else None,
        "risk": near["risk"] if near else 0.0,
        "risk_week": near["week"] if near else None,
        "backlog": weeks[0]["backlog"] if weeks else 0.0,
        "stage_reasons": unit.get("stage_reasons", [])[:3],
    }


def what_if(
    data: dict[str, Any], scenario: dict[str, Any], *, cache: UnitCache | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """Each touched unit's figures before and after the scenario (``cache``: a ``UnitCache``, so
    that only the changed units are worked out again)."""
    from optimizer.resilience.assess import assess_json

    changed, words = apply_scenario(data, scenario)
    before = {u["id"]: u for u in assess_json(data, cache=cache)["units"]}
    after = {u["id"]: u for u in assess_json(changed, cache=cache)["units"]}
    touched = touched_units(data, scenario)
    return {
        "question": "what_if",
        "changes": words,
        "units": [
            {"id": unit_id, "before": summary(before[unit_id]), "after": summary(after[unit_id])}
            for unit_id in (u["id"] for u in data["units"])
            if unit_id in touched and unit_id in before and unit_id in after
        ],
    }
