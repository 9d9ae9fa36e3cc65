"""The resilience plan (frozen dataclasses) and its JSON form (docs/design.md §8, ``resilience``).

Ratios go out as fractions of capacity (1.0 = 100%), points as decimals. ``max_load_ratio`` of a
loss is the highest load ratio of the unit's present workers after the best redistribution found
(skills honoured, surge limit ignored): an achievable value, proven optimal when ``exact``;
``lower_bound`` is always proven. ``holds`` says whether the loss can be absorbed within the surge
limit. Services aggregate their teams (pods are inside teams): N-k secure when every team is,
the worst team's worst loss, collapse risk = some team fails (teams' scenarios are independent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from optimizer.resilience.collapse import WeekRisk
from optimizer.resilience.contingency import PATHS, Contingency, Loss
from optimizer.resilience.exposure import Exposure
from optimizer.types import PER_MILLE, SCALE


@dataclass(frozen=True)
class UnitResilience:
    id: str
    kind: str
    parent: str | None
    exposure: Exposure
    contingency: Contingency | None  # None for a service
    n1_secure: bool
    n2_secure: bool
    worst_loss: Loss | None
    worst_unit: str | None  # where the worst loss happens (a service's team)
    risk_by_week: tuple[WeekRisk, ...]
    stage: str
    stage_reasons: tuple[str, ...]
    stage_by_week: tuple[str, ...]
    teams: int = 0


@dataclass(frozen=True)
class ResiliencePlan:
    status: str
    units: tuple[UnitResilience, ...]
    screening: tuple[
        int, ...
    ]  # one count per path (contingency.PATHS): N-k cases settled by bound, greedy, exact; unknown
    weeks: int
    scenarios: int
    seed: int
    time_s: float
    notes: tuple[str, ...] = ()
    stage_rules: tuple[dict[str, str], ...] = ()  # the key: each stage in order with its rule


def _ratio(value: int | None) -> float | None:
    return None if value is None else round(value / PER_MILLE, 3)


def loss_to_dict(loss: Loss | None, unit: str | None = None) -> dict[str, Any] | None:
    if loss is None:
        return None
    found = {
        "workers": list(loss.workers),
        "max_load_ratio": _ratio(loss.spread.ratio),
        "lower_bound": _ratio(loss.spread.lower),
        "exact": loss.spread.exact,
        "holds": loss.holds,
        "settled_by": loss.settled_by,
        "unplaceable": loss.spread.unplaceable,
        "reason": loss.reason,
    }
    if unit is not None:
        found["unit"] = unit
    return found


def unit_to_dict(unit: UnitResilience) -> dict[str, Any]:
    e, c = unit.exposure, unit.contingency
    found: dict[str, Any] = {
        "id": unit.id,
        "kind": unit.kind,
        "parent": unit.parent,
        "load_ratio": _ratio(e.load_ratio),
        "present_capacity": e.present_capacity / SCALE,
        "bands": dict(zip(("green", "amber", "red", "above_surge"), e.bands)),
        "unallocated": {
            "families": e.unallocated,
            "points": e.unallocated_points / SCALE,
            "statutory": e.unallocated_statutory,
        },
        "n1_secure": unit.n1_secure,
        "n2_secure": unit.n2_secure,
        "worst_loss": loss_to_dict(unit.worst_loss, unit.worst_unit),
        "bus_factor_one_share": round(e.bus_factor_one / e.families, 3) if e.families else 0.0,
        "bus_factor_one": e.bus_factor_one,
        "concentration": _ratio(e.concentration),
        "busiest": e.busiest,
        "single_person_skills": [{"skill": s, "worker": w} for s, w in e.single_person_skills],
        "uncovered_skills": list(e.uncovered_skills),
        "above_surge": list(e.above_surge),
        "stage": unit.stage,
        "stage_reasons": list(unit.stage_reasons),
        "risk_by_week": [
            {
                "week": w.week.isoformat(),
                "risk": round(w.risk, 4),
                "low": round(w.low, 4),
                "high": round(w.high, 4),
                "stage": stage,
                "backlog": w.backlog,
                "oldest_wait_days": w.oldest_wait_days,
            }
            for w, stage in zip(unit.risk_by_week, unit.stage_by_week)
        ],
    }
    if c is not None:
        found["now"] = loss_to_dict(c.now)
        found["worst_single"] = loss_to_dict(c.worst_single)
        found["n1_losses"] = [loss_to_dict(loss) for loss in c.singles]
        found["failing_pairs"] = [loss_to_dict(loss) for loss in c.failing_pairs]
        found["pairs_checked"] = c.pairs
        found["screening"] = dict(zip(PATHS, c.settled))
    else:
        found["teams"] = unit.teams
    return found


def resilience_plan_to_dict(plan: ResiliencePlan) -> dict[str, Any]:
    return {
        "question": "resilience",
        "status": plan.status,
        "units": [unit_to_dict(u) for u in plan.units],
        "screening": dict(zip(PATHS, plan.screening)),
        "weeks": plan.weeks,
        "scenarios": plan.scenarios,
        "seed": plan.seed,
        "time_s": round(plan.time_s, 3),
        "notes": list(plan.notes),
        "stages": [dict(rule) for rule in plan.stage_rules],
    }
