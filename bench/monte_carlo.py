"""The collapse-risk Monte Carlo alone (issue #13 item 7: the large council, 1,000 workers, 1,000
scenarios over 12 weeks, in 20 s or less), in one process and in a pool of processes, in the same
run (the single process is the baseline; the figures must be the same).

    .venv/bin/python -m bench.monte_carlo                       # large council, 1,000 scenarios, 1 and 2 processes
    .venv/bin/python -m bench.monte_carlo --workers 110 --scenarios 1000 --processes 1

Prints the CPU seconds (``time.process_time``, with the pool's processes added) and the wall time,
since the machine is shared: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from bench.resilience import council
from optimizer.contract import parse_snapshot
from optimizer.resilience import ResilienceInputs
from optimizer.resilience.collapse import UnitSimulation
from optimizer.resilience.scope import resilience_view, scopes


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(units, inputs, as_of, seed, processes: int) -> tuple[list, float, float]:
    """The units' figures, CPU seconds (this process and its children), wall seconds."""
    cpu, child, wall = time.process_time(), children_cpu(), time.perf_counter()
    if processes == 1:
        found = [UnitSimulation(scope, inputs, as_of, seed).simulate() for scope in units]
    else:
        from optimizer.resilience.collapse import simulate_units

        found = list(simulate_units(units, inputs, as_of, seed, processes))
    return (found, time.process_time() - cpu + children_cpu() - child, time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--processes", default="1,2", help="process counts to run, the first is the baseline")
    args = parser.parse_args()
    snapshot = parse_snapshot(council(args.workers))
    view, holdings = resilience_view(snapshot)
    units = scopes(view, holdings)
    inputs = ResilienceInputs(scenarios=args.scenarios)
    print(
        f"{len(snapshot.workers)} workers, {len(units)} teams and pods, {args.scenarios} scenarios "
        f"x {inputs.weeks} weeks"
    )
    print("| processes | CPU (s) | wall (s) | wall vs baseline | same figures | load average before |")
    print("|---|---|---|---|---|---|")
    baseline = None
    for processes in [int(p) for p in args.processes.split(",")]:
        load = os.getloadavg()[0]
        found, cpu, wall = run(units, inputs, view.as_of, view.settings.seed, processes)
        baseline = baseline or (found, wall)
        print(
            f"| {processes} | {cpu:.1f} | {wall:.1f} | {baseline[1] / wall:.2f}x | "
            f"{'yes' if found == baseline[0] else 'NO'} | {load:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
