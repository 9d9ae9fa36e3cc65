"""N-0, N-1 and N-2 for one unit: can it absorb the loss of any one (any two) present workers?

Only the lost workers' families move; every worker not present on ``as_of`` is already lost, so
their families move in every case, N-0 included (N-0 asks whether the unit copes with today's
absences). Each case is settled by ``placement.can_hold`` (bounds, then greedy, then CP-SAT).
Losing more workers never helps (more families move, fewer colleagues receive), so a pair holding a
worker whose single loss cannot be held is refuted without a look ("bound"). With fewer than two
present workers, N-2 is the loss of all of them.

The spread reported per loss is the greedy's highest load ratio (achievable) with a proven lower
bound; for the loss that hurts most (worst single, worst pair) CP-SAT closes the gap, trying the
losses in decreasing greedy ratio until no remaining loss can beat the best exact value (at most
``EXACT_SPREADS`` solves of ``SPREAD_TIME_S`` per level, and none once ``budget`` is spent: ``exact``
says whether the reported ratio is proven optimal; ``lower`` is always a proven bound).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

from optimizer.resilience.placement import (
    Budget,
    Spread,
    Verdict,
    can_hold,
    exact_spread,
    rooms,
    solve_exactly,
    spread,
)
from optimizer.resilience.pod_rule import pods_hold
from optimizer.resilience.scope import Scope, bits

EXACT_SPREADS = 2
SPREAD_TIME_S = 0.1
PATHS = ("bound", "greedy", "exact", "unknown")


@dataclass(frozen=True)
class Loss:
    workers: tuple[str, ...]
    holds: bool | None  # None: the exact solve ran out of time
    settled_by: str  # "bound" | "greedy" | "exact"
    reason: str | None
    spread: Spread

    def hurt(self) -> tuple[int, int, int]:
        """Sort key: a loss that cannot be held, strands more families, or loads more hurts more."""
        return (self.holds is False, self.spread.unplaceable, self.spread.ratio or 0)


@dataclass(frozen=True)
class Contingency:
    now: Loss  # today's absences (N-0): the already-lost workers
    singles: tuple[Loss, ...]
    pairs: int
    n1_secure: bool  # proven: every single loss holds
    n2_secure: bool
    worst_single: Loss | None
    worst_pair: Loss | None
    failing_pairs: tuple[Loss, ...]  # up to five, worst first
    settled: tuple[int, ...]  # one count per path (PATHS): cases settled by bound, greedy, exact; unknown


class _Assessor:
    def __init__(self, scope: Scope, time_limit_s: float, screening: bool, budget: Budget | None) -> None:
        self.scope = scope
        self.budget = budget
        self.time_limit_s = time_limit_s
        self.screening = screening
        self.counts = dict.fromkeys(PATHS, 0)
        self.gone = ((1 << scope.size) - 1) & ~scope.present

    def loss(self, extra: int, refuted_by: str | None = None) -> Loss:
        """The loss of the workers in ``extra`` (on top of the already lost)."""
        s = self.scope
        lost = self.gone | extra
        if s.pods:
            return self.pod_loss(extra, lost, refuted_by)
        moving = s.moving(lost)
        receive = s.receive & ~lost
        if refuted_by is not None:
            found = Verdict(False, "bound", refuted_by)
        elif self.screening or not moving:
            found = can_hold(moving, rooms(receive, s.load, s.surge), self.time_limit_s)
        else:
            found = solve_exactly(moving, rooms(receive, s.load, s.surge), self.time_limit_s)
        self.counts[found.settled_by if found.holds is not None else "unknown"] += 1
        quick, _ = spread(moving, s.present & ~lost, receive, s.load, s.cap)
        return Loss(self.names(extra), found.holds, found.settled_by, found.reason, quick)

    def pod_loss(self, extra: int, lost: int, refuted_by: str | None) -> Loss:
        """A loss in a unit with pods that hold families: every pod must still hold its families
        (``pod_rule.pods_hold``: capacity left, an accountable consultant), and the lost workers'
        own families must find room, pods taking them within their remaining capacity."""
        s = self.scope
        verdict = pods_hold(s.pods, s.hosts, frozenset(s.workers[w].id for w in bits(lost)))
        cap, surge, receive = list(s.cap), list(s.surge), s.receive & ~lost
        for pod in s.pods:
            cap[pod.position] = verdict.capacity_left[pod.id]
            surge[pod.position] = cap[pod.position] * pod.surge_pct // 100
            if not pod.consultants_left(frozenset(s.workers[w].id for w in bits(lost))):
                receive &= ~(1 << pod.position)
        moving = s.moving(lost)
        if refuted_by is not None:
            found = Verdict(False, "bound", refuted_by)
        elif not verdict.holds:
            found = Verdict(False, "bound", verdict.reason)
        else:
            found = can_hold(moving, rooms(receive, s.load, tuple(surge)), self.time_limit_s)
        self.counts[found.settled_by if found.holds is not None else "unknown"] += 1
        quick, _ = spread(moving, s.present & ~lost, receive, s.load, tuple(cap))
        return Loss(self.names(extra), found.holds, found.settled_by, found.reason, quick)

    def names(self, mask: int) -> tuple[str, ...]:
        return tuple(self.scope.workers[w].id for w in bits(mask))

    def sharpen(self, losses: list[Loss], masks: dict[tuple[str, ...], int]) -> Loss | None:
        """The loss that hurts most, its spread solved exactly where the budget allows."""
        if not losses:
            return None
        s = self.scope
        ordered = sorted(losses, key=lambda x: x.hurt(), reverse=True)
        if s.pods:  # the exact spread knows no pod capacity: the greedy's figure stands
            return ordered[0]
        best: Loss | None = None
        for solves, candidate in enumerate(ordered):
            if best is not None and candidate.hurt() <= best.hurt():
                break
            if solves >= EXACT_SPREADS:
                break
            left = SPREAD_TIME_S if self.budget is None else self.budget.seconds
            if left <= 0.01:
                break
            lost = self.gone | masks[candidate.workers]
            exact = exact_spread(
                s.moving(lost),
                s.present & ~lost,
                s.receive & ~lost,
                s.load,
                s.cap,
                candidate.spread,
                min(SPREAD_TIME_S, left),
                self.budget,
            )
            sharper = replace(candidate, spread=exact)
            if best is None or sharper.hurt() > best.hurt():
                best = sharper
        return best or ordered[0]


def assess_contingency(
    scope: Scope, time_limit_s: float = 1.0, screening: bool = True, budget: Budget | None = None
) -> Contingency:
    """N-0, every single loss and every pair loss of the unit's present workers.

    ``time_limit_s`` bounds each exact feasibility solve; ``budget`` (solver work, in seconds) bounds
    the exact sharpening of the worst spreads.
    """
    run = _Assessor(scope, time_limit_s, screening, budget)
    now = replace(run.loss(0), workers=run.names(run.gone))
    present = bits(scope.present & ~scope.pod_mask)  # people: a pod is lost member by member
    masks: dict[tuple[str, ...], int] = {}
    singles = []
    for w in present:
        loss = run.loss(1 << w)
        masks[loss.workers] = 1 << w
        singles.append(loss)
    failing_single = {w for w, loss in zip(present, singles) if loss.holds is False}
    pair_sets = list(combinations(present, 2)) if len(present) >= 2 else [tuple(present)]
    pairs = []
    for pair in pair_sets:
        mask = sum(1 << w for w in pair)
        hit = next((w for w in pair if w in failing_single), None)
        if screening and hit is not None and len(pair) == 2:
            loss = run.loss(mask, f"the loss of {scope.workers[hit].id} alone cannot be held")
        else:
            loss = run.loss(mask)
        masks[loss.workers] = mask
        pairs.append(loss)
    failing = sorted((p for p in pairs if p.holds is not True), key=lambda x: x.hurt(), reverse=True)
    return Contingency(
        now=now,
        singles=tuple(singles),
        pairs=len(pairs),
        n1_secure=all(loss.holds is True for loss in singles) and now.holds is True,
        n2_secure=all(loss.holds is True for loss in pairs) and now.holds is True,
        worst_single=run.sharpen(singles, masks),
        worst_pair=run.sharpen(pairs, masks),
        failing_pairs=tuple(failing[:5]),
        settled=tuple(run.counts[p] for p in PATHS),
    )
