"""Each team's and pod's costly figures (N-0/N-1/N-2 and the Monte Carlo) kept under the unit's own
data stamp, so that after a change only the units whose data changed are worked out again.

A unit's stamp is everything its figures are computed from: the date, the settings that matter,
the resilience inputs (its own planned absences and flow), the unit, its workers, its families and
its workers' loads (which count families held elsewhere), and its pods that hold families with
the pods that may take on their accountability (members, consultants, children, the limit).
Equal stamps give equal figures, so a cached entry is never stale; an edit anywhere in the unit
changes its stamp. Thread-safe, bounded (least recently used entries go first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from optimizer.resilience.inputs import ResilienceInputs
from optimizer.resilience.scope import Scope
from optimizer.types import Snapshot


UnitStamp = tuple[Any, ...]  # everything a unit's figures depend on


def unit_stamp(scope: Scope, snapshot: Snapshot, inputs: ResilienceInputs) -> UnitStamp:
    mine = {w.id for w in scope.workers}
    settings = snapshot.settings
    shared = replace(inputs, planned_absences=(), flow=())
    return (
        snapshot.as_of,
        settings.surge_limit_pct,
        settings.seed,
        settings.time_limit_s,
        shared,
        tuple(a for a in inputs.planned_absences if a.worker in mine),
        inputs.flow_of(scope.unit.id),
        scope.unit,
        scope.workers,
        scope.families,
        scope.load,
        scope.pods,
        tuple((p.id, scope.hosts.get(p.id, ())) for p in scope.pods),
    )


class UnitCache:
    def __init__(self, max_units: int = 512) -> None:
        self.max_units = max_units
        self._entries: OrderedDict[UnitStamp, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, stamp: UnitStamp) -> Any | None:
        with self._lock:
            found = self._entries.get(stamp)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(stamp)
            self.hits += 1
            return found

    def put(self, stamp: UnitStamp, value: Any) -> None:
        with self._lock:
            self._entries[stamp] = value
            self._entries.move_to_end(stamp)
            while len(self._entries) > self.max_units:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
