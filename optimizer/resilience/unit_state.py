"""One Monte Carlo scenario's state of a unit (``collapse.py``): its families, loads and waiting
list, the week's flow (closures, referrals, leavers' families, allocation), the day's check of the
failure rule and the week's flow pressure. Mutable; one per scenario."""

from __future__ import annotations

import math
import random

from optimizer.resilience.placement import can_hold
from optimizer.resilience.scope import Scope, bits


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


class UnitState:
    """One scenario's families, loads and waiting list (mutable)."""

    def __init__(self, scope: Scope, allocate_to: tuple[int, ...]) -> None:
        self.scope = scope
        self.allocate_to = allocate_to
        self.points = [f.points for f in scope.families]
        self.eligible = list(scope.eligible)
        self.statutory = [f.statutory for f in scope.families]
        self.load = list(scope.load)
        self.held = [list(h) for h in scope.held]
        self.holder = list(scope.holder)
        self.since = {f: 0 for f in scope.unallocated()}  # waiting family -> day it began to wait
        self.live = list(range(len(self.points)))
        self.released = 0  # workers whose families went back to the waiting list
        self.statutory_held = [sum(1 for f in h if self.statutory[f]) for h in scope.held]

    def holding_statutory(self) -> int:
        return sum(1 << w for w, count in enumerate(self.statutory_held) if count)

    def flow(self, rng: random.Random, sim, day: int, absent: int) -> None:
        """The week's closures and referrals, the families of leavers, then the allocation."""
        for _ in range(poisson(rng, sim.closures)):
            if not self.live:
                break
            k = int(rng.random() * len(self.live))
            family = self.live[k]
            self.live[k] = self.live[-1]
            self.live.pop()
            self._close(family)
        templates = self.scope.families
        for _ in range(poisson(rng, sim.referrals)):
            if templates:
                t = int(rng.random() * len(templates))
                points, mask, statutory = (round(templates[t].points * sim.scale),
                                           self.scope.eligible[t], templates[t].statutory)
            else:
                points, mask, statutory = sim.default_points, (1 << self.scope.size) - 1, False
            self.points.append(points)
            self.eligible.append(mask)
            self.statutory.append(statutory)
            self.holder.append(-1)
            self.live.append(len(self.points) - 1)
            self.since[len(self.points) - 1] = day
        for w in bits(sim.gone[day] & ~self.released):
            self.released |= 1 << w
            for f in self.held[w]:
                self.holder[f] = -1
                self.since[f] = day
            self.held[w] = []
            self.load[w] = 0
            self.statutory_held[w] = 0
        if self.since:
            self._allocate(sim.may_receive & ~absent)

    def _close(self, family: int) -> None:
        worker = self.holder[family]
        if worker < 0:
            del self.since[family]
        else:
            self.held[worker].remove(family)
            self.load[worker] -= self.points[family]
            self.statutory_held[worker] -= self.statutory[family]

    def _allocate(self, receive: int) -> None:
        """Statutory families first, then the longest waiting, each to the eligible colleague
        left with the lowest load ratio: statutory within the surge limit, other work within the
        allocation limit."""
        cap, surge, allocate_to = self.scope.cap, self.scope.surge, self.allocate_to
        workers = bits(receive)
        most = max((surge[w] - self.load[w] for w in workers), default=0)
        most_other = max((allocate_to[w] - self.load[w] for w in workers), default=0)
        order = sorted(self.since, key=lambda f: (not self.statutory[f], self.since[f], -self.points[f]))
        for f in order:
            p = self.points[f]
            if p > (most if self.statutory[f] else most_other):
                continue  # nobody has the room: it keeps waiting
            limit = surge if self.statutory[f] else allocate_to
            best, lowest = -1, 0.0
            for w in bits(self.eligible[f] & receive):
                after = self.load[w] + p
                if after <= limit[w] and (best < 0 or after / cap[w] < lowest):
                    best, lowest = w, after / cap[w]
            if best < 0:
                continue
            self.load[best] += p
            self.held[best].append(f)
            self.holder[f] = best
            self.statutory_held[best] += self.statutory[f]
            del self.since[f]

    def above_surge(self) -> int:
        surge = self.scope.surge
        return sum(1 << w for w, load in enumerate(self.load) if load > surge[w])

    def overdue(self, day: int, grace: int) -> list[int]:
        """Statutory families that have waited more than ``grace`` working days by ``day``."""
        if not self.since:
            return []
        return [f for f, since in self.since.items() if self.statutory[f] and day - since >= grace]

    def holds(self, due: int, overdue: list[int], absent: int, receive: int) -> bool:
        """Can the present colleagues take, within the surge limit, the statutory families of the
        workers in ``due``, the overdue statutory families, and the excess of present workers
        above the surge limit?"""
        moving = [(self.points[f], self.eligible[f], True)
                  for w in bits(due) for f in self.held[w] if self.statutory[f]]
        moving += [(self.points[f], self.eligible[f], True) for f in overdue]
        surge = self.scope.surge
        load = list(self.load)
        for w in range(self.scope.size):
            if absent >> w & 1 or load[w] <= surge[w]:
                continue
            for f in sorted(self.held[w], key=lambda f: -self.points[f]):
                if load[w] <= surge[w]:
                    break
                load[w] -= self.points[f]
                moving.append((self.points[f], self.eligible[f] & ~(1 << w), self.statutory[f]))
        if not moving:
            return True
        room = {r: max(0, surge[r] - load[r]) for r in bits(receive)}
        return can_hold(moving, room, 0.0, exact=False, greedy_first=True).holds is True

    def pressure(self, day: int, all_due: int) -> tuple[int, int]:
        """(families waiting for a worker, working days the oldest on the waiting list has
        waited) at the end of ``day``."""
        absent_work = sum(1 for w in bits(all_due) for f in self.held[w] if not self.statutory[f])
        oldest = max((day - since + 1 for since in self.since.values()), default=0)
        return len(self.since) + absent_work, oldest
