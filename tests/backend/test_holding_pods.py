"""A pod that holds families (backend/holding.py): its load is its families' points plus its
members' own, its capacity its present members', each present member carries a share in proportion
to capacity (an away member none), and its consultants are accountable for its families' children.
The expected figures are worked out by hand from the rows below."""

from datetime import date

import pytest

from backend.holding import holding_on
from backend.workload import WorkloadSettings

ON = date(2026, 12, 1)
SETTINGS = WorkloadSettings()  # consultant 80% (68 points), social worker 85, family support 60% (51)
UNITS = [
    {"id": 1, "kind": "team", "parent_id": None, "allocates_to": "pods"},
    {"id": 2, "kind": "pod", "parent_id": 1, "allocates_to": "workers"},
    {"id": 3, "kind": "pod", "parent_id": 1, "allocates_to": "workers"},
    {"id": 4, "kind": "team", "parent_id": None, "allocates_to": "workers"},
]
START = date(2015, 1, 1)


def worker(worker_id: int, unit_id: int, role: str) -> dict:
    return {"id": worker_id, "unit_id": unit_id, "role": role, "fte": 1.0, "start_date": START, "leaving_date": None}


WORKERS = [
    worker(1, 2, "consultant"),
    worker(2, 2, "social_worker"),
    worker(3, 2, "family_support"),
    worker(4, 3, "consultant"),
    worker(5, 4, "social_worker"),
    worker(6, 1, "team_manager"),
]
FAMILIES = [
    {"id": f, "received_on": date(2026, 1, 1), "closed_on": None, "flags": [], "travel_band": 0} for f in range(1, 6)
]
CHILDREN = [  # family 1: two CIN children (5 + 2.5); 2: one CP (8); 3: one CIN (5); 4: CLA (6); 5: CIN (5)
    {"family_id": 1, "status": "cin"},
    {"family_id": 1, "status": "cin"},
    {"family_id": 2, "status": "cp"},
    {"family_id": 3, "status": "cin"},
    {"family_id": 4, "status": "cla"},
    {"family_id": 5, "status": "cin"},
]


def allocation(row_id: int, family_id: int, *, worker_id=None, pod_id=None, kind="key", starts_on=date(2026, 2, 1)):
    return {
        "id": row_id,
        "family_id": family_id,
        "worker_id": worker_id,
        "pod_id": pod_id,
        "kind": kind,
        "starts_on": starts_on,
        "ends_on": None,
    }


ALLOCATIONS = [
    allocation(1, 1, pod_id=2),
    allocation(2, 2, pod_id=2),
    allocation(3, 3, worker_id=2),  # held by a pod member individually: still the pod's work
    allocation(4, 4, worker_id=5),
    allocation(5, 4, pod_id=3, starts_on=date(2026, 11, 1)),  # moved to pod 3
    allocation(6, 5, worker_id=5),
]


def state(absences=(), settings=SETTINGS):
    return holding_on(
        ON,
        settings=settings,
        workers=WORKERS,
        families=FAMILIES,
        children=CHILDREN,
        allocations=ALLOCATIONS,
        absences=absences,
        units=UNITS,
    )


def test_a_pods_members_share_its_load_in_proportion_to_capacity():
    held = state()
    pod = held.pods[2]
    assert pod.families == (1, 2) and pod.members == (1, 2, 3)
    assert pod.load == pytest.approx(7.5 + 8 + 5)
    assert pod.capacity == pytest.approx(68 + 85 + 51)
    for member, capacity in ((1, 68), (2, 85), (3, 51)):
        assert held.load[member] == pytest.approx(20.5 * capacity / 204)
    assert held.ratio(1) == held.ratio(2) == held.ratio(3) == pytest.approx(20.5 / 204, abs=1e-4)
    assert pod.children == 3 and pod.consultants == (1,) and pod.children_limit == SETTINGS.consultant_children_limit


def test_an_away_member_carries_no_share_and_the_others_carry_it():
    held = state(
        absences=[
            {
                "id": 9,
                "worker_id": 2,
                "kind": "sickness",
                "start_date": date(2026, 11, 20),
                "end_date": date(2026, 12, 20),
            }
        ]
    )
    pod = held.pods[2]
    assert pod.present == (1, 3) and pod.capacity == pytest.approx(68 + 51)
    assert held.load[2] == 0
    assert held.load[1] == pytest.approx(20.5 * 68 / 119) and held.load[3] == pytest.approx(20.5 * 51 / 119)


def test_without_a_consultant_at_work_the_limit_is_nought_and_no_setting_means_no_limit():
    away = [{"id": 9, "worker_id": 1, "kind": "sickness", "start_date": ON, "end_date": ON}]
    assert state(absences=away).pods[2].children_limit == 0
    assert state(absences=away).pods[2].over_children_limit
    assert state(settings=WorkloadSettings(consultant_children_limit=None)).pods[2].children_limit is None


def test_pod_families_are_held_not_unallocated_and_a_pod_with_nobody_present_keeps_its_load():
    held = state(absences=[{"id": 9, "worker_id": 4, "kind": "sickness", "start_date": ON, "end_date": ON}])
    assert held.key_pod == {1: 2, 2: 2, 4: 3}
    assert held.unallocated() == []
    assert held.key_worker[4] is None and held.pods[3].present == () and held.load[4] == 0
    assert held.unit_load([4], pod_ids=[3]).load == pytest.approx(6)  # pod 3's family, nobody to share it
    team = held.unit_load([1, 2, 3, 4, 6], pod_ids=[2, 3])
    assert team.load == pytest.approx(20.5 + 6) and team.capacity == pytest.approx(204)


def test_a_team_allocating_to_workers_has_no_holding_pods_unless_a_pod_holds_a_family():
    units = [dict(u, allocates_to="workers") for u in UNITS]
    held = holding_on(
        ON,
        settings=SETTINGS,
        workers=WORKERS,
        families=FAMILIES,
        children=CHILDREN,
        allocations=[a for a in ALLOCATIONS if a["pod_id"] != 2],
        units=units,
    )
    assert set(held.pods) == {3}  # pod 3 still holds family 4
    assert held.load[2] == 5  # a member of a pod that holds nothing carries their own families
