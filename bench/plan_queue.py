"""Plan queue benchmark: how long one team's quick plan waits behind another team's rebalances.

    python -m bench.plan_queue            # ~25 s

The plans are stand-ins that sleep for their solve time (the scheduling is what is measured, not
CP-SAT): team A asks for 10 rebalances of REBALANCE_S each (from 4 managers, as the per-manager limit
of 3 allows), then team B asks for one recommendation of QUICK_S. Baseline, in the same run: the
queue before per-team queues (one first-come-first-served queue over the same 2 threads), where the
audit measured B's 0.3 s plan taking 95 s behind A's ten rebalances.
"""

from __future__ import annotations

import time

from backend.services import plan_jobs
from backend.services.jobs import Job, JobRegistry

REBALANCES, REBALANCE_S, QUICK_S = 10, 1.0, 0.3


def _sleeping(seconds: float):
    return lambda job: time.sleep(seconds)


def _wait_for_team_b(registry: JobRegistry, *, per_team: bool) -> tuple[float, int]:
    """Seconds from team B's request to its plan being done; how many of A's were done by then."""
    team_a, team_b = ("A", "B") if per_team else (None, None)
    theirs = [registry.submit(Job(requested_by=n % 4, queue=team_a), _sleeping(REBALANCE_S)) for n in range(REBALANCES)]
    asked = time.perf_counter()
    mine = registry.submit(Job(requested_by=9, queue=team_b), _sleeping(QUICK_S))
    while mine.active:
        time.sleep(0.01)
    waited = time.perf_counter() - asked
    done_before = sum(not job.active for job in theirs)
    while any(job.active for job in theirs):
        time.sleep(0.05)
    return waited, done_before


def main() -> None:
    before = JobRegistry("before", workers=2)  # one queue for everyone, first come first served
    before_s, before_done = _wait_for_team_b(before, per_team=False)
    now_s, now_done = _wait_for_team_b(plan_jobs.new_registry(), per_team=True)
    print(f"team A: {REBALANCES} rebalances of {REBALANCE_S} s; team B: one plan of {QUICK_S} s; 2 threads")
    print(f"{'queue':<34}{'B waits s':>10}{'A done first':>14}")
    print(f"{'before: one FIFO queue':<34}{before_s:>10.2f}{before_done:>14}")
    print(f"{'now: per-team queues':<34}{now_s:>10.2f}{now_done:>14}")
    print(f"ratio now/before: {now_s / before_s:.2f}")


if __name__ == "__main__":
    main()
