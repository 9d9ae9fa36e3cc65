"""Collapse risk: Monte Carlo over the coming weeks, one unit at a time, day by working day.

Per scenario and unit, with its own ``random.Random`` seeded from the snapshot's seed and the
unit's id (so results do not depend on the order of units):

- absences: today's absences (``absent_until``; ``available: false`` without a date means absent
  throughout), planned absences, leavers (gone after ``leaving_on``), and sickness as spells: a
  present worker falls sick with the daily chance that makes ``sickness_rate`` of days lost given
  spells of ``sickness_spell_days`` on average (geometric lengths);
- flow, applied at the start of each week: referrals in (Poisson at the unit's rate; each a copy of
  one of the unit's families, points rescaled to ``mean_points`` when given) go to the eligible
  present worker left with the lowest load ratio within the surge limit, else wait unallocated;
  closures out (Poisson) end families at random. Default rates: families / 26 a week both ways.
  A referral (or an unallocated family of today) that no present colleague can take within the
  surge limit fails the week: the unit is not holding its work;
- a day fails when the work that must be covered that day and the waiting referrals cannot all
  be placed on the present colleagues within the surge limit honouring skills (the key worker keeps
  the family; the same question as N-k, settled by greedy then bounds, without CP-SAT: the rare
  case neither settles counts as a failure, so the risk errs on the side of caution);
- the work that must be covered: during the first ``cover_after_days`` working days of an absence
  (5 by default) only the absent worker's statutory families (CP, CLA, private fostering: visits
  that cannot slip); from the next working day all of their families. Other work waits for a short
  absence, as it does in practice. A leaver's families, and those of a worker absent on ``as_of``
  (whose absence started before the horizon, on a day not known), are covered from the first day.
  ``cover_after_days = 0`` covers every family from the first day. The random draws do not depend
  on it, so for a seed fewer days only add work to cover and do not lower the risk (short of the
  rare case above, which a smaller set of families can reach where a larger one was placed).

A week's risk is the share of scenarios in which some working day of the week fails, with a 95%
Wilson score interval. The state is fixed within a week, so each distinct set of absent workers is
checked once per week. Approximations: flow lands on Mondays; an absence's working days are
counted across weekends and weeks; capacity does not change within the horizon.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from optimizer.resilience.inputs import ResilienceInputs
from optimizer.resilience.placement import can_hold
from optimizer.resilience.scope import Scope, bits

DAYS_A_WEEK = 5


@dataclass(frozen=True)
class WeekRisk:
    week: date  # the Monday
    failures: int
    scenarios: int
    risk: float
    low: float
    high: float


def first_monday(as_of: date) -> date:
    """Weeks start on the Monday after ``as_of`` (a Monday ``as_of`` starts the next week)."""
    return as_of + timedelta(days=7 - as_of.weekday())


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    return low, 1.0 if successes == trials else min(1.0, centre + half)


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


def geometric(rng: random.Random, chance: float) -> int:
    """Trials up to and including the first success (>= 1)."""
    if chance >= 1:
        return 1
    return 1 + int(math.log(1.0 - rng.random()) / math.log(1.0 - chance))


class UnitSimulation:
    """Everything about a unit that does not change between scenarios."""

    def __init__(self, scope: Scope, inputs: ResilienceInputs, as_of: date, seed: int) -> None:
        self.scope = scope
        self.inputs = inputs
        self.seed = seed
        self.start = first_monday(as_of)
        self.days = inputs.weeks * DAYS_A_WEEK
        self.dates = [self.start + timedelta(days=7 * (d // DAYS_A_WEEK) + d % DAYS_A_WEEK)
                      for d in range(self.days)]
        self.planned, self.gone, self.absent_before = self._planned_absences(as_of)
        self.may_receive = sum(1 << i for i, w in enumerate(scope.workers)
                               if w.capacity > 0 and w.leaving_on is None)
        rate, spell = inputs.sickness_rate, inputs.sickness_spell_days
        self.fall_sick = rate / (spell * (1 - rate)) if rate > 0 else 0.0
        self.recover = 1 / spell
        flow = inputs.flow_of(scope.unit.id)
        count = len(scope.families)
        self.referrals = flow.referrals_per_week if flow.referrals_per_week is not None \
            else count / inputs.case_weeks
        self.closures = flow.closures_per_week if flow.closures_per_week is not None \
            else count / inputs.case_weeks
        mean = sum(f.points for f in scope.families) / count if count else 0
        self.scale = flow.mean_points / mean if flow.mean_points and mean else 1.0
        self.default_points = flow.mean_points or 850

    def _planned_absences(self, as_of: date) -> tuple[list[int], list[int], int]:
        """Masks of workers absent on each working day, known in advance, and of leavers gone on
        each day; the mask of workers absent on ``as_of``."""
        masks, gone, before = [0] * self.days, [0] * self.days, 0
        planned = {}
        for a in self.inputs.planned_absences:
            planned.setdefault(a.worker, []).append((a.start, a.end))
        for i, w in enumerate(self.scope.workers):
            spans = list(planned.get(w.id, ()))
            if not w.available and w.absent_until is None:
                spans.append((date.min, date.max))
            if w.absent_until is not None:
                spans.append((date.min, w.absent_until))
            if w.leaving_on is not None:  # clamped to the horizon: 9999-12-31 has no next day
                gone_from = min(w.leaving_on, self.start + timedelta(weeks=self.inputs.weeks)) + timedelta(days=1)
                spans.append((gone_from, date.max))
            if any(a <= as_of <= b for a, b in spans):
                before |= 1 << i
            for d, day in enumerate(self.dates):
                if any(a <= day <= b for a, b in spans):
                    masks[d] |= 1 << i
                if w.leaving_on is not None and day > w.leaving_on:
                    gone[d] |= 1 << i
        return masks, gone, before

    def run(self) -> list[int]:
        """Per scenario, a bit mask of the weeks in which some day failed."""
        rng = random.Random(f"{self.seed}:{self.scope.unit.id}")
        return [self._scenario(rng) for _ in range(self.inputs.scenarios)]

    def _sickness(self, rng: random.Random) -> list[int]:
        masks = list(self.planned)
        if self.fall_sick <= 0:
            return masks
        for i in range(self.scope.size):
            day = 0
            while True:
                day += geometric(rng, self.fall_sick) - 1
                if day >= self.days:
                    break
                length = geometric(rng, self.recover)
                for d in range(day, min(self.days, day + length)):
                    masks[d] |= 1 << i
                day += length
        return masks

    def _past_grace(self, absent: list[int]) -> list[int]:
        """Per day, the absent workers all of whose families must be covered: absent for more than
        ``cover_after_days`` working days in a row (counting those absent on ``as_of`` as absent
        before the horizon), or gone."""
        grace = self.inputs.cover_after_days
        found = []
        for d, mask in enumerate(absent):
            run = mask
            for back in range(max(-1, d - grace), d):  # every day before the horizon is alike
                run &= absent[back] if back >= 0 else self.absent_before
            found.append(run | self.gone[d])
        return found

    def _scenario(self, rng: random.Random) -> int:
        absent = self._sickness(rng)
        past_grace = self._past_grace(absent)
        state = _State(self.scope)
        failed = 0
        for week in range(self.inputs.weeks):
            first = week * DAYS_A_WEEK
            if not state.flow(rng, self, absent[first]):
                failed |= 1 << week  # a referral nobody present can take within the limit
                continue
            seen: dict[tuple[int, int], bool] = {}
            for d in range(first, first + DAYS_A_WEEK):
                mask, key = absent[d], (absent[d], past_grace[d])
                if not mask and not state.waiting:
                    continue
                if key not in seen:
                    seen[key] = state.holds(mask, past_grace[d], self.may_receive & ~mask)
                if not seen[key]:
                    failed |= 1 << week
                    break
        return failed


class _State:
    """One scenario's families and loads (mutable)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.points = [f.points for f in scope.families]
        self.eligible = list(scope.eligible)
        self.statutory = [f.statutory for f in scope.families]
        self.load = list(scope.load)
        self.held = [list(h) for h in scope.held]
        self.holder = list(scope.holder)
        self.waiting = scope.unallocated()
        self.live = list(range(len(self.points)))

    def flow(self, rng: random.Random, sim: UnitSimulation, absent: int) -> bool:
        """The week's closures and referrals; False if some family is left waiting."""
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
            self.waiting.append(len(self.points) - 1)
        if self.waiting:
            self._allocate(sim.may_receive & ~absent)
        return not self.waiting

    def _close(self, family: int) -> None:
        worker = self.holder[family]
        if worker < 0:
            self.waiting.remove(family)
        else:
            self.held[worker].remove(family)
            self.load[worker] -= self.points[family]

    def _allocate(self, receive: int) -> None:
        surge, cap = self.scope.surge, self.scope.cap
        still = []
        for f in sorted(self.waiting, key=lambda f: -self.points[f]):
            p = self.points[f]
            best, lowest = -1, 0.0
            for w in bits(self.eligible[f] & receive):
                after = self.load[w] + p
                if after <= surge[w] and (best < 0 or after / cap[w] < lowest):
                    best, lowest = w, after / cap[w]
            if best < 0:
                still.append(f)
                continue
            self.load[best] += p
            self.held[best].append(f)
            self.holder[f] = best
        self.waiting = still

    def holds(self, absent: int, past_grace: int, receive: int) -> bool:
        """Can the present colleagues take the statutory families of the absent workers, every
        family of those in ``past_grace``, and the waiting families, within the surge limit?"""
        moving = [(self.points[f], self.eligible[f], self.statutory[f])
                  for w in bits(absent) for f in self.held[w]
                  if self.statutory[f] or past_grace >> w & 1]
        moving += [(self.points[f], self.eligible[f], self.statutory[f]) for f in self.waiting]
        if not moving:
            return True
        surge = self.scope.surge
        room = {r: max(0, surge[r] - self.load[r]) for r in bits(receive)}
        return can_hold(moving, room, 0.0, exact=False, greedy_first=True).holds is True


def weekly_risk(failures: list[int], weeks: int, start: date) -> tuple[WeekRisk, ...]:
    scenarios = len(failures)
    found = []
    for week in range(weeks):
        count = sum(1 for f in failures if f >> week & 1)
        low, high = wilson(count, scenarios)
        found.append(WeekRisk(start + timedelta(days=7 * week), count, scenarios,
                              count / scenarios if scenarios else 0.0, low, high))
    return tuple(found)
