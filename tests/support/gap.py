"""The exact optimum of a tiny generalized-assignment instance, by trying every assignment: the
reference the GAP benchmark's solvers are checked against (independent of them)."""

import itertools

from bench.gap_model import GapInstance, check


def brute_force(inst: GapInstance) -> int | None:
    """The least cost of a feasible assignment (None when there is none)."""
    best = None
    for assignment in itertools.product(range(inst.agents), repeat=inst.jobs):
        try:
            value = check(inst, assignment)
        except ValueError:
            continue
        best = value if best is None else min(best, value)
    return best
