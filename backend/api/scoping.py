"""Checking a `unit_id` the caller gave against their scope: a list filter, or the unit a record goes to."""

from fastapi import HTTPException

from backend.api.refusals import unprocessable
from backend.services.access import AccessScope, UnitNotVisible, UnitTree, visible_subtree
from backend.services.council_picture import CouncilPicture


def unit_filter(caseload: CouncilPicture, access: AccessScope, unit_id: int | None) -> set[int] | None:
    """The unit and the units below it; None when no filter was asked for. A unit the caller may
    not see is reported exactly like one that does not exist (404), so nothing leaks."""
    try:
        return visible_subtree(caseload, access, unit_id)
    except UnitNotVisible:
        raise HTTPException(status_code=404, detail="Unit not found") from None


def writable_unit(tree: UnitTree, access: AccessScope, unit_id: int) -> int:
    """A unit named in a request body as where a record goes: it must exist and be in the caller's
    scope; otherwise 422, worded the same either way so nothing leaks."""
    try:
        visible_subtree(tree, access, unit_id)
    except UnitNotVisible:
        raise unprocessable(f"Unit {unit_id} not found among your units", "unit_id") from None
    return unit_id
