"""Resilience (docs/design.md §5): N-1/N-2 contingency, bus factor and concentration, collapse risk
by Monte Carlo, stage of difficulty, per team, pod and service.

Entry points: ``assess(snapshot, *, progress=None, inputs=None) -> ResiliencePlan``,
``resilience_plan_to_dict(plan) -> dict`` and ``assess_json(dict) -> dict``.
"""

from optimizer.resilience.compiled import use_compiled

use_compiled()  # before any of the Monte Carlo's modules is imported: compiled when built and current

from optimizer.resilience.assess import assess, assess_json
from optimizer.resilience.inputs import ResilienceInputs, parse_resilience
from optimizer.resilience.plan import ResiliencePlan, UnitResilience, resilience_plan_to_dict
from optimizer.resilience.thresholds import STAGES, StageThresholds, stage_rules
from optimizer.resilience.unit_cache import UnitCache

__all__ = [
    "STAGES",
    "ResilienceInputs",
    "ResiliencePlan",
    "StageThresholds",
    "UnitCache",
    "UnitResilience",
    "assess",
    "assess_json",
    "parse_resilience",
    "resilience_plan_to_dict",
    "stage_rules",
]
