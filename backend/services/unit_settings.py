"""A team's allocation setting: its families go to workers, or to its pods as a whole
(docs/design.md §3). Changed by an administrator, audited, and refused while it would strand work."""

from datetime import date

from sqlmodel import Session

from backend.models import AllocatesTo, Unit, UnitKind, User
from backend.services import audit
from backend.services.council_picture import load_council_picture
from backend.services.changes import bump_unit_versions
from backend.services.errors import Conflict, Invalid


def set_allocates_to(
    session: Session, user: User, unit: Unit, allocates_to: AllocatesTo, reason: str, on: date
) -> Unit:
    """Make the team allocate to workers or to its pods. Only a team has the setting; a team with no
    pod cannot allocate to pods; a team whose pods still hold families keeps allocating to pods until
    those families have other holders (nothing is left without its accountable holder)."""
    if allocates_to == unit.allocates_to:
        return unit  # nothing changes, nothing is recorded
    if unit.kind != UnitKind.team:
        raise Invalid(
            f"{unit.name} is a {unit.kind.value}: only a team decides whether it allocates to workers or to its pods",
            "allocates_to",
        )
    caseload = load_council_picture(session, on)
    pods = [u for u in caseload.units.values() if u.parent_id == unit.id and u.kind == UnitKind.pod]
    if allocates_to == AllocatesTo.pods and not pods:
        raise Invalid(f"{unit.name} has no pods to allocate to", "allocates_to")
    if allocates_to == AllocatesTo.workers:
        held = sorted(
            (caseload.units[p].name, len(load.families))
            for p, load in caseload.pods.items()
            if p in {u.id for u in pods} and load.families
        )
        if held:
            names = ", ".join(f"{name} ({count} families)" for name, count in held)
            raise Conflict(f"{names} still hold families as pods: give them to workers first")
    before = unit.allocates_to.value
    unit.allocates_to = allocates_to
    session.add(unit)
    audit.record(
        session,
        user,
        "unit.update",
        "unit",
        unit.id,
        before={"allocates_to": before},
        after={"allocates_to": allocates_to.value},
        reason=reason,
    )
    bump_unit_versions(session, [unit.id, *(p.id for p in pods)])
    session.commit()
    return unit
