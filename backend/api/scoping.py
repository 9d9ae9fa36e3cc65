"""Turning a list route's `unit_id` filter into the set of units to show, within the caller's scope."""

from fastapi import HTTPException

from backend.services.access import Scope, UnitNotVisible, visible_subtree
from backend.services.caseload import Caseload


def unit_filter(caseload: Caseload, access: Scope, unit_id: int | None) -> set[int] | None:
    """The unit and the units below it; None when no filter was asked for. A unit the caller may
    not see is reported exactly like one that does not exist (404), so nothing leaks."""
    try:
        return visible_subtree(caseload, access, unit_id)
    except UnitNotVisible:
        raise HTTPException(status_code=404, detail="Unit not found") from None
