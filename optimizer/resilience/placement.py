"""Can a unit's remaining workers take the families that move, within the surge limit?

The question is a bin packing with eligibility: each moving family (points, the mask of workers
allowed to take it, statutory or not) must go to one receiving worker, and no receiver may end
above their surge limit (``room`` = surge limit - load, never below 0). It is settled on the
cheapest path that gives a proof:

1. ``bound``: a necessary condition fails, so it cannot hold. A family no receiver may take, or
   none has room for; more moving points than the room of the workers allowed to take them, for
   every set of families that only one group of workers may take (a Hall condition per skill set);
   the same with each room cut to what whole families can fill (a subset sum per receiver).
2. ``greedy``: a placement is found (most constrained family first, into the most room; then
   largest first, best fit), so it holds.
3. ``exact``: CP-SAT decides, within a limit of deterministic work (the same on every machine);
   ``holds`` is None if it ran out.

The spread after a loss is the least possible highest load ratio of the present workers (skills
honoured, the surge limit ignored so the number says how far above it the unit would be): the
greedy placement that keeps ratios lowest gives an achievable value (an upper bound), a water-level
bound per skill set gives a lower bound, and CP-SAT closes the gap when asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from optimizer.resilience.scope import bits
from optimizer.solver import DETERMINISTIC_PER_SECOND
from optimizer.types import PER_MILLE

WALL_SAFETY = 20  # the wall-clock cap, in multiples of a solve's time limit

Moving = tuple[int, int, bool]  # points x100, mask of workers allowed to take it, statutory
Room = dict[int, int] | list[int]  # receiver -> points x100 of room left


@dataclass(frozen=True)
class Verdict:
    holds: bool | None
    settled_by: str  # "bound" | "greedy" | "exact"
    reason: str | None = None


@dataclass(frozen=True)
class Spread:
    ratio: int | None  # per mille; None when nobody with capacity is left
    lower: int  # per mille, proven
    unplaceable: int  # moving families nobody left may take
    exact: bool = False


def rooms(receive: int, load: tuple[int, ...] | list[int], surge: tuple[int, ...]) -> dict[int, int]:
    return {r: max(0, surge[r] - load[r]) for r in bits(receive)}


def refute(moving: list[Moving], room: dict[int, int]) -> str | None:
    """A reason the families cannot all be placed, from necessary conditions; None if none fails."""
    receive = sum(1 << r for r in room)
    biggest = max(room.values(), default=0)
    stranded = [m for m in moving if not any(room[r] >= m[0] for r in bits(m[1] & receive))]
    if stranded:
        statutory = sum(1 for m in stranded if m[2])
        nobody = sum(1 for m in stranded if not m[1] & receive)
        what = f"{len(stranded)} famil{'y' if len(stranded) == 1 else 'ies'}"
        if statutory:
            what += f" ({statutory} CP/CLA)"
        if nobody == len(stranded):
            return f"{what} left with no colleague allowed to take them"
        return f"{what} left with no colleague who has room (largest room {biggest / 100:g} points)"
    groups: dict[int, int] = {}
    for points, mask, _ in moving:
        groups[mask & receive] = groups.get(mask & receive, 0) + points
    union = 0
    for mask in groups:
        union |= mask
    usable = fillable(moving, room)
    for space in (room, usable):
        for mask in sorted(set(groups) | {union}, key=lambda m: (m != union, m)):
            need = sum(p for m, p in groups.items() if m & ~mask == 0)
            have = sum(space[r] for r in bits(mask))
            if need > have:
                who = "colleagues" if mask == union else "colleagues with the skills they need"
                what = "points of room" if space is room else "points of room that whole families fit"
                return f"families needing {need / 100:g} points, {who} have {have / 100:g} {what}"
    return None


def fillable(moving: list[Moving], room: dict[int, int]) -> dict[int, int]:
    """Per receiver, the most of their room whole families they may take can fill (subset sum)."""
    step = 0
    for points, _, _ in moving:
        step = math.gcd(step, points)
    step = step or 1
    found = {}
    for r, left in room.items():
        limit = left // step
        reach, full = 1, (1 << (limit + 1)) - 1
        for points, mask, _ in moving:
            if mask >> r & 1:
                reach = (reach | reach << (points // step)) & full
        found[r] = (reach.bit_length() - 1) * step
    return found


def greedy_fits(moving: list[Moving], room: Room, receive: int | None = None) -> bool:
    """The greedy placement of ``moving`` into ``room`` (receiver -> room: a dict, or a list by
    position with ``receive``, the mask of receivers)."""
    if receive is None:
        receive = sum(1 << r for r in room)
    constrained = sorted(moving, key=lambda m: ((m[1] & receive).bit_count(), -m[0]))
    if _most_room(constrained, room.copy(), receive):
        return True
    return _best_fit(sorted(moving, key=lambda m: -m[0]), room.copy(), receive)


def _most_room(order: list[Moving], room: Room, receive: int) -> bool:
    """Each family in turn to the allowed colleague with the most room left."""
    for points, mask, _ in order:
        options = bits(mask & receive)
        if not options:
            return False
        best = max(options, key=room.__getitem__)
        if room[best] < points:
            return False
        room[best] -= points
    return True


def _best_fit(order: list[Moving], room: Room, receive: int) -> bool:
    """Each family in turn to the allowed colleague it fills most tightly."""
    for points, mask, _ in order:
        best, best_room = -1, -1
        for r in bits(mask & receive):
            left = room[r]
            if left >= points and (best < 0 or left < best_room):
                best, best_room = r, left
        if best < 0:
            return False
        room[best] -= points
    return True


def can_hold(
    moving: list[Moving], room: dict[int, int], time_limit_s: float, exact: bool = True, greedy_first: bool = False
) -> Verdict:
    """Screening bounds, then greedy, then (if ``exact``) CP-SAT.

    ``greedy_first`` tries the greedy before the bounds (cheaper where most cases hold); either
    order settles a case on the same path, since a bound and a placement cannot both exist.
    """
    if not moving:
        return Verdict(True, "bound")
    if greedy_first and greedy_fits(moving, room):
        return Verdict(True, "greedy")
    reason = refute(moving, room)
    if reason is not None:
        return Verdict(False, "bound", reason)
    if not greedy_first and greedy_fits(moving, room):
        return Verdict(True, "greedy")
    if not exact:
        return Verdict(None, "greedy", "no placement found by the quick check")
    return solve_exactly(moving, room, time_limit_s)


def solve_exactly(moving: list[Moving], room: dict[int, int], time_limit_s: float) -> Verdict:
    """CP-SAT: is there a placement within every receiver's room?"""
    model = cp_model.CpModel()
    take = {
        (f, r): model.new_bool_var(f"take_{f}_{r}")
        for f, (_, mask, _) in enumerate(moving)
        for r in room
        if mask >> r & 1
    }
    for f in range(len(moving)):
        model.add_exactly_one(v for (g, _), v in take.items() if g == f)
    for r, left in room.items():
        model.add(sum(moving[f][0] * v for (f, s), v in take.items() if s == r) <= left)
    status = _solver(time_limit_s).solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Verdict(True, "exact")
    if status == cp_model.INFEASIBLE:
        return Verdict(False, "exact", "no placement of the families fits within the surge limit")
    return Verdict(None, "exact", f"undecided within {time_limit_s:g} s")


