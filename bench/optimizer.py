"""Keel's rebalance against a greedy baseline and a plain exact CP-SAT model, on demo councils.

    python -m bench.optimizer --quick    # 10, 100 and 300 workers; exact model 20 s (~2 min)
    python -m bench.optimizer            # 10, 100, 300 and 1,000 workers; exact model 90 s

Every figure is recomputed here from the assignment (not read from the solver): unallocated
families, points above 100% of capacity, workers above 100%, moves, the highest load ratio.
Also times ``recommend`` for one team (10 workers, 20 new families). Not a test.
"""

from __future__ import annotations

import argparse
import time

from bench.councils import council_snapshot
from bench.daily import recommend_team
from optimizer import greedy, parse_snapshot, solve
from optimizer.model import AssignmentModel
from optimizer.rebalance import problem as rebalance_problem
from optimizer.rules import Context
from optimizer.solver import solve_lexicographic

SIZES = (10, 100, 300, 1000)


def figures(snapshot, after: dict[str, str | None], seconds: float, status: str) -> dict:
    loads = {w.id: 0 for w in snapshot.workers}
    for family in snapshot.families:
        if after.get(family.id) is not None:
            loads[after[family.id]] += family.points
    over = {w.id: max(0, loads[w.id] - w.capacity) for w in snapshot.workers}
    return {
        "time_s": seconds,
        "status": status,
        "unallocated": sum(1 for f in snapshot.families if after.get(f.id) is None),
        "overload": sum(over.values()) / 100,
        "over_100": sum(1 for v in over.values() if v > 0),
        "moves": sum(1 for f in snapshot.families if f.worker is not None and after[f.id] != f.worker),
        "max_ratio": max((loads[w.id] / w.capacity for w in snapshot.workers if w.capacity), default=0),
    }


def run_keel(snapshot) -> dict:
    started = time.monotonic()
    plan = solve(snapshot)
    seconds = time.monotonic() - started
    after = {f.id: f.worker for f in snapshot.families}
    after.update({a.family: a.worker for a in plan.assignments})
    row = figures(snapshot, after, seconds, plan.status)
    row["gap"] = f"{plan.bound.gap:.3f} ({plan.bound.term or '-'})"
    return row


def run_greedy(snapshot) -> dict:
    started = time.monotonic()
    prob = rebalance_problem(Context.of(snapshot))
    after = {f.id: f.worker for f in snapshot.families}
    after.update(greedy.rebalance(prob))
    return figures(snapshot, after, time.monotonic() - started, "heuristic")


def run_exact(snapshot, limit_s: float) -> dict:
    """The obvious model: every family of the council in one CP-SAT model, no decomposition, no
    greedy warm start (only the current allocation as a hint), lexicographic stages on the wall
    clock, both cores."""
    started = time.monotonic()
    prob = rebalance_problem(Context.of(snapshot))
    am = AssignmentModel(prob)
    result = solve_lexicographic(
        am, snapshot.settings, started + limit_s, dict(prob.hint), num_workers=2, work=float("inf")
    )
    after = {f.id: f.worker for f in snapshot.families}
    after.update(result.assignment)
    row = figures(snapshot, after, time.monotonic() - started, result.status)
    unknown = [t for t, s in result.slack.items() if s is None]
    row["gap"] = f"unproven from {unknown[0]}" if unknown else ("optimal" if result.status == "optimal" else "bounded")
    return row


def ratio(a: float, b: float) -> str:
    if b == 0:
        return "=" if a == 0 else "inf"
    return f"{a / b:.2f}"


def council_table(sizes, exact_limit: float, source: str) -> None:
    print(
        "| workers | families | solver | time s | status | unallocated | overload pts | "
        "over 100% | moves | max load | gap |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for size in sizes:
        snapshot = parse_snapshot(council_snapshot(size, seed=0, question="rebalance", source=source))
        rows = {
            "keel": run_keel(snapshot),
            "greedy": run_greedy(snapshot),
            f"exact {exact_limit:g}s": run_exact(snapshot, exact_limit),
        }
        for name, r in rows.items():
            print(
                f"| {len(snapshot.workers)} | {len(snapshot.families)} | {name} | {r['time_s']:.2f} | "
                f"{r['status']} | {r['unallocated']} | {r['overload']:.1f} | {r['over_100']} | "
                f"{r['moves']} | {r['max_ratio']:.3f} | {r.get('gap', '')} |",
                flush=True,
            )
        keel, base, exact = rows["keel"], rows["greedy"], rows[f"exact {exact_limit:g}s"]
        ratios.append((len(snapshot.workers), keel, base, exact))
    print("\nKeel's ratios (Keel / other): time, overload, moves, max load")
    print("| workers | vs greedy: time | overload | moves | max load | vs exact: time | overload | moves | max load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n, keel, base, exact in ratios:
        cells = [
            ratio(keel[k], other[k]) for other in (base, exact) for k in ("time_s", "overload", "moves", "max_ratio")
        ]
        print(f"| {n} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default=None, help="comma-separated worker counts")
    parser.add_argument("--exact-limit", type=float, default=None)
    parser.add_argument(
        "--source",
        default="keel",
        choices=["keel", "backend"],
        help="keel: bench/councils.py's generator; backend: backend.demo's",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (SIZES[:3] if args.quick else SIZES)
    limit = args.exact_limit or (20.0 if args.quick else 90.0)
    council_table(sizes, limit, args.source)
    recommend_team(10 if args.quick else 30)


if __name__ == "__main__":
    main()
