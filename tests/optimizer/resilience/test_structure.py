"""Structure what-if: pods merged into one team, a team split into pods (issue #11)."""

from __future__ import annotations

import copy
import random

import pytest

from optimizer.contract import SnapshotError, parse_snapshot
from optimizer.resilience.structure import compare_structures, restructure
from tests.optimizer.resilience.builders import AS_OF

ROLES = ("consultant", "social_worker", "family_support")
CAPACITY = {"consultant": 68, "social_worker": 85, "family_support": 51}


def pods_of_three(points_each: float = 150) -> dict:
    """Team T7 in three holding pods of consultant, social worker and family support worker, each
    pod holding ten families of ``points_each / 10`` points (child in need: anyone may lead)."""
    units = [{"id": "S0", "parent": None, "kind": "service"}, {"id": "T7", "parent": "S0", "kind": "team"}]
    workers, families = [], []
    for k in (1, 2, 3):
        pod = f"T7P{k}"
        units.append({"id": pod, "parent": "T7", "kind": "pod", "holds_families": True})
        for role in ROLES:
            workers.append(
                {"id": f"W{k}{role[:2].upper()}", "unit": pod, "role": role, "capacity": CAPACITY[role], "skills": []}
            )
        families += [
            {
                "id": f"F{k}-{i}",
                "unit": "T7",
                "points": points_each / 10,
                "pod": pod,
                "worker": None,
                "children": 2,
                "statuses": ["cin", "cin"],
                "known_to": [],
            }
            for i in range(10)
        ]
    return {
        "question": "resilience",
        "as_of": AS_OF,
        "units": units,
        "workers": workers,
        "families": families,
        "settings": {"time_limit_s": 4, "consultant_children_limit": 25},
        "resilience": {"weeks": 4, "scenarios": 100},
    }


def one_team(count: int = 9, seed: int = 0) -> dict:
    rng = random.Random(seed)
    workers = [
        {
            "id": f"W{i}",
            "unit": "T1",
            "role": rng.choice(ROLES + ("asye",)),
            "capacity": float(rng.choice([42.5, 51, 68, 85])),
            "skills": rng.sample(["child_protection", "court"], rng.randint(0, 2)),
        }
        for i in range(count)
    ]
    families = [
        {
            "id": f"F{i}",
            "unit": "T1",
            "points": rng.randint(4, 30) / 2,
            "worker": rng.choice([None, *(w["id"] for w in workers)]),
            "children": rng.randint(1, 3),
            "statuses": ["cin"],
            "requires": rng.sample(["child_protection"], rng.randint(0, 1)),
        }
        for i in range(rng.randint(10, 30))
    ]
    units = [{"id": "S0", "parent": None, "kind": "service"}, {"id": "T1", "parent": "S0", "kind": "team"}]
    return {
        "question": "resilience",
        "as_of": AS_OF,
        "units": units,
        "workers": workers,
        "families": families,
        "settings": {"time_limit_s": 4},
        "resilience": {"weeks": 4, "scenarios": 50},
    }


def people(data: dict) -> set[str]:
    return {w["id"] for w in data["workers"]}


def held(data: dict) -> set[str]:
    return {f["id"] for f in data["families"] if f.get("worker") or f.get("pod")}


def total_points(data: dict) -> float:
    return sum(f["points"] for f in data["families"])


def test_pods_of_three_fail_n1_and_the_same_people_as_one_team_pass():
    snap = pods_of_three()
    found = compare_structures(snap, "T7", "merge_pods")
    assert found["as_is"]["n1_secure"] is False
    assert found["reorganised"]["n1_secure"] is True
    assert "T7P" in found["as_is"]["worst_single"]["reason"]
    assert found["as_is"]["collapse_risk"] >= found["reorganised"]["collapse_risk"]
    assert found["as_is"]["load_ratio"] == pytest.approx(found["reorganised"]["load_ratio"])


def test_merging_pods_keeps_people_families_and_points_and_shares_by_capacity():
    snap = pods_of_three()
    merged = restructure(snap, "T7", "merge_pods")
    parse_snapshot(merged)  # still a valid snapshot
    assert people(merged) == people(snap) and held(merged) == held(snap)
    assert total_points(merged) == total_points(snap)
    assert all(u.get("kind") != "pod" for u in merged["units"])
    load = {w["id"]: 0.0 for w in merged["workers"]}
    for f in merged["families"]:
        load[f["worker"]] += f["points"]
    for pod in ("T7P1", "T7P2", "T7P3"):  # in proportion to capacity, give or take one family
        members = [w for w in snap["workers"] if w["unit"] == pod]
        pod_points = sum(f["points"] for f in snap["families"] if f["pod"] == pod)
        largest = max(f["points"] for f in snap["families"] if f["pod"] == pod)
        for w in members:
            share = pod_points * w["capacity"] / sum(m["capacity"] for m in members)
            assert abs(load[w["id"]] - share) <= largest
    assert snap == pods_of_three()  # the input is not changed


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size", [2, 3, 4])
def test_splitting_a_team_into_pods_keeps_people_families_and_points(seed, size):
    snap = one_team(seed=seed)
    split = restructure(snap, "T1", "split_into_pods", pod_size=size)
    parsed = parse_snapshot(split)
    assert people(split) == people(snap) and held(split) == held(snap)
    assert total_points(split) == total_points(snap)
    pods = [u for u in parsed.units if u.kind == "pod"]
    assert pods and all(u.holds_families for u in pods)
    for pod in pods:
        members = [w for w in parsed.workers if w.unit == pod.id]
        assert 1 <= len(members) <= size
        assert any(w.role == "consultant" for w in members)
    before = {f["id"]: f["worker"] for f in snap["families"]}
    unit_of = {w["id"]: w["unit"] for w in split["workers"]}
    for f in split["families"]:  # each family goes to the pod of the worker who held it
        if before[f["id"]] is not None:
            assert f["pod"] == unit_of[before[f["id"]]]
    assert restructure(snap, "T1", "split_into_pods", pod_size=size) == split  # deterministic
    back = restructure(split, "T1", "merge_pods")
    assert people(back) == people(snap) and held(back) == held(snap)
    assert total_points(back) == total_points(snap)


@pytest.mark.parametrize(
    "args, field",
    [
        (("T9", "merge_pods"), "unit_id"),
        (("T7P1", "merge_pods"), "unit_id"),
        (("T7", "shuffle"), "mode"),
        (("T7", "split_into_pods", 1), "pod_size"),
        (("T7", "split_into_pods", None), "pod_size"),
    ],
)
def test_bad_requests_name_the_field(args, field):
    with pytest.raises(SnapshotError) as raised:
        restructure(copy.deepcopy(pods_of_three()), *args)
    assert raised.value.path == field
