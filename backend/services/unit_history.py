"""Each unit's daily figures (issue 12, history): recorded from the forecast at start and then each
day, backfilled from the allocation history, read back as the trend of the past weeks.

A recorded day keeps the forecast's figures (N-1/N-2, near-term risk, stage) beside the day's flow
(referrals in, allocations made, unallocated work and its wait). A backfilled day is rebuilt from
the rows as they stood that day (the one rule of who held what, through the planning snapshot) with
the optimizer's exposure figures; N-k, risk and stage are left empty, since they were not worked
out that day. Recording a day again replaces its rows."""

import threading
from datetime import date, timedelta
from typing import Any, TypedDict

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from backend.models import Allocation, AllocationKind, Family, Unit, UnitDailyFigures
from backend.holding import units_in_scope
from backend.services.planning.resilience import exposure_by_unit
from backend.services.planning.rows import snapshot_of
from backend.services.resilience import assess

HISTORY_WEEKS = 12


class Flow(TypedDict):
    referrals_in: int
    allocations_made: int


def _flow(session: Session, units: list[Unit], on: date) -> dict[int, Flow]:
    """Per unit (its own and its sub-units'): families received and key allocations made on ``on``."""
    received = dict(
        session.execute(
            select(col(Family.unit_id), func.count()).where(col(Family.received_on) == on).group_by(col(Family.unit_id))
        ).all()
    )
    allocated = dict(
        session.execute(
            select(col(Family.unit_id), func.count())
            .join(Allocation, col(Allocation.family_id) == col(Family.id))
            .where(
                col(Allocation.starts_on) == on,
                col(Allocation.kind) == AllocationKind.key,
                col(Allocation.worker_id).is_not(None),
            )
            .group_by(col(Family.unit_id))
        ).all()
    )
    found: dict[int, Flow] = {}
    for unit in units:
        inside = units_in_scope(units, [unit.id])
        found[unit.id] = Flow(
            referrals_in=sum(received.get(u, 0) for u in inside),
            allocations_made=sum(allocated.get(u, 0) for u in inside),
        )
    return found


def _waiting(session: Session, units: list[Unit], on: date, unallocated_codes: set[str]) -> dict[int, int]:
    """Per unit, the calendar days the oldest of its unallocated families has waited on ``on``."""
    received = (
        dict(
            session.execute(
                select(col(Family.code), col(Family.received_on)).where(col(Family.code).in_(unallocated_codes))
            ).all()
        )
        if unallocated_codes
        else {}
    )
    by_unit = (
        dict(
            session.execute(
                select(col(Family.code), col(Family.unit_id)).where(col(Family.code).in_(unallocated_codes))
            ).all()
        )
        if unallocated_codes
        else {}
    )
    found = {}
    for unit in units:
        inside = units_in_scope(units, [unit.id])
        ages = [(on - received[c]).days for c, u in by_unit.items() if u in inside and received.get(c)]
        found[unit.id] = max(ages, default=0)
    return found


def _replace(session: Session, on: date, rows: list[UnitDailyFigures]) -> None:
    session.execute(delete(UnitDailyFigures).where(col(UnitDailyFigures.day) == on))
    session.add_all(rows)
    session.commit()


def record_day(session: Session, on: date) -> int:
    """Record every unit's figures for ``on`` from the forecast; the number of rows written."""
    plan = assess(session, on)
    units = list(session.scalars(select(Unit)))
    by_code = {u.code: u for u in units}
    snapshot = snapshot_of(session, on)
    unallocated = {f["id"] for f in snapshot["families"] if f.get("worker") is None}
    flow, waits = _flow(session, units, on), _waiting(session, units, on, unallocated)
    rows = []
    for figures in plan["units"]:
        unit = by_code.get(figures["id"])
        if unit is None:
            continue
        near = max((w["risk"] for w in figures["risk_by_week"][:4]), default=None)
        rows.append(
            UnitDailyFigures(
                unit_id=unit.id,
                day=on,
                load_ratio=figures.get("load_ratio"),
                present_capacity=figures.get("present_capacity", 0.0),
                unallocated=figures["unallocated"]["families"],
                statutory_waiting=figures["unallocated"]["statutory"],
                oldest_wait_days=waits[unit.id],
                n1_secure=figures["n1_secure"],
                n2_secure=figures["n2_secure"],
                risk=near,
                stage=figures["stage"],
                source="forecast",
                **flow[unit.id],
            )
        )
    _replace(session, on, rows)
    return len(rows)


def backfill(session: Session, on: date, days: int = 7 * HISTORY_WEEKS) -> int:
    """Rebuild the ``days`` days before ``on`` that have no rows, from the allocation history."""
    units = list(session.scalars(select(Unit)))
    by_code = {u.code: u for u in units}
    recorded = set(session.scalars(select(col(UnitDailyFigures.day)).distinct()))
    written = 0
    for back in range(days, 0, -1):
        day = on - timedelta(days=back)
        if day in recorded:
            continue
        snapshot = snapshot_of(session, day)
        unallocated = {f["id"] for f in snapshot["families"] if f.get("worker") is None}
        flow, waits = _flow(session, units, day), _waiting(session, units, day, unallocated)
        rows = []
        for code, exposure in exposure_by_unit(snapshot).items():
            unit = by_code.get(code)
            if unit is None:
                continue
            rows.append(
                UnitDailyFigures(
                    unit_id=unit.id,
                    day=day,
                    **exposure,
                    oldest_wait_days=waits[unit.id],
                    source="backfill",
                    **flow[unit.id],
                )
            )
        _replace(session, day, rows)
        written += len(rows)
    return written


def unit_history(session: Session, unit_id: int, on: date, weeks: int = HISTORY_WEEKS) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(UnitDailyFigures)
        .where(
            col(UnitDailyFigures.unit_id) == unit_id,
            col(UnitDailyFigures.day) > on - timedelta(weeks=weeks),
            col(UnitDailyFigures.day) <= on,
        )
        .order_by(col(UnitDailyFigures.day))
    )
    return [row.model_dump(exclude={"id", "unit_id"}) for row in rows]


def start_daily_recording(engine, *, check_every_s: float = 3600.0) -> threading.Thread:
    """A background thread: backfill what is missing, record today, then each new day. A failure
    only means that day is recorded later (the next check) or not at all."""

    def run() -> None:
        done: date | None = None
        stop = threading.Event()
        while not stop.is_set():
            today = date.today()
            if today != done:
                try:
                    with Session(engine) as session:
                        if not session.scalar(select(func.count()).select_from(UnitDailyFigures)):
                            backfill(session, today)
                        record_day(session, today)
                    done = today
                except Exception:  # noqa: BLE001 - recorded at the next check instead
                    pass
            stop.wait(check_every_s)

    thread = threading.Thread(target=run, name="keel-unit-history", daemon=True)
    thread.start()
    return thread
