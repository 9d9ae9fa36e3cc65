"""Snapshot builders and an independent plan checker for the optimizer tests.

``check_plan`` re-derives every hard rule from the snapshot JSON and the plan JSON alone (it
imports nothing from the optimizer), so a test that uses it does not trust the solver's figures.
"""

from __future__ import annotations

import copy
from datetime import date

AS_OF = "2026-12-01"
UNITS = [{"id": "S0", "parent": None, "kind": "service"}, {"id": "T1", "parent": "S0", "kind": "team"}]


def worker(wid: str, capacity: float = 85.0, unit: str = "T1", **extra) -> dict:
    return {"id": wid, "unit": unit, "capacity": capacity, "skills": extra.pop("skills", []),
            "available": extra.pop("available", True), **extra}


def family(fid: str, points: float, worker_id: str | None = None, unit: str = "T1", **extra) -> dict:
    return {"id": fid, "unit": unit, "points": points, "requires": extra.pop("requires", []),
            "worker": worker_id, "children": extra.pop("children", 1),
            "known_to": extra.pop("known_to", []), **extra}


def snapshot(question: str, workers: list[dict], families: list[dict], units=None,
             absence: dict | None = None, **settings) -> dict:
    data = {
        "question": question,
        "as_of": AS_OF,
        "settings": {"surge_limit": 1.15, "move_budget": None, "cross_unit": False,
                     "time_limit_s": 5, "seed": 0, **settings},
        "units": copy.deepcopy(units if units is not None else UNITS),
        "workers": workers,
        "families": families,
    }
    if absence is not None:
        data["absence"] = absence
    return data


def after_mapping(snap: dict, plan: dict) -> dict[str, str | None]:
    """Family -> worker holding it after the plan (cover: the covering worker)."""
    mapping = {f["id"]: f["worker"] for f in snap["families"]}
    if plan["question"] == "cover":
        absent = snap["absence"]["worker"]
        mapping = {f: (None if w == absent else w) for f, w in mapping.items()}
    for a in plan["assignments"]:
        mapping[a["family"]] = a["worker"]
    return mapping


def loads(snap: dict, mapping: dict[str, str | None]) -> dict[str, float]:
    points = {f["id"]: f["points"] for f in snap["families"]}
    result = {w["id"]: 0.0 for w in snap["workers"]}
    for f, w in mapping.items():
        if w is not None:
            result[w] += points[f]
    return result


def _ancestors(units: list[dict], unit: str) -> list[str]:
    parent = {u["id"]: u["parent"] for u in units}
    line = []
    while unit is not None:
        line.append(unit)
        unit = parent[unit]
    return line


def _in_scope(snap: dict, fam: dict, wk: dict) -> bool:
    if snap["settings"].get("cross_unit"):
        return True
    kinds = {u["id"]: u.get("kind", "team") for u in snap["units"]}
    if fam["unit"] in _ancestors(snap["units"], wk["unit"]):
        return True
    line = _ancestors(snap["units"], fam["unit"])
    teams = [i for i, u in enumerate(line) if kinds[u] == "team"]
    upto = line[: teams[0] + 1] if teams else line[:1]
    return wk["unit"] in upto


def _available(snap: dict, wk: dict) -> bool:
    start = snap["as_of"]
    if snap["question"] == "cover":
        if wk["id"] == snap["absence"]["worker"]:
            return False
        start = snap["absence"]["from"]
    if wk.get("absent_until") and date.fromisoformat(wk["absent_until"]) >= date.fromisoformat(start):
        return False
    return wk.get("available", True) and not wk.get("leaving_on")


def _lead_ok(snap: dict, fam: dict, wk: dict) -> bool:
    if wk.get("role") not in ("asye", "family_support"):
        return True
    needs = {"child_protection", "court"} & set(fam.get("requires", [])) or "cp" in fam.get("statuses", [])
    if not needs:
        return True
    workers = {w["id"]: w for w in snap["workers"]}
    co = workers.get(fam.get("co_worker"))
    return co is not None and co["id"] != wk["id"] and co.get("role") not in ("asye", "family_support")


def check_plan(snap: dict, plan: dict) -> list[str]:
    """Every hard rule the plan breaks, as readable strings (empty: the plan is sound)."""
    broken = []
    workers = {w["id"]: w for w in snap["workers"]}
    families = {f["id"]: f for f in snap["families"]}
    before = {f["id"]: f["worker"] for f in snap["families"]}
    start = loads(snap, before)
    mapping = after_mapping(snap, plan)
    end = loads(snap, mapping)
    assigned = [a["family"] for a in plan["assignments"]]
    if len(assigned) != len(set(assigned)):
        broken.append("family_indivisible: a family has two assignments")
    unallocated = {u["family"] for u in plan["unallocated"]}
    gained = set()
    for fid, wid in mapping.items():
        fam = families[fid]
        if plan["question"] == "cover":
            needs = before[fid] == snap["absence"]["worker"]
        else:
            needs = True
        if wid is None:
            if needs and fid not in unallocated:
                broken.append(f"{fid} has no worker and is not listed as unallocated")
            if plan["question"] == "rebalance" and before[fid] is not None:
                broken.append(f"{fid} lost its worker")
            continue
        if plan["question"] == "recommend" and before[fid] is not None and wid != before[fid]:
            broken.append(f"recommend moved {fid}")
        if wid == before[fid]:
            continue
        gained.add(wid)
        wk = workers[wid]
        if not _in_scope(snap, fam, wk):
            broken.append(f"unit_scope: {fid} -> {wid}")
        if not set(fam.get("requires", [])) <= set(wk.get("skills", [])):
            broken.append(f"skills: {fid} -> {wid}")
        if not _lead_ok(snap, fam, wk):
            broken.append(f"lead_role: {fid} -> {wid}")
        if not _available(snap, wk):
            broken.append(f"available/not_leaving: {fid} -> {wid}")
    surge = snap["settings"].get("surge_limit", 1.15)
    for wid, wk in workers.items():
        cap = wk["capacity"] * surge + 1e-6
        if end[wid] > cap and not (start[wid] > cap and wid not in gained):
            broken.append(f"surge_limit: {wid} ends at {end[wid]} > {cap:.2f}")
    budget = snap["settings"].get("move_budget")
    moves = sum(1 for f, w in mapping.items() if before[f] is not None and w != before[f])
    if plan["question"] == "rebalance" and budget is not None and moves > budget:
        broken.append(f"move budget: {moves} > {budget}")
    return broken


def apply_plan(snap: dict, plan: dict) -> dict:
    """The snapshot after accepting a recommend or rebalance plan."""
    result = copy.deepcopy(snap)
    mapping = after_mapping(snap, plan)
    for fam in result["families"]:
        fam["worker"] = mapping[fam["id"]]
    return result


def moved(snap: dict, plan: dict) -> list[str]:
    before = {f["id"]: f["worker"] for f in snap["families"]}
    return [a["family"] for a in plan["assignments"] if before[a["family"]] is not None]
