"""The thresholds that place a unit in a stage of difficulty (docs/design.md §5), kept as settings.

| stage              | reached when any of                                                        |
|--------------------|----------------------------------------------------------------------------|
| stable             | none of the below                                                          |
| losing_grip        | not N-1 secure; near-term risk >= 10%; load ratio > 0.95;                  |
|                    | a required skill held by one available worker only                        |
| service_breakdown  | near-term risk >= 40%; any unallocated statutory (CP/CLA/PF) family;       |
|                    | load ratio > 1.05; a worker above the surge limit                         |
| systemic_crisis    | near-term risk >= 70%; load ratio above the surge limit (1.15);           |
|                    | the present workers cannot take the already-absent workers' families (N-0) |
| complete_lock      | the unit cannot hold its current work even with every worker present:     |
|                    | its families exceed the surge capacity of all its workers, or a statutory  |
|                    | family has nobody in the unit allowed to lead it                           |

"Near-term risk" is the highest weekly collapse risk over the first ``risk_weeks`` weeks (4).
Collapse risk (``collapse.py``) takes its own settings from the ``resilience`` object
(``inputs.py``); among them ``cover_after_days`` (5): for that many working days of an absence only
the absent worker's statutory families must be covered by colleagues, other work waits.
A service (a unit whose children are teams) takes the most severe stage held by at least
``service_share`` (25%) of its teams, and ``systemic_crisis`` once that share (and at least two
teams) is in ``service_breakdown`` or worse.
"""

from __future__ import annotations

from dataclasses import dataclass

STAGES = ("stable", "losing_grip", "service_breakdown", "systemic_crisis", "complete_lock")


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
