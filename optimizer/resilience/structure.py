"""Structure what-if (issue #11): the same people and families organised another way.

``restructure(snapshot, unit_id, mode, pod_size=None) -> snapshot`` (JSON in, JSON out; the input
is never changed):

- ``merge_pods``: every pod inside the unit (a team, or each team of a service) is folded into its
  team, which allocates to workers. A family a pod held goes to one of the pod's members: largest
  family first (then by id), each to the member with the lowest load ratio after taking it (then
  by id) among those who may lead it (skills, and no ASYE or family support worker alone on child
  protection or court work), else among all members with capacity: the pod's work shared in
  proportion to capacity.
- ``split_into_pods``: each team of the unit groups its case holders (every worker of the team or
  its pods but team managers) into holding pods of ``pod_size``: as many pods as it takes, each led
  by a consultant (by id), else by the most senior member left (senior practitioner, social worker,
  ASYE, family support; then the larger capacity, then by id), who becomes the pod's consultant;
  the others join, most senior first, the pod with the fewest members (then the first). A family
  goes to the pod of the worker who held it (continuity); cover within the team ends, the pod
  holding the family instead. New pods are named ``<team>P1``, ``<team>P2``...

``compare_structures(snapshot, unit_id, mode, pod_size=None) -> {"as_is": figures, "reorganised":
figures}`` asks the resilience question of both, within the unit, and gives for the unit its load
ratio, N-1 and N-2, worst loss (named), bus factor, concentration, stage and collapse risk (the
highest weekly risk of the near term and every week's).
"""

from __future__ import annotations

import copy
import math
from typing import Any

from optimizer.contract import SnapshotError
from optimizer.rules import LEAD_SKILLS, NOT_SOLE_LEAD

MODES = ("merge_pods", "split_into_pods")
SENIORITY = ("consultant", "senior_practitioner", "social_worker", "asye", "family_support")


def _units_under(data: dict[str, Any], unit_id: str) -> list[str]:
    children: dict[str | None, list[str]] = {}
    for unit in data["units"]:
        children.setdefault(unit.get("parent"), []).append(unit["id"])
    found, stack = [], [unit_id]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(sorted(children.get(node, ()), reverse=True))
    return found


def _teams(data: dict[str, Any], unit_id: str) -> list[str]:
    """The teams the restructure acts on: the unit if a team, else the teams inside it."""
    kinds = {u["id"]: u.get("kind", "team") for u in data["units"]}
    if unit_id not in kinds:
        raise SnapshotError("unit_id", f"unknown unit id {unit_id!r}")
    if kinds[unit_id] == "pod":
        raise SnapshotError("unit_id", f"{unit_id!r} is a pod: give its team or service")
    return [u for u in _units_under(data, unit_id) if kinds[u] == "team"]


def _may_lead(family: dict[str, Any], worker: dict[str, Any]) -> bool:
    if not set(family.get("requires", [])) <= set(worker.get("skills", [])):
        return False
    needs = LEAD_SKILLS & set(family.get("requires", [])) or "cp" in family.get("statuses", [])
    return not (needs and worker.get("role", "social_worker") in NOT_SOLE_LEAD)


def _share_out(families: list[dict[str, Any]], members: list[dict[str, Any]], load: dict[str, float]) -> None:
    """Each family (largest first) to the member with the lowest load ratio after taking it."""
    for family in sorted(families, key=lambda f: (-f["points"], f["id"])):
        able = [m for m in members if m["capacity"] > 0]
        leads = [m for m in able if _may_lead(family, m)] or able or members
        best = min(
            leads,
            key=lambda m: (
                (load[m["id"]] + family["points"]) / m["capacity"] if m["capacity"] > 0 else math.inf,
                m["id"],
            ),
        )
        family["worker"], family["pod"] = best["id"], None
        load[best["id"]] += family["points"]


def _merge(data: dict[str, Any], team: str) -> None:
    pods = [u["id"] for u in data["units"] if u.get("parent") == team and u.get("kind") == "pod"]
    if not pods:
        return
    load = {w["id"]: 0.0 for w in data["workers"]}
    for family in data["families"]:
        if family.get("worker"):
            load[family["worker"]] += family["points"]
    for pod in pods:
        members = sorted((w for w in data["workers"] if w["unit"] == pod), key=lambda w: w["id"])
        held = [f for f in data["families"] if f.get("pod") == pod]
        if held and not members:
            raise SnapshotError("unit_id", f"pod {pod!r} holds families but has no members")
        _share_out(held, members, load)
    _fold(data, set(pods), team)


def _fold(data: dict[str, Any], pods: set[str], team: str) -> None:
    """The pods' units go; their workers and families belong to the team."""
    data["units"] = [u for u in data["units"] if u["id"] not in pods]
    for item in (*data["workers"], *data["families"]):
        if item["unit"] in pods:
            item["unit"] = team


def _rank(worker: dict[str, Any]) -> tuple[int, float, str]:
    role = worker.get("role", "social_worker")
    return (SENIORITY.index(role) if role in SENIORITY else len(SENIORITY), -worker["capacity"], worker["id"])


