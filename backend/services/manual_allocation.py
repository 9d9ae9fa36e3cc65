"""A manager allocates or reassigns a family by hand (docs/design.md §3: above the surge limit only
with a recorded reason). The worker must be one the rules allow (skills, lead role, present, not
leaving, in the team): the same pair rules the optimizer applies, asked through the planning bridge.
Atomic and audited like any override; refused when the family or the team changed meanwhile."""

from datetime import date

from sqlalchemy import update
from sqlmodel import Session

from backend.db import rows_matched
from backend.models import Allocation, AllocationKind, Family, Unit, User
from backend.services import audit
from backend.services.allocation_choices import AllocationChoice, key_holder
from backend.services.council_picture import load_council_picture
from backend.services.changes import bump_unit_versions
from backend.services.errors import Conflict, Invalid
from backend.services.planning.choices import allocation_choices
from backend.services.planning.plans import PlanningError

MIN_REASON = 3


def choices_for(session: Session, family: Family, on: date) -> list[AllocationChoice]:
    try:
        return allocation_choices(session, family, on)[1]
    except PlanningError as error:
        raise Invalid(str(error)) from error


def _bump(session: Session, model, row_id: int, version: int) -> None:
    done = session.execute(
        update(model)
        .where(model.id == row_id, model.version == version)
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if rows_matched(done) != 1:
        raise Conflict("The team changed meanwhile: look at the loads again and choose once more")


def allocate_by_hand(
    session: Session,
    user: User,
    family: Family,
    worker_id: int | None,
    reason: str,
    on: date,
    pod_id: int | None = None,
) -> AllocationChoice:
    """Make `worker_id` the family's key worker, or the pod `pod_id` its holder, from `on`; returns
    the choice as previewed."""
    try:
        team, choices = allocation_choices(session, family, on)
    except PlanningError as error:
        raise Invalid(str(error)) from error
    field = "pod_id" if pod_id is not None else "worker_id"
    if pod_id is not None:
        choice = next((c for c in choices if c.pod_id == pod_id), None)
    else:
        choice = next((c for c in choices if c.worker_id == worker_id and c.pod_id is None), None)
    if choice is None:
        raise Invalid(
            "Choose a case holder of this team who is at work on the day, or one of its pods that hold families", field
        )
    if choice.current:
        raise Invalid(f"{choice.worker_name} already holds {family.name}", field)
    if choice.blocked:
        raise Invalid(f"{choice.worker_name} cannot take {family.name}: {'; '.join(choice.blocked)}", field)
    if choice.above_surge_limit and len(reason) < MIN_REASON:
        percent = round(100 * choice.after / choice.capacity) if choice.capacity else None
        raise Invalid(
            f"{choice.worker_name} would reach {percent}% of capacity, above the surge limit: "
            "give the reason for allocating anyway",
            "reason",
        )
    before = key_holder(load_council_picture(session, on), family.id)
    _bump(session, Unit, team.id, team.version)
    _bump(session, Family, family.id, family.version)
    why = reason or "Allocated by hand"
    session.add(
        Allocation(
            family_id=family.id,
            worker_id=None if pod_id else worker_id,
            pod_id=pod_id,
            kind=AllocationKind.key,
            starts_on=on,
            reason=why[:500],
            decided_by_id=user.id,
        )
    )
    holder = (
        {
            "key_pod_id": pod_id,
            "key_pod": choice.worker_name,
            "children_after": choice.children_after,
            "children_limit": choice.children_limit,
        }
        if pod_id
        else {"key_worker_id": worker_id, "key_worker": choice.worker_name}
    )
    audit.record(
        session,
        user,
        "allocation.manual",
        "family",
        family.id,
        before=before,
        after={
            **holder,
            "load_after": choice.after,
            "capacity": choice.capacity,
            "above_surge_limit": choice.above_surge_limit,
        },
        reason=why,
    )
    if pod_id:  # the pod's own plans are stale too
        bump_unit_versions(session, {pod_id})
    session.commit()
    return choice
