"""Reading the append-only allocation history: the current key worker (or cover, or co-worker) of
each family is the latest row of that kind that has started (and, for cover, not ended)."""

from datetime import date

from sqlalchemy import func, or_, select
from sqlmodel import Session

from backend.models import Allocation, AllocationKind


def current_allocations(
    session: Session, on: date, kind: AllocationKind = AllocationKind.key
) -> dict[int, tuple[int | None, date]]:
    """family id -> (worker id, the day that allocation started); the worker id is None where the
    latest row un-allocated the family."""
    ranked = (
        select(
            Allocation.family_id,
            Allocation.worker_id,
            Allocation.starts_on,
            func.row_number()
            .over(
                partition_by=Allocation.family_id,
                order_by=(Allocation.starts_on.desc(), Allocation.id.desc()),
            )
            .label("rank"),
        )
        .where(Allocation.kind == kind, Allocation.starts_on <= on)
        .where(or_(Allocation.ends_on.is_(None), Allocation.ends_on >= on))
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.family_id, ranked.c.worker_id, ranked.c.starts_on).where(ranked.c.rank == 1)
    )
    return {family_id: (worker_id, starts_on) for family_id, worker_id, starts_on in rows}


def current_workers(
    session: Session, on: date, kind: AllocationKind = AllocationKind.key
) -> dict[int, int | None]:
    """family id -> worker id (None where the latest row un-allocated the family)."""
    return {family_id: worker_id for family_id, (worker_id, _) in current_allocations(session, on, kind).items()}


def history(session: Session, family_id: int) -> list[Allocation]:
    statement = (
        select(Allocation)
        .where(Allocation.family_id == family_id)
        .order_by(Allocation.starts_on, Allocation.id)
    )
    return list(session.scalars(statement))
