"""Calibration of the collapse forecast (issue 12, item 2): the day-by-day simulation of
``bench/day_by_day.py`` (Keel's own recommend, cover and rebalance decisions, accepted each day) is
run many times from the same starting council; the failure frequency it produces per team and week
is compared with the fast forecast of ``optimizer/resilience/collapse.py``.

    python -m bench.calibration [--quick] [--runs N] [--size small|default] [--decisions keel|greedy]

Prints the reliability table (forecast risk in bands against the observed frequency, with its 95%
interval and whether the forecast lies inside it, for bands with at least ``MIN_WEEKS`` team-weeks)
and the Brier score of the forecast, with the Brier score of always forecasting the overall
frequency as a reference. Teams run in a pool of ``--processes`` processes; each team's runs use
one random stream, so the figures do not depend on the pool.
"""

from __future__ import annotations

import argparse
from collections import Counter
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from bench.day_by_day import DayByDay, KeelDecisions
from optimizer.contract import parse_snapshot
from optimizer.resilience import ResilienceInputs
from optimizer.resilience.collapse import UnitSimulation, weekly_risk, wilson
from optimizer.resilience.scope import resilience_view, scopes
from optimizer.types import Snapshot

BANDS = ((0.0, 0.05), (0.05, 0.15), (0.15, 0.30), (0.30, 0.50), (0.50, 1.01))
MIN_WEEKS = 20


def council(size: str) -> dict:
    from backend.demo import council_snapshot

    return council_snapshot({"small": 15, "default": 110}[size], 0, "resilience")


def team(
    view: Snapshot, unit_id: str, runs: int, decisions: str
) -> tuple[str, list[tuple[float, int, int]], Counter[str]]:
    """One team: its forecast per week and, per week, how many of ``runs`` day-by-day runs failed."""
    view, holdings = resilience_view(view)
    scope = next(s for s in scopes(view, holdings) if s.unit.id == unit_id)
    inputs = ResilienceInputs()
    sim = UnitSimulation(scope, inputs, view.as_of, view.settings.seed)
    forecast = weekly_risk(sim.run(), inputs.weeks, sim.start)
    rng = random.Random(f"calibration:{unit_id}")
    observed: list[int] = []
    calls: Counter[str] = Counter()
    for _ in range(runs):
        if decisions == "keel":
            run = KeelDecisions(scope, inputs, view, rng)
            observed.append(run.run())
            calls.update(run.calls)
        else:
            observed.append(DayByDay(scope, inputs, view.as_of, rng).run())
    pairs = [(cell.risk, sum(1 for o in observed if o >> week & 1), runs) for week, cell in enumerate(forecast)]
    return unit_id, pairs, calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small council, fewer runs")
    parser.add_argument("--runs", type=int, default=None, help="day-by-day runs per team")
    parser.add_argument("--size", choices=("small", "default"), default=None)
    parser.add_argument("--decisions", choices=("keel", "greedy"), default="keel")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    size = args.size or ("small" if args.quick else "default")
    runs = args.runs or (40 if args.quick else 100)
    snapshot = parse_snapshot(council(size))
    teams = [u.id for u in snapshot.units if u.kind == "team"]
    started = time.perf_counter()
    pairs = []
    calls: Counter[str] = Counter()
    with ProcessPoolExecutor(args.processes) as pool:
        jobs = [pool.submit(team, snapshot, t, runs, args.decisions) for t in teams]
        for done, job in enumerate(jobs, 1):
            unit_id, found, asked = job.result()
            pairs += found
            calls.update(asked)
            print(f"  {done}/{len(teams)} teams ({unit_id}, {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    elapsed = time.perf_counter() - started
    asked = ", ".join(f"{n:,} {q}" for q, n in sorted(calls.items())) or "none: greedy rules"
    print(
        f"Calibration on the {size} council: {len(pairs)} team-weeks, {runs} day-by-day runs each "
        f"({args.decisions} decisions; optimizer calls: {asked}), forecast from "
        f"{ResilienceInputs().scenarios} scenarios ({elapsed:.0f} s)"
    )
    print()
    print("| forecast band | team-weeks | mean forecast | observed frequency | 95% interval | forecast inside |")
    print("|---|---|---|---|---|---|")
    for low, high in BANDS:
        inside = [p for p in pairs if low <= p[0] < high]
        if not inside:
            print(f"| {low:.0%}-{min(high, 1):.0%} | 0 | - | - | - | - |")
            continue
        mean = sum(p[0] for p in inside) / len(inside)
        fails, trials = sum(p[1] for p in inside), sum(p[2] for p in inside)
        lo, hi = wilson(fails, trials)
        verdict = ("yes" if lo <= mean <= hi else "no") if len(inside) >= MIN_WEEKS else "too few weeks"
        print(
            f"| {low:.0%}-{min(high, 1):.0%} | {len(inside)} | {mean:.3f} | {fails / trials:.3f} | "
            f"{lo:.3f}-{hi:.3f} | {verdict} |"
        )
    brier = sum(p[1] * (1 - p[0]) ** 2 + (p[2] - p[1]) * p[0] ** 2 for p in pairs) / sum(p[2] for p in pairs)
    base = sum(p[1] for p in pairs) / sum(p[2] for p in pairs)
    reference = base * (1 - base)
    print()
    print(
        f"Brier score of the forecast: {brier:.4f}; of always forecasting the overall frequency "
        f"({base:.3f}): {reference:.4f}"
    )


if __name__ == "__main__":
    main()
