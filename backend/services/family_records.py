"""Creating and editing families and their children by hand (a new referral, a child's plan
changing, a transfer between teams, closure); audited. Imports go through backend.csv_io."""

from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import delete, select
from sqlmodel import Session, col

from backend.models import Child, Family, User
from backend.services import audit
from backend.services.changes import apply_changes, bump_unit_versions, record_creation
from backend.services.errors import Conflict, Invalid


def _children_rows(family_id: int, children: list[dict[str, Any]]) -> list[Child]:
    return [Child(family_id=family_id, **child) for child in children]


def _check_dates(received_on, closed_on) -> None:
    if closed_on is not None and closed_on < received_on:
        raise Invalid("closed_on must be on or after received_on", "closed_on")


def create_family(session: Session, actor: User, fields: dict[str, Any], children: list[dict[str, Any]]) -> Family:
    if session.scalars(select(Family).where(Family.code == fields["code"])).first() is not None:
        raise Conflict(f"a family with code {fields['code']} already exists")
    _check_dates(fields["received_on"], fields.get("closed_on"))
    family = Family(**fields)
    record_creation(session, actor, family, entity="family", extra={"children": to_jsonable_python(children)})
    session.add_all(_children_rows(family.id, children))
    session.commit()
    return family


def update_family(
    session: Session,
    actor: User,
    family: Family,
    changes: dict[str, Any],
    children: list[dict[str, Any]] | None,
    reason: str,
) -> dict[str, Any]:
    """Field changes and, when `children` is given, the family's children replaced by that list.
    Points may change, so plans for the old and new unit become stale."""
    _check_dates(changes.get("received_on", family.received_on), changes.get("closed_on", family.closed_on))
    old_unit = family.unit_id
    changed = apply_changes(session, actor, family, changes, entity="family", reason=reason)
    if children is not None:
        rows = session.scalars(select(Child).where(col(Child.family_id) == family.id).order_by(col(Child.id))).all()
        before = [{"first_name": c.first_name, "birth_year": c.birth_year, "status": c.status.value} for c in rows]
        after = to_jsonable_python(children)
        if before != after:
            session.execute(delete(Child).where(col(Child.family_id) == family.id))
            session.add_all(_children_rows(family.id, children))
            if not changed:
                family.version += 1
                session.add(family)
            audit.record(
                session,
                actor,
                "family.children",
                "family",
                family.id,
                before={"children": before},
                after={"children": after},
                reason=reason,
            )
            changed = {**changed, "children": after}
    if changed:
        bump_unit_versions(session, [old_unit, family.unit_id])
    session.commit()
    return changed
