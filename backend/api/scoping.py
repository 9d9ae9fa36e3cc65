"""Turning a list route's `unit_id` filter into the set of units to show, within the caller's scope."""

from fastapi import HTTPException

from backend.services.access import Scope
from backend.services.caseload import Caseload


def unit_filter(caseload: Caseload, access: Scope, unit_id: int | None) -> set[int] | None:
    """The unit and the units below it; None when no filter was asked for. A unit the caller may
    not see is reported exactly like one that does not exist (404), so nothing leaks."""
    if unit_id is None:
        return None
    if unit_id not in caseload.units or not access.sees_unit(unit_id):
        raise HTTPException(status_code=404, detail="Unit not found")
    return caseload.subtree(unit_id)
