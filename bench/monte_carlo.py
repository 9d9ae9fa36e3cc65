"""The collapse-risk Monte Carlo alone (issue #13 item 7: the large council, 1,000 workers, 1,000
scenarios over 12 weeks, in 20 s or less), with its pure-Python modules and compiled by mypyc
(``optimizer/resilience/compiled/``), in one process and in a pool of processes, in the same run
(pure Python in one process is the baseline; the figures must be the same).

    .venv/bin/python -m bench.monte_carlo                       # large council, 1,000 scenarios, 1 and 2 processes
    .venv/bin/python -m bench.monte_carlo --workers 110 --scenarios 1000 --processes 1 --modules compiled

Each run is a fresh process (a process runs one kind of module). Prints the CPU seconds
(``time.process_time``, with the pool's processes added) and the wall time, since the machine is
shared: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time

MODULES = {"pure": "1", "compiled": "0"}  # KEEL_PURE_PYTHON for each


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(workers: int, scenarios: int, processes: int) -> dict:
    """In this process: the council's Monte Carlo, its figures' digest, CPU seconds (this process and
    its children), wall seconds, and which modules ran."""
    from bench.resilience import council
    from optimizer.contract import parse_snapshot
    from optimizer.resilience import ResilienceInputs
    from optimizer.resilience.collapse import UnitSimulation, simulate_units
    from optimizer.resilience.compiled import in_use
    from optimizer.resilience.scope import resilience_view, scopes

    snapshot = parse_snapshot(council(workers))
    view, holdings = resilience_view(snapshot)
    units = scopes(view, holdings)
    inputs = ResilienceInputs(scenarios=scenarios)
    as_of, seed = view.as_of, view.settings.seed
    cpu, child, wall = time.process_time(), children_cpu(), time.perf_counter()
    if processes == 1:
        found = [UnitSimulation(scope, inputs, as_of, seed).simulate() for scope in units]
    else:
        found = list(simulate_units(units, inputs, as_of, seed, processes))
    return {
        "cpu": time.process_time() - cpu + children_cpu() - child,
        "wall": time.perf_counter() - wall,
        "figures": hashlib.sha256(repr([tuple(run) for run in found]).encode()).hexdigest(),
        "compiled": in_use().compiled,
        "modules": str(in_use()),
    }


def in_fresh_process(modules: str, args: argparse.Namespace, processes: int) -> dict:
    env = {**os.environ, "KEEL_PURE_PYTHON": MODULES[modules]}
    command = [sys.executable, "-m", "bench.monte_carlo", "--workers", str(args.workers)]
    command += ["--scenarios", str(args.scenarios), "--measure", str(processes)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--processes", default="1,2", help="process counts to run")
    parser.add_argument("--modules", default="pure,compiled", help="pure and/or compiled; the first is the baseline")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # one run, in this process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.workers, args.scenarios, args.measure)))
        return
    print(f"{args.workers} workers, {args.scenarios} scenarios")
    print(
        "| modules | processes | CPU (s) | wall (s) | CPU vs baseline | wall vs baseline | same figures | load average before |"
    )
    print("|---|---|---|---|---|---|---|---|")
    baseline = None
    for modules in args.modules.split(","):
        for processes in [int(p) for p in args.processes.split(",")]:
            load = os.getloadavg()[0]
            run = in_fresh_process(modules, args, processes)
            baseline = baseline or run
            name = "compiled" if run["compiled"] else "pure Python"
            if run["compiled"] != (modules == "compiled"):
                name += f" (asked for {modules}: {run['modules']})"
            print(
                f"| {name} | {processes} | {run['cpu']:.1f} | {run['wall']:.1f} | "
                f"{baseline['cpu'] / run['cpu']:.2f}x | {baseline['wall'] / run['wall']:.2f}x | "
                f"{'yes' if run['figures'] == baseline['figures'] else 'NO'} | {load:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
