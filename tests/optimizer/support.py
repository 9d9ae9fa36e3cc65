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
    return {
        "id": wid,
        "unit": unit,
        "capacity": capacity,
        "skills": extra.pop("skills", []),
        "available": extra.pop("available", True),
        **extra,
    }


def family(fid: str, points: float, worker_id: str | None = None, unit: str = "T1", **extra) -> dict:
    return {
        "id": fid,
        "unit": unit,
        "points": points,
        "requires": extra.pop("requires", []),
        "worker": worker_id,
        "children": extra.pop("children", 1),
        "known_to": extra.pop("known_to", []),
        **extra,
    }


def snapshot(
    question: str, workers: list[dict], families: list[dict], units=None, absence: dict | None = None, **settings
) -> dict:
    data = {
        "question": question,
        "as_of": AS_OF,
        "settings": {
            "surge_limit": 1.15,
            "move_budget": None,
            "cross_unit": False,
            "time_limit_s": 5,
            "seed": 0,
            **settings,
        },
        "units": copy.deepcopy(units if units is not None else UNITS),
        "workers": workers,
        "families": families,
    }
    if absence is not None:
        data["absence"] = absence
    return data


def holding_pods(snap: dict) -> dict[str, dict]:
    """Each pod that holds families, as a holder: present members' capacity, the skills of present
    members who can lead, its present consultants and the children they may be accountable for."""
    start = snap["absence"]["from"] if snap["question"] == "cover" else snap["as_of"]
    pods = {}
    for unit in snap["units"]:
        if not unit.get("holds_families"):
            continue
        members = [w for w in snap["workers"] if w["unit"] == unit["id"]]
        here = [w for w in members if _present(snap, w, start)]
        consultants = [w["id"] for w in here if w.get("role") == "consultant"]
        limit = snap["settings"].get("consultant_children_limit")
        pods[unit["id"]] = {
            "id": unit["id"],
            "unit": unit["id"],
            "team": unit["parent"],
            "role": "pod",
            "capacity": sum(w["capacity"] for w in here),
            "skills": sorted(
                {
                    s
                    for w in here
                    if w.get("role") not in ("family_support", "team_manager")
                    for s in w.get("skills", [])
                }
            ),
            "qualified_skills": sorted(
                {
                    s
                    for w in here
                    if w.get("role") not in ("asye", "family_support", "team_manager")
                    for s in w.get("skills", [])
                }
            ),
            "members": [w["id"] for w in members],
            "consultants": consultants,
            "children_limit": None if limit is None else int(limit * len(consultants) + 1e-9),
        }
    return pods


def _present(snap: dict, wk: dict, start: str) -> bool:
    if snap["question"] == "cover" and wk["id"] == snap["absence"]["worker"]:
        return False
    if wk.get("absent_until") and wk["absent_until"] >= start:
        return False
    if wk.get("leaving_on") and wk["leaving_on"] < snap["as_of"]:
        return False
    return wk.get("available", True)


def holder_before(fam: dict) -> str | None:
    return fam.get("pod") or fam.get("worker")


def after_mapping(snap: dict, plan: dict) -> dict[str, str | None]:
    """Family -> holder (worker, or pod id) after the plan (cover: the covering holder)."""
    mapping = {f["id"]: holder_before(f) for f in snap["families"]}
    if plan["question"] == "cover":
        absent = snap["absence"]["worker"]
        mapping = {f: (None if w == absent else w) for f, w in mapping.items()}
    for a in plan["assignments"]:
        mapping[a["family"]] = a.get("pod") or a["worker"]
    return mapping


def loads(snap: dict, mapping: dict[str, str | None]) -> dict[str, float]:
    points = {f["id"]: f["points"] for f in snap["families"]}
    result = {w["id"]: 0.0 for w in snap["workers"]}
    result.update({p: 0.0 for p in holding_pods(snap)})
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


def _needs_qualified_lead(fam: dict) -> bool:
    return bool({"child_protection", "court"} & set(fam.get("requires", [])) or "cp" in fam.get("statuses", []))


