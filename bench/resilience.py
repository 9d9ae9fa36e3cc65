"""Resilience benchmark: N-1 + N-2 for every unit and the Monte Carlo, default and large councils;
the heatmap cold and after one change (per-unit cache), a what-if and the secure plan.

    python -m bench.resilience [--quick]

Prints markdown tables: the phases of ``assess`` as a user gets them (timed by its progress hook),
how many loss cases each path settled, and the time of settling every loss with CP-SAT alone (no
screening): measured on the default council, on a sample of units of the large one (scaled by the
number of cases). ``--quick`` skips the large council's Monte Carlo. Then the spread of the teams'
collapse risk on the default council, weeks 1 and 12, for several ``cover_after_days`` (0 is the
rule before that setting: every family of an absent worker covered from the first day). Then the
heatmap's forecast cold, unchanged (every unit cached) and after one family's points change (one
unit worked out again), a what-if (one worker lost) and the secure plan, with the ratio of the
after-change time to the cold time measured in the same run (``--quick``: 200 scenarios on the
large council).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from optimizer.contract import parse_snapshot
from optimizer.resilience import ResilienceInputs, assess
from optimizer.resilience.collapse import UnitSimulation, weekly_risk
from optimizer.resilience.contingency import assess_contingency
from optimizer.resilience.scope import scopes

COUNCILS = {"default": 110, "large": 1000}


def council(workers: int, seed: int = 0) -> dict:
    try:
        from backend.demo import council_snapshot
    except ImportError:
        return _simple_council(workers, seed)
    return council_snapshot(workers, seed, "resilience")


def _simple_council(workers: int, seed: int) -> dict:
    """Teams of eight, ~85% loaded, a third of families CP, half the workers CP-skilled."""
    rng = random.Random(seed)
    units = [{"id": "S0", "parent": None, "kind": "service"}]
    staff, work = [], []
    for w in range(workers):
        team = f"T{w // 8:03d}"
        if w % 8 == 0:
            units.append({"id": team, "parent": "S0", "kind": "team"})
        skills = ["child_protection"] if rng.random() < 0.5 else []
        staff.append({"id": f"W{w:04d}", "unit": team, "capacity": 85, "skills": skills})
        held = 0.0
        while held < 72:
            cp = bool(skills) and rng.random() < 0.6
            points = rng.choice([5, 6, 8, 9, 12, 16])
            work.append(
                {
                    "id": f"F{len(work):05d}",
                    "unit": team,
                    "points": points,
                    "worker": f"W{w:04d}",
                    "statuses": ["cp" if cp else "cin"],
                    "requires": ["child_protection"] if cp else [],
                }
            )
            held += points
    return {"question": "resilience", "as_of": "2026-12-01", "units": units, "workers": staff, "families": work}


def phases(snapshot, scenarios: int, processes: int = 1) -> dict:
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def hook(phase: str, done: int, total: int) -> None:
        if done == total:
            marks[phase] = time.perf_counter()

    plan = assess(snapshot, progress=hook, inputs=ResilienceInputs(scenarios=scenarios), processes=processes)
    total = time.perf_counter() - started
    contingency = marks.get("contingency", started) - started
    return {"plan": plan, "contingency_s": contingency, "collapse_s": total - contingency, "total_s": total}


def decisions(units, screening: bool) -> tuple[float, list, tuple]:
    """Settle every loss (no sharpening of spreads): time, verdicts, counts per path."""
    started = time.perf_counter()
    found = [assess_contingency(s, 1.0, screening, deadline=time.monotonic()) for s in units]
    elapsed = time.perf_counter() - started
    verdicts = [loss.holds for c in found for loss in c.singles]
    counts = tuple(sum(c.settled[i] for c in found) for i in range(4))
    return elapsed, verdicts, counts


def risk_spread(snapshot, scenarios: int, cover_after_days: int) -> tuple[list, list, list, float]:
    """Per team, the collapse risk of weeks 1 and 12 and the near-term risk (the highest of the
    first ``risk_weeks``, which the stage weighs), from the Monte Carlo alone; and its time."""
    inputs = ResilienceInputs(scenarios=scenarios, cover_after_days=cover_after_days)
    started = time.perf_counter()
    first, last, near = [], [], []
    for scope in scopes(snapshot):
        if scope.unit.kind != "team":
            continue
        sim = UnitSimulation(scope, inputs, snapshot.as_of, snapshot.settings.seed)
        risks = weekly_risk(sim.run(), inputs.weeks, sim.start)
        first.append(risks[0].risk)
        last.append(risks[-1].risk)
        near.append(max(w.risk for w in risks[: inputs.thresholds.risk_weeks]))
    return first, last, near, time.perf_counter() - started


def spread_words(values: list[float]) -> str:
    figures = (min(values), statistics.median(values), max(values))
    return " / ".join(f"{100 * v:.0f}%" for v in figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the large council's Monte Carlo")
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="processes for the large council's Monte Carlo (bench.monte_carlo compares)",
    )
    args = parser.parse_args()
    print(
        "| council | workers | teams+pods | N-k cases | bound | greedy | exact | unknown "
        "| N-1+N-2 (s) | exact only (s) | speed-up | verdicts differ | Monte Carlo (s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, size in COUNCILS.items():
        snapshot = parse_snapshot(council(size))
        units = scopes(snapshot)
        quick_mc = args.quick and name == "large"
        run = phases(snapshot, 1 if quick_mc else args.scenarios, args.processes if name == "large" else 1)
        plan = run["plan"]
        screened_s, screened, _ = decisions(units, True)
        sample = units if name == "default" else units[:: max(1, len(units) // 15)]
        sample_screened_s, fast, _ = decisions(sample, True) if name != "default" else (screened_s, screened, None)
        exact_s, slow, _ = decisions(sample, False)
        differ = sum(1 for a, b in zip(fast, slow) if None not in (a, b) and a != b)
        scale = screened_s / sample_screened_s if sample_screened_s else 1.0
        exact_label = f"{exact_s * scale:.1f}" + ("" if name == "default" else f" (est. from {len(sample)} units)")
        cases = sum(plan.screening)
        mc = "skipped" if quick_mc else f"{run['collapse_s']:.1f} ({args.scenarios} x {plan.weeks} wk)"
        print(
            f"| {name} | {len(snapshot.workers)} | {len(units)} | {cases} | "
            f"{' | '.join(str(n) for n in plan.screening)} | {run['contingency_s']:.1f} | "
            f"{exact_label} | {exact_s * scale / max(screened_s, 1e-9):.0f}x (decisions) | "
            f"{differ} | {mc} |"
        )
    print()
    print(
        "N-1+N-2 (s): the contingency phase of `assess` (decisions, spreads and the exact "
        "sharpening of worst spreads within half of `time_limit_s`). Exact only and speed-up: "
        "every loss settled by CP-SAT, against the screened decisions alone (measured on the "
        "default council; on the large one from a sample of units, scaled by screened time). "
        "Verdicts differ: losses where screening and CP-SAT disagree (expected 0)."
    )
    print()
    print(
        "| cover_after_days | teams | week 1 min / median / max | week 12 min / median / max "
        "| teams with near-term risk >= 40% / >= 70% | Monte Carlo (s) |"
    )
    print("|---|---|---|---|---|---|")
    snapshot = parse_snapshot(council(COUNCILS["default"]))
    for days in (0, 2, ResilienceInputs.cover_after_days):
        first, last, near, elapsed = risk_spread(snapshot, args.scenarios, days)
        print(
            f"| {days} | {len(first)} | {spread_words(first)} | {spread_words(last)} | "
            f"{sum(1 for r in near if r >= 0.4)} / {sum(1 for r in near if r >= 0.7)} | "
            f"{elapsed:.1f} |"
        )
    cache_and_questions(args.quick)


def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    found = work()
    return time.perf_counter() - started, found


def change_one_family(data: dict) -> dict:
    """The same snapshot with one allocated family's points raised (its team is worked out again)."""
    import copy

    changed = copy.deepcopy(data)
    family = next(f for f in changed["families"] if f.get("worker"))
    family["points"] = float(family["points"]) + 5
    return changed


