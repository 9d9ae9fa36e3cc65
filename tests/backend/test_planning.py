"""The pure snapshot builder of services/planning/snapshot.py: rows in, plan-contract snapshot out."""

import json
from datetime import date
from pathlib import Path

import pytest

from backend.demo import council_snapshot
from backend.models import Allocation, Worker
from backend.services.planning.snapshot import build_snapshot
from backend.workload import WorkloadSettings

ON = date(2026, 12, 1)
SCHEMA = Path(__file__).resolve().parents[2] / "optimizer" / "schemas" / "snapshot.schema.json"


def worker(id, unit, role="social_worker", skills=(), start=date(2015, 1, 1), leaving=None):
    return {
        "id": id,
        "code": f"W{id}",
        "name": f"Worker {id}",
        "role": role,
        "fte": 1.0,
        "unit_id": unit,
        "patch": "Millbrook",
        "start_date": start,
        "leaving_date": leaving,
        "skills": list(skills),
    }


def family(id, unit, received=date(2026, 1, 5), closed=None, flags=(), travel=0):
    return {
        "id": id,
        "code": f"F{id}",
        "unit_id": unit,
        "area": "Millbrook",
        "travel_band": travel,
        "received_on": received,
        "closed_on": closed,
        "flags": list(flags),
    }


def allocation(id, family_id, worker_id, kind, starts, ends=None):
    return {
        "id": id,
        "family_id": family_id,
        "worker_id": worker_id,
        "kind": kind,
        "starts_on": starts,
        "ends_on": ends,
    }


ROWS = dict(
    units=[
        {"id": 1, "code": "S1", "kind": "service", "parent_id": None},
        {"id": 2, "code": "T1", "kind": "team", "parent_id": 1},
        {"id": 3, "code": "T2", "kind": "team", "parent_id": 1},
    ],
    workers=[
        worker(1, 2, skills=["child_protection", "court"]),
        worker(2, 2, role="asye", start=date(2026, 10, 1)),
        worker(3, 2, role="team_manager"),
        worker(4, 3, leaving=date(2026, 12, 20)),
        worker(5, 2, leaving=date(2026, 11, 1)),
    ],
    reductions=[{"worker_id": 4, "percent": 20, "start_date": date(2026, 1, 1), "end_date": None}],
    families=[
        family(1, 2, flags=["court"], travel=1),
        family(2, 3, closed=date(2026, 11, 20)),
        family(3, 3, received=date(2026, 11, 28)),
        family(4, 2),
        family(5, 2, received=date(2027, 1, 1)),
    ],
    children=[
        {"family_id": 1, "status": "cp"},
        {"family_id": 1, "status": "cin"},
        {"family_id": 2, "status": "cin"},
        {"family_id": 3, "status": "cla"},
        {"family_id": 4, "status": "cin"},
        {"family_id": 5, "status": "cin"},
    ],
    allocations=[
        allocation(1, 1, 4, "key", date(2026, 1, 10)),
        allocation(2, 1, 1, "key", date(2026, 10, 15)),
        allocation(3, 1, 2, "co_work", date(2026, 10, 15)),
        allocation(4, 1, 2, "cover", date(2026, 11, 1), date(2026, 11, 5)),
        allocation(5, 4, 5, "key", date(2026, 3, 1)),
        allocation(6, 2, 4, "key", date(2026, 2, 1)),
    ],
    absences=[
        {"worker_id": 2, "start_date": date(2026, 11, 25), "end_date": date(2026, 12, 5)},
        {"worker_id": 2, "start_date": date(2026, 12, 6), "end_date": date(2026, 12, 10)},
        {"worker_id": 4, "start_date": date(2027, 1, 4), "end_date": date(2027, 1, 8)},
    ],
)


def snapshot(**options):
    return build_snapshot(question="rebalance", as_of=ON, settings=WorkloadSettings(), **ROWS, **options)


def test_workers_capacity_availability_and_extensions():
    workers = {w["id"]: w for w in snapshot()["workers"]}
    # the team manager holds no cases: left out; W5 has left but still holds F4: kept, unavailable
    assert set(workers) == {"W1", "W2", "W4", "W5"}
    # W1 85; W2 ASYE two months in post 85*0.25 = 21.25; W4 85 less 20% = 68
    assert [workers[w]["capacity"] for w in ("W1", "W2", "W4")] == [85, 21.25, 68]
    # W2's two absences join: away until 10 December; W4's leave is in January: available now
    assert workers["W2"]["available"] is False and workers["W2"]["absent_until"] == "2026-12-10"
    assert workers["W4"]["available"] is True and workers["W4"]["leaving_on"] == "2026-12-20"
    assert workers["W5"]["available"] is False
    assert workers["W1"] == {
        "id": "W1",
        "unit": "T1",
        "capacity": 85.0,
        "skills": ["child_protection", "court"],
        "available": True,
        "role": "social_worker",
        "absent_until": None,
        "leaving_on": None,
        "patch": "Millbrook",
    }


