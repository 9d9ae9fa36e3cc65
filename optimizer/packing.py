"""A warm start for the overload term of a rebalance piece (a team): colleagues with room filled.

When the workers above capacity hold more than their colleagues' room, the least overload leaves
no colleague below capacity: each is filled to at least capacity (and at most the surge limit)
with families of workers who stay at or above capacity. That is a subset-sum per colleague, which
CP-SAT's search finds slowly; ``fill`` solves it colleague by colleague (the fewest families
reaching the window, by dynamic programming over the points) in a few orders, and keeps the best
plan found, or the one it was given. Every plan it returns keeps the hard rules: families go only
to workers in their options, nobody who gains a family ends above the surge limit, and a family
placed stays placed.
"""

from __future__ import annotations

import random

from optimizer.problem import Problem, children_base

TRIES = 8  # orders of the colleagues with room: the most constrained first, then shuffled


def _fewest(sizes: list[int], low: int, high: int) -> list[int]:
    """The indices of the fewest items whose sum lies in [low, high]; else of a largest sum below
    ``low`` (the fewest items giving it). Sums are kept as a dict: sum -> (items, chosen mask)."""
    best: dict[int, tuple[int, int]] = {0: (0, 0)}
    for index, size in enumerate(sizes):
        for total, (count, mask) in list(best.items()):
            reached = total + size
            if reached > high:
                continue
            held = best.get(reached)
            if held is None or count + 1 < held[0]:
                best[reached] = (count + 1, mask | 1 << index)
    inside = [(count, total, mask) for total, (count, mask) in best.items() if total >= low]
    if inside:
        mask = min(inside)[2]
    else:
        mask = best[max(best)][1]
    return [i for i in range(len(sizes)) if mask >> i & 1]


def overload(problem: Problem, assignment: dict[str, str | None]) -> tuple[int, dict[str, int]]:
    """Points above capacity in the piece under this assignment, and every worker's load."""
    loads = dict(problem.base)
    families = problem.ctx.families
    for family_id, worker_id in assignment.items():
        if worker_id is not None:
            loads[worker_id] += families[family_id].points
    workers = problem.ctx.workers
    return sum(max(0, loads[w] - workers[w].capacity) for w in problem.workers), loads


def moves(problem: Problem, assignment: dict[str, str | None]) -> int:
    return sum(1 for f in problem.must_place if assignment[f] != problem.holder[f])


def fill(problem: Problem, start: dict[str, str | None], floor: int = 0) -> dict[str, str | None]:
    """``start`` or a plan with less overload (then fewer moves), every placed family still placed;
    ``floor``: a proven least overload (the search stops there)."""
    if problem.move_budget is not None or children_base(problem):
        return start  # a move budget or a pod's children limit: not this heuristic's rules
    start = polish(problem, start)
    ctx = problem.ctx
    points = {f: ctx.families[f].points for f in problem.families}
    capacity = {w: ctx.workers[w].capacity for w in problem.workers}
    surge = {w: ctx.surge_cap(ctx.workers[w]) for w in problem.workers}
    home = {f: problem.holder[f] or start[f] for f in problem.families}
    best, best_key = start, (overload(problem, start)[0], moves(problem, start))
    rng = random.Random(ctx.snapshot.settings.seed)
    for attempt in range(TRIES):
        plan = dict(home)
        loads = overload(problem, plan)[1]
        room = [w for w in problem.workers if loads[w] < capacity[w]]
        open_to = {w: [f for f in problem.families if w in problem.options[f] and home[f] != w] for w in room}
        if attempt == 0:
            room.sort(key=lambda w: (len(open_to[w]), w))
        else:
            rng.shuffle(room)
        for taker in room:
            low, high = capacity[taker] - loads[taker], surge[taker] - loads[taker]
            if low <= 0 or high <= 0:
                continue
            offered = [
                f
                for f in open_to[taker]
                if plan[f] == home[f] and (giver := home[f]) is not None and loads[giver] - points[f] >= capacity[giver]
            ]
            if attempt:
                rng.shuffle(offered)
            for i in _fewest([points[f] for f in offered], low, high):
                _move(plan, loads, points, offered[i], taker)
        best, best_key = _keep_better(problem, plan, best, best_key)
    for _ in range(KICKS):  # a few families sent elsewhere at random, then polished again
        if best_key[0] <= floor:
            break
        plan = dict(best)
        loads = overload(problem, plan)[1]
        for f in rng.sample(problem.families, min(KICK_SIZE, len(problem.families))):
            giver = plan[f]
            if giver is None or not problem.options[f]:
                continue
            taker = rng.choice(problem.options[f])
            if taker == giver:
                continue
            keeps_own = taker == problem.holder[f] and all(plan[g] != taker or problem.holder[g] == taker for g in plan)
            if not keeps_own and loads[taker] + points[f] > surge[taker]:
                continue  # the surge limit, for anyone holding a family not theirs
            _move(plan, loads, points, f, taker)
        best, best_key = _keep_better(problem, plan, best, best_key)
    return best