def _solver(time_limit_s: float) -> cp_model.CpSolver:
    """A one-thread CP-SAT solver bounded in deterministic work, not wall time, so an answer never
    depends on how busy the machine was (a region's forecast gives the same figures on a cluster as
    in one process); the wall-clock cap is only a safety net far above the work limit."""
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = max(0.003, DETERMINISTIC_PER_SECOND * time_limit_s)
    solver.parameters.max_time_in_seconds = max(10.0, WALL_SAFETY * time_limit_s)
    solver.parameters.num_workers = 1  # small models; deterministic
    solver.parameters.random_seed = 0
    return solver


@dataclass
class Budget:
    """Seconds of solving left, counted in the solver's deterministic work (at
    DETERMINISTIC_PER_SECOND units a second), shared by several solves."""

    seconds: float

    def spend(self, solver: cp_model.CpSolver) -> None:
        self.seconds -= solver.deterministic_time / DETERMINISTIC_PER_SECOND


# ---------------------------------------------------------------------------------------------
# The spread: the lowest highest load ratio the manager could reach after the loss.


def per_mille(load: int, cap: int) -> int:
    return -(-PER_MILLE * load // cap)


def spread(
    moving: list[Moving], present: int, receive: int, load: tuple[int, ...], cap: tuple[int, ...]
) -> tuple[Spread, list[int]]:
    """Greedy upper bound and proven lower bound; also the greedy's loads (for a warm start)."""
    staying = [w for w in bits(present) if cap[w] > 0]
    if not staying:
        return Spread(None, 0, len(moving)), list(load)
    after = list(load)
    receivers = [r for r in bits(receive)]
    unplaceable = 0
    lower = max(per_mille(load[w], cap[w]) for w in staying)
    groups: dict[int, int] = {}
    for points, mask, _ in sorted(moving, key=lambda m: -m[0]):
        options = [r for r in receivers if mask >> r & 1]
        if not options:
            unplaceable += 1
            continue
        best = min(options, key=lambda r: ((after[r] + points) / cap[r], r))
        after[best] += points
        lower = max(lower, min(per_mille(load[r] + points, cap[r]) for r in options))
        key = sum(1 << r for r in options)
        groups[key] = groups.get(key, 0) + points
    union = 0
    for mask in groups:
        union |= mask
    for mask in set(groups) | {union}:
        need = sum(p for m, p in groups.items() if m & ~mask == 0)
        lower = max(lower, water_level(need, [(load[r], cap[r]) for r in bits(mask)]))
    upper = max(per_mille(after[w], cap[w]) for w in staying)
    return Spread(upper, min(lower, upper), unplaceable, upper == lower), after


def water_level(points: int, workers: list[tuple[int, int]]) -> int:
    """The lowest ratio (per mille, rounded up) at which ``workers`` (load, cap) absorb ``points``."""
    if not workers or points <= 0:
        return 0
    ordered = sorted(workers, key=lambda w: w[0] / w[1])
    total_load = total_cap = 0
    for k, (load, cap) in enumerate(ordered):
        total_load += load
        total_cap += cap
        level = (points + total_load) / total_cap
        if k + 1 == len(ordered) or level <= ordered[k + 1][0] / ordered[k + 1][1]:
            return math.ceil(PER_MILLE * level - 1e-9)
    return 0


def exact_spread(
    moving: list[Moving],
    present: int,
    receive: int,
    load: tuple[int, ...],
    cap: tuple[int, ...],
    quick: Spread,
    time_limit_s: float,
    budget: Budget | None = None,
) -> Spread:
    """CP-SAT: minimise the highest load ratio (per mille) of the present workers; the solve's work
    is taken from ``budget`` when one is given."""
    if quick.exact or quick.ratio is None:
        return quick
    placeable = [m for m in moving if m[1] & receive]
    receivers = bits(receive)
    model = cp_model.CpModel()
    top = model.new_int_var(quick.lower, quick.ratio, "max_ratio")
    take = {
        (f, r): model.new_bool_var(f"take_{f}_{r}")
        for f, (_, mask, _) in enumerate(placeable)
        for r in receivers
        if mask >> r & 1
    }
    for f in range(len(placeable)):
        model.add_exactly_one(v for (g, _), v in take.items() if g == f)
    for r in receivers:
        gained = sum(placeable[f][0] * v for (f, s), v in take.items() if s == r)
        model.add(PER_MILLE * (load[r] + gained) <= top * cap[r])
    model.minimize(top)
    solver = _solver(time_limit_s)
    status = solver.solve(model)
    if budget is not None:
        budget.spend(solver)
    if status == cp_model.OPTIMAL:
        value = int(solver.value(top))
        return Spread(value, value, quick.unplaceable, True)
    if status == cp_model.FEASIBLE:
        bound = max(quick.lower, int(solver.best_objective_bound))
        return Spread(min(quick.ratio, int(solver.value(top))), bound, quick.unplaceable, False)
    return quick
