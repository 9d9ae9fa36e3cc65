"""Audited edits of records: the one way a worker, family, user or unit field is changed by hand.

Only the fields whose value really changes are written and recorded (before/after), in the caller's
transaction, so an edit and its audit event commit or roll back together. Rows with a `version`
column get it bumped, and so do the units whose plans the edit may invalidate."""

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from pydantic_core import to_jsonable_python
from sqlalchemy import select, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from backend.models import Unit, User
from backend.services import audit

HIDDEN = "(changed)"


class Record(Protocol):
    """A row of a table audited by its integer id (a SQLModel table row)."""

    id: int

    def model_dump(self) -> dict[str, Any]: ...


def apply_changes(
    session: Session,
    actor: User | None,
    row: Record,
    changes: Mapping[str, Any],
    *,
    entity: str,
    reason: str = "",
    hidden: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Set the changed fields on `row`, audit them as `<entity>.update`; return what changed.
    Fields named in `hidden` (password hashes) are recorded as changed without their values."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        old = getattr(row, name)
        if old == value:
            continue
        before[name] = HIDDEN if name in hidden else to_jsonable_python(old)
        after[name] = HIDDEN if name in hidden else to_jsonable_python(value)
        setattr(row, name, value)
    if not after:
        return {}
    if hasattr(row, "version"):
        row.version += 1
    session.add(row)
    session.flush()
    audit.record(session, actor, f"{entity}.update", entity, row.id, before=before, after=after, reason=reason)
    return after


def record_creation(
    session: Session,
    actor: User | None,
    row: Record,
    *,
    entity: str,
    hidden: frozenset[str] = frozenset(),
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Insert `row` and audit it as `<entity>.create` with its fields as `after`."""
    session.add(row)
    session.flush()
    after = {name: HIDDEN if name in hidden else value for name, value in to_jsonable_python(row.model_dump()).items()}
    audit.record(session, actor, f"{entity}.create", entity, row.id, after={**after, **(extra or {})})


def bump_unit_versions(session: OrmSession, unit_ids: Iterable[int | None] | None = None) -> None:
    """Make plans made for these units, and for every unit above them (whose plans cover them),
    stale: their basis changed. None means every unit."""
    statement = update(Unit).values(version=Unit.version + 1).execution_options(synchronize_session=False)
    affected: set[int] | None = None
    if unit_ids is not None:
        parents = dict(session.execute(select(col(Unit.id), col(Unit.parent_id))).all())
        affected = set()
        for unit_id in unit_ids:
            while unit_id is not None and unit_id not in affected:
                affected.add(unit_id)
                unit_id = parents.get(unit_id)
        if not affected:
            return
        statement = statement.where(col(Unit.id).in_(affected))
    session.execute(statement)
    _note_changed_units(session, affected)


CHANGED_UNITS = "keel_changed_units"  # session.info: the units whose versions the open transaction moved


def _note_changed_units(session: OrmSession, units: set[int] | None) -> None:
    """Remember, until the transaction ends, which units' versions it moved (None: every unit)."""
    session.info[CHANGED_UNITS] = changed_units(session.info.get(CHANGED_UNITS, set()), units)


def changed_units(known: set[int] | None, units: set[int] | None) -> set[int] | None:
    """The units changed by both sets of changes, where None is every unit."""
    return None if units is None or known is None else known | units