def _lead_ok(snap: dict, fam: dict, wk: dict) -> bool:
    if wk.get("role") not in ("asye", "family_support"):
        return True
    if not _needs_qualified_lead(fam):
        return True
    workers = {w["id"]: w for w in snap["workers"]}
    co = workers.get(fam.get("co_worker"))
    return co is not None and co["id"] != wk["id"] and co.get("role") not in ("asye", "family_support")


def _children(snap: dict, mapping: dict[str, str | None]) -> dict[str, int]:
    found: dict[str, int] = {}
    for fam in snap["families"]:
        holder = mapping[fam["id"]]
        if holder is not None:
            found[holder] = found.get(holder, 0) + fam.get("children", 1)
    return found


def _family_unit(snap: dict, fam: dict) -> dict:
    """A family held by a pod belongs to the pod's team (it may move between the team's pods)."""
    pods = holding_pods(snap)
    if fam.get("pod") and fam["unit"] == fam["pod"]:
        return {**fam, "unit": pods[fam["pod"]]["team"] or fam["unit"]}
    return fam


def check_plan(snap: dict, plan: dict) -> list[str]:
    """Every hard rule the plan breaks, as readable strings (empty: the plan is sound).

    Pods that hold families are holders of their own: a pod gains work only with a consultant
    present, within its present members' capacity, the skills of its members who can lead, and
    its consultants' accountable children limit; members of such pods never gain work alone."""
    broken = []
    pods = holding_pods(snap)
    member_of = {m: p["id"] for p in pods.values() for m in p["members"]}
    workers = {w["id"]: w for w in snap["workers"]}
    workers.update(pods)
    families = {f["id"]: _family_unit(snap, f) for f in snap["families"]}
    before = {f["id"]: holder_before(f) for f in snap["families"]}
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
        if wid in member_of:
            broken.append(f"pod_member: {fid} -> {wid} of pod {member_of[wid]}")
        if wid in pods and not pods[wid]["consultants"]:
            broken.append(f"pod_without_consultant: {fid} -> {wid}")
        if (
            wid in pods
            and _needs_qualified_lead(fam)
            and not {"child_protection", "court"} & set(fam.get("requires", [])) <= set(pods[wid]["qualified_skills"])
        ):
            broken.append(f"pod_lead: {fid} -> {wid}")
        if not _in_scope(snap, fam, wk):
            broken.append(f"unit_scope: {fid} -> {wid}")
        if not set(fam.get("requires", [])) <= set(wk.get("skills", [])):
            broken.append(f"skills: {fid} -> {wid}")
        if not _lead_ok(snap, fam, wk):
            broken.append(f"lead_role: {fid} -> {wid}")
        if wid not in pods and not _available(snap, wk):
            broken.append(f"available/not_leaving: {fid} -> {wid}")
    surge = snap["settings"].get("surge_limit", 1.15)
    for wid, wk in workers.items():
        cap = wk["capacity"] * surge + 1e-6
        if end[wid] > cap and not (start[wid] > cap and wid not in gained):
            broken.append(f"surge_limit: {wid} ends at {end[wid]} > {cap:.2f}")
    had, has = _children(snap, before), _children(snap, mapping)
    for pid, pod in pods.items():
        limit = pod["children_limit"]
        if limit is None or has.get(pid, 0) <= limit:
            continue
        if not (had.get(pid, 0) > limit and pid not in gained):
            broken.append(f"accountable_children: {pid} ends with {has[pid]} > {limit}")
    budget = snap["settings"].get("move_budget")
    moves = sum(1 for f, w in mapping.items() if before[f] is not None and w != before[f])
    if plan["question"] == "rebalance" and budget is not None and moves > budget:
        broken.append(f"move budget: {moves} > {budget}")
    return broken


def apply_plan(snap: dict, plan: dict) -> dict:
    """The snapshot after accepting a recommend or rebalance plan."""
    result = copy.deepcopy(snap)
    mapping = after_mapping(snap, plan)
    pods = holding_pods(snap)
    for fam in result["families"]:
        holder = mapping[fam["id"]]
        fam["worker"], fam["pod"] = (None, holder) if holder in pods else (holder, None)
    return result


def moved(snap: dict, plan: dict) -> list[str]:
    before = {f["id"]: holder_before(f) for f in snap["families"]}
    return [a["family"] for a in plan["assignments"] if before[a["family"]] is not None]
