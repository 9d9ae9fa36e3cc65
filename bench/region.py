"""A region's resilience forecast at scale (issue #17): one process, then Dask's local cluster
with 1 and 2 worker processes, on the same councils in the same run (the single process is the
baseline). Prints wall time, tasks per second, speed-up, the engine's overhead, and an estimate for
a 64-core cluster from the measured per-task times (longest first onto the least busy core).

Each task's CPU seconds (``time.process_time`` in its process) are printed beside its wall seconds:
on a shared machine the wall seconds grow with the load average, the CPU seconds do not, so the
England estimates are made from CPU seconds (England = this run's CPU seconds per worker in post x
33,000, on this machine's cores with no overhead); the wall run shows the engine's overhead.

    .venv/bin/python -m bench.region --quick          # 15 councils, 3,300 workers (a tenth of England), 200 scenarios
    .venv/bin/python -m bench.region                  # England: 150 councils, 33,000 workers, 200 scenarios
    .venv/bin/python -m bench.region --councils 30 --workers 6600 --configs 0,2

Councils are generated once into --folder (default /tmp/keel-region-N) and reused.
"""

import argparse
import heapq
import os
import time
from pathlib import Path

from backend.region.councils import load, national_specs, save
from backend.region.forecast import forecast_region, generate_councils


def _lpt(seconds: list[float], cores: int) -> float:
    """Longest processing time first onto the least loaded core: the makespan."""
    finish = [0.0] * cores
    for task in sorted(seconds, reverse=True):
        heapq.heapreplace(finish, finish[0] + task)
    return max(finish)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of England: 15 councils, 3,300 workers")
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--workers", type=int, default=33_000)
    parser.add_argument("--scenarios", type=int, default=200)
    parser.add_argument("--configs", default="0,1,2", help="processes per run; 0 = one process without Dask")
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.councils, args.workers = 15, 3_300
    folder = args.folder or Path(f"/tmp/keel-region-{args.councils}-{args.workers}")
    if not list(folder.glob("*.json")):
        started = time.perf_counter()
        save(generate_councils(national_specs(args.councils, args.workers), processes=2), folder)
        print(f"generated {args.councils} councils in {time.perf_counter() - started:.1f} s into {folder}")
    councils = load(folder)
    workers = sum(c.workers for c in councils)
    print(
        f"{len(councils)} councils, {workers:,} workers in post, {args.scenarios} scenarios; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'run':<24}{'wall s':>9}{'tasks/s':>9}{'speed-up':>10}{'overhead':>10}")
    baseline = None
    for processes in [int(p) for p in args.configs.split(",")]:
        result = forecast_region(councils, processes=processes, scenarios=args.scenarios)
        busy = sum(result.task_seconds)
        baseline = baseline or result.wall_s
        overhead = 1 - busy / (result.wall_s * result.processes)
        name = "one process" if processes == 0 else f"dask, {processes} worker process{'es' if processes > 1 else ''}"
        print(
            f"{name:<24}{result.wall_s:>9.1f}{len(councils) / result.wall_s:>9.2f}"
            f"{baseline / result.wall_s:>9.2f}x{overhead:>9.1%}"
        )
        last = result
    cpu = last.task_cpu_seconds
    per_worker = sum(cpu) / workers
    print(
        f"task seconds: wall sum {sum(last.task_seconds):.1f}, CPU sum {sum(cpu):.1f}, longest CPU {max(cpu):.1f}; "
        f"{per_worker * 1000:.1f} ms CPU per worker in post"
    )
    cores = os.cpu_count() or 1
    print(
        f"estimate from CPU seconds (longest first, no overhead): 64 cores {_lpt(cpu, 64):.1f} s; "
        f"England (33,000 workers) {per_worker * 33_000:.0f} CPU s, on this machine's {cores} cores "
        f"{per_worker * 33_000 / cores:.0f} s"
    )


if __name__ == "__main__":
    main()
