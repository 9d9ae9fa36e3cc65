"""Synthetic councils for the benchmarks, as section-8 snapshots.

``council_snapshot(workers, seed, question)`` uses the backend's demo council when asked to
(``source="backend"``) and otherwise Keel's own generator, calibrated to the figures of
docs/design.md §1 and §3: teams of 6-11, case capacity 85 points x FTE x role share, families of 5-30
points, ~10% child protection, ~9% looked after, ~16 children per worker, load around capacity
with a few workers at 110-130%, a few families unallocated.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

ROLE_MIX = [
    ("social_worker", 0.55),
    ("senior_practitioner", 0.15),
    ("consultant", 0.05),
    ("asye", 0.15),
    ("family_support", 0.10),
]
ROLE_SHARE = {"social_worker": 1.0, "senior_practitioner": 0.9, "consultant": 0.8, "family_support": 0.6}
ASYE_SHARE = [0.25, 0.5, 0.7, 0.9]
STATUS_MIX = [("cp", 0.10), ("cla", 0.09), ("cin", 0.40), ("assessment", 0.30), ("care_leaver", 0.11)]
STATUS_POINTS = {"assessment": 6, "cin": 5, "cp": 8, "cla": 6, "care_leaver": 3}
AS_OF = date(2026, 12, 1)


def _pick(rng: random.Random, mix):
    r, acc = rng.random(), 0.0
    for item, p in mix:
        acc += p
        if r < acc:
            return item
    return mix[-1][0]


def _family_points(rng: random.Random, status: str, children: int) -> tuple[float, bool]:
    per_child = STATUS_POINTS[status]
    points = per_child * (1 + 0.5 * (children - 1))
    court = status in ("cp", "cla") and rng.random() < 0.25
    points += 10 if court else 0
    points += rng.choice([0, 0, 0, 0, 2])  # complexity flags
    points += rng.choice([0, 0, 0, 1])  # travel band
    return float(min(30, max(4, points))), court


def own_council(workers: int, seed: int = 0, question: str = "rebalance") -> dict:
    rng = random.Random(seed)
    units = [{"id": "S0", "parent": None, "kind": "service"}]
    staff: list[dict] = []
    families: list[dict] = []
    team_no = 0
    while len(staff) < workers:
        team_no += 1
        service = f"S{(team_no - 1) // 8 + 1}"
        if (team_no - 1) % 8 == 0:
            units.append({"id": service, "parent": "S0", "kind": "service"})
        team = f"T{team_no:03d}"
        units.append({"id": team, "parent": service, "kind": "team"})
        for _ in range(min(rng.randint(6, 11), workers - len(staff))):
            staff.append(_worker(rng, len(staff) + 1, team, service))
    for w in staff:
        families.extend(_caseload(rng, w, len(families), staff))
    for f in rng.sample(families, max(1, len(families) // 100)):
        f["worker"] = None  # waiting for allocation
    snapshot = {
        "question": question,
        "as_of": AS_OF.isoformat(),
        "settings": {"surge_limit": 1.15, "move_budget": None, "cross_unit": False, "time_limit_s": 10, "seed": seed},
        "units": units,
        "workers": staff,
        "families": families,
    }
    if question == "cover":
        holder = max(staff, key=lambda w: sum(f["worker"] == w["id"] for f in families))
        snapshot["absence"] = {
            "worker": holder["id"],
            "from": AS_OF.isoformat(),
            "to": (AS_OF + timedelta(days=13)).isoformat(),
        }
    return snapshot


def _worker(rng: random.Random, number: int, team: str, service: str) -> dict:
    role = _pick(rng, ROLE_MIX)
    fte = rng.choice([1.0, 1.0, 1.0, 1.0, 0.8, 0.6])
    share = rng.choice(ASYE_SHARE) if role == "asye" else ROLE_SHARE[role]
    qualified = role not in ("asye", "family_support")
    skills = []
    if qualified and rng.random() < 0.85:
        skills.append("child_protection")
    if qualified and rng.random() < 0.5:
        skills.append("court")
    if rng.random() < 0.1:
        skills.append("disability")
    absent = rng.random() < 0.03
    leaving = rng.random() < 0.01
    return {
        "id": f"W{number:04d}",
        "unit": team,
        "capacity": round(85 * fte * share, 1),
        "skills": skills,
        "available": not absent,
        "role": role,
        "absent_until": (AS_OF + timedelta(days=rng.randint(3, 30))).isoformat() if absent else None,
        "leaving_on": (AS_OF + timedelta(days=rng.randint(7, 60))).isoformat() if leaving else None,
        "patch": f"{service}-{rng.randint(1, 3)}",
    }


def _caseload(rng: random.Random, worker: dict, count: int, staff: list[dict]) -> list[dict]:
    target = min(0.98, rng.gauss(0.86, 0.07))
    if rng.random() < 0.05:
        target = rng.uniform(1.10, 1.30)
    load, result = 0.0, []
    team_mates = [w["id"] for w in staff if w["unit"] == worker["unit"] and w is not worker]
    qualified = "child_protection" in worker["skills"]
    while True:
        status = _pick(rng, STATUS_MIX)
        if status == "cp" and not qualified:
            status = "cin"
        children = min(5, 1 + int(rng.expovariate(0.55)))
        points, court = _family_points(rng, status, children)
        if load + points > target * worker["capacity"]:
            break
        requires = (["child_protection"] if status == "cp" else []) + (
            ["court"] if court and "court" in worker["skills"] else []
        )
        known = [rng.choice(team_mates)] if team_mates and rng.random() < 0.2 else []
        count += 1
        result.append(
            {
                "id": f"F{count:05d}",
                "unit": worker["unit"],
                "points": points,
                "requires": requires,
                "worker": worker["id"],
                "children": children,
                "known_to": known,
                "statuses": [status] * children,
                "area": worker["patch"] if rng.random() < 0.7 else None,
                "recently_moved": rng.random() < 0.05,
                "co_worker": None,
            }
        )
        load += points
    return result


def council_snapshot(workers: int, seed: int = 0, question: str = "rebalance", source: str = "keel") -> dict:
    """A council of about ``workers`` workers; ``source="backend"`` uses backend.demo's."""
    if source == "backend":
        try:
            from backend.demo.snapshot import council_snapshot as backend_council
        except ImportError:
            pass
        else:
            return backend_council(workers, seed=seed, question=question)
    return own_council(workers, seed, question)