def test_families_open_on_the_date_with_points_history_and_requirements():
    families = {f["id"]: f for f in snapshot()["families"]}
    assert set(families) == {"F1", "F3", "F4"}  # F2 closed, F5 not yet received
    f1 = families["F1"]
    # CP 8 + sibling CIN 0.5*5 + court 10 + travel band 1 = 21.5
    assert f1["points"] == 21.5 and f1["requires"] == ["child_protection", "court"]
    assert f1["worker"] == "W1" and f1["co_worker"] == "W2" and f1["children"] == 2
    assert f1["known_to"] == ["W2", "W4"]  # most recent first, the key worker left out
    assert f1["recently_moved"] is True  # W4 -> W1 on 15 October, 47 days before
    assert f1["statuses"] == ["cp", "cin"] and f1["area"] == "Millbrook" and f1["unit"] == "T1"
    assert families["F3"]["worker"] is None and families["F3"]["points"] == 6
    assert families["F4"]["worker"] == "W5" and families["F4"]["recently_moved"] is False


def test_settings_and_absence_in_contract_form():
    absence = {"worker_id": 2, "start_date": date(2026, 11, 25), "end_date": date(2026, 12, 10)}
    result = build_snapshot(
        question="cover",
        as_of=ON,
        settings=WorkloadSettings(),
        absence=absence,
        cross_unit=True,
        time_limit_s=3,
        seed=7,
        **ROWS,
    )
    assert result["settings"] == {
        "surge_limit": 1.15,
        "move_budget": None,
        "cross_unit": True,
        "time_limit_s": 3,
        "seed": 7,
    }
    assert result["absence"] == {"worker": "W2", "from": "2026-11-25", "to": "2026-12-10"}
    assert result["as_of"] == "2026-12-01" and result["question"] == "cover"


def test_unit_scope_keeps_the_units_below_and_cuts_the_parent():
    result = snapshot(unit_ids=[3])
    assert result["units"] == [{"id": "T2", "kind": "team", "parent": None}]
    assert [f["id"] for f in result["families"]] == ["F3"]
    assert [w["id"] for w in result["workers"]] == ["W4"]


def test_model_instances_work_like_dicts():
    rows = dict(
        ROWS, workers=[Worker(**w) for w in ROWS["workers"]], allocations=[Allocation(**a) for a in ROWS["allocations"]]
    )
    from_models = build_snapshot(question="rebalance", as_of=ON, settings=WorkloadSettings(), **rows)
    assert from_models == snapshot()


@pytest.mark.parametrize("question", ["rebalance", "cover"])
def test_generated_council_snapshot_is_valid_and_every_id_resolves(question):
    result = council_snapshot(40, seed=3, question=question)
    units = {u["id"] for u in result["units"]}
    workers = {w["id"] for w in result["workers"]}
    assert all(u["parent"] is None or u["parent"] in units for u in result["units"])
    assert all(w["unit"] in units for w in result["workers"])
    for f in result["families"]:
        assert f["unit"] in units and f["points"] > 0
        assert {f["worker"], f["co_worker"]} - {None} <= workers and set(f["known_to"]) <= workers
    assert len({f["id"] for f in result["families"]}) == len(result["families"]) > 100
    if question == "cover":
        assert result["absence"]["worker"] in workers
    if SCHEMA.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(json.loads(json.dumps(result)), json.loads(SCHEMA.read_text()))


def test_a_database_row_keeps_its_last_visit():
    """Rows read from the database are Mappings, not dicts (planning/rows.py): the family's last visit
    must count for its next visit due, as it does for a dict or a model instance."""
    from types import MappingProxyType

    visited = {**family(4, 2), "last_visit_on": date(2026, 11, 20)}
    rows = {**ROWS, "families": [visited], "children": [{"family_id": 4, "status": "cp"}]}
    as_dict = build_snapshot(question="rebalance", as_of=ON, settings=WorkloadSettings(), **rows)
    as_rows = build_snapshot(
        question="rebalance", as_of=ON, settings=WorkloadSettings(), **{**rows, "families": [MappingProxyType(visited)]}
    )
    never_visited = build_snapshot(
        question="rebalance",
        as_of=ON,
        settings=WorkloadSettings(),
        **{**rows, "families": [{**visited, "last_visit_on": None}]},
    )
    assert as_dict["families"][0]["visit_due"] == as_rows["families"][0]["visit_due"]
    assert as_dict["families"][0]["visit_due"] != never_visited["families"][0]["visit_due"]
