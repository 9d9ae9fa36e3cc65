"""The soft terms of docs/design.md §4, in lexicographic order, one named function each.

Each function reads a plan as plain data (``Outcome``: loads before and after, who changed) and
returns the term's integer value; ``model.py`` builds the same terms as CP-SAT expressions, and the
plan reports these values, so what a manager reads is computed without the solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from optimizer.rules import Context
from optimizer.types import PER_MILLE, Family

UNALLOCATED_VISIT_DUE = "unallocated_visit_due"
UNALLOCATED_STATUTORY = "unallocated_statutory"
UNALLOCATED = "unallocated"
OVERLOAD = "overload"
MOVES = "moves"
CHILDREN_MOVED = "children_moved"
PEAK_LOAD = "peak_load"
SPREAD = "spread"
LOCALITY = "locality"

# id -> (unit, what it counts); the order is the lexicographic order.
TERMS: dict[str, tuple[str, str]] = {
    UNALLOCATED_VISIT_DUE: (
        "families",
        "families whose visit falls due by the window's end left without a worker (cover only)",
    ),
    UNALLOCATED_STATUTORY: ("families", "statutory (CP, CLA) families left without a worker"),
    UNALLOCATED: ("families", "families left without a worker"),
    OVERLOAD: ("points", "points above 100% of capacity, summed over workers"),
    MOVES: ("moves", "allocated families whose key worker changes"),
    CHILDREN_MOVED: ("children", "children who change worker; recently moved families count twice"),
    PEAK_LOAD: ("per_mille", "each team's highest load ratio, summed over teams"),
    SPREAD: (
        "per_mille",
        "each worker's load ratio above every 5% step from 0% to 150%, summed: "
        "grows like the square of the ratio, so work goes to the least loaded",
    ),
    LOCALITY: ("score", "new placements with a worker who did not know the family (2) or works another patch (1)"),
}
TERM_ORDER = tuple(TERMS)
ALL_GROUP = "*"  # the one balance group when cross-unit moves are allowed


def ratio(load: int, capacity: int) -> int:
    """Load as per mille of capacity, rounded up (the model uses the same rounding)."""
    return -(-PER_MILLE * load // capacity)


def balance_group(ctx: Context, worker_id: str) -> str:
    if ctx.snapshot.settings.cross_unit:
        return ALL_GROUP
    return ctx.team_of(ctx.workers[worker_id].unit)


SPREAD_STEPS = tuple(range(0, 1501, 50))  # per mille


def spread_of(ratio_per_mille: int) -> int:
    """A convex, piecewise linear stand-in for the square of a load ratio."""
    return sum(ratio_per_mille - step for step in SPREAD_STEPS if ratio_per_mille > step)


def locality_cost(ctx: Context, family_id: str, worker_id: str) -> int:
    family, worker = ctx.families[family_id], ctx.workers[worker_id]
    cost = 0 if worker_id in family.known_to else 2
    if family.area and worker.patch and family.area != worker.patch:
        cost += 1
    return cost


@dataclass(frozen=True)
class Outcome:
    """A plan as plain data: who holds each family before and after, and what is unplaced."""

    ctx: Context
    before: dict[str, str | None]  # family -> worker holding it before
    after: dict[str, str | None]  # family -> worker holding it after (cover: the covering worker)
    unplaced: frozenset[str]  # families needing a worker (or cover) and left without one
    moved: frozenset[str]  # allocated families whose key worker changes
    placed: frozenset[str]  # families given a new worker (moves, placements, covers)

    def loads(self, mapping: dict[str, str | None]) -> dict[str, int]:
        loads = {w.id: 0 for w in self.ctx.snapshot.workers}
        for family_id, worker_id in mapping.items():
            if worker_id is not None:
                loads[worker_id] += self.ctx.families[family_id].points
        return loads


def visit_due_in_window(ctx: Context, family_id: str) -> bool:
    """The family's next visit falls due by the end of the window (overdue included)."""
    due = ctx.families[family_id].visit_due
    return due is not None and due <= ctx.window_end


def unallocated_visit_due(o: Outcome) -> int:
    return sum(1 for f in o.unplaced if visit_due_in_window(o.ctx, f))


def unallocated_statutory(o: Outcome) -> int:
    return sum(1 for f in o.unplaced if o.ctx.families[f].statutory)


def unallocated(o: Outcome) -> int:
    return len(o.unplaced)


def overload(o: Outcome) -> int:
    after = o.loads(o.after)
    return sum(max(0, after[w.id] - w.capacity) for w in o.ctx.snapshot.workers)


def moves(o: Outcome) -> int:
    return len(o.moved)


def moved_weight(family: Family) -> int:
    """What moving the family counts in ``children_moved``: its children, twice when recently moved."""
    return family.children * (2 if family.recently_moved else 1)


def children_moved(o: Outcome) -> int:
    families = o.ctx.families
    return sum(moved_weight(families[f]) for f in o.moved)


def _ratios_by_group(o: Outcome) -> dict[str, list[tuple[str, int]]]:
    after = o.loads(o.after)
    groups: dict[str, list[tuple[str, int]]] = {}
    for w in o.ctx.snapshot.workers:
        if w.capacity > 0:
            groups.setdefault(balance_group(o.ctx, w.id), []).append((w.id, ratio(after[w.id], w.capacity)))
    return groups


def peak_load(o: Outcome) -> int:
    return sum(max(r for _, r in members) for members in _ratios_by_group(o).values())


def spread(o: Outcome) -> int:
    return sum(spread_of(r) for members in _ratios_by_group(o).values() for _, r in members)


def locality(o: Outcome) -> int:
    return sum(locality_cost(o.ctx, f, worker) for f in o.placed if (worker := o.after[f]) is not None)


EVALUATORS: dict[str, Callable[[Outcome], int]] = {
    UNALLOCATED_VISIT_DUE: unallocated_visit_due,
    UNALLOCATED_STATUTORY: unallocated_statutory,
    UNALLOCATED: unallocated,
    OVERLOAD: overload,
    MOVES: moves,
    CHILDREN_MOVED: children_moved,
    PEAK_LOAD: peak_load,
    SPREAD: spread,
    LOCALITY: locality,
}


def evaluate(outcome: Outcome) -> dict[str, int]:
    return {term_id: EVALUATORS[term_id](outcome) for term_id in TERM_ORDER}
