"""The daily question: one team's recommend, solved in-process and through the whole command.

    python -m bench.daily              # 20 councils in-process, 10 runs of `keel solve`
    python -m bench.daily --quick      # 10 and 5

In-process: one team of 10 workers with 20 new families (``one_team``), the solve's median time
and how many plans are proven optimal on the placement terms (statutory unallocated, unallocated,
overload: each term's bound equals its value). Whole command: ``keel solve`` on the same snapshot,
from process start to the printed plan, against ``python -c pass`` (the interpreter's own start)
measured in the same run; and the solve path's imports (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.councils import own_council
from optimizer import decompose, parse_snapshot, solve
from optimizer.solver import PHASES


def one_team(seed: int) -> dict:
    """A team of 10 workers with 20 families waiting for allocation (a recommend snapshot)."""
    data = own_council(10, seed=seed, question="recommend")
    for item in data["workers"] + data["families"]:
        item["unit"] = "T001"  # one team of ten
    allocated = [f for f in data["families"] if f["worker"] is not None]
    for family in allocated[: max(0, 20 - sum(f["worker"] is None for f in data["families"]))]:
        family["worker"] = None
    return data


def recommend_team(repeats: int) -> list[tuple]:
    """Solve the one-team recommends; print the figures; return each plan's (family, worker) pairs."""
    times, cpu, proven, optimal, plans = [], [], 0, 0, []
    for seed in range(repeats):
        snapshot = parse_snapshot(one_team(seed))
        started, used = time.monotonic(), time.process_time()
        plan = solve(snapshot)
        times.append(time.monotonic() - started)
        cpu.append(time.process_time() - used)
        optimal += plan.status == "optimal"
        proven += all(t.bound == t.value for t in plan.terms if t.id in PHASES[0])
        plans.append(tuple(sorted((a.family, a.worker) for a in plan.assignments)))
    print(
        f"recommend, one team (10 workers, 20 new families), {repeats} councils: solve median "
        f"{statistics.median(times):.3f} s (CPU {statistics.median(cpu):.3f} s), max "
        f"{max(times):.3f} s; proven on the placement "
        f"terms {proven}/{repeats}; optimal on every term {optimal}/{repeats}"
    )
    return plans


def recommend_against_baseline(repeats: int) -> None:
    """The recommends as Keel solves them, then with a rebalance's balance budget (the baseline, as
    before `RECOMMEND_BALANCE_WORK`), in the same run: the time it saves and whether any plan changes."""
    plans = recommend_team(repeats)
    own = decompose.RECOMMEND_BALANCE_WORK
    decompose.RECOMMEND_BALANCE_WORK = decompose.BALANCE_WORK
    try:
        print("  baseline, the balance budget of a rebalance:", end=" ")
        before = recommend_team(repeats)
    finally:
        decompose.RECOMMEND_BALANCE_WORK = own
    print(f"  plans that differ from the baseline's: {sum(a != b for a, b in zip(plans, before))}/{repeats}")


def _median_run(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.monotonic()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.monotonic() - started)
    return statistics.median(times)


def whole_command(runs: int) -> None:
    keel = os.path.join(os.path.dirname(sys.executable), "keel")
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "team.json")
        with open(path, "w") as handle:
            json.dump(one_team(0), handle)
        bare = _median_run([sys.executable, "-c", "pass"], runs)
        ortools = _median_run([sys.executable, "-c", "import ortools.sat.python.cp_model"], runs)
        command = _median_run([keel, "solve", path], runs)
        imports = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-c",
                "import sys; sys.argv = ['keel', 'solve', '-'];from backend.launch import main",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
    print(
        f"`keel solve` on one team, median of {runs}: {command:.2f} s (interpreter start "
        f"{bare:.2f} s, + OR-Tools' import {ortools:.2f} s; ratio command / OR-Tools import "
        f"{command / ortools:.2f})"
    )
    heavy = [
        line.split("|")[-1].strip()
        for line in imports.splitlines()
        if any(name in line for name in ("sqlalchemy", "fastapi", "typer", "backend.cli"))
    ]
    print(f"launcher imports of web, database or CLI-framework modules: {len(heavy)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    recommend_against_baseline(10 if args.quick else 20)
    whole_command(5 if args.quick else 10)


if __name__ == "__main__":
    main()