def _split(data: dict[str, Any], team: str, pod_size: int) -> None:
    inside = set(_units_under(data, team))
    old_pods = inside - {team}
    unit_before = {w["id"]: w["unit"] for w in data["workers"]}
    people = sorted((w for w in data["workers"] if w["unit"] in inside and w.get("role") != "team_manager"), key=_rank)
    if not people:
        return
    taken = {u["id"] for u in data["units"]} | {w["id"] for w in data["workers"]}
    count = math.ceil(len(people) / pod_size)
    names: list[str] = []
    k = 1
    while len(names) < count:
        if f"{team}P{k}" not in taken:
            names.append(f"{team}P{k}")
        k += 1
    leads, rest = people[:count], people[count:]  # consultants rank first, then the most senior
    groups: dict[str, list[dict[str, Any]]] = {name: [lead] for name, lead in zip(names, leads)}
    for lead in leads:
        lead["role"] = "consultant"
    for person in rest:
        name = min(names, key=lambda n: (len(groups[n]), names.index(n)))
        groups[name].append(person)
    pod_of = {}
    for name, members in groups.items():
        for member in members:
            member["unit"], pod_of[member["id"]] = name, name
    accountable = {}  # an old holding pod -> its first consultant (else first member)
    for pod in old_pods:
        members = sorted(
            (w for w in people if unit_before[w["id"]] == pod), key=lambda w: (w.get("role") != "consultant", w["id"])
        )
        if members:
            accountable[pod] = members[0]["id"]
    for family in data["families"]:
        holder = family.get("worker") or accountable.get(family.get("pod"))
        if holder in pod_of:
            family["pod"], family["worker"], family["cover"] = pod_of[holder], None, None
    _fold(data, old_pods, team)
    data["units"] += [{"id": name, "parent": team, "kind": "pod", "holds_families": True} for name in names]


def restructure(snapshot: dict[str, Any], unit_id: str, mode: str, pod_size: int | None = None) -> dict[str, Any]:
    """The snapshot with the unit organised another way (see the module's docstring)."""
    if mode not in MODES:
        raise SnapshotError("mode", f"must be one of {', '.join(MODES)}; got {mode!r}")
    if mode == "split_into_pods" and (not isinstance(pod_size, int) or isinstance(pod_size, bool) or pod_size < 2):
        raise SnapshotError("pod_size", "must be a whole number of at least 2 to split into pods")
    data = copy.deepcopy(snapshot)
    for team in _teams(data, unit_id):
        if mode == "merge_pods":
            _merge(data, team)
        elif pod_size is not None:  # checked above: a whole number of at least 2
            _split(data, team, pod_size)
    return data


# ---------------------------------------------------------------------------------------------


def _within(data: dict[str, Any], unit_id: str) -> dict[str, Any]:
    """The unit with what it needs: its units and their ancestors, its workers, their families and
    the unit's families; asked as the resilience question."""
    inside = set(_units_under(data, unit_id))
    parent = {u["id"]: u.get("parent") for u in data["units"]}
    keep, node = set(inside), parent.get(unit_id)
    while node is not None:
        keep.add(node)
        node = parent.get(node)
    workers = [w for w in data["workers"] if w["unit"] in inside]
    ids = {w["id"] for w in workers}
    families = [
        dict(
            f,
            known_to=[k for k in f.get("known_to", []) if k in ids],
            co_worker=f.get("co_worker") if f.get("co_worker") in ids else None,
            cover=f.get("cover") if f.get("cover") in ids else None,
        )
        for f in data["families"]
        if f.get("worker") in ids
        or f.get("pod") in inside
        or (f.get("worker") is None and f.get("pod") is None and f["unit"] in inside)
    ]
    return {
        **data,
        "question": "resilience",
        "units": [u for u in data["units"] if u["id"] in keep],
        "workers": workers,
        "families": families,
    }


def _figures(plan: dict[str, Any], unit_id: str) -> dict[str, Any]:
    unit = next(u for u in plan["units"] if u["id"] == unit_id)
    risks = [week["risk"] for week in unit["risk_by_week"]]
    return {
        "unit": unit_id,
        "load_ratio": unit["load_ratio"],
        "n1_secure": unit["n1_secure"],
        "n2_secure": unit["n2_secure"],
        "worst_loss": unit["worst_loss"],
        "worst_single": unit.get("worst_single"),
        "bus_factor_one_share": unit["bus_factor_one_share"],
        "concentration": unit["concentration"],
        "stage": unit["stage"],
        "collapse_risk": max(risks, default=0.0),
        "risk_by_week": unit["risk_by_week"],
    }


def compare_structures(
    snapshot: dict[str, Any], unit_id: str, mode: str, pod_size: int | None = None
) -> dict[str, dict[str, Any]]:
    """The unit's resilience figures as it is and reorganised (see the module's docstring)."""
    from optimizer.resilience.assess import assess_json

    changed = restructure(snapshot, unit_id, mode, pod_size)
    return {
        "as_is": _figures(assess_json(_within(snapshot, unit_id)), unit_id),
        "reorganised": _figures(assess_json(_within(changed, unit_id)), unit_id),
    }
