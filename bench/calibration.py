"""Calibration of the collapse forecast (issue 12, item 2): the day-by-day simulation of
``bench/day_by_day.py`` (Keel's own recommend, cover and rebalance decisions, accepted each day) is
run many times from the same starting council; the failure frequency it produces per team and week
is compared with the fast forecast of ``optimizer/resilience/collapse.py``.

    python -m bench.calibration [--quick] [--runs N] [--size small|default] [--decisions keel|greedy]
                                [--teams T01,T02] [--observed FILE]

Prints the reliability table (forecast risk in bands against the observed frequency, with its 95%
interval and whether the forecast lies inside it, for bands with at least ``MIN_WEEKS`` team-weeks)
and the Brier score of the forecast, with the Brier score of always forecasting the overall
frequency as a reference. Teams run in a pool of ``--processes`` processes; each team's runs use
one random stream, so the figures do not depend on the pool.

The day-by-day runs do not read the forecast's code, so ``--observed FILE`` keeps them: when FILE
exists its runs are read (they must be of the same council, runs and decisions) and only the
forecast is worked out again; otherwise they are run and written to FILE.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from bench.day_by_day import DayByDay, KeelDecisions
from optimizer.contract import parse_snapshot
from optimizer.resilience import ResilienceInputs
from optimizer.resilience.collapse import UnitSimulation, weekly_risk, wilson
from optimizer.resilience.scope import Scope, resilience_view, scopes
from optimizer.types import Snapshot

BANDS = ((0.0, 0.05), (0.05, 0.15), (0.15, 0.30), (0.30, 0.50), (0.50, 1.01))
MIN_WEEKS = 20


def council(size: str) -> dict:
    from backend.demo import council_snapshot

    return council_snapshot({"small": 15, "default": 110}[size], 0, "resilience")


def team_scope(view: Snapshot, unit_id: str) -> tuple[Snapshot, Scope]:
    view, holdings = resilience_view(view)
    return view, next(s for s in scopes(view, holdings) if s.unit.id == unit_id)


def forecast(view: Snapshot, unit_id: str) -> list[float]:
    """One team's forecast risk per week."""
    view, scope = team_scope(view, unit_id)
    inputs = ResilienceInputs()
    sim = UnitSimulation(scope, inputs, view.as_of, view.settings.seed)
    return [cell.risk for cell in weekly_risk(sim.run(), inputs.weeks, sim.start)]


def observe(
    view: Snapshot, unit_id: str, runs: int, decisions: str, seed: int = 0
) -> tuple[str, list[int], Counter[str]]:
    """One team's ``runs`` day-by-day runs: per run the mask of failed weeks. ``seed`` 0 is the
    stream of the figures in bench/README.md; another gives an independent sample."""
    view, scope = team_scope(view, unit_id)
    inputs = ResilienceInputs()
    rng = random.Random(f"calibration:{unit_id}" if seed == 0 else f"calibration:{seed}:{unit_id}")
    observed: list[int] = []
    calls: Counter[str] = Counter()
    for _ in range(runs):
        if decisions == "keel":
            run = KeelDecisions(scope, inputs, view, rng)
            observed.append(run.run())
            calls.update(run.calls)
        else:
            observed.append(DayByDay(scope, inputs, view.as_of, rng).run())
    return unit_id, observed, calls


def team(view: Snapshot, unit_id: str, observed: list[int]) -> list[tuple[float, int, int]]:
    """Per week of one team: (forecast risk, day-by-day runs that failed, runs)."""
    return [
        (risk, sum(1 for o in observed if o >> week & 1), len(observed))
        for week, risk in enumerate(forecast(view, unit_id))
    ]


def observe_all(
    snapshot: Snapshot, teams: list[str], runs: int, decisions: str, processes: int, kept: Path | None, seed: int = 0
) -> tuple[dict[str, list[int]], Counter[str]]:
    """Every team's day-by-day runs, read from ``kept`` when it holds them, else run (and kept)."""
    meta = {"as_of": snapshot.as_of.isoformat(), "units": len(snapshot.units), "runs": runs, "decisions": decisions}
    if seed:
        meta["seed"] = seed
    if kept is not None and kept.exists():
        stored = json.loads(kept.read_text())
        if stored["meta"] != meta or not set(teams) <= set(stored["observed"]):
            raise SystemExit(f"{kept} holds other runs: {stored['meta']}")
        return {t: stored["observed"][t] for t in teams}, Counter(stored["calls"])
    started = time.perf_counter()
    observed: dict[str, list[int]] = {}
    calls: Counter[str] = Counter()
    with ProcessPoolExecutor(processes) as pool:
        jobs = [pool.submit(observe, snapshot, t, runs, decisions, seed) for t in teams]
        for done, job in enumerate(jobs, 1):
            unit_id, found, asked = job.result()
            observed[unit_id] = found
            calls.update(asked)
            print(f"  {done}/{len(teams)} teams ({unit_id}, {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if kept is not None:
        kept.write_text(json.dumps({"meta": meta, "observed": observed, "calls": calls}))
    return observed, calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small council, fewer runs")
    parser.add_argument("--runs", type=int, default=None, help="day-by-day runs per team")
    parser.add_argument("--size", choices=("small", "default"), default=None)
    parser.add_argument("--decisions", choices=("keel", "greedy"), default="keel")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--teams", default=None, help="comma-separated team ids (default: every team)")
    parser.add_argument("--observed", type=Path, default=None, help="keep the day-by-day runs in this file")
    parser.add_argument("--seed", type=int, default=0, help="the day-by-day runs' random stream (0: the README's)")
    args = parser.parse_args()
    size = args.size or ("small" if args.quick else "default")
    runs = args.runs or (40 if args.quick else 100)
    snapshot = parse_snapshot(council(size))
    teams = args.teams.split(",") if args.teams else [u.id for u in snapshot.units if u.kind == "team"]
    started = time.perf_counter()
    observed, calls = observe_all(snapshot, teams, runs, args.decisions, args.processes, args.observed, args.seed)
    with ProcessPoolExecutor(args.processes) as pool:
        jobs = [pool.submit(team, snapshot, t, observed[t]) for t in teams]
        pairs = [pair for job in jobs for pair in job.result()]
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
