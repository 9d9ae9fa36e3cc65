"""Resilience for senior leaders: the whole authority's snapshot goes to the optimizer's
resilience assessment (N-1/N-2, bus factor, Monte Carlo collapse risk, stage), the answer is mapped
back to unit ids and names.

Three layers keep it quick: the whole answer is kept per database state and day; under it, each
team's and pod's costly figures are kept under the unit's own data stamp (``UnitCache``), so after a
change only the units whose data changed are worked out again; and requests for the same forecast
while it is being worked out share ONE computation (single flight), whose progress
``forecast_progress`` reports for the page to show.

After a change the heatmap answers at once with the day's last forecast while ONE background
refresh works out the new one (``_Refresher``): it waits a moment so that a burst of changes is
taken in one go, never runs twice at once, and rests as long as its last run took before the
next, so under a stream of writes it takes at most about half of the process's time. (It is not
given a lower OS priority: it shares the interpreter lock with the requests, and a deprioritised
thread descheduled while holding the lock would stall them.) The heatmap's JSON is kept per forecast and unit stamps (``heatmap_json``)."""

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from backend.db import engine_of
from backend.models import Unit, Worker
from backend.schemas.resilience import Heatmap, RiskCell
from backend.models._types import utcnow
from backend.services import forecast_process
from backend.services.planning import resilience as planning
from backend.services.planning.rows import snapshot_of
from backend.services.shared_cache import Flight, SharedCache
from backend.services.state import data_stamp, wrote_in_transaction

Progress = Callable[[str, int, int], None]
PHASES = ("contingency", "collapse")
_forecasts: SharedCache[dict[str, Any]] = SharedCache(4)


def _state_key(session: Session, on: date) -> tuple:
    return (data_stamp(session), on)


def assess(session: Session, on: date, progress: Progress | None = None, *, fresh: bool = True) -> dict[str, Any]:
    """The optimizer's resilience plan for every unit, keyed by unit code, with `fresh` and
    `computed_at`. Computed once per data stamp and date however many leaders ask at once. With
    `fresh=False` a forecast made before the latest change, for the same date, is answered at once
    while the new one is worked out in the background (its `fresh` is False); only the day's very
    first visit waits."""
    if wrote_in_transaction(session):  # data nobody else may see: no shared answer either way
        return {**_compute(session, on, progress), "fresh": True}
    key = _state_key(session, on)
    found = _forecasts.cached(key)
    if found is not None:
        return {**found, "fresh": True}
    if not fresh:
        database = key[0][0]  # keys: _state_key, ((database, stamp), date); never another database's
        older = _forecasts.latest(lambda k: isinstance(k, tuple) and k[1] == on and k[0][0] == database)
        if older is not None:
            _refresh_in_background(engine_of(session), key, on)
            return {**older, "fresh": False}

    def compute(flight: Flight) -> dict[str, Any]:
        def report(phase: str, done: int, total: int) -> None:
            flight.report(phase, done, total)
            if progress:
                progress(phase, done, total)

        return _compute(session, on, report)

    return {**_forecasts.get(key, compute), "fresh": True}


def _compute(session: Session, on: date, progress: Progress | None = None) -> dict[str, Any]:
    """Where the forecast runs in its own process, that process reads the rows too (a whole
    council's rows, read here, held the interpreter from every request for the time they took),
    unless this transaction has written: rows nobody else can see are read here."""
    if forecast_process.elsewhere() and not wrote_in_transaction(session):
        address = engine_of(session).url.render_as_string(hide_password=False)
        plan = forecast_process.run(planning.assess_database, address, on, progress=progress)
    else:
        plan = forecast_process.run(planning.assess, snapshot_of(session, on), progress=progress)
    return {**plan, "computed_at": utcnow().isoformat()}


REFRESH_SETTLE_S = 0.5  # after the first change, wait this long so a burst of changes is one refresh


