"""The rows the optimizer reads, loaded once: every question (a team's plan, a manager's choices, the
resilience forecast, what-if, history) builds its snapshot through ``snapshot_of``.

Rows are plain mappings (a tenth of the cost of model instances, and all a snapshot reads), with the
models' attribute names, so ``build_snapshot`` and the plan mapping read them as they read models."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, select
from sqlmodel import Session, col

from backend.census.sickness import census_sickness_rates
from backend.holding import units_in_scope
from backend.models import Absence, Allocation, CapacityReduction, Child, Family, Unit, Worker
from backend.services.planning.snapshot import build_snapshot
from backend.services.weighting import current_settings

Row = RowMapping  # a row as a mapping of column names
RESILIENCE_QUESTIONS = ("resilience", "secure")  # their snapshots carry the census's sickness rates


@dataclass(frozen=True)
class PlanningRows:
    """The rows a snapshot is built from: every unit, worker, reduction and absence, and the families
    of the units in scope (all when the scope is the whole authority) with their children and
    allocations."""

    units: list[Row]
    workers: list[Row]
    reductions: list[Row]
    families: list[Row]
    children: list[Row]
    allocations: list[Row]
    absences: list[Row]


def load_rows(session: Session, unit_ids: list[int] | None = None) -> PlanningRows:
    """The rows for ``unit_ids`` and the units below them (the whole authority if None): planning one
    team never reads the authority's families."""

    def rows(model: Any, *where: Any) -> list[Row]:
        return list(session.execute(select(model.__table__).where(*where)).mappings().all())

    units = rows(Unit)
    if unit_ids is None:
        families, children, allocations = rows(Family), rows(Child), rows(Allocation)
    else:
        scope = units_in_scope(units, unit_ids)
        in_scope = select(col(Family.id)).where(col(Family.unit_id).in_(scope))
        families = rows(Family, col(Family.unit_id).in_(scope))
        children = rows(Child, col(Child.family_id).in_(in_scope))
        allocations = rows(Allocation, col(Allocation.family_id).in_(in_scope))
    return PlanningRows(
        units=units,
        workers=rows(Worker),
        reductions=rows(CapacityReduction),
        families=families,
        children=children,
        allocations=allocations,
        absences=rows(Absence),
    )


def snapshot_of(
    session: Session,
    on: date,
    question: str = "resilience",
    unit_ids: list[int] | None = None,
    *,
    rows: PlanningRows | None = None,
    **options: Any,
) -> dict[str, Any]:
    """The plan-contract snapshot (docs/design.md §8) of the authority on ``on``, or of ``unit_ids`` and
    the units below them, from ``rows`` (loaded here if not given). Resilience questions carry the
    census's sickness rates; ``options`` are ``build_snapshot``'s (time limit, absence, move budget)."""
    _, settings = current_settings(session)
    rows = rows or load_rows(session, unit_ids)
    snapshot = build_snapshot(
        question=question,
        as_of=on,
        unit_ids=unit_ids,
        units=rows.units,
        workers=rows.workers,
        reductions=rows.reductions,
        families=rows.families,
        children=rows.children,
        allocations=rows.allocations,
        absences=rows.absences,
        settings=settings,
        **options,
    )
    if question in RESILIENCE_QUESTIONS:
        rates = census_sickness_rates(rows.units, rows.workers, {u["id"] for u in snapshot["units"]})
        if rates:
            snapshot["resilience"] = {"sickness_rates": rates}
    return snapshot