def _move(plan: dict[str, str | None], loads: dict[str, int], points: dict[str, int], f: str, taker: str) -> None:
    """Family ``f`` (placed) to ``taker``, loads kept up to date."""
    giver = plan[f]
    assert giver is not None
    loads[giver] -= points[f]
    loads[taker] += points[f]
    plan[f] = taker


def _keep_better(
    problem: Problem, plan: dict[str, str | None], best: dict[str, str | None], best_key: tuple[int, int]
) -> tuple[dict[str, str | None], tuple[int, int]]:
    """The plan polished, if it has less overload (then fewer moves) than the best so far."""
    plan = polish(problem, plan)
    key = (overload(problem, plan)[0], moves(problem, plan))
    return (plan, key) if key < best_key else (best, best_key)


KICKS = 150  # random perturbations of the best plan while it is above the floor
KICK_SIZE = 3


POLISH_STEPS = 200  # at most this many improving changes a plan


def polish(problem: Problem, plan: dict[str, str | None]) -> dict[str, str | None]:
    """Improving changes between a worker above capacity and one below it, best first: a family
    of one to the other, or two families swapped (which moves the difference of their points).
    The change that lowers overload most, then moves most, each time; the same hard rules."""
    ctx = problem.ctx
    points = {f: ctx.families[f].points for f in problem.families}
    capacity = {w: ctx.workers[w].capacity for w in problem.workers}
    surge = {w: ctx.surge_cap(ctx.workers[w]) for w in problem.workers}
    plan = dict(plan)
    loads = overload(problem, plan)[1]
    held: dict[str, list[str]] = {w: [] for w in problem.workers}
    gains = dict.fromkeys(problem.workers, 0)  # families a worker holds that are not theirs
    for f, w in plan.items():
        if w is not None:
            held[w].append(f)
            gains[w] += w != problem.holder[f]

    def over(w: str, load: int) -> int:
        return max(0, load - capacity[w])

    def allowed(w: str, load: int, gained: int) -> bool:
        return gained == 0 or load <= surge[w]

    for _ in range(POLISH_STEPS):
        best: tuple[int, int, str, str, str, str | None] | None = None
        above = [w for w in problem.workers if loads[w] > capacity[w]]
        below = [w for w in problem.workers if loads[w] < capacity[w]]
        for a in above:
            for b in below:
                before = over(a, loads[a]) + over(b, loads[b])
                for f in held[a]:
                    if b not in problem.options[f]:
                        continue
                    for g in [None, *held[b]]:
                        if g is not None and (a not in problem.options[g] or points[g] >= points[f]):
                            continue
                        shift = points[f] - (points[g] if g is not None else 0)
                        la, lb = loads[a] - shift, loads[b] + shift
                        ga = gains[a] - (a != problem.holder[f]) + (g is not None and a != problem.holder[g])
                        gb = gains[b] + (b != problem.holder[f]) - (g is not None and b != problem.holder[g])
                        if not (allowed(a, la, ga) and allowed(b, lb, gb)):
                            continue
                        gain = before - over(a, la) - over(b, lb)
                        if gain <= 0:
                            continue
                        fewer = (plan[f] != problem.holder[f]) - (b != problem.holder[f])
                        if g is not None:
                            fewer += (plan[g] != problem.holder[g]) - (a != problem.holder[g])
                        key = (gain, fewer, f, b, a, g)
                        if best is None or key[:2] > best[:2]:
                            best = key
        if best is None:
            break
        _, _, f, b, a, g = best
        for family, giver, taker in ((f, a, b), *(((g, b, a),) if g is not None else ())):
            held[giver].remove(family)
            held[taker].append(family)
            loads[giver] -= points[family]
            loads[taker] += points[family]
            gains[giver] -= giver != problem.holder[family]
            gains[taker] += taker != problem.holder[family]
            plan[family] = taker
    return plan
