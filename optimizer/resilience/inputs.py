"""The optional ``"resilience"`` object of a snapshot: horizon, scenarios, sickness, planned
absences, flow of referrals and closures, stage thresholds, and the settings of the failure rule
(``collapse.py``, ``docs/design/resilience.md``): ``statutory_cover_days`` (2), the working days a
statutory family may go without a present worker or cover before the week counts as collapse;
``cover_after_days`` (5), the working days of an absence before the absent worker's other families
count as waiting (flow pressure); ``cover_from_first_day`` (true), whether every family of a worker
away is covered by colleagues with room from the first day away, as Keel's cover question places
them; ``daily_flow`` (true), whether referrals, closures and leavers' families arrive on each working
day rather than on the first day of the week; ``allocation_limit``, the share of capacity up to which non-statutory work is allocated (by
default none: up to the surge limit, as Keel's recommend places it). Every field has a default.

Errors are ``SnapshotError(path, message)`` naming the JSON path, as for the rest of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from optimizer.contract import (
    SnapshotError,
    _bool,
    _date,
    _get,
    _integer,
    _list,
    _number,
    _object,
    _text,
)
from optimizer.resilience.thresholds import StageThresholds
from optimizer.types import SCALE, Snapshot

ROOT = "resilience"


@dataclass(frozen=True)
class PlannedAbsence:
    worker: str
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class Flow:
    """Families in and out of a unit per week; None means "derive from the unit's caseload"."""

    unit: str
    referrals_per_week: float | None = None
    closures_per_week: float | None = None
    mean_points: int | None = None  # points x100


@dataclass(frozen=True)
class ResilienceInputs:
    weeks: int = 12
    scenarios: int = 1000
    sickness_rate: float = 0.032  # share of working days lost to sickness (8 days per FTE a year)
    sickness_spell_days: float = 4.0  # mean length of a sickness spell, working days
    planned_absences: tuple[PlannedAbsence, ...] = ()
    flow: tuple[Flow, ...] = ()
    thresholds: StageThresholds = StageThresholds()
    case_weeks: float = 26.0  # default flow: a family stays ~26 weeks, so in = out = families / 26
    cover_after_days: int = 5  # working days of an absence before its other work counts as waiting
    statutory_cover_days: int = 2  # working days a statutory family may go uncovered: then collapse
    # non-statutory work is allocated up to this share of capacity; None: up to the surge limit, as
    # Keel's recommend places it (the calibration of bench/calibration.py is against those decisions)
    allocation_limit: float | None = None
    # every family of a worker away takes a colleague's room from the first day away, as Keel's cover
    # places them (statutory first); False: colleagues are only asked to take the statutory families,
    # after statutory_cover_days, and the others wait (the forecast before December 2026)
    cover_from_first_day: bool = True
    # referrals, closures and leavers' families arrive on each working day, as they come; False: the
    # week's flow lands on its first day (the forecast before December 2026)
    daily_flow: bool = True
    sickness_rates: tuple[tuple[str, float], ...] = ()  # (unit, rate): a unit's own rate, else sickness_rate

    def sickness_rate_of(self, unit: str) -> float:
        return next((rate for u, rate in self.sickness_rates if u == unit), self.sickness_rate)

    def flow_of(self, unit: str) -> Flow:
        for item in self.flow:
            if item.unit == unit:
                return item
        return Flow(unit)


def parse_resilience(raw: Any, snapshot: Snapshot) -> ResilienceInputs:
    """Validate the ``resilience`` object (None or missing gives every default)."""
    if raw is None:
        return ResilienceInputs()
    obj = _object(raw, ROOT)
    rate = _number(_get(obj, "sickness_rate", ROOT, 0.032), f"{ROOT}.sickness_rate")
    if rate >= 1:
        raise SnapshotError(f"{ROOT}.sickness_rate", f"must be below 1, got {rate:g}")
    weeks = _integer(_get(obj, "weeks", ROOT, 12), f"{ROOT}.weeks", minimum=1)
    if weeks > 52:
        raise SnapshotError(f"{ROOT}.weeks", f"must be at most 52, got {weeks}")
    return ResilienceInputs(
        weeks=weeks,
        scenarios=_integer(_get(obj, "scenarios", ROOT, 1000), f"{ROOT}.scenarios", minimum=1),
        sickness_rate=rate,
        sickness_spell_days=_number(
            _get(obj, "sickness_spell_days", ROOT, 4.0), f"{ROOT}.sickness_spell_days", minimum=1.0
        ),
        planned_absences=_planned(obj, snapshot),
        flow=_flow(obj, snapshot),
        thresholds=_thresholds(obj),
        cover_after_days=_integer(_get(obj, "cover_after_days", ROOT, 5), f"{ROOT}.cover_after_days", minimum=0),
        statutory_cover_days=_integer(
            _get(obj, "statutory_cover_days", ROOT, 2), f"{ROOT}.statutory_cover_days", minimum=0
        ),
        allocation_limit=_optional_number(obj, "allocation_limit", ROOT),
        cover_from_first_day=_bool(_get(obj, "cover_from_first_day", ROOT, True), f"{ROOT}.cover_from_first_day"),
        daily_flow=_bool(_get(obj, "daily_flow", ROOT, True), f"{ROOT}.daily_flow"),
        sickness_rates=_sickness_rates(obj, snapshot),
    )


def _sickness_rates(obj: dict[str, Any], snapshot: Snapshot) -> tuple[tuple[str, float], ...]:
    """``{"T1": 0.05}``: a unit's own share of working days lost to sickness (e.g. from the
    workforce census), used instead of ``sickness_rate`` for that unit."""
    path = f"{ROOT}.sickness_rates"
    given = _object(_get(obj, "sickness_rates", ROOT, {}), path)
    units = {u.id for u in snapshot.units}
    found = []
    for unit, rate in sorted(given.items()):
        if unit not in units:
            raise SnapshotError(f"{path}.{unit}", f"unknown unit id {unit!r}")
        rate = _number(rate, f"{path}.{unit}")
        if rate >= 1:
            raise SnapshotError(f"{path}.{unit}", f"must be below 1, got {rate:g}")
        found.append((unit, rate))
    return tuple(found)


def _planned(obj: dict[str, Any], snapshot: Snapshot) -> tuple[PlannedAbsence, ...]:
    path = f"{ROOT}.planned_absences"
    workers = {w.id for w in snapshot.workers}
    found = []
    for i, item in enumerate(_list(_get(obj, "planned_absences", ROOT, []), path)):
        here = f"{path}[{i}]"
        item = _object(item, here)
        worker = _text(_get(item, "worker", here), f"{here}.worker")
        if worker not in workers:
            raise SnapshotError(f"{here}.worker", f"unknown worker id {worker!r}")
        start = _date(_get(item, "from", here), f"{here}.from")
        end = _date(_get(item, "to", here), f"{here}.to")
        if end < start:
            raise SnapshotError(f"{here}.to", f"ends ({end}) before it starts ({start})")
        found.append(PlannedAbsence(worker, start, end))
    return tuple(found)


def _flow(obj: dict[str, Any], snapshot: Snapshot) -> tuple[Flow, ...]:
    path = f"{ROOT}.flow"
    units = {u.id for u in snapshot.units}
    found: dict[str, int] = {}
    items = []
    for i, item in enumerate(_list(_get(obj, "flow", ROOT, []), path)):
        here = f"{path}[{i}]"
        item = _object(item, here)
        unit = _text(_get(item, "unit", here), f"{here}.unit")
        if unit not in units:
            raise SnapshotError(f"{here}.unit", f"unknown unit id {unit!r}")
        if unit in found:
            raise SnapshotError(f"{here}.unit", f"duplicate unit {unit!r} (also {path}[{found[unit]}])")
        found[unit] = i
        mean = item.get("mean_points")
        if mean is not None and _number(mean, f"{here}.mean_points") <= 0:
            raise SnapshotError(f"{here}.mean_points", "must be greater than 0")
        items.append(
            Flow(
                unit=unit,
                referrals_per_week=_optional_number(item, "referrals_per_week", here),
                closures_per_week=_optional_number(item, "closures_per_week", here),
                mean_points=None if mean is None else round(mean * SCALE),
            )
        )
    return tuple(items)


def _optional_number(obj: dict[str, Any], key: str, path: str) -> float | None:
    value = obj.get(key)
    return None if value is None else _number(value, f"{path}.{key}")


def _thresholds(obj: dict[str, Any]) -> StageThresholds:
    path = f"{ROOT}.stage_thresholds"
    raw = _object(_get(obj, "stage_thresholds", ROOT, {}) or {}, path)
    names = {f.name: f for f in fields(StageThresholds)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in names:
            raise SnapshotError(f"{path}.{key}", f"unknown threshold; known: {', '.join(names)}")
        if key == "risk_weeks":
            values[key] = _integer(value, f"{path}.{key}", minimum=1)
        else:
            values[key] = _number(value, f"{path}.{key}")
    return StageThresholds(**values)
