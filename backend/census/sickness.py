"""Each unit's sickness rate from the workforce census: the working days its workers lost to
sickness in the census year over the working days their FTE gives in a year. Units none of whose
workers has census days keep the forecast's national default. Pure."""

from collections.abc import Iterable, Mapping
from typing import Any

from backend.holding import units_in_scope, value

WORKING_DAYS_A_YEAR = 250  # so that 8 days per FTE is the brief's 3.2% (docs/design.md §1)
NATIONAL_SICKNESS_RATE = 0.032  # the forecast's default (optimizer/resilience/inputs.py)


def unit_sickness_rates(subtrees: Mapping[Any, set[Any]], workers: Iterable[Any]) -> dict[Any, float]:
    """Unit id -> the share of working days lost to sickness by the workers of the unit and the
    units below it (`subtrees`), for units with census days. Rates are capped below 1."""
    days: dict[Any, float] = {}
    fte: dict[Any, float] = {}
    for worker in workers:
        lost = value(worker, "sickness_days")
        if lost is None:
            continue
        days[value(worker, "unit_id")] = days.get(value(worker, "unit_id"), 0.0) + lost
        fte[value(worker, "unit_id")] = fte.get(value(worker, "unit_id"), 0.0) + value(worker, "fte")
    rates = {}
    for unit, members in subtrees.items():
        known = sum(fte.get(u, 0.0) for u in members)
        if known > 0:
            rates[unit] = min(0.9, sum(days.get(u, 0.0) for u in members) / (known * WORKING_DAYS_A_YEAR))
    return rates


def census_sickness_rates(units: list[Any], workers: list[Any], shown: set[str]) -> dict[str, float]:
    """Unit code -> sickness rate, for the units (by code) a snapshot shows that have census days:
    the snapshot's `resilience.sickness_rates`."""
    subtrees = {value(u, "id"): units_in_scope(units, [value(u, "id")]) for u in units}
    codes = {value(u, "id"): value(u, "code") for u in units}
    return {codes[u]: round(rate, 4) for u, rate in unit_sickness_rates(subtrees, workers).items() if codes[u] in shown}
