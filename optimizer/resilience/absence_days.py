"""Who is away on each working day of a unit's horizon, for the collapse-risk Monte Carlo
(``collapse.py``): absences known in advance (today's absences, planned absences, leavers), the
sickness of one scenario drawn as spells, and the workers away for more than a grace of working
days in a row. Sets of workers are bit masks, one per working day; a worker's days are the bits of
one integer where a run of days is easier to find."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date

from optimizer.resilience.inputs import ResilienceInputs
from optimizer.types import Worker
from optimizer.resilience.scope import Scope, bits


def geometric(rng: random.Random, chance: float) -> int:
    """Trials up to and including the first success (>= 1)."""
    if chance >= 1:
        return 1
    return 1 + int(math.log(1.0 - rng.random()) / math.log(1.0 - chance))


def geometric_draw(chance: float) -> Callable[[random.Random], int]:
    """``geometric`` for one ``chance``, its logarithm worked out once: the same draws."""
    if chance >= 1:
        return lambda rng: 1
    log_miss, log = math.log(1.0 - chance), math.log
    return lambda rng: 1 + int(log(1.0 - rng.random()) / log_miss)


class AbsenceDays:
    """A unit's absences over the horizon's working days (``dates``); ``graces``: the runs of
    working days away that count (the statutory grace, then the grace before other work waits)."""

    def __init__(
        self, scope: Scope, inputs: ResilienceInputs, dates: list[date], as_of: date, graces: tuple[int, ...]
    ) -> None:
        self.scope, self.dates, self.days, self.graces = scope, dates, len(dates), graces
        self.planned, self.gone, self.absent_before = self._planned_absences(inputs, as_of)
        self.planned_days = [
            sum(1 << d for d, mask in enumerate(self.planned) if mask >> i & 1) for i in range(scope.size)
        ]  # per worker, the days planned away
        self.planned_beyond = self.absent_beyond(self.planned)
        rate, spell = inputs.sickness_rate_of(scope.unit.id), inputs.sickness_spell_days
        self.fall_sick = rate / (spell * (1 - rate)) if rate > 0 else 0.0
        self.recover = 1 / spell
        self.draw_fall_sick = geometric_draw(self.fall_sick) if self.fall_sick > 0 else None
        self.draw_recovery = geometric_draw(self.recover)
        self.pod_mask = scope.pod_mask

    def _planned_absences(self, inputs: ResilienceInputs, as_of: date) -> tuple[list[int], list[int], int]:
        """Masks of workers absent on each working day, known in advance, and of leavers gone on
        each day; the mask of workers absent on ``as_of``. Dates are only compared, never moved,
        so far-future dates (9999-12-31) are simply beyond the horizon."""
        masks, gone, before = [0] * self.days, [0] * self.days, 0
        planned: dict[str, list[tuple[date, date]]] = {}
        for a in inputs.planned_absences:
            planned.setdefault(a.worker, []).append((a.start, a.end))
        for i, w in enumerate(self.scope.workers):
            spans = list(planned.get(w.id, ()))
            if not w.available and w.absent_until is None:
                spans.append((date.min, date.max))
            if w.absent_until is not None:
                spans.append((date.min, w.absent_until))

            def away(day: date, w: Worker = w, spans: list[tuple[date, date]] = spans) -> bool:
                return (w.leaving_on is not None and day > w.leaving_on) or any(a <= day <= b for a, b in spans)

            if away(as_of):
                before |= 1 << i
            for d, day in enumerate(self.dates):
                if away(day):
                    masks[d] |= 1 << i
                if w.leaving_on is not None and day > w.leaving_on:
                    gone[d] |= 1 << i
        return masks, gone, before

    def sick_days(self, rng: random.Random) -> tuple[list[int], dict[int, int]]:
        """One scenario's masks of workers away on each working day (planned or sick), and the
        days each worker who fell sick is away. A present worker falls sick with the daily chance
        that makes ``sickness_rate`` of days lost given spells of ``sickness_spell_days``."""
        masks = list(self.planned)
        sick: dict[int, int] = {}
        if self.fall_sick <= 0:
            return masks, sick
        days, pod_mask = self.days, self.pod_mask
        fall_sick, recover = self.draw_fall_sick, self.draw_recovery
        assert fall_sick is not None  # made whenever fall_sick > 0
        for i in range(self.scope.size):
            if pod_mask >> i & 1:
                continue  # a pod is not sick: its members are
            day = 0
            while True:
                day += fall_sick(rng) - 1
                if day >= days:
                    break
                length = recover(rng)
                end = min(days, day + length)
                sick[i] = sick.get(i, 0) | ((1 << end) - (1 << day))
                for d in range(day, end):
                    masks[d] |= 1 << i
                day += length
        return masks, sick

    def absent_beyond(self, absent: list[int]) -> list[list[int]]:
        """Per grace and day, the workers absent for more than ``grace`` working days in a row
        (counting those absent on ``as_of`` as absent before the horizon), or gone."""
        found, run = {}, list(absent)
        for g in range(max(self.graces) + 1):
            if g:  # absent today and on each of the g working days before
                run = [a & p for a, p in zip(absent, [self.absent_before] + run[:-1])]
            if g in self.graces:
                found[g] = [r | gone for r, gone in zip(run, self.gone)]
        return [found[g] for g in self.graces]

    def beyond_with_sickness(self, sick: dict[int, int]) -> list[list[int]]:
        """``absent_beyond`` of the planned absences with the sick days added: the planned
        figures worked out once, then the runs of each worker who fell sick (the days before the
        horizon counted as away for those away on ``as_of``)."""
        if not sick:
            return self.planned_beyond
        found = [list(days) for days in self.planned_beyond]
        lead = max(self.graces)
        full = (1 << self.days) - 1
        for i, days in sick.items():
            away = (self.planned_days[i] | days) << lead
            if self.absent_before >> i & 1:
                away |= (1 << lead) - 1
            for grace, beyond in zip(self.graces, found):
                run = away
                for k in range(1, grace + 1):
                    run &= away << k
                for d in bits((run >> lead) & full):
                    beyond[d] |= 1 << i
        return found
