"""One Monte Carlo scenario's state of a unit (``collapse.py``): its families, loads and waiting
list, the week's flow (closures, referrals, leavers' families, allocation), the day's check of the
failure rule and the week's flow pressure. Mutable; one per scenario.

The waiting list (``since``: family -> the day it began to wait) is kept in the order families
joined it, which is also the order of those days: flow lands on its day (each working day, or the
first day of a week), so a family never joins before one already waiting. Its first entry is the
longest waiting."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from optimizer.resilience.placement import greedy_fits
from optimizer.resilience.scope import Scope, bits

if TYPE_CHECKING:
    from optimizer.resilience.collapse import UnitSimulation

Family = tuple[int, int, bool]  # points x100, mask of workers allowed to take it, statutory
DAY_SHIFT = 40  # points x100 stay below 2**40


class Cover(NamedTuple):
    """The cover of the families of the workers away on a day (``UnitState.cover``)."""

    load: list[int]  # every worker's load with the families they cover
    short: int  # the workers away with a statutory family nobody could cover
    left: list[int]  # per worker away, their other families nobody could cover


class CoverOrder(dict[Family, tuple[bool, int]]):
    """The order in which a worker's families are covered, as a sort key per family: statutory
    first, largest first, then the others, smallest first. Worked out once per family."""

    def __missing__(self, family: Family) -> tuple[bool, int]:
        points, _, statutory = family
        found = self[family] = (not statutory, -points if statutory else points)
        return found


def rank(family: Family, day: int) -> int:
    """The allocation order of a waiting family as one number: statutory first, then the longest
    waiting (``day``: when it began to wait), then the largest."""
    points, _, statutory = family
    return (not statutory) << 62 | day << DAY_SHIFT | ((1 << DAY_SHIFT) - 1 - points)


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def poisson_draw(mean: float) -> Callable[[random.Random], int]:
    """``poisson`` for one ``mean``, its exponential worked out once: the same draws."""
    if mean <= 0 or mean > 30:
        return lambda rng: poisson(rng, mean)
    limit = math.exp(-mean)

    def draw(rng: random.Random) -> int:
        k, product = 0, rng.random()
        while product > limit:
            k += 1
            product *= rng.random()
        return k

    return draw


def lightest(options: tuple[tuple[int, int, int], ...], load: list[int], points: int) -> int:
    """The colleague of ``options`` ((worker, capacity, limit)) left with the lowest load ratio when
    given ``points`` more within their limit, the first of equals; -1 when none has the room.
    Receivers have capacity: every ratio is finite."""
    best, lowest = -1, math.inf
    for w, cap, limit in options:
        after = load[w] + points
        if after <= limit:
            ratio = after / cap
            if ratio < lowest:
                best, lowest = w, ratio
    return best


class StartingState:
    """A unit's families, loads and waiting list on ``as_of``: what every scenario starts from,
    worked out once per unit."""

    def __init__(self, scope: Scope) -> None:
        self.families: list[Family] = [(f.points, mask, f.statutory) for f, mask in zip(scope.families, scope.eligible)]
        self.since = {f: 0 for f in scope.unallocated()}
        self.rank = {f: rank(self.families[f], 0) for f in self.since}
        self.statutory_held = [sum(1 for f in h if self.families[f][2]) for h in scope.held]
        self.choices: dict[int, tuple[tuple[int, int, int], ...]] = {}  # UnitState._choices, kept
        self.cover_order = CoverOrder()  # kept for every scenario of the unit


class UnitState:
    """One scenario's families, loads and waiting list (mutable). A family is (points x100, the
    mask of workers allowed to take it, statutory): a referral is a copy of its template."""

    def __init__(self, scope: Scope, allocate_to: tuple[int, ...], start: StartingState | None = None) -> None:
        start = start or StartingState(scope)
        self.scope = scope
        self.allocate_to = allocate_to
        self.families = list(start.families)
        self.load = list(scope.load)
        self.held = [list(h) for h in scope.held]
        self.holder = list(scope.holder)
        self.since = dict(start.since)  # waiting family -> day it began to wait
        self.rank = dict(start.rank)  # waiting family -> rank(family, since); left behind when placed
        self.live = list(range(len(self.families)))
        self.released = 0  # workers whose families went back to the waiting list
        self.statutory_held = list(start.statutory_held)
        self.choices = start.choices  # the same for every scenario of the unit
        self.cover_order = start.cover_order
        self.allocated_for = -1  # the receivers of the last allocation, while nothing has changed since

    def holding_statutory(self) -> int:
        mask = 0
        if any(self.statutory_held):
            for w, count in enumerate(self.statutory_held):
                if count:
                    mask |= 1 << w
        return mask

    def flow(self, rng: random.Random, sim: UnitSimulation, day: int, receive: int) -> bool:
        """The closures and referrals of the week (or the day, with ``daily_flow``), the families
        of leavers, then the allocation. It comes before the day's cover, as Keel's recommend is
        asked before its cover each day: a referral may take room an absent worker's family would
        have had. ``receive``: the colleagues who may take families that day
        (``UnitSimulation._receive``). Whether the families, loads or waiting list changed."""
        changed = False
        closures = sim.draw_closures(rng)
        if closures:
            changed = self._close(closures, rng)
        referrals = sim.draw_referrals(rng)
        if referrals:
            self._refer(referrals, rng, sim, day)
            changed = True
        leaving = sim.gone[day] & ~self.released
        if leaving:
            self._release(leaving, day)
            changed = True
        if self.since and (changed or receive != self.allocated_for):  # else it would place nothing
            self.allocated_for = receive
            changed = self._allocate(receive) or changed
        return changed

    def _close(self, closures: int, rng: random.Random) -> bool:
        live, since, holder, families = self.live, self.since, self.holder, self.families
        held, load, statutory_held, draw = self.held, self.load, self.statutory_held, rng.random
        for closed in range(closures):
            if not live:
                return closed > 0
            k = int(draw() * len(live))
            family = live[k]
            live[k] = live[-1]
            live.pop()
            worker = holder[family]
            if worker < 0:
                del since[family]
            else:
                held[worker].remove(family)
                points, _, statutory = families[family]
                load[worker] -= points
                statutory_held[worker] -= statutory
        return True

    def _refer(self, referrals: int, rng: random.Random, sim: UnitSimulation, day: int) -> None:
        families, holder, live, since, draw = self.families, self.holder, self.live, self.since, rng.random
        templates, ranks, order, count = sim.templates, self.rank, day << DAY_SHIFT, len(sim.templates)
        for family in range(len(families), len(families) + referrals):
            if count:
                t = int(draw() * count)
                families.append(templates[t])
                ranks[family] = sim.template_ranks[t] | order
            else:
                families.append(sim.default_family)
                ranks[family] = rank(sim.default_family, day)
            holder.append(-1)
            live.append(family)
            since[family] = day

    def _release(self, leaving: int, day: int) -> None:
        """The families of the workers ``leaving`` go back to the waiting list."""
        held, holder, families = self.held, self.holder, self.families
        for w in bits(leaving):
            self.released |= 1 << w
            for f in held[w]:
                holder[f] = -1
                self.since[f] = day
                self.rank[f] = rank(families[f], day)
            held[w] = []
            self.load[w] = 0
            self.statutory_held[w] = 0

    def _allocate(self, receive: int) -> bool:
        """Statutory families first, then the longest waiting, each to the eligible colleague
        left with the lowest load ratio: statutory within the surge limit, other work within the
        allocation limit. Loads only grow while it runs, so once nobody has room for a family,
        nobody has room for a family as large that the same colleagues may take (and running it
        again for the same receivers places nothing). Whether it placed a family."""
        if not receive:
            return False
        load, families, since = self.load, self.families, self.since
        placed = False
        order = sorted(since, key=self.rank.__getitem__) if len(since) > 1 else list(since)
        held, holder, statutory_held = self.held, self.holder, self.statutory_held
        choices = self.choices
        stuck: dict[int, int] = {}  # kind -> the fewest points nobody had room for
        for f in order:
            p, eligible, statutory = families[f]
            kind = (eligible & receive) << 1 | statutory
            fewest = stuck.get(kind)
            if fewest is not None and p >= fewest:
                continue
            options = choices.get(kind)
            if options is None:
                options = choices[kind] = self._choices(kind)
            best = lightest(options, load, p)
            if best < 0:
                stuck[kind] = p  # nobody has the room: it keeps waiting
                continue
            load[best] += p
            held[best].append(f)
            holder[f] = best
            statutory_held[best] += statutory
            del since[f]
            placed = True
        return placed

    def _choices(self, kind: int) -> tuple[tuple[int, int, int], ...]:
        """(worker, capacity, limit) of the colleagues in ``kind >> 1``, the limit the surge limit
        for statutory work (``kind & 1``), else the allocation limit."""
        limit = self.scope.surge if kind & 1 else self.allocate_to
        return tuple((w, self.scope.cap[w], limit[w]) for w in bits(kind >> 1))

    def above_surge(self) -> int:
        surge, mask = self.scope.surge, 0
        if not any(map(int.__gt__, self.load, surge)):
            return 0
        for w, load in enumerate(self.load):
            if load > surge[w]:
                mask |= 1 << w
        return mask

    def oldest_statutory(self) -> int | None:
        """The day the longest waiting statutory family began to wait (None if none waits)."""
        families = self.families
        return next((since for f, since in self.since.items() if families[f][2]), None)

    def overdue(self, day: int, grace: int) -> list[int]:
        """Statutory families that have waited more than ``grace`` working days by ``day``."""
        if not self.since:
            return []
        families = self.families
        return [f for f, since in self.since.items() if families[f][2] and day - since >= grace]

    def cover(
        self, away: tuple[int, ...], receive: int, due: int = 0, asked: int = -1, only_statutory: bool = False
    ) -> Cover:
        """Keel's cover of the families of the workers ``away``, in that order (the order their
        absences began): each worker's statutory families first, largest first, then the others,
        smallest first (as many as fit), each to the eligible colleague in ``receive`` left with
        the lowest load ratio within the surge limit. It stops once a statutory family of a worker
        in ``due`` finds no cover, and once the workers in ``asked`` (default all) are covered
        (``only_statutory``: their statutory families): the cover of those after them changes
        nothing asked of theirs. The load and ``left`` are then those of the cover so far."""
        families, choices, order = self.families, self.choices, self.cover_order.__getitem__
        load = list(self.load)
        short, left = 0, [0] * len(load)
        waiting = asked  # the workers asked about whose families are still to cover
        for w in away:
            if not waiting:
                break
            waiting &= ~(1 << w)
            for points, eligible, statutory in sorted(map(families.__getitem__, self.held[w]), key=order):
                if only_statutory and not (statutory or waiting):
                    break  # this worker's other families: nobody asked about comes after
                kind = (eligible & receive) << 1 | 1  # every family within the surge limit
                options = choices.get(kind)
                if options is None:
                    options = choices[kind] = self._choices(kind)
                best = lightest(options, load, points)
                if best >= 0:
                    load[best] += points
                elif statutory:
                    short |= 1 << w
                    if short & due:
                        return Cover(load, short, left)
                else:
                    left[w] += 1
        return Cover(load, short, left)

    def holds(
        self,
        due: int,
        overdue: list[int],
        absent: int,
        receive: int,
        above: int | None = None,
        load: list[int] | None = None,
    ) -> bool:
        """Can the present colleagues take, within the surge limit, the statutory families of the
        workers in ``due``, the overdue statutory families, and the excess of present workers
        above the surge limit (``above``: the workers above it, if known)? ``load``: the loads
        to place them on (default the unit's, without cover)."""
        families = self.families
        moving = [families[f] for w in bits(due) for f in self.held[w] if families[f][2]]
        moving += [families[f] for f in overdue]
        surge = self.scope.surge
        load = self.load if load is None else load
        over = (self.above_surge() if above is None else above) & ~absent
        if over:
            load = list(load)
            for w in bits(over):
                for f in sorted(self.held[w], key=lambda f: -families[f][0]):
                    if load[w] <= surge[w]:
                        break
                    points, eligible, statutory = families[f]
                    load[w] -= points
                    moving.append((points, eligible & ~(1 << w), statutory))
        if not moving:
            return True
        # placement.can_hold without CP-SAT, greedy first, holds only when the greedy places them
        return greedy_fits(moving, [max(0, s - w) for s, w in zip(surge, load)], receive)

    def pressure(self, day: int, all_due: int, left: list[int] | None = None) -> tuple[int, int]:
        """(families waiting for a worker, working days the oldest on the waiting list has
        waited) at the end of ``day``; ``left``: per worker away, their other families without
        cover (``cover``), else all of them wait."""
        absent_work = 0
        if all_due:
            held, statutory_held = self.held, self.statutory_held
            if left is None:
                absent_work = sum(len(held[w]) - statutory_held[w] for w in bits(all_due))
            else:
                absent_work = sum(left[w] for w in bits(all_due))
        since = self.since
        oldest = day - next(iter(since.values())) + 1 if since else 0
        return len(since) + absent_work, oldest