class _Refresher:
    """At most one background refresh at a time, for the latest state when it starts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wanted: tuple[Any, date] | None = None
        self._asked_at = 0.0
        self._rest_until = 0.0
        self._thread: threading.Thread | None = None
        self.runs = 0  # refreshes started (tests and benchmarks read it)

    def ask(self, engine, on: date) -> None:
        with self._lock:
            if self._wanted is None:
                self._asked_at = time.monotonic()
            self._wanted = (engine, on)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="keel-forecast-refresh", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._wanted is None:
                    self._thread = None
                    return
                now = time.monotonic()
                wait = max(self._asked_at + REFRESH_SETTLE_S, self._rest_until) - now
                wanted = self._wanted if wait <= 0 else None
                if wanted is not None:
                    self._wanted = None
                    self.runs += 1
            if wanted is None:
                time.sleep(wait)
                continue
            started = time.monotonic()
            _refresh(*wanted)
            self._rest_until = 2 * time.monotonic() - started


def _refresh(engine, on: date) -> None:
    try:
        with Session(engine) as session:
            _forecasts.get(_state_key(session, on), lambda flight: _compute(session, on, flight.report))
    except Exception:  # noqa: BLE001 - the next visit computes (and reports) it on demand
        pass


_refresher = _Refresher()


def _refresh_in_background(engine, key: tuple, on: date) -> None:
    if not _forecasts.computing(key):
        _refresher.ask(engine, on)


def forecast_progress() -> dict[str, Any]:
    """How far the forecast being worked out has got (the latest, if several): the phase, units
    done of the units to do, and the share of the whole (both phases)."""
    flights = _forecasts.flights()
    if not flights:
        return {"computing": False, "phase": None, "done": 0, "total": 0, "fraction": 1.0}
    flight = flights[-1]
    phase_index = PHASES.index(flight.phase) if flight.phase in PHASES else 0
    within = flight.step / flight.steps if flight.steps else 0.0
    return {
        "computing": True,
        "phase": flight.phase,
        "done": flight.step,
        "total": flight.steps,
        "fraction": round(min(0.99, (phase_index + within) / len(PHASES)), 3),
    }


def _skills_in_words(entries: list, names: dict[str, str]) -> list[str]:
    return [
        f"{e['skill']} (only {names.get(e['worker'], e['worker'])})" if isinstance(e, dict) else str(e) for e in entries
    ]


def heatmap(session: Session, on: date, progress: Progress | None = None) -> dict[str, Any]:
    return _grid(_units(session), on, assess(session, on, progress, fresh=False))


def _units(session: Session) -> dict[str, Unit]:
    return {u.code: u for u in session.scalars(select(Unit))}


def _grid(units: dict[str, Unit], on: date, plan: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for figures in plan["units"]:
        unit = units.get(figures["id"])
        if unit is None:
            continue
        rows.append(
            {
                "id": unit.id,
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind.value,
                "parent_id": unit.parent_id,
                "stage": figures["stage"],
                "n1_secure": figures["n1_secure"],
                "n2_secure": figures["n2_secure"],
                "load_ratio": figures.get("load_ratio"),
                "cells": [{k: cell.get(k) for k in RiskCell.model_fields} for cell in figures["risk_by_week"]],
            }
        )
    weeks = [c["week"] for c in plan["units"][0]["risk_by_week"]] if plan["units"] else []
    return {
        "as_of": on.isoformat(),
        "weeks": weeks,
        "units": _tree_order(rows),
        "stages": plan.get("stages", []),
        "fresh": plan["fresh"],
        "computed_at": plan.get("computed_at"),
    }


_heatmaps: SharedCache[bytes] = SharedCache(8)


def heatmap_json(session: Session, on: date) -> bytes:
    """The heatmap as the API sends it, serialised once per forecast and the units' names and places
    (a change to the data gives a new forecast; until it is made, the last one is served)."""
    plan, units = assess(session, on, fresh=False), _units(session)

    def serialised(_flight=None) -> bytes:
        return Heatmap.model_validate(_grid(units, on, plan)).model_dump_json(by_alias=True).encode()

    if wrote_in_transaction(session):
        return serialised()
    names = tuple((u.id, code, u.name, u.kind, u.parent_id) for code, u in sorted(units.items()))
    return _heatmaps.get((on, plan.get("computed_at"), plan["fresh"], names), serialised)


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
    from backend.services.planning.names import named as in_words

    workers = list(session.scalars(select(Worker)))
    names = {w.code: f"{w.name} ({w.code})" for w in workers}
    pods = {u.code: u.name for u in session.scalars(select(Unit).where(col(Unit.kind) == "pod"))}
    words = in_words({**{w.code: w.name for w in workers}, **pods})  # the optimizer's sentences name codes

    def named(loss: dict[str, Any] | None) -> dict[str, Any] | None:
        """A loss as a person reads it: the workers by name, their code in brackets; its reason in words."""
        if loss is None:
            return None
        reason = loss.get("reason")
        return {
            **loss,
            "workers": [names.get(c, c) for c in loss.get("workers", [])],
            **({"reason": words(reason)} if isinstance(reason, str) else {}),
        }

    return {
        **figures,
        "id": unit.id,
        "code": unit.code,
        "name": unit.name,
        "fresh": plan["fresh"],
        "computed_at": plan.get("computed_at"),
        "stage_reasons": [words(r) for r in figures.get("stage_reasons", [])],
        "single_person_skills": _skills_in_words(figures.get("single_person_skills", []), names),
        "worst_loss": named(figures.get("worst_loss")),
        "n1_losses": [named(loss) for loss in figures.get("n1_losses", [])],
    }


def warm_up(engine, on: date) -> threading.Thread:
    """Work out today's forecast on a background thread, so the first leader to open the heatmap
    does not wait for it. A failure here only means the first visit computes it instead."""

    def run() -> None:
        try:
            with Session(engine) as session:
                assess(session, on)
        except Exception:  # noqa: BLE001 - the page will compute (and report) it on demand
            pass

    thread = threading.Thread(target=run, name="keel-forecast-warm-up", daemon=True)
    thread.start()
    return thread
