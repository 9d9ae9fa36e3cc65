"""Calibration of the collapse forecast (issue 12, item 2): a day-by-day simulation of a council,
written as a separate code path from the fast Monte Carlo (``optimizer/resilience/collapse.py``),
is run many times from the same starting council; the failure frequency it produces per team and
week is compared with the fast forecast.

    python -m bench.calibration [--quick] [--runs N] [--size default]

What the day-by-day simulation does differently (on purpose): each worker's sickness is a daily
two-state chain (fall sick, recover) rather than drawn spells; referrals and closures arrive every
working day rather than once a week; each day ends with the team's decisions, kept from day to day:
new referrals allocated (statutory first, to the eligible colleague with the lowest load ratio,
other work only within capacity), and cover arranged for each statutory family whose worker is away
(to the eligible present colleague with the most room within the surge limit; cover lasts until the
worker is back); a worker above the surge limit hands their largest families on if a colleague has
room. Collapse is counted from its definition, family by family: a statutory family without a
present worker or cover for more than ``statutory_cover_days`` working days, or a present worker
still above the surge limit at the end of a day. Planned absences and leavers are as in the
snapshot. Simplification: the decisions are greedy rules, not the optimizer's CP-SAT recommend and
cover (too slow for hundreds of runs); they stand in for a manager's day.

Prints the reliability table (forecast risk in bands against the observed frequency, with its 95%
interval and whether the forecast lies inside it, for bands with at least ``MIN_WEEKS`` team-weeks)
and the Brier score of the forecast, with the Brier score of always forecasting the overall
frequency as a reference.
"""

from __future__ import annotations

import argparse
import math
import random
import time

from optimizer.contract import parse_snapshot
from optimizer.resilience import ResilienceInputs
from optimizer.resilience.collapse import UnitSimulation, weekly_risk, wilson, working_days
from optimizer.resilience.scope import bits, scopes

BANDS = ((0.0, 0.05), (0.05, 0.15), (0.15, 0.30), (0.30, 0.50), (0.50, 1.01))
MIN_WEEKS = 20


def council(size: str) -> dict:
    from backend.demo import council_snapshot

    return council_snapshot({"small": 15, "default": 110}[size], 0, "resilience")


