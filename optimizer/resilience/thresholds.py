"""The thresholds that place a unit in a stage of difficulty (docs/design.md §5), kept as settings,
and the rule of each stage in words (``stage_rules``): the heatmap's key and the design notes
(``docs/design/resilience.md``) both read them from here, so the words cannot drift from the rule
``stages.stage_of`` applies.

"Near-term" is the worst of the first ``risk_weeks`` weeks (4). Collapse and flow pressure are
defined once, in ``collapse.py``. A service (a unit whose children are teams) takes the most severe
stage held by at least ``service_share`` (25%) of its teams, and ``systemic_crisis`` once that share
(and at least two teams) is in ``service_breakdown`` or worse.
"""

from __future__ import annotations

from dataclasses import dataclass

STAGES = ("stable", "losing_grip", "service_breakdown", "systemic_crisis", "complete_lock")
STAGE_NAMES = {
    "stable": "Stable",
    "losing_grip": "Losing grip",
    "service_breakdown": "Service breakdown",
    "systemic_crisis": "Systemic crisis",
    "complete_lock": "Complete lock",
}


@dataclass(frozen=True)
class StageThresholds:
    losing_grip_risk: float = 0.10
    losing_grip_load: float = 0.95
    breakdown_risk: float = 0.40
    breakdown_load: float = 1.05
    crisis_risk: float = 0.70
    crisis_load: float | None = None  # None: the snapshot's surge limit
    risk_weeks: int = 4
    service_share: float = 0.25
    losing_grip_wait_days: float = 10.0  # flow pressure: the oldest referral's wait, working days
    breakdown_wait_days: float = 20.0


def _pct(share: float) -> str:
    return f"{round(100 * share)}%"


def stage_rules(limits: StageThresholds, surge_limit_pct: int = 115) -> list[dict[str, str]]:
    """Each stage in order of severity, with its name and the rule that reaches it in words."""
    crisis_load = limits.crisis_load or surge_limit_pct / 100
    rules = {
        "stable": "none of the below: N-1 secure, collapse risk under "
        f"{_pct(limits.losing_grip_risk)}, load at most {_pct(limits.losing_grip_load)}",
        "losing_grip": "any of: not N-1 secure; near-term collapse risk "
        f"{_pct(limits.losing_grip_risk)} or more; load above "
        f"{_pct(limits.losing_grip_load)} of present capacity; a worker above 100%; "
        "a skill the work needs held by one person only; the oldest referral "
        f"waiting {limits.losing_grip_wait_days:g} working days or more",
        "service_breakdown": "any of: near-term collapse risk "
        f"{_pct(limits.breakdown_risk)} or more; a CP/CLA family unallocated; "
        f"load above {_pct(limits.breakdown_load)}; a worker above the surge "
        "limit; today's absences leave work waiting; the oldest referral "
        f"waiting {limits.breakdown_wait_days:g} working days or more",
        "systemic_crisis": f"near-term collapse risk {_pct(limits.crisis_risk)} or more; or, "
        f"with a risk of at least {_pct(limits.breakdown_risk)}: load above the "
        f"surge limit ({_pct(crisis_load)}) or today's absences leave CP/CLA "
        "families without cover",
        "complete_lock": f"with a near-term collapse risk of at least {_pct(limits.breakdown_risk)}, "
        "the unit cannot hold its work even with every worker back: its families "
        "need more than the surge capacity of all its workers, or a CP/CLA family "
        "has nobody allowed to lead it",
    }
    return [{"id": s, "name": STAGE_NAMES[s], "rule": rules[s]} for s in STAGES]
