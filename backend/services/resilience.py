"""Resilience for senior leaders: the whole authority's snapshot goes to the optimizer's
resilience assessment (N-1/N-2, bus factor, Monte Carlo collapse risk, stage), the answer is mapped
back to unit ids and names. Results are cached per database state and day (services.shared_cache):
the forecast takes seconds, and nothing changes it until an allocation, absence or family changes.
The heatmap answers with the last forecast of the day while a newer one is computed, and says so."""

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from backend.models import (
    Absence, Allocation, CapacityReduction, Child, Family, Unit, Worker,
)
from backend.models._types import utcnow
from backend.services.planning import build_snapshot
from backend.services.shared_cache import SharedCache
from backend.services.state import data_stamp
from backend.services.weighting import current_settings

Progress = Callable[[str, int, int], None]
_forecasts: SharedCache[dict[str, Any]] = SharedCache(4)


def _state_key(session: Session, on: date) -> tuple:
    return (data_stamp(session), on)


def assess(session: Session, on: date, progress: Progress | None = None, *,
           fresh: bool = True) -> dict[str, Any]:
    """The optimizer's resilience plan for every unit, keyed by unit code; computed once per data
    stamp and date however many leaders ask at once. With `fresh=False` a forecast made before the
    latest change, for the same date, is answered at once while the new one is worked out in the
    background (its `fresh` is False); there is none only on the very first visit of the day."""
    key = _state_key(session, on)
    found = _forecasts.cached(key)
    if found is not None:
        return {**found, "fresh": True}
    if not fresh:
        older = _forecasts.latest(lambda k: k[1] == on)
        if older is not None:
            _refresh_in_background(session.get_bind(), key, on)
            return {**older, "fresh": False}
    return {**_forecasts.get(key, lambda: _compute(session, on, progress)), "fresh": True}


def _compute(session: Session, on: date, progress: Progress | None = None) -> dict[str, Any]:
    from optimizer.resilience import assess_json

    _, settings = current_settings(session)
    snapshot = build_snapshot(
        question="resilience", as_of=on, units=list(session.scalars(select(Unit))),
        workers=list(session.scalars(select(Worker))),
        reductions=list(session.scalars(select(CapacityReduction))),
        families=list(session.scalars(select(Family))), children=list(session.scalars(select(Child))),
        allocations=list(session.scalars(select(Allocation))),
        absences=list(session.scalars(select(Absence))), settings=settings,
    )
    return {**assess_json(snapshot, progress=progress), "computed_at": utcnow().isoformat()}


def _refresh_in_background(engine, key: tuple, on: date) -> None:
    if _forecasts.computing(key):
        return

    def run() -> None:
        try:
            with Session(engine) as session:
                if _state_key(session, on) == key:
                    _forecasts.get(key, lambda: _compute(session, on))
        except Exception:  # noqa: BLE001 - the next visit computes (and reports) it on demand
            pass

    threading.Thread(target=run, name="keel-forecast-refresh", daemon=True).start()


def _skills_in_words(entries: list) -> list[str]:
    return [f"{e['skill']} (only {e['worker']})" if isinstance(e, dict) else str(e) for e in entries]


def heatmap(session: Session, on: date, progress: Progress | None = None) -> dict[str, Any]:
    plan = assess(session, on, progress, fresh=False)
    units = {u.code: u for u in session.scalars(select(Unit))}
    rows = []
    for figures in plan["units"]:
        unit = units.get(figures["id"])
        if unit is None:
            continue
        rows.append({
            "id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind.value,
            "parent_id": unit.parent_id, "stage": figures["stage"],
            "n1_secure": figures["n1_secure"], "n2_secure": figures["n2_secure"],
            "load_ratio": figures.get("load_ratio"),
            "cells": [{k: cell.get(k) for k in ("week", "risk", "low", "high", "stage")}
                      for cell in figures["risk_by_week"]],
        })
    weeks = [c["week"] for c in plan["units"][0]["risk_by_week"]] if plan["units"] else []
    return {"as_of": on.isoformat(), "weeks": weeks, "units": _tree_order(rows), "fresh": plan["fresh"],
            "computed_at": plan.get("computed_at")}


def _tree_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each service followed by its teams, each team by its pods (by code at every level)."""
    below: dict[int | None, list[dict[str, Any]]] = {}
    ids = {row["id"] for row in rows}
    for row in sorted(rows, key=lambda r: r["code"]):
        below.setdefault(row["parent_id"] if row["parent_id"] in ids else None, []).append(row)
    ordered: list[dict[str, Any]] = []

    def visit(parent: int | None) -> None:
        for row in below.get(parent, []):
            ordered.append(row)
            visit(row["id"])

    visit(None)
    return ordered


def unit_figures(session: Session, on: date, unit_id: int) -> dict[str, Any] | None:
    unit = session.get(Unit, unit_id)
    if unit is None:
        return None
    plan = assess(session, on, fresh=False)
    figures = next((u for u in plan["units"] if u["id"] == unit.code), None)
    if figures is None and not plan["fresh"]:  # a unit newer than the last forecast: wait for the new one
        plan = assess(session, on)
        figures = next((u for u in plan["units"] if u["id"] == unit.code), None)
    if figures is None:
        return None
    return {**figures, "id": unit.id, "code": unit.code, "name": unit.name, "fresh": plan["fresh"],
            "computed_at": plan.get("computed_at"),
            "single_person_skills": _skills_in_words(figures.get("single_person_skills", [])),
            "n1_losses": figures.get("n1_losses", [])}


def warm_up(engine, on: date) -> threading.Thread:
    """Work out today's forecast on a background thread, so the first leader to open the heatmap
    does not wait for it. A failure here only means the first visit computes it instead."""

    def run() -> None:
        try:
            with Session(engine) as session:
                assess(session, on, fresh=True)
        except Exception:  # noqa: BLE001 - the page will compute (and report) it on demand
            pass

    thread = threading.Thread(target=run, name="keel-forecast-warm-up", daemon=True)
    thread.start()
    return thread
