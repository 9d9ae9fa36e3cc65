"""Collapse risk: Monte Carlo over the coming weeks, one unit at a time, day by working day.

**Collapse, defined once** (``docs/design/resilience.md``): a working day fails when a statutory
family (CP, CLA, private fostering) has been without a present worker or cover for more than
``statutory_cover_days`` working days and the present colleagues cannot take it within the surge
limit, or when a present worker would have to stay above the surge limit to hold the work (their
excess cannot move to a colleague). A week's collapse risk is the share of scenarios in which some
working day of the week fails, with a 95% Wilson score interval. Non-statutory work that waits is
**flow pressure**, reported per week as its own figures (families waiting, the oldest wait in
working days), never as collapse.

Per scenario and unit, with its own ``random.Random`` seeded from the snapshot's seed and the
unit's id (so results do not depend on the order of units):

- absences: today's absences (``absent_until``; ``available: false`` without a date means absent
  throughout), planned absences, leavers (gone after ``leaving_on``; far-future dates are simply
  beyond the horizon), and sickness as spells: a present worker falls sick with the daily chance that
  makes ``sickness_rate`` of days lost given spells of ``sickness_spell_days`` on average
  (``absence_days.py``);
- flow, each working day (``daily_flow``; else at the start of each week): closures out (Poisson)
  end families at random; referrals in (Poisson at the unit's rate; each a copy of one of the unit's
  families) join the waiting list, as do the families of workers who have left; the waiting list is
  then allocated, statutory families first, then the longest waiting: a statutory family to the
  eligible present colleague with the lowest load ratio within the surge limit, other work too, as Keel's recommend places it (or only
  within ``allocation_limit`` of capacity where a council sets it: managers who do not hand
  non-statutory work to someone already full);
- cover, after the day's allocation (``cover_from_first_day``): the families of the workers away,
  absences in the order they began, each worker's statutory families first, go to the eligible
  present colleague with the lowest load ratio within the surge limit, as Keel's cover places them;
- the day's check: the statutory families of workers absent for more than ``statutory_cover_days``
  working days in a row (those absent on ``as_of`` count as absent before the horizon) must have
  found cover (without ``cover_from_first_day``: must fit on present colleagues with the rest), and
  the statutory families waiting longer than that and the excess of present workers above the surge
  limit (their largest families until they are within it) must all be placed on present colleagues
  within the surge limit left after the cover, honouring skills. Settled by greedy then bounds,
  without CP-SAT: the rare case neither settles counts as a failure, so the risk errs on the side of
  caution;
- flow pressure at the end of each week: the families waiting for a worker (the waiting list, and
  the non-statutory families of workers absent for more than ``cover_after_days`` working days
  that found no cover)
  and the working days the oldest family on the waiting list has waited.

Weeks run Monday to Friday; the first is the current week (from ``as_of``, or the next Monday when
``as_of`` falls at a weekend). Approximations: cover is worked out afresh each day rather than kept
from the day it was placed; capacity does not change within the horizon.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import repeat
from typing import NamedTuple

from optimizer.resilience.absence_days import AbsenceDays
from optimizer.resilience.inputs import ResilienceInputs
from optimizer.resilience.pod_rule import pods_hold
from optimizer.resilience.scope import Scope, bits
from optimizer.resilience.unit_state import StartingState, UnitState, poisson_draw, rank

DAYS_A_WEEK = 5


class Verdicts(dict[tuple[int, int, int, tuple[int, ...]], bool]):
    """The day's verdicts (``UnitSimulation._fails``) of one state of a unit, by (statutory work
    due, workers absent, overdue families, the order of the workers away)."""


@dataclass(frozen=True)
class WeekRisk:
    week: date  # the Monday
    failures: int
    scenarios: int
    risk: float
    low: float
    high: float
    backlog: float = 0.0  # mean families waiting for a worker at the end of the week
    oldest_wait_days: float = 0.0  # mean working days the oldest waiting family has waited


class Simulated(NamedTuple):
    """What a unit's Monte Carlo produced: per scenario the mask of failed weeks, and per week the
    flow pressure summed over scenarios. A named tuple: it pickles (to and from a pool's processes)
    when mypyc compiles this module, which a frozen dataclass does not."""

    failures: tuple[int, ...]
    backlog: tuple[int, ...]
    waits: tuple[int, ...]


def first_week(as_of: date) -> date:
    """The Monday of the first week of the horizon: ``as_of``'s own week on a working day, else the
    next Monday."""
    if as_of.weekday() < DAYS_A_WEEK:
        return as_of - timedelta(days=as_of.weekday())
    return as_of + timedelta(days=7 - as_of.weekday())


def working_days(as_of: date, weeks: int) -> list[tuple[date, int]]:
    """(day, week number) of every working day of the horizon from ``as_of`` on."""
    start = first_week(as_of)
    return [
        (day, w)
        for w in range(weeks)
        for k in range(DAYS_A_WEEK)
        if (day := start + timedelta(days=7 * w + k)) >= as_of
    ]


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    return low, 1.0 if successes == trials else min(1.0, centre + half)


class UnitSimulation:
    """Everything about a unit that does not change between scenarios."""

    def __init__(self, scope: Scope, inputs: ResilienceInputs, as_of: date, seed: int) -> None:
        self.scope = scope
        self.inputs = inputs
        self.seed = seed
        self.start = first_week(as_of)
        horizon = working_days(as_of, inputs.weeks)
        self.dates = [day for day, _ in horizon]
        self.days = len(self.dates)
        self.weeks = [[d for d, (_, w) in enumerate(horizon) if w == week] for week in range(inputs.weeks)]
        self.absences = AbsenceDays(
            scope, inputs, self.dates, as_of, (inputs.statutory_cover_days, inputs.cover_after_days)
        )
        self.gone = self.absences.gone  # leavers gone on each working day
        self.may_receive = sum(1 << i for i, w in enumerate(scope.workers) if w.capacity > 0 and w.leaving_on is None)
        flow = inputs.flow_of(scope.unit.id)
        count = len(scope.families)
        self.referrals = flow.referrals_per_week if flow.referrals_per_week is not None else count / inputs.case_weeks
        self.closures = flow.closures_per_week if flow.closures_per_week is not None else count / inputs.case_weeks
        mean = sum(f.points for f in scope.families) / count if count else 0
        self.scale = flow.mean_points / mean if flow.mean_points and mean else 1.0
        self.default_family = (flow.mean_points or 850, (1 << scope.size) - 1, False)  # a unit without families
        per = DAYS_A_WEEK if inputs.daily_flow else 1  # draws a day, or a week
        self.draw_closures, self.draw_referrals = poisson_draw(self.closures / per), poisson_draw(self.referrals / per)
        self.templates = [
            (round(f.points * self.scale), mask, f.statutory) for f, mask in zip(scope.families, scope.eligible)
        ]  # a referral copies one
        self.template_ranks = [rank(family, 0) for family in self.templates]
        self.starting = StartingState(scope)
        self.unled: dict[int, int] = {}
        self.receivers: dict[int, int] = {}  # _receivers: the workers away -> the colleagues who may take families
        if inputs.allocation_limit is None:  # as Keel's recommend: up to the surge limit
            self.allocate_to = scope.surge
        else:
            pct = round(100 * inputs.allocation_limit)
            self.allocate_to = tuple(min(c * pct // 100, s) for c, s in zip(scope.cap, scope.surge))
        pod_ids = {p.id for p in scope.pods}
        members = {m for p in scope.pods for m, _ in p.members}
        self.members = sum(1 << i for i, w in enumerate(scope.workers) if w.id in members and w.id not in pod_ids)
        self.pod_verdicts: dict[int, tuple[bool, tuple[tuple[int, int], ...]]] = {}  # _pod_verdict
        position = {w.id: i for i, w in enumerate(scope.workers)}
        self.led_by = [(p.position, sum(1 << position[c] for c in p.consultants if c in position)) for p in scope.pods]

    def run(self) -> list[int]:
        """Per scenario, a bit mask of the weeks in which some day failed."""
        return list(self.simulate().failures)

    def simulate(self) -> Simulated:
        rng = random.Random(f"{self.seed}:{self.scope.unit.id}")
        weeks = self.inputs.weeks
        failures, backlog, waits = [], [0] * weeks, [0] * weeks
        for _ in range(self.inputs.scenarios):
            failed, pressure = self._scenario(rng)
            failures.append(failed)
            for week, (waiting, oldest) in enumerate(pressure):
                backlog[week] += waiting
                waits[week] += oldest
        return Simulated(tuple(failures), tuple(backlog), tuple(waits))

    def _sickness(self, rng: random.Random) -> list[int]:
        return self.absences.sick_days(rng)[0]

    def _pods_unled(self, absent: int) -> int:
        """The pods whose consultants are all away: they take no new work that week."""
        if not self.led_by:
            return 0
        found = self.unled.get(absent)
        if found is None:
            found = self.unled[absent] = sum(1 << pod for pod, consultants in self.led_by if not consultants & ~absent)
        return found

    def _pods_hold(self, lost: int, state: UnitState) -> bool:
        """The pod rule (``pod_rule.py``) for the workers away beyond the statutory grace, on the
        pods' loads of the week."""
        mask = lost & self.members  # the rule reads only the pods' members
        found = self.pod_verdicts.get(mask)
        if found is None:
            found = self.pod_verdicts[mask] = self._pod_verdict(lost)
        accountable, limits = found
        load = state.load
        return accountable and all(load[pod] * 100 <= limit for pod, limit in limits)

    def _pod_verdict(self, lost: int) -> tuple[bool, tuple[tuple[int, int], ...]]:
        """The pod rule for ``lost`` split in two: whether every pod keeps an accountable consultant
        (loads play no part in it), and for each pod the loss touches, its position and the most
        load x100 its remaining members may carry within the surge limit."""
        names = frozenset(self.scope.workers[w].id for w in bits(lost))
        unloaded = {p.id: 0 for p in self.scope.pods}
        accountable = pods_hold(self.scope.pods, self.scope.hosts, names, unloaded).holds
        limits = tuple(
            (p.position, p.capacity_left(names) * p.surge_pct)
            for p in self.scope.pods
            if any(w in names for w, _ in p.members)
        )
        return accountable, limits

    def _away(self, absent: list[int]) -> list[tuple[int, ...]]:
        """Per working day, the workers away, in the order their absences began (those away on
        ``as_of`` first): the order Keel's cover question was asked for them. A leaver's families
        are covered until the flow puts them on the waiting list."""
        before = self.absences.absent_before
        order, found = bits(before), []  # those away on ``as_of`` began together, before the horizon
        for away in absent:
            if away != before:  # those still away keep their order, those who began today follow
                kept = order if away & before == before else tuple(w for w in order if away >> w & 1)
                order, before = kept + bits(away & ~before), away
            found.append(order)
        return found

    def _receive(self, absent: int) -> int:
        """The colleagues who may take families on a day: present, and not in a pod left without a lead."""
        return self.may_receive & ~absent & ~self._pods_unled(absent)

    def _scenario(self, rng: random.Random) -> tuple[int, list[tuple[int, int]]]:
        absent, sick = self.absences.sick_days(rng)
        statutory_due, all_due = self.absences.beyond_with_sickness(sick)
        state = UnitState(self.scope, self.allocate_to, self.starting)
        away = self._away(absent) if self.inputs.cover_from_first_day else None
        receive = self._receivers(absent)
        if self.inputs.daily_flow:
            return self._by_day(rng, state, absent, statutory_due, all_due, away, receive)
        grace, pods = self.inputs.statutory_cover_days, self.scope.pods
        failed, pressure = 0, []
        for week, days in enumerate(self.weeks):
            if not days:
                pressure.append((0, 0))
                continue
            first, last = days[0], days[-1]
            state.flow(rng, self, first, receive[first])
            above = state.above_surge()
            oldest = state.oldest_statutory()  # the waiting list does not change within the week
            someone_due = any(statutory_due[first : last + 1])
            holding = state.holding_statutory() if someone_due else 0  # only asked of those away
            seen = Verdicts()
            checked: Sequence[int] = days
            if not above and not someone_due and (oldest is None or last - oldest < grace):
                checked = days[:1] if pods else ()  # a quiet week: only the pods' verdict for no loss
            for d in checked:
                order = away[d] if away else None
                if self._fails(state, d, absent[d], statutory_due[d], order, above, oldest, holding, seen):
                    failed |= 1 << week
                    break
            pressure.append(self._pressure(state, last, all_due[last], away, receive))
        return failed, pressure

    def _receivers(self, absent: list[int]) -> list[int]:
        """Per working day, ``_receive`` of the day's workers away (kept per set of workers away)."""
        known = self.receivers
        for away in set(absent) - known.keys():
            known[away] = self._receive(away)
        return list(map(known.__getitem__, absent))

    def _pressure(
        self, state: UnitState, last: int, all_due: int, away: list[tuple[int, ...]] | None, receive: list[int]
    ) -> tuple[int, int]:
        """The week's flow pressure at the end of its ``last`` working day."""
        left = state.cover(away[last], receive[last], asked=all_due).left if away and all_due else None
        return state.pressure(last, all_due, left)

    def _by_day(
        self,
        rng: random.Random,
        state: UnitState,
        absent: list[int],
        statutory_due: list[int],
        all_due: list[int],
        away: list[tuple[int, ...]] | None,
        receive: list[int],
    ) -> tuple[int, list[tuple[int, int]]]:
        """A scenario with its flow on each working day (``daily_flow``): the day's closures,
        referrals and leavers' families, the allocation, then the day's check, and each week's
        flow pressure. The day's figures and verdicts are kept while the flow changes nothing;
        nobody rises above the surge limit (the allocation keeps within it), so once nobody is
        above it, nobody is until the scenario ends."""
        grace, pods, weeks = self.inputs.statutory_cover_days, self.scope.pods, self.weeks
        quiet = not pods or self._pods_hold(0, state)  # a day without losses passes the pod rule
        failed, pressure = 0, []
        above, oldest, holding, seen = state.above_surge(), state.oldest_statutory(), -1, Verdicts()
        for week, days in enumerate(weeks):
            if not days:
                pressure.append((0, 0))
                continue
            week_failed = False
            for d in days:
                if state.flow(rng, self, d, receive[d]):
                    if above:
                        above = state.above_surge()
                    oldest, holding, seen = state.oldest_statutory() if state.since else None, -1, Verdicts()
                if week_failed:
                    continue  # the flow goes on
                due = statutory_due[d]
                if not (due or above & ~absent[d]) and quiet and (oldest is None or d - oldest < grace):
                    continue  # a quiet day: nothing the failure rule asks about
                if due and holding < 0:
                    holding = state.holding_statutory()
                order = away[d] if away else None
                week_failed = self._fails(state, d, absent[d], due, order, above, oldest, max(holding, 0), seen)
            if week_failed:
                failed |= 1 << week
            last = days[-1]
            pressure.append(self._pressure(state, last, all_due[last], away, receive))
        return failed, pressure

    def _fails(
        self,
        state: UnitState,
        d: int,
        absent: int,
        statutory_due: int,
        order: tuple[int, ...] | None,
        above: int,
        oldest: int | None,
        holding: int,
        seen: Verdicts,
    ) -> bool:
        """Whether day ``d`` fails: the pods' rule for the members away beyond the grace, then the
        failure rule (``_holds``) when someone's statutory work is due, a statutory family has waited
        beyond the grace or a present worker is above the surge limit; ``seen`` keeps the verdicts
        of a state that has not changed."""
        grace = self.inputs.statutory_cover_days
        if self.scope.pods and not self._pods_hold(statutory_due, state):
            return True
        due = statutory_due & holding
        late = oldest is not None and d - oldest >= grace
        if not due and not late and not above & ~absent:
            return False
        overdue = state.overdue(d, grace) if late else []
        key = (due, absent, len(overdue), order or ())
        if key not in seen:
            seen[key] = self._holds(state, due, overdue, absent, order, above)
        return not seen[key]

    def _holds(
        self, state: UnitState, due: int, overdue: list[int], absent: int, away: tuple[int, ...] | None, above: int
    ) -> bool:
        """The day's check of the failure rule. With cover from the first day (``away``, the
        workers away in the order their absences began), their families take colleagues' room
        first, as Keel's cover placed them: a statutory family of a worker in ``due`` left without
        cover fails, and the overdue referrals and the excess above the surge limit must fit in
        the room left. Without, the present colleagues must be able to take the statutory
        families of the workers in ``due`` with the rest."""
        receive = self.receivers[absent]  # known: asked of the scenario's days (``_receivers``)
        if away is None:
            return state.holds(due, overdue, absent, receive, above)
        if not (overdue or above & ~absent):  # only the cover of the statutory families of ``due`` matters
            return not state.cover(away, receive, due, due, only_statutory=True).short & due
        cover = state.cover(away, receive, due)
        return not cover.short & due and state.holds(0, overdue, absent, receive, above, cover.load)


def simulate_unit(scope: Scope, inputs: ResilienceInputs, as_of: date, seed: int) -> Simulated:
    return UnitSimulation(scope, inputs, as_of, seed).simulate()


def simulate_units(
    units: list[Scope], inputs: ResilienceInputs, as_of: date, seed: int, processes: int = 1
) -> Iterator[Simulated]:
    """Each unit's Monte Carlo, in the order of ``units``, as each is ready; with ``processes``
    above 1 in a pool of that many processes (the figures do not depend on where a unit runs)."""
    if processes <= 1 or len(units) <= 1:
        yield from (simulate_unit(scope, inputs, as_of, seed) for scope in units)
        return
    with ProcessPoolExecutor(min(processes, len(units))) as pool:
        yield from pool.map(simulate_unit, units, repeat(inputs), repeat(as_of), repeat(seed))


def weekly_risk(
    failures: Sequence[int], weeks: int, start: date, simulated: Simulated | None = None
) -> tuple[WeekRisk, ...]:
    scenarios = len(failures)
    found = []
    for week in range(weeks):
        count = sum(1 for f in failures if f >> week & 1)
        low, high = wilson(count, scenarios)
        backlog = simulated.backlog[week] / scenarios if simulated and scenarios else 0.0
        waits = simulated.waits[week] / scenarios if simulated and scenarios else 0.0
        found.append(
            WeekRisk(
                start + timedelta(days=7 * week),
                count,
                scenarios,
                count / scenarios if scenarios else 0.0,
                low,
                high,
                round(backlog, 2),
                round(waits, 2),
            )
        )
    return tuple(found)
