"""``assess(snapshot) -> ResiliencePlan``: every figure of docs/design.md §5 for every unit.

Teams and pods are assessed on their own (contingency, exposure, Monte Carlo, stage); services
aggregate the teams inside them. ``progress(phase, done, total)`` is called after each unit of each
phase (``"contingency"``, then ``"collapse"``), so a CLI can draw a bar. With a ``UnitCache``
(``unit_cache.py``) only the teams and pods whose data changed are worked out again. With
``processes`` above 1 the units' Monte Carlo runs in that many processes (``simulate_units``): the
same figures, since each unit's draws depend only on the seed and the unit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from typing import Any, Callable

from optimizer.contract import parse_snapshot
from optimizer.resilience.collapse import Simulated, WeekRisk, first_week, simulate_units, weekly_risk
from optimizer.resilience.contingency import PATHS, Contingency, assess_contingency
from optimizer.resilience.exposure import assess_exposure
from optimizer.resilience.inputs import ResilienceInputs, parse_resilience
from optimizer.resilience.placement import Budget
from optimizer.resilience.plan import ResiliencePlan, UnitResilience, resilience_plan_to_dict
from optimizer.resilience.scope import Scope, build_scope, descendants, loads, resilience_view, scopes
from optimizer.resilience.stages import (
    Figures,
    lock_reasons,
    service_stage,
    stage_of,
    statutory_cover_now,
)
from optimizer.resilience.thresholds import stage_rules
from optimizer.resilience.unit_cache import UnitCache, unit_stamp
from optimizer.types import Snapshot

Progress = Callable[[str, int, int], None]


def assess(
    snapshot: Snapshot,
    *,
    progress: Progress | None = None,
    inputs: ResilienceInputs | None = None,
    screening: bool = True,
    cache: UnitCache | None = None,
    processes: int = 1,
) -> ResiliencePlan:
    """Every unit's figures. With a ``cache``, a team or pod whose data stamp is unchanged keeps
    its N-k and Monte Carlo; progress then counts only the units worked out again."""
    started = time.monotonic()
    inputs = inputs or ResilienceInputs()
    snapshot, holdings = resilience_view(snapshot)  # pods that hold families: one holder each
    settings = snapshot.settings
    case_limit = min(1.0, settings.time_limit_s / 10)
    budget = Budget(settings.time_limit_s / 2)  # exact sharpening of worst spreads, shared, in solver work
    units = scopes(snapshot, holdings)
    stamps = {s.unit.id: unit_stamp(s, snapshot, inputs) for s in units} if cache else {}
    known = {u: found for u, stamp in stamps.items() if cache is not None and (found := cache.get(stamp)) is not None}
    work = [s for s in units if s.unit.id not in known]
    contingencies: dict[str, Contingency] = {u: found[0] for u, found in known.items()}
    for done, scope in enumerate(work, start=1):
        portion = max(0.0, budget.seconds) / (len(work) - done + 1)
        share = Budget(portion)
        contingencies[scope.unit.id] = assess_contingency(scope, case_limit, screening, share)
        budget.seconds -= portion - share.seconds  # what this unit's solves used
        if progress:
            progress("contingency", done, len(work))
    simulated: dict[str, Simulated] = {u: found[1] for u, found in known.items()}
    start_week = first_week(snapshot.as_of)
    runs = simulate_units(work, inputs, snapshot.as_of, settings.seed, processes)
    for done, (scope, run) in enumerate(zip(work, runs), start=1):
        simulated[scope.unit.id] = run
        if cache:
            cache.put(stamps[scope.unit.id], (contingencies[scope.unit.id], simulated[scope.unit.id]))
        if progress:
            progress("collapse", done, len(work))
    assessed = {
        s.unit.id: _unit(s, contingencies[s.unit.id], simulated[s.unit.id], start_week, inputs, snapshot) for s in units
    }
    assessed.update(_services(snapshot, assessed, simulated, start_week, inputs))
    counts = tuple(sum(c.settled[i] for c in contingencies.values()) for i in range(len(PATHS)))
    spreads_proven = all(u.worst_loss is None or u.worst_loss.spread.exact for u in assessed.values())
    status = "unknown" if counts[3] else ("optimal" if spreads_proven else "feasible")
    return ResiliencePlan(
        status=status,
        units=tuple(assessed[u.id] for u in snapshot.units if u.id in assessed),
        screening=counts,
        weeks=inputs.weeks,
        scenarios=inputs.scenarios,
        seed=settings.seed,
        time_s=time.monotonic() - started,
        notes=_notes(counts, spreads_proven),
        stage_rules=tuple(stage_rules(inputs.thresholds, settings.surge_limit_pct)),
    )


def _notes(counts: tuple[int, ...], spreads_proven: bool) -> tuple[str, ...]:
    notes = []
    if counts[3]:
        notes.append(f"{counts[3]} loss cases undecided within the time limit: not counted secure")
    if not spreads_proven:
        notes.append("some worst-loss ratios are the best redistribution found, not proven optimal")
    return tuple(notes)


def _near_term(risks: Sequence[WeekRisk], weeks: int) -> WeekRisk | None:
    window = risks[:weeks] or risks
    return max(window, key=lambda w: w.risk, default=None)


def _unit(
    scope: Scope,
    contingency: Contingency,
    simulated: Simulated,
    start: date,
    inputs: ResilienceInputs,
    snapshot: Snapshot,
) -> UnitResilience:
    limits = inputs.thresholds
    exposure = assess_exposure(scope)
    risks = weekly_risk(simulated.failures, inputs.weeks, start, simulated)
    figures = Figures(
        exposure, contingency, lock_reasons(scope), snapshot.settings.surge_limit_pct, statutory_cover_now(scope)
    )
    peak = _near_term(risks, limits.risk_weeks)
    stage, reasons = stage_of(figures, peak, limits)
    worst = contingency.worst_pair or contingency.worst_single
    return UnitResilience(
        id=scope.unit.id,
        kind=scope.unit.kind,
        parent=scope.unit.parent,
        exposure=exposure,
        contingency=contingency,
        n1_secure=contingency.n1_secure,
        n2_secure=contingency.n2_secure,
        worst_loss=worst,
        worst_unit=None,
        risk_by_week=risks,
        stage=stage,
        stage_reasons=reasons,
        stage_by_week=tuple(stage_of(figures, w, limits)[0] for w in risks),
    )


def _services(
    snapshot: Snapshot,
    assessed: dict[str, UnitResilience],
    simulated: dict[str, Simulated],
    start: date,
    inputs: ResilienceInputs,
) -> dict[str, Any]:
    inside = descendants(snapshot)
    load_of = loads(snapshot)
    by_id = {w.id: w for w in snapshot.workers}
    found = {}
    for unit in snapshot.units:
        if unit.kind != "service":
            continue
        teams = [assessed[t] for t in sorted(inside[unit.id]) if t in assessed and assessed[t].kind == "team"]
        joint = [0] * inputs.scenarios
        backlog, waits = [0] * inputs.weeks, [0] * inputs.weeks
        for team in teams:
            team_run = simulated[team.id]
            joint = [a | b for a, b in zip(joint, team_run.failures)]
            backlog = [a + b for a, b in zip(backlog, team_run.backlog)]
            waits = [max(a, b) for a, b in zip(waits, team_run.waits)]
        risks = (
            weekly_risk(joint, inputs.weeks, start, Simulated(tuple(joint), tuple(backlog), tuple(waits)))
            if teams
            else ()
        )
        stage, reasons = service_stage([t.stage for t in teams], inputs.thresholds)
        worst = max(teams, key=lambda t: t.worst_loss.hurt() if t.worst_loss else (0, 0, 0), default=None)
        found[unit.id] = UnitResilience(
            id=unit.id,
            kind=unit.kind,
            parent=unit.parent,
            exposure=assess_exposure(build_scope(snapshot, unit, inside[unit.id], load_of, by_id)),
            contingency=None,
            n1_secure=bool(teams) and all(t.n1_secure for t in teams),
            n2_secure=bool(teams) and all(t.n2_secure for t in teams),
            worst_loss=worst.worst_loss if worst else None,
            worst_unit=worst.id if worst else None,
            risk_by_week=risks,
            stage=stage,
            stage_reasons=reasons,
            stage_by_week=tuple(
                service_stage([t.stage_by_week[w] for t in teams], inputs.thresholds)[0] for w in range(len(risks))
            ),
            teams=len(teams),
        )
    return found


def assess_json(
    data: dict[str, Any], *, progress: Progress | None = None, cache: UnitCache | None = None
) -> dict[str, Any]:
    """A section-8 snapshot (with the optional ``resilience`` object) in, the plan's JSON out."""
    snapshot = parse_snapshot(data)
    inputs = parse_resilience(data.get("resilience"), snapshot)
    return resilience_plan_to_dict(assess(snapshot, progress=progress, inputs=inputs, cache=cache))
