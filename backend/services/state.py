"""A cheap fingerprint of the data the caseload picture and the resilience forecast are computed
from, so that they can be cached until something changes.

Every change Keel makes moves the fingerprint: new rows raise a table's highest id (allocations and
absences are append-only; replaced children get new ids), and edits bump a version (families,
workers, units; settings are new rows). A session that has written in its open transaction must
not use or fill a cache: it sees data nobody else may ever see."""

from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from backend.models import (
    Absence, Allocation, CapacityReduction, Child, Family, Unit, WeightingSettings, Worker,
)

_WROTE = "keel_wrote_in_transaction"
_GROWING = (Allocation, Absence, Family, Worker, Child, CapacityReduction, WeightingSettings)
_VERSIONED = (Unit, Worker, Family)


def data_stamp(session: Session) -> tuple:
    """Changes whenever the data behind a caseload picture changes (see the module's note). One
    round trip: every request reads it before it may use a shared picture."""
    figures = [select(func.max(model.id)).scalar_subquery() for model in _GROWING]
    figures += [select(func.coalesce(func.sum(model.version), 0)).scalar_subquery() for model in _VERSIONED]
    figures.append(select(func.count()).select_from(Child).scalar_subquery())
    row = session.execute(select(*figures)).one()
    return (str(session.get_bind().url), tuple(value or 0 for value in row))


def wrote_in_transaction(session: Session) -> bool:
    return bool(session.info.get(_WROTE)) or bool(session.new or session.dirty or session.deleted)


@event.listens_for(OrmSession, "after_flush")
def _after_flush(session: OrmSession, _context) -> None:
    session.info[_WROTE] = True


@event.listens_for(OrmSession, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _transaction_ended(session: OrmSession) -> None:
    session.info.pop(_WROTE, None)
