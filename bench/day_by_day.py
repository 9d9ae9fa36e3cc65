"""A day-by-day simulation of one team: the reference the fast collapse forecast is calibrated
against (issue 12, item 2; ``bench/calibration.py`` runs it). It is a separate code path from the
Monte Carlo of ``optimizer/resilience/collapse.py`` and differs from it on purpose:

- each worker's sickness is a daily two-state chain (fall sick, recover) rather than drawn spells;
- referrals and closures arrive every working day rather than once a week;
- each day ends with the team's decisions, kept from day to day: the families waiting are
  allocated, cover is arranged for the families of workers away (cover lasts until the worker is
  back or the covering colleague is away), and a present worker above the surge limit hands work on;
- collapse is counted from its definition, family by family: a statutory family without a present
  worker or cover for more than ``statutory_cover_days`` working days, or a present worker still
  above the surge limit at the end of a day. The Monte Carlo instead asks whether the present
  colleagues *could* take the work.

Two sets of decisions:

- ``KeelDecisions`` (the default): Keel's own optimizer answers, accepted as a manager would accept
  them: ``recommend`` for the families waiting, ``cover`` for each worker away who holds families
  without cover, ``rebalance`` within the team when a present worker is above the surge limit;
- ``DayByDay`` itself: a manager's greedy rules (statutory first to the eligible colleague with the
  lowest load ratio, other work only within capacity; statutory cover to the colleague with the
  most room within the surge limit), ten times cheaper, kept as a second reference.

Planned absences and leavers are as in the snapshot. Pods that hold families are one holder each,
as the forecast sees them (``resilience_view``); they are never sick, and members' absences do not
change a pod's capacity here (the forecast's pod rule is not simulated).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from optimizer import solve
from optimizer.resilience import ResilienceInputs
from optimizer.resilience.collapse import working_days
from optimizer.resilience.scope import Scope, bits
from optimizer.resilience.unit_state import poisson
from optimizer.types import Absence, Family, Snapshot


class DayByDay:
    """One team's day-by-day run with a manager's greedy decisions (mutable; its own random stream)."""

    def __init__(self, scope: Scope, inputs: ResilienceInputs, as_of: date, rng: random.Random) -> None:
        self.s, self.inputs, self.rng = scope, inputs, rng
        self.days = working_days(as_of, inputs.weeks)
        self.holder = list(scope.holder)
        self.template = list(range(len(scope.families)))  # the scope family each family copies
        self.points = [f.points for f in scope.families]
        self.eligible = list(scope.eligible)
        self.statutory = [f.statutory for f in scope.families]
        self.open = [True] * len(self.points)
        self.cover: dict[int, int] = {}  # family -> covering worker
        self.uncovered: dict[int, int] = {}  # statutory family -> working days without a worker
        self.sick = 0
        self.may_fall_sick = [i for i in range(scope.size) if not scope.pod_mask >> i & 1]
        rate, spell = inputs.sickness_rate, inputs.sickness_spell_days
        self.p_sick = rate / (spell * (1 - rate)) if rate > 0 else 0.0
        self.p_back = 1 / spell
        per_week = len(scope.families) / inputs.case_weeks
        self.per_day = per_week / 5
        planned: dict[str, list[tuple[date, date]]] = {}
        for a in inputs.planned_absences:
            planned.setdefault(a.worker, []).append((a.start, a.end))
        self.away_planned = planned
        self.newly_absent = 0

    def load(self) -> list[int]:
        found = [0] * self.s.size
        for f, h in enumerate(self.holder):
            if self.open[f] and h >= 0 and f not in self.cover:
                found[h] += self.points[f]
        for f, w in self.cover.items():
            if self.open[f]:
                found[w] += self.points[f]
        return found

    def absent_today(self, day: date) -> int:
        mask = self.sick
        for i, w in enumerate(self.s.workers):
            if not w.available and w.absent_until is None:
                mask |= 1 << i
            if w.absent_until is not None and day <= w.absent_until:
                mask |= 1 << i
            if w.leaving_on is not None and day > w.leaving_on:
                mask |= 1 << i
            if any(a <= day <= b for a, b in self.away_planned.get(w.id, ())):
                mask |= 1 << i
        return mask

    # -- the team's decisions (``KeelDecisions`` asks the optimizer instead) -------------------------

    def allocate(self, day: date, waiting: list[int], absent: int, present: int, load: list[int]) -> None:
        s = self.s
        for f in sorted(waiting, key=lambda f: (not self.statutory[f], -self.points[f])):
            limit = s.surge if self.statutory[f] else s.cap
            options = [w for w in bits(self.eligible[f] & present) if load[w] + self.points[f] <= limit[w]]
            if options:
                w = min(options, key=lambda w: (load[w] + self.points[f]) / s.cap[w])
                self.holder[f] = w
                load[w] += self.points[f]

    def arrange_cover(self, day: date, absent: int, present: int, load: list[int]) -> None:
        s = self.s
        for f in range(len(self.points)):
            h = self.holder[f]
            if not (self.open[f] and self.statutory[f]) or f in self.cover or h < 0 or not absent >> h & 1:
                continue
            options = [w for w in bits(self.eligible[f] & present) if load[w] + self.points[f] <= s.surge[w]]
            if options:
                w = max(options, key=lambda w: s.surge[w] - load[w])
                self.cover[f] = w
                load[w] += self.points[f]

    def hand_on(self, day: date, absent: int, present: int, load: list[int]) -> None:
        s = self.s
        for w in bits(present):
            if load[w] <= s.surge[w]:
                continue
            mine = [f for f, h in enumerate(self.holder) if h == w and self.open[f] and f not in self.cover]
            for f in sorted(mine, key=lambda f: -self.points[f]):
                if load[w] <= s.surge[w]:
                    break
                others = bits(self.eligible[f] & present & ~(1 << w))
                options = [r for r in others if load[r] + self.points[f] <= s.surge[r]]
                if options:
                    r = max(options, key=lambda r: s.surge[r] - load[r])
                    self.holder[f] = r
                    load[w] -= self.points[f]
                    load[r] += self.points[f]

    # -- one run ----------------------------------------------------------------------------------

    def run(self) -> int:
        """A bit mask of the weeks in which some day failed."""
        failed, before = 0, 0
        s, rng = self.s, self.rng
        for day, week in self.days:
            for i in self.may_fall_sick:  # sickness: a daily two-state chain
                if self.sick >> i & 1:
                    if rng.random() < self.p_back:
                        self.sick &= ~(1 << i)
                elif rng.random() < self.p_sick:
                    self.sick |= 1 << i
            for f in range(len(self.points)):  # closures, every day
                if self.open[f] and rng.random() < self.per_day / max(1, sum(self.open)):
                    self.open[f] = False
                    self.cover.pop(f, None)
                    self.uncovered.pop(f, None)
            for _ in range(poisson(rng, self.per_day)):  # referrals, every day: a copy of a family
                if not s.families:
                    break
                t = rng.randrange(len(s.families))
                self.template.append(t)
                self.points.append(s.families[t].points)
                self.eligible.append(s.eligible[t])
                self.statutory.append(s.families[t].statutory)
                self.holder.append(-1)
                self.open.append(True)
            absent = self.absent_today(day)
            self.newly_absent = absent & ~before
            before = absent
            present = s.receive & ~absent
            for w in bits(absent):  # a worker who has left: their families wait again
                if s.workers[w].leaving_on is not None and day > s.workers[w].leaving_on:
                    for f, h in enumerate(self.holder):
                        if h == w:
                            self.holder[f] = -1
            for f in [
                f
                for f, w in self.cover.items()
                if not present >> w & 1 or self.holder[f] < 0 or not absent >> self.holder[f] & 1
            ]:
                del self.cover[f]  # cover ends when the worker is back or the cover is away
            load = self.load()
            waiting = [f for f in range(len(self.points)) if self.open[f] and self.holder[f] < 0]
            if waiting:
                self.allocate(day, waiting, absent, present, load)
            self.arrange_cover(day, absent, present, load)
            if any(load[w] > s.surge[w] for w in bits(present)):
                self.hand_on(day, absent, present, load)
            for f in range(len(self.points)):  # statutory families without a present worker or cover
                h = self.holder[f]
                if not (self.open[f] and self.statutory[f]):
                    continue
                if (h >= 0 and not absent >> h & 1) or f in self.cover:
                    self.uncovered.pop(f, None)
                else:
                    self.uncovered[f] = self.uncovered.get(f, 0) + 1
            grace = self.inputs.statutory_cover_days
            if any(n > grace for n in self.uncovered.values()) or any(load[w] > s.surge[w] for w in bits(present)):
                failed |= 1 << week
        return failed


class KeelDecisions(DayByDay):
    """The same day-by-day run, with each day's decisions asked of Keel's optimizer and accepted."""

    def __init__(
        self, scope: Scope, inputs: ResilienceInputs, view: Snapshot, rng: random.Random, time_limit_s: float = 2.0
    ) -> None:
        super().__init__(scope, inputs, view.as_of, rng)
        inside = _subtree(view, scope.unit.id)
        units = tuple(replace(u, holds_families=False) for u in view.units if u.id in inside)  # pods: one holder
        settings = replace(view.settings, time_limit_s=time_limit_s)
        self.base = replace(view, units=units, settings=settings, workers=(), families=(), absence=None)
        self.units = {u.id for u in units}
        self.position = {w.id: i for i, w in enumerate(scope.workers)}
        self.calls: Counter[str] = Counter()

    def _family(self, f: int) -> Family:
        source = self.s.families[self.template[f]]
        h, c = self.holder[f], self.cover.get(f)
        worker = self.s.workers[h].id if h >= 0 else None
        cover = self.s.workers[c].id if c is not None else None
        if f >= len(self.s.families):  # a referral: a new family like ``source``
            source = replace(source, known_to=(), recently_moved=False, visit_due=None)
        unit = source.unit if source.unit in self.units else self.s.unit.id  # held here from elsewhere
        return replace(source, id=f"F{f}", unit=unit, worker=worker, cover=cover, pod=None)

    def _ask(self, question: str, day: date, absent: int, away: int | None = None) -> Snapshot:
        workers = tuple(
            replace(w, available=i == away or not absent >> i & 1, absent_until=None)
            for i, w in enumerate(self.s.workers)
        )
        families = tuple(self._family(f) for f in range(len(self.points)) if self.open[f])
        absence = None
        if away is not None:
            back = day + timedelta(days=round(self.inputs.sickness_spell_days * 7 / 5))
            absence = Absence(self.s.workers[away].id, day, back)
        self.calls[question] += 1
        return replace(self.base, question=question, as_of=day, workers=workers, families=families, absence=absence)

    def _moves(self, snapshot: Snapshot, kind: str) -> list[tuple[int, int]]:
        plan = solve(snapshot)
        return [(int(a.family[1:]), self.position[a.worker]) for a in plan.assignments if a.kind == kind]

    def allocate(self, day: date, waiting: list[int], absent: int, present: int, load: list[int]) -> None:
        for f, w in self._moves(self._ask("recommend", day, absent), "key"):
            if self.holder[f] < 0:
                self.holder[f] = w
                load[w] += self.points[f]

    def arrange_cover(self, day: date, absent: int, present: int, load: list[int]) -> None:
        needs: dict[int, bool] = {}  # worker away -> holds a statutory family without cover
        for f, h in enumerate(self.holder):
            if h >= 0 and absent >> h & 1 and self.open[f] and f not in self.cover:
                needs[h] = needs.get(h, False) or self.statutory[f]
        for w, statutory in needs.items():
            if not (statutory or self.newly_absent >> w & 1):
                continue  # asked on the first day away, then again while statutory work is uncovered
            for f, r in self._moves(self._ask("cover", day, absent, away=w), "cover"):
                if f not in self.cover and self.holder[f] == w:
                    self.cover[f] = r
                    load[r] += self.points[f]
                    load[w] -= self.points[f]

    def hand_on(self, day: date, absent: int, present: int, load: list[int]) -> None:
        for f, w in self._moves(self._ask("rebalance", day, absent), "key"):
            h = self.holder[f]
            if h != w and f not in self.cover:
                self.holder[f] = w
                load[h] -= self.points[f]
                load[w] += self.points[f]


def _subtree(snapshot: Snapshot, unit_id: str) -> set[str]:
    inside, grew = {unit_id}, True
    while grew:
        more = {u.id for u in snapshot.units if u.parent in inside} - inside
        inside |= more
        grew = bool(more)
    return inside
