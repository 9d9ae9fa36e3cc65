"""A snapshot without holding pods answers exactly as before pods held families (issue #11).

``golden/no_pods.json`` holds the plans that main's optimizer gave, before pods, for seeded random
councils (teams, a pod that does not hold families, absences, cover, leavers, skills, ASYEs and
family support). Regenerate it only when a change to the answers is intended, with the code whose
answers are wanted: ``.venv/bin/python -m tests.optimizer.test_no_pods_unchanged``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from optimizer import solve_json

GOLDEN = Path(__file__).parent / "golden" / "no_pods.json"
QUESTIONS = ("recommend", "rebalance", "cover", "resilience")
CASES = 16
ROLES = ("social_worker", "senior_practitioner", "consultant", "asye", "family_support")


def council(seed: int) -> dict:
    """A small random council without holding pods; the same seed gives the same council."""
    rng = random.Random(seed)
    units = [
        {"id": "S0", "parent": None, "kind": "service"},
        {"id": "T1", "parent": "S0", "kind": "team"},
        {"id": "T2", "parent": "S0", "kind": "team"},
        {"id": "P1", "parent": "T1", "kind": "pod"},
    ]
    workers = []
    for i in range(rng.randint(4, 9)):
        workers.append(
            {
                "id": f"W{i}",
                "unit": rng.choice(["T1", "T2", "P1"]),
                "capacity": float(rng.randint(8, 17) * 5),
                "skills": rng.sample(["child_protection", "court", "disability"], rng.randint(0, 2)),
                "role": rng.choice(ROLES),
                "available": rng.random() > 0.1,
                "absent_until": rng.choice([None, None, None, "2026-12-04"]),
                "leaving_on": rng.choice([None, None, None, None, "2026-12-24"]),
                "patch": rng.choice([None, "North", "South"]),
            }
        )
    ids = [w["id"] for w in workers]
    families = []
    for i in range(rng.randint(8, 24)):
        statuses = rng.sample(["assessment", "cin", "cp", "cla", "care_leaver"], rng.randint(1, 3))
        families.append(
            {
                "id": f"F{i}",
                "unit": rng.choice(["T1", "T2", "P1"]),
                "points": rng.randint(6, 50) / 2,
                "children": len(statuses),
                "statuses": statuses,
                "requires": rng.sample(["child_protection", "court"], rng.randint(0, 1)),
                "worker": rng.choice([None, None, None, *ids, *ids]),
                "known_to": rng.sample(ids, rng.randint(0, 1)),
                "area": rng.choice([None, "North", "South"]),
                "recently_moved": rng.random() < 0.2,
            }
        )
    question = QUESTIONS[seed % len(QUESTIONS)]
    snap = {
        "question": question,
        "as_of": "2026-12-01",
        "settings": {
            "surge_limit": rng.choice([1.0, 1.15]),
            "cross_unit": rng.random() < 0.3,
            "move_budget": rng.choice([None, None, 2]),
            "time_limit_s": 5,
            "seed": 0,
        },
        "units": units,
        "workers": workers,
        "families": families,
    }
    if question == "cover":
        snap["absence"] = {"worker": ids[0], "from": "2026-12-01", "to": "2026-12-14"}
    if question == "resilience":
        # allocation_limit 1.0, no cover from the first day, weekly flow: the golden answers were made with the
        # forecast's defaults of then
        snap["resilience"] = {
            "weeks": 4,
            "scenarios": 60,
            "allocation_limit": 1.0,
            "cover_from_first_day": False,
            "daily_flow": False,
        }
    return snap


def timeless(value):
    """The plan without its timings (the only figures that may differ between runs)."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k != "time_s"}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


def answers() -> list[dict]:
    return [timeless(solve_json(council(seed))) for seed in range(CASES)]


@pytest.mark.parametrize("seed", range(CASES))
def test_a_snapshot_without_pods_answers_as_before(seed):
    golden = json.loads(GOLDEN.read_text())
    assert timeless(solve_json(council(seed))) == golden[seed]


def test_the_golden_plans_cover_every_question_and_some_work():
    golden = json.loads(GOLDEN.read_text())
    assert {plan["question"] for plan in golden} == set(QUESTIONS)
    assert sum(len(plan.get("assignments", [])) for plan in golden) > 10
    assert all("pod_loads" not in plan for plan in golden)


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(answers(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
