"""Reading the append-only allocation history: the current key worker (or cover, or co-worker) of
each family is the latest row of that kind that has started (and, for cover, not ended)."""

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import Allocation, AllocationKind
from backend.holding import allocation_history, current_row, current_worker, holder_of

# The columns of an allocation the holding rules read (backend/holding.py): every reader of the
# history selects these, not whole rows.
HISTORY_COLUMNS = (
    col(Allocation.id),
    col(Allocation.family_id),
    col(Allocation.kind),
    col(Allocation.worker_id),
    col(Allocation.pod_id),
    col(Allocation.starts_on),
    col(Allocation.ends_on),
)


def current_allocations(
    session: Session, on: date, kind: AllocationKind = AllocationKind.key
) -> dict[int, tuple[int | None, date]]:
    """family id -> (worker id, the day the family's latest row of `kind` started); the worker id is
    None where that row un-allocated the family or has ended. The rule is `holding.current_worker`,
    the same one the optimizer's snapshot is built with."""
    rows = session.execute(
        select(*HISTORY_COLUMNS).where(col(Allocation.kind) == kind, col(Allocation.starts_on) <= on)
    ).all()
    return {
        family_id: (current_worker(history, kind.value, on), history[-1].starts_on)
        for family_id, history in allocation_history(rows, on).items()
    }


def current_workers(session: Session, on: date, kind: AllocationKind = AllocationKind.key) -> dict[int, int | None]:
    """family id -> worker id (None where the latest row un-allocated the family or has ended)."""
    return {family_id: worker_id for family_id, (worker_id, _) in current_allocations(session, on, kind).items()}


def current_key_holders(session: Session, on: date) -> dict[int, tuple[str, int] | None]:
    """family id -> ("worker", id) or ("pod", id) of its key holder on `on` (None: unallocated)."""
    rows = session.execute(
        select(*HISTORY_COLUMNS).where(col(Allocation.kind) == AllocationKind.key, col(Allocation.starts_on) <= on)
    ).all()
    found = {}
    for family_id, rows_of in allocation_history(rows, on).items():
        row = current_row(rows_of, "key", on)
        found[family_id] = holder_of(row) if row is not None else None
    return found


def history(session: Session, family_id: int) -> list[Allocation]:
    statement = (
        select(Allocation)
        .where(col(Allocation.family_id) == family_id)
        .order_by(col(Allocation.starts_on), col(Allocation.id))
    )
    return list(session.scalars(statement))