def cache_and_questions(quick: bool) -> None:
    from optimizer.resilience import UnitCache, assess_json
    from optimizer.resilience.scenario import what_if
    from optimizer.resilience.secure import secure_json

    print()
    print(
        "| council | units | scenarios | heatmap cold (s) | unchanged (s) | after one change (s) "
        "| after / cold | what-if, one worker lost (s) | secure plan (s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, size in COUNCILS.items():
        data = council(size)
        scenarios = 200 if quick and name == "large" else 1000
        data["resilience"] = {"scenarios": scenarios}
        cache = UnitCache(max_units=4096)
        cold, plan = timed(lambda: assess_json(data, cache=cache))  # noqa: B023 - called at once
        same, _ = timed(lambda: assess_json(data, cache=cache))  # noqa: B023 - called at once
        after, _ = timed(lambda: assess_json(change_one_family(data), cache=cache))  # noqa: B023 - called at once
        lost = next(w["id"] for w in data["workers"] if w.get("available", True))
        scenario_s, _ = timed(lambda: what_if(data, {"lose": [lost]}, cache=cache))  # noqa: B023 - called at once
        if name == "large":  # the secure plan of one service, as the unit page asks for it
            service = next(u["id"] for u in data["units"] if u["kind"] == "service")
            inside = {service} | {u["id"] for u in data["units"] if u.get("parent") == service}
            inside |= {u["id"] for u in data["units"] if u.get("parent") in inside}
            part = {
                **data,
                "question": "secure",
                "units": [u for u in data["units"] if u["id"] in inside],
                "workers": [w for w in data["workers"] if w["unit"] in inside],
                "families": [f for f in data["families"] if f["unit"] in inside],
            }
            keep = {w["id"] for w in part["workers"]}
            part["families"] = [
                {
                    **f,
                    "worker": f["worker"] if f.get("worker") in keep else None,
                    "known_to": [k for k in f.get("known_to", []) if k in keep],
                    "co_worker": f.get("co_worker") if f.get("co_worker") in keep else None,
                }
                for f in part["families"]
            ]
            label = "secure (one service)"
        else:
            part, label = {**data, "question": "secure"}, "secure"
        secure_s, _ = timed(lambda: secure_json(part))  # noqa: B023 - called at once
        print(
            f"| {name} | {len(plan['units'])} | {scenarios} | {cold:.1f} | {same:.2f} | {after:.2f} "
            f"| {after / cold:.2f} | {scenario_s:.2f} | {secure_s:.1f} ({label}) |"
        )
    print()
    print(
        "After one change only the changed unit is worked out again; the rest comes from the "
        "per-unit cache (optimizer/resilience/unit_cache.py). The server adds the snapshot's "
        "database read to these times."
    )


if __name__ == "__main__":
    main()
