"""What it takes to be safe (docs/design.md §4, question ``secure``): for each team or pod that is
not N-1 secure, the fewest moves of families within the unit that make it N-1 secure; where moves
cannot, the least extra capacity (FTE, with the skills needed) that would; across each service,
where one more worker would reduce the collapse risk most ("where do I send the next agency
worker").

- **Moves.** Every single move (a family to another present colleague allowed to take it, within
  the surge limit) is tried; if none makes the unit secure, moves are chosen one at a time, each the
  move that leaves the fewest single losses failing (then the lowest worst-case load), up to
  ``MAX_MOVES``. ``proven_fewest`` is true when no smaller set of moves exists: none were needed,
  or one was and it was found, or the search ruled out every single move before finding two.
  A loss counts as held only when a placement is found (greedy), so "secure" is never claimed
  without a placement.
  If the time limit (``settings.time_limit_s``) ends the search, the unit says so in ``note``.
- **Extra capacity.** One more worker holding the skills the failing losses' families need, the
  smallest FTE (in steps of 0.1, up to 2.0) that makes the unit secure; capacity is
  ``points_per_fte`` (85) per FTE.
- **Where one more worker helps most.** Each team's near-term collapse risk (the worst of the
  first ``risk_weeks`` weeks) now and with one more full-time worker with the team's skills,
  ranked by the drop, per service.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from optimizer.contract import parse_snapshot
from optimizer.resilience.collapse import UnitSimulation
from optimizer.resilience.contingency import assess_contingency
from optimizer.resilience.inputs import ResilienceInputs, parse_resilience
from optimizer.resilience.placement import can_hold, rooms, spread
from optimizer.resilience.scope import Scope, bits, descendants, resilience_view, scopes
from optimizer.types import SCALE, Snapshot, Worker

MAX_MOVES = 5
FTE_STEP = 0.1
MAX_FTE = 2.0


@dataclass(frozen=True)
class Move:
    family: str
    from_worker: str
    to_worker: str
    points: int


def failing(scope: Scope) -> list[int]:
    """The present workers whose single loss cannot be shown to hold (today's absences lost too);
    with pods that hold families, by the pod rule of N-1 (``contingency.py``)."""
    if scope.pods:
        singles = assess_contingency(scope, 0.05).singles
        return [scope.index(loss.workers[0]) for loss in singles if loss.holds is not True]
    gone = ((1 << scope.size) - 1) & ~scope.present
    found = []
    for w in bits(scope.present):
        lost = gone | 1 << w
        verdict = can_hold(
            scope.moving(lost),
            rooms(scope.receive & ~lost, scope.load, scope.surge),
            0.0,
            exact=False,
            greedy_first=True,
        )
        if verdict.holds is not True:
            found.append(w)
    return found


def _hurt(scope: Scope, losers: list[int]) -> tuple[int, int]:
    gone = ((1 << scope.size) - 1) & ~scope.present
    worst = 0
    for w in losers:
        lost = gone | 1 << w
        found, _ = spread(scope.moving(lost), scope.present & ~lost, scope.receive & ~lost, scope.load, scope.cap)
        worst = max(worst, found.ratio if found.ratio is not None else 10**6)
    return len(losers), worst


def moved(scope: Scope, f: int, to: int) -> Scope:
    """The scope with family ``f`` held by worker ``to`` instead."""
    origin = scope.holder[f]
    load, holder = list(scope.load), list(scope.holder)
    held = [list(h) for h in scope.held]
    points = scope.families[f].points
    load[origin] -= points
    load[to] += points
    holder[f] = to
    held[origin].remove(f)
    held[to].append(f)
    return replace(
        scope,
        load=tuple(load),
        holder=tuple(holder),
        held=tuple(tuple(sorted(h, key=lambda g: -scope.families[g].points)) for h in held),
    )


def _candidates(scope: Scope) -> Iterator[tuple[int, int]]:
    for f, origin in enumerate(scope.holder):
        if origin < 0:
            continue
        points = scope.families[f].points
        for to in bits(scope.eligible[f] & scope.receive & ~(1 << origin)):
            if scope.load[to] + points <= scope.surge[to]:
                yield f, to


def fewest_moves(scope: Scope, deadline: float) -> tuple[list[tuple[int, int]] | None, bool]:
    """(moves as (family, to) in order, or None; proven fewest)."""
    if not failing(scope):
        return [], True
    best, best_hurt = None, None
    for f, to in _candidates(scope):
        after = moved(scope, f, to)
        losers = failing(after)
        if not losers:
            return [(f, to)], True
        hurt = _hurt(after, losers)
        if best_hurt is None or hurt < best_hurt:
            best, best_hurt = (f, to), hurt
        if time.monotonic() > deadline:
            return None, False
    if best is None:  # no move at all is possible within the surge limit
        return None, False
    plan, current = [best], moved(scope, *best)
    while len(plan) < MAX_MOVES and time.monotonic() < deadline:
        step, step_hurt = None, None
        for f, to in _candidates(current):
            after = moved(current, f, to)
            losers = failing(after)
            if not losers:
                return plan + [(f, to)], len(plan) + 1 == 2
            hurt = _hurt(after, losers)
            if step_hurt is None or hurt < step_hurt:
                step, step_hurt = (f, to), hurt
        if step is None:
            break
        plan.append(step)
        current = moved(current, *step)
    return None, False


def with_extra(scope: Scope, capacity: int, skills: frozenset[str], surge_pct: int) -> Scope:
    """The scope with one more present worker of ``capacity`` points (x100) and ``skills``."""
    w = scope.size
    extra = Worker(id="extra", unit=scope.unit.id, capacity=capacity, skills=skills)
    eligible = tuple(
        mask | (1 << w if families.requires <= skills else 0) for mask, families in zip(scope.eligible, scope.families)
    )
    return replace(
        scope,
        workers=scope.workers + (extra,),
        cap=scope.cap + (capacity,),
        surge=scope.surge + (capacity * surge_pct // 100,),
        load=scope.load + (0,),
        present=scope.present | 1 << w,
        receive=scope.receive | 1 << w,
        eligible=eligible,
        held=scope.held + ((),),
    )


def least_extra(scope: Scope, surge_pct: int, points_per_fte: int) -> tuple[float, list[str]] | None:
    """The least FTE of one more worker (with the skills the failing losses need) that makes the
    unit N-1 secure, or None if 2.0 FTE would not."""
    gone = ((1 << scope.size) - 1) & ~scope.present
    skills = frozenset(s for w in failing(scope) for f in scope.held[w] for s in scope.families[f].requires)
    skills |= frozenset(s for w in bits(gone) for f in scope.held[w] for s in scope.families[f].requires)
    steps = round(MAX_FTE / FTE_STEP)
    for step in range(1, steps + 1):
        fte = round(step * FTE_STEP, 1)
        if not failing(with_extra(scope, round(fte * points_per_fte), skills, surge_pct)):
            return fte, sorted(skills)
    return None


def near_term_risk(scope: Scope, inputs: ResilienceInputs, snapshot: Snapshot) -> float:
    sim = UnitSimulation(scope, inputs, snapshot.as_of, snapshot.settings.seed)
    failures = sim.run()
    weeks = inputs.thresholds.risk_weeks
    return max((sum(1 for f in failures if f >> w & 1) / len(failures) for w in range(weeks)), default=0.0)


def secure(
    snapshot: Snapshot,
    inputs: ResilienceInputs | None = None,
    *,
    risk_scenarios: int = 300,
    points_per_fte: float = 85.0,
) -> dict[str, Any]:
    """The ``secure`` plan (JSON-ready)."""
    started = time.monotonic()
    inputs = inputs or ResilienceInputs()
    quick = replace(inputs, scenarios=min(inputs.scenarios, risk_scenarios))
    pct = snapshot.settings.surge_limit_pct
    per_fte = round(points_per_fte * SCALE)
    deadline = started + snapshot.settings.time_limit_s
    units, gains = [], {}
    snapshot, holdings = resilience_view(snapshot)  # pods that hold families: one holder each
    for scope in scopes(snapshot, holdings):
        losers = failing(scope)
        found = {
            "id": scope.unit.id,
            "kind": scope.unit.kind,
            "n1_secure": not losers,
            "failing_losses": [scope.workers[w].id for w in losers],
            "moves": [],
            "proven_fewest": True,
            "extra_capacity": None,
        }
        if losers and scope.pods:
            found.update(
                moves=None,
                proven_fewest=False,
                note="pods that hold families: the moves and extra capacity that would "
                "make the unit secure are not worked out yet",
            )
        elif losers:
            plan, proven = fewest_moves(scope, deadline)
            found["proven_fewest"] = proven if plan is not None else False
            if plan is None and time.monotonic() > deadline:
                found["note"] = "the search for moves stopped at the time limit: moves may still help"
            if plan is not None:
                found["moves"] = [
                    {
                        "family": scope.families[f].id,
                        "from": scope.workers[origin].id,
                        "to": scope.workers[to].id,
                        "points": scope.families[f].points / SCALE,
                    }
                    for f, origin, to in _replayed(scope, plan)
                ]
            else:
                found["moves"] = None
                extra = least_extra(scope, pct, per_fte)
                found["extra_capacity"] = None if extra is None else {"fte": extra[0], "skills": extra[1]}
        if scope.unit.kind == "team":
            skills = frozenset(s for f in scope.families for s in f.requires)
            now = near_term_risk(scope, quick, snapshot)
            more = near_term_risk(with_extra(scope, per_fte, skills, pct), quick, snapshot)
            gains[scope.unit.id] = (now, more)
            found["risk"], found["risk_with_one_more"] = round(now, 4), round(more, 4)
        units.append(found)
    inside = descendants(snapshot)
    ranking = []
    for unit in snapshot.units:
        if unit.kind != "service":
            continue
        teams = sorted((t for t in inside[unit.id] if t in gains), key=lambda t: (-(gains[t][0] - gains[t][1]), t))
        ranking.append(
            {
                "service": unit.id,
                "teams": [
                    {
                        "unit": t,
                        "risk": round(gains[t][0], 4),
                        "risk_with_one_more": round(gains[t][1], 4),
                        "drop": round(gains[t][0] - gains[t][1], 4),
                    }
                    for t in teams
                ],
            }
        )
    return {
        "question": "secure",
        "status": "feasible",
        "units": units,
        "next_worker": ranking,
        "time_s": round(time.monotonic() - started, 3),
    }


def _replayed(scope: Scope, plan: list[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """The moves as (family, holder at the time it moves, to)."""
    current = scope
    for f, to in plan:
        yield f, current.holder[f], to
        current = moved(current, f, to)


def secure_json(data: dict[str, Any]) -> dict[str, Any]:
    snapshot = parse_snapshot(data)
    return secure(snapshot, parse_resilience(data.get("resilience"), snapshot))
