"""Stage of difficulty: each unit placed by the thresholds of ``thresholds.py``, with the reasons.

A unit reaches the most severe stage any of its figures calls for; ``reasons`` lists every
threshold crossed, most severe first, in a manager's words. A stage per week uses that week's
collapse risk and flow pressure with today's other figures (N-k, load, unallocated work are
today's). Systemic crisis and complete lock need the forecast to agree (risk at least
``breakdown_risk``); otherwise their reasons count as service breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.resilience.collapse import WeekRisk
from optimizer.resilience.contingency import Contingency, Loss
from optimizer.resilience.exposure import Exposure
from optimizer.resilience.placement import can_hold, rooms
from optimizer.resilience.scope import Scope, bits
from optimizer.resilience.thresholds import STAGES, StageThresholds
from optimizer.rules import day


@dataclass(frozen=True)
class Figures:
    """What the stage of a team or pod is decided on."""

    exposure: Exposure
    contingency: Contingency
    lock: tuple[str, ...]  # why the unit cannot hold its work even with everyone present
    surge_limit_pct: int
    statutory_covered: bool = True  # today's absent workers' CP/CLA families can be covered


def pct(per_mille: int | float) -> str:
    return f"{round(per_mille / 10)}%"


def held_and_waiting(load: int | float) -> str:
    """The load the stage rules read, in words: the families held and waiting over present capacity."""
    return f"held and waiting work {pct(load)} of present capacity"


def lock_reasons(scope: Scope) -> tuple[str, ...]:
    """Complete lock: the work does not fit within the surge limit even with every worker back."""
    staying = ((1 << scope.size) - 1) & ~scope.left
    able = sum(1 << w for w in bits(staying) if scope.cap[w] > 0)
    found = []
    work = sum(f.points for f in scope.families)
    room = sum(scope.surge[w] for w in bits(able))
    if work > room:
        found.append(
            f"its families need {work / 100:g} points; every worker present could hold "
            f"{room / 100:g} within the surge limit"
        )
    stranded = sum(1 for f, mask in zip(scope.families, scope.eligible) if f.statutory and not mask & able)
    if stranded:
        found.append(
            f"{stranded} CP/CLA famil{'y has' if stranded == 1 else 'ies have'} nobody in the unit allowed to lead them"
        )
    return tuple(found)


def _loss_words(loss: Loss) -> str:
    who = " and ".join(loss.workers)
    if loss.reason and "no colleague allowed" in loss.reason:
        return f"the loss of {who} leaves {loss.reason.split(' left with')[0]} without a worker"
    return f"the loss of {who} cannot be held ({loss.reason or 'no placement within the limit'})"


def statutory_cover_now(scope: Scope) -> bool:
    """Can the present colleagues take, within the surge limit, the statutory families of the
    workers already lost today? (N-0 asks the same of every family.)"""
    gone = ((1 << scope.size) - 1) & ~scope.present
    moving = [m for m in scope.moving(gone) if m[2]]
    verdict = can_hold(
        moving, rooms(scope.receive & ~gone, scope.load, scope.surge), 0.0, exact=False, greedy_first=True
    )
    return verdict.holds is True


def stage_of(figures: Figures, week: WeekRisk | None, limits: StageThresholds) -> tuple[str, tuple[str, ...]]:
    """(stage, reasons) for a team or pod, given the week of the forecast to weigh (its collapse
    risk and flow pressure). Systemic crisis and complete lock mean the unit cannot hold its
    statutory work, so the forecast must show it: below ``breakdown_risk`` their reasons count as
    service breakdown (the stage never contradicts the risk)."""
    e, c = figures.exposure, figures.contingency
    risk = week.risk if week else 0.0
    wait = week.oldest_wait_days if week else 0.0
    crisis_load = limits.crisis_load or figures.surge_limit_pct / 100
    load = e.load_ratio
    found: dict[str, list[str]] = {stage: [] for stage in STAGES}
    found["complete_lock"] += list(figures.lock)
    risk_words = f"collapse risk {round(100 * risk)}%" + (f" in the week of {day(week.week)}" if week else "")
    wait_words = f"the oldest referral waits {wait:.0f} working days" + (
        f" by the week of {day(week.week)}" if week else ""
    )
    if load is None:
        found["complete_lock"].append("nobody present to hold its work")
    if risk >= limits.crisis_risk:
        found["systemic_crisis"].append(risk_words)
    if load is not None and load > 1000 * crisis_load:
        found["systemic_crisis"].append(f"{held_and_waiting(load)}, above the surge limit")
    if c.now.holds is False and not figures.statutory_covered:
        found["systemic_crisis"].append(
            f"today's absences ({', '.join(c.now.workers)}) leave CP/CLA families without cover"
        )
    elif c.now.holds is False:
        found["service_breakdown"].append(
            f"today's absences ({', '.join(c.now.workers)}) leave work waiting: {c.now.reason}"
        )
    if limits.crisis_risk > risk >= limits.breakdown_risk:
        found["service_breakdown"].append(risk_words)
    if e.unallocated_statutory:
        n = e.unallocated_statutory
        found["service_breakdown"].append(f"{n} CP/CLA famil{'y' if n == 1 else 'ies'} unallocated")
    if load is not None and 1000 * crisis_load >= load > 1000 * limits.breakdown_load:
        found["service_breakdown"].append(held_and_waiting(load))
    if e.above_surge:
        found["service_breakdown"].append(f"{len(e.above_surge)} of {sum(e.bands)} workers above the surge limit")
    if wait >= limits.breakdown_wait_days:
        found["service_breakdown"].append(wait_words)
    if not c.n1_secure and c.now.holds is not False:
        worst = c.worst_single
        found["losing_grip"].append("not N-1 secure: " + _loss_words(worst) if worst else "not N-1 secure")
    if limits.breakdown_risk > risk >= limits.losing_grip_risk:
        found["losing_grip"].append(risk_words)
    if limits.breakdown_wait_days > wait >= limits.losing_grip_wait_days:
        found["losing_grip"].append(wait_words)
    if load is not None and 1000 * limits.breakdown_load >= load > 1000 * limits.losing_grip_load:
        found["losing_grip"].append(held_and_waiting(load))
    red = e.bands[2]
    if red:
        found["losing_grip"].append(f"{red} of {sum(e.bands)} workers above 100%")
    for skill, who in e.single_person_skills:
        found["losing_grip"].append(f"only {who} has the {skill.replace('_', ' ')} skill")
    if risk < limits.breakdown_risk:
        for stage in ("complete_lock", "systemic_crisis"):
            found["service_breakdown"] += found.pop(stage)
            found[stage] = []
    reached = next((s for s in reversed(STAGES) if found[s]), "stable")
    reasons = [r for s in reversed(STAGES) for r in found[s]]
    if not reasons:
        reasons = [f"N-1 secure, collapse risk {round(100 * risk)}%, {held_and_waiting(load or 0)}"]
    return reached, tuple(reasons)


def service_stage(team_stages: list[str], limits: StageThresholds) -> tuple[str, tuple[str, ...]]:
    """The most severe stage held by at least ``service_share`` of the teams; that share in
    service breakdown or worse, two teams at least, is a systemic crisis."""
    if not team_stages:
        return "stable", ("no teams",)
    n = len(team_stages)
    reached, reasons = "stable", []
    for level, stage in enumerate(STAGES[1:], start=1):
        at_least = sum(1 for s in team_stages if STAGES.index(s) >= level)
        if at_least:
            reasons.append(f"{at_least} of {n} teams in {stage.replace('_', ' ')} or worse")
        if at_least / n >= limits.service_share:
            reached = stage
    broken = sum(1 for s in team_stages if STAGES.index(s) >= STAGES.index("service_breakdown"))
    if reached == "service_breakdown" and broken >= 2:
        reached = "systemic_crisis"
    return reached, tuple(reversed(reasons)) or (f"all {n} teams stable",)
