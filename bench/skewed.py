"""Skewed councils: a few "willing" workers at two to three times their capacity beside colleagues
with room, teams filled to about 93% of their capacity, about 6.6 families per worker.

``skewed_council(workers, seed)`` returns a section-8 rebalance snapshot (dict): teams of ten
under one service, each with one or two willing workers; the rest of the team's work is spread
over the others so the team as a whole sits near 93%. Families follow the points of docs/design.md §3
(status points per child, siblings at 50%, court +10, complexity and travel flags); child
protection families need a child-protection-skilled, qualified worker; about 1% of families wait
for allocation; a few workers are absent or leaving (they may not take new work).

    python -m bench.skewed --quick      # 10 and 100 workers, seeds 0-2, exact model 30 s a stage
    python -m bench.skewed              # + 1,000 workers (the exact model takes minutes)

Keel runs as ``keel solve`` in its own process (wall time includes the process start); every plan
is checked by ``tests/optimizer/support.py``'s independent checker; the reference is
``bench/exact.py``. Keel's deterministic work budget ends its search (the wall clock is only a
safety net at 10x the time limit), so the plan is the same under load as on an idle machine.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

AS_OF = date(2026, 12, 1)
TEAM_SIZE = 10
TEAM_FILL = 0.93
ROLES = [
    ("social_worker", 0.6, 1.0),
    ("senior_practitioner", 0.15, 0.9),
    ("consultant", 0.05, 0.8),
    ("asye", 0.12, 0.7),
    ("family_support", 0.08, 0.6),
]
STATUS_MIX = [("cp", 0.12), ("cla", 0.10), ("cin", 0.38), ("assessment", 0.28), ("care_leaver", 0.12)]
STATUS_POINTS = {"assessment": 6, "cin": 5, "cp": 8, "cla": 6, "care_leaver": 3}


def _pick(rng: random.Random, mix):
    r, acc = rng.random(), 0.0
    for item, p, *_ in mix:
        acc += p
        if r < acc:
            return item
    return mix[-1][0]


def _worker(rng: random.Random, number: int, team: str) -> dict:
    role = _pick(rng, ROLES)
    share = next(s for r, _, s in ROLES if r == role)
    fte = rng.choice([1.0, 1.0, 1.0, 0.8, 0.6])
    qualified = role not in ("asye", "family_support")
    skills = ["child_protection"] if qualified and rng.random() < 0.85 else []
    if qualified and rng.random() < 0.4:
        skills.append("court")
    absent = rng.random() < 0.03
    return {
        "id": f"W{number:04d}",
        "unit": team,
        "capacity": round(85 * fte * share, 1),
        "skills": skills,
        "available": True,
        "role": role,
        "absent_until": (AS_OF + timedelta(days=rng.randint(3, 20))).isoformat() if absent else None,
        "leaving_on": (AS_OF + timedelta(days=rng.randint(10, 60))).isoformat() if rng.random() < 0.02 else None,
        "patch": f"{team}-{rng.randint(1, 2)}",
    }


def _family(rng: random.Random, number: int, team: str, worker: dict | None) -> dict:
    qualified = worker is None or (
        "child_protection" in worker["skills"] and worker["role"] not in ("asye", "family_support")
    )
    status = _pick(rng, STATUS_MIX)
    if status == "cp" and not qualified:
        status = "cin"
    children = min(4, 1 + int(rng.expovariate(0.9)))
    points = STATUS_POINTS[status] * (1 + 0.5 * (children - 1))
    court = status in ("cp", "cla") and rng.random() < 0.15
    points += (10 if court else 0) + rng.choice([0, 0, 0, 2, 4]) + rng.choice([0, 0, 1, 2])
    requires = (["child_protection"] if status == "cp" else []) + (
        ["court"] if court and worker is not None and "court" in worker["skills"] else []
    )
    return {
        "id": f"F{number:05d}",
        "unit": team,
        "points": float(points),
        "requires": requires,
        "worker": worker["id"] if worker else None,
        "children": children,
        "known_to": [],
        "statuses": [status] * children,
        "area": worker["patch"] if worker and rng.random() < 0.6 else None,
        "recently_moved": rng.random() < 0.05,
        "co_worker": None,
    }


def skewed_council(workers: int, seed: int = 0, time_limit_s: float = 10) -> dict:
    """A skewed rebalance snapshot of ``workers`` workers in teams of ten."""
    rng = random.Random(seed * 7919 + workers)
    units = [{"id": "S0", "parent": None, "kind": "service"}]
    staff: list[dict] = []
    families: list[dict] = []
    for t in range((workers + TEAM_SIZE - 1) // TEAM_SIZE):
        team = f"T{t + 1:03d}"
        units.append({"id": team, "parent": "S0", "kind": "team"})
        members = [_worker(rng, len(staff) + i + 1, team) for i in range(min(TEAM_SIZE, workers - len(staff)))]
        staff.extend(members)
        capacity = sum(w["capacity"] for w in members)
        willing = rng.sample(members, min(len(members), rng.choice([1, 2, 2])))
        target = {w["id"]: w["capacity"] * rng.uniform(2.0, 3.0) for w in willing}
        rest = [w for w in members if w not in willing]
        left = max(0.0, TEAM_FILL * capacity - sum(target.values()))
        weights = {w["id"]: w["capacity"] * rng.uniform(0.5, 1.5) for w in rest}
        total = sum(weights.values()) or 1.0
        target.update({w: left * weights[w] / total for w in weights})
        for member in members:
            load = 0.0
            while True:  # stop at the family that would overshoot by more than half of it
                family = _family(rng, len(families) + 1, team, member)
                if load + family["points"] / 2 > target[member["id"]]:
                    break
                families.append(family)
                load += family["points"]
        for _ in range(max(0, round(0.01 * 6.6 * len(members)))):
            families.append(_family(rng, len(families) + 1, team, None))
    return {
        "question": "rebalance",
        "as_of": AS_OF.isoformat(),
        "settings": {
            "surge_limit": 1.15,
            "move_budget": None,
            "cross_unit": False,
            "time_limit_s": time_limit_s,
            "seed": seed,
        },
        "units": units,
        "workers": staff,
        "families": families,
    }


# ---------------------------------------------------------------------------------------------
# The benchmark: python -m bench.skewed [--quick] [--sizes 10,100,1000] [--seeds 0,1,2]


def _keel_solve(snap: dict, workdir: str) -> tuple[dict, float, float, int]:
    """``keel solve`` in its own process: the plan, wall seconds (process start included), CPU
    seconds and peak memory in MB of that process (with the worker processes it started)."""
    import json
    import os
    import subprocess
    import sys
    import time

    path = os.path.join(workdir, "snapshot.json")
    with open(path, "w") as handle:
        json.dump(snap, handle)
    keel = os.path.join(os.path.dirname(sys.executable), "keel")
    started = time.monotonic()
    proc = subprocess.Popen([keel, "solve", path, "--indent", "0"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # this process's own figures, not every child's so far
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, proc.args)
    return json.loads(out), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main(argv: list[str] | None = None) -> None:
    import argparse
    import tempfile

    from bench.exact import solve_council
    from tests.optimizer.support import check_plan

    parser = argparse.ArgumentParser(
        description="Keel's rebalance on skewed councils against the plain exact per-team model"
    )
    parser.add_argument("--quick", action="store_true", help="10 and 100 workers only")
    parser.add_argument("--sizes", default=None)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--exact-limit", type=float, default=30.0, help="seconds per stage per team")
    parser.add_argument(
        "--exact-workers",
        type=int,
        default=1,
        help="CP-SAT workers of the exact model (8 proves 1,000 workers' overload)",
    )
    parser.add_argument(
        "--exact-stop-after",
        default="moves",
        help="the exact model's last stage (overload: its moves are not compared)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("10,100" if args.quick else "10,100,1000")).split(",")]
    print(
        "| workers | seed | families | solver | wall s | CPU s | peak MB | unallocated | "
        "overload pts | moves | violations | proven / gap |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as workdir:
        for size in sizes:
            for seed in (int(s) for s in args.seeds.split(",")):
                snap = skewed_council(size, seed)
                plan, wall, cpu, peak = _keel_solve(snap, workdir)
                terms = {t["id"]: t for t in plan["terms"]}
                gap = (
                    f"{plan['bound']['gap']:.3f} on {plan['bound']['term'] or '-'}; overload "
                    f"bound {terms['overload']['bound']}"
                )
                exact = solve_council(snap, args.exact_limit, args.exact_stop_after, args.exact_workers)
                ev = exact["values"]
                head = f"| {size} | {seed} | {len(snap['families'])} |"
                print(
                    f"{head} keel | {wall:.2f} | {cpu:.2f} | {peak} | {terms['unallocated']['value']} | "
                    f"{terms['overload']['value']:.1f} | {terms['moves']['value']} | "
                    f"{len(check_plan(snap, plan))} | {gap} |"
                )
                print(
                    f"{head} exact per team | {exact['time_s']:.2f} | | | {ev['unallocated']} | "
                    f"{ev['overload']:.1f} | {ev['moves']} | | "
                    f"{'proven' if exact['proven'] else 'not all teams proven'} |",
                    flush=True,
                )
                over, moves = terms["overload"]["value"], terms["moves"]["value"]
                print(
                    f"{head} keel / exact | | | | | {_ratio(over, ev['overload'])} | "
                    f"{_ratio(moves, ev['moves'])} | | |",
                    flush=True,
                )


def _ratio(a: float, b: float) -> str:
    if b == 0:
        return "=" if a == 0 else "inf"
    return f"{a / b:.3f}"


if __name__ == "__main__":
    main()