class DayByDay:
    """One team's day-by-day run (mutable state, its own random stream)."""

    def __init__(self, scope, inputs: ResilienceInputs, as_of, rng: random.Random) -> None:
        self.s, self.inputs, self.rng = scope, inputs, rng
        self.days = working_days(as_of, inputs.weeks)
        self.holder = list(scope.holder)
        self.points = [f.points for f in scope.families]
        self.eligible = list(scope.eligible)
        self.statutory = [f.statutory for f in scope.families]
        self.open = [True] * len(self.points)
        self.cover: dict[int, int] = {}  # family -> covering worker
        self.uncovered: dict[int, int] = {}  # statutory family -> working days without a worker
        self.sick = 0
        rate, spell = inputs.sickness_rate, inputs.sickness_spell_days
        self.p_sick = rate / (spell * (1 - rate)) if rate > 0 else 0.0
        self.p_back = 1 / spell
        per_week = len(scope.families) / inputs.case_weeks
        self.per_day = per_week / 5
        planned = {}
        for a in inputs.planned_absences:
            planned.setdefault(a.worker, []).append((a.start, a.end))
        self.away_planned = planned

    def load(self) -> list[int]:
        found = [0] * self.s.size
        for f, h in enumerate(self.holder):
            if self.open[f] and h >= 0:
                found[h] += self.points[f]
        for f, w in self.cover.items():
            if self.open[f]:
                found[w] += self.points[f]
        return found

    def absent_today(self, day) -> int:
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

    def run(self) -> int:
        failed = 0
        s, rng = self.s, self.rng
        for day, week in self.days:
            for i in range(s.size):  # sickness: a daily two-state chain
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
            for _ in range(_poisson(rng, self.per_day)):  # referrals, every day
                t = rng.randrange(len(s.families)) if s.families else None
                if t is None:
                    break
                self.points.append(s.families[t].points)
                self.eligible.append(s.eligible[t])
                self.statutory.append(s.families[t].statutory)
                self.holder.append(-1)
                self.open.append(True)
            absent = self.absent_today(day)
            present = s.receive & ~absent
            load = self.load()
            for w in list(bits(absent)):  # a worker who has left: their families wait again
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
            waiting = sorted(
                (f for f in range(len(self.points)) if self.open[f] and self.holder[f] < 0),
                key=lambda f: (not self.statutory[f], -self.points[f]),
            )
            for f in waiting:  # the day's allocation
                limit = s.surge if self.statutory[f] else s.cap
                options = [w for w in bits(self.eligible[f] & present) if load[w] + self.points[f] <= limit[w]]
                if options:
                    w = min(options, key=lambda w: (load[w] + self.points[f]) / s.cap[w])
                    self.holder[f] = w
                    load[w] += self.points[f]
            for f in range(len(self.points)):  # cover for statutory families whose worker is away
                h = self.holder[f]
                if not (self.open[f] and self.statutory[f]) or f in self.cover:
                    continue
                if h >= 0 and not absent >> h & 1:
                    self.uncovered.pop(f, None)
                    continue
                options = [w for w in bits(self.eligible[f] & present) if load[w] + self.points[f] <= s.surge[w]]
                if h >= 0 and options:
                    w = max(options, key=lambda w: s.surge[w] - load[w])
                    self.cover[f] = w
                    load[w] += self.points[f]
                    self.uncovered.pop(f, None)
                else:  # still waiting for a worker, or nobody can cover
                    self.uncovered[f] = self.uncovered.get(f, 0) + 1
            for w in bits(present):  # above the surge limit: hand the largest families on
                if load[w] <= s.surge[w]:
                    continue
                for f in sorted(
                    (f for f, h in enumerate(self.holder) if h == w and self.open[f]), key=lambda f: -self.points[f]
                ):
                    if load[w] <= s.surge[w]:
                        break
                    options = [
                        r
                        for r in bits(self.eligible[f] & present & ~(1 << w))
                        if load[r] + self.points[f] <= s.surge[r]
                    ]
                    if options:
                        r = max(options, key=lambda r: s.surge[r] - load[r])
                        self.holder[f] = r
                        load[w] -= self.points[f]
                        load[r] += self.points[f]
            grace = self.inputs.statutory_cover_days
            if any(n > grace for n in self.uncovered.values()) or any(load[w] > s.surge[w] for w in bits(present)):
                failed |= 1 << week
        return failed


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small council, fewer runs")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--size", choices=("small", "default"), default=None)
    args = parser.parse_args()
    size = args.size or ("small" if args.quick else "default")
    runs = args.runs or (200 if args.quick else 300)
    snapshot = parse_snapshot(council(size))
    inputs = ResilienceInputs()
    started = time.perf_counter()
    pairs = []  # (forecast, failures, runs) per team-week
    for scope in scopes(snapshot):
        if scope.unit.kind != "team":
            continue
        sim = UnitSimulation(scope, inputs, snapshot.as_of, snapshot.settings.seed)
        forecast = weekly_risk(sim.run(), inputs.weeks, sim.start)
        rng = random.Random(f"calibration:{scope.unit.id}")
        observed = [DayByDay(scope, inputs, snapshot.as_of, rng).run() for _ in range(runs)]
        for week, cell in enumerate(forecast):
            pairs.append((cell.risk, sum(1 for o in observed if o >> week & 1), runs))
    elapsed = time.perf_counter() - started
    print(
        f"Calibration on the {size} council: {len(pairs)} team-weeks, {runs} day-by-day runs each, "
        f"forecast from {inputs.scenarios} scenarios ({elapsed:.0f} s)"
    )
    print()
    print("| forecast band | team-weeks | mean forecast | observed frequency | 95% interval | forecast inside |")
    print("|---|---|---|---|---|---|")
    for low, high in BANDS:
        inside = [p for p in pairs if low <= p[0] < high]
        if not inside:
            print(f"| {low:.0%}-{min(high, 1):.0%} | 0 | - | - | - | - |")
            continue
        mean = sum(p[0] for p in inside) / len(inside)
        fails, trials = sum(p[1] for p in inside), sum(p[2] for p in inside)
        lo, hi = wilson(fails, trials)
        verdict = ("yes" if lo <= mean <= hi else "no") if len(inside) >= MIN_WEEKS else "too few weeks"
        print(
            f"| {low:.0%}-{min(high, 1):.0%} | {len(inside)} | {mean:.3f} | {fails / trials:.3f} | "
            f"{lo:.3f}-{hi:.3f} | {verdict} |"
        )
    brier = sum(p[1] * (1 - p[0]) ** 2 + (p[2] - p[1]) * p[0] ** 2 for p in pairs) / sum(p[2] for p in pairs)
    base = sum(p[1] for p in pairs) / sum(p[2] for p in pairs)
    reference = base * (1 - base)
    print()
    print(
        f"Brier score of the forecast: {brier:.4f}; of always forecasting the overall frequency "
        f"({base:.3f}): {reference:.4f}"
    )


if __name__ == "__main__":
    main()
