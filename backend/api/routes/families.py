"""Families with their points and allocation."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from backend.api.deps import CurrentUser, PageDep, SessionDep
from backend.api.scoping import unit_filter
from backend.schemas import FamiliesPublic, FamilyDetail
from backend.services.access import scope_for
from backend.services.caseload import load_caseload
from backend.services.views import family_detail, family_view

router = APIRouter(prefix="/api/families", tags=["families"])


@router.get("", response_model=FamiliesPublic)
def read_families(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    unit_id: Annotated[int | None, Query(description="Families of this unit or below it")] = None,
    worker_id: Annotated[int | None, Query(description="Families whose key worker this is")] = None,
    unallocated: Annotated[bool | None, Query(description="Only families with no key worker")] = None,
    on: date | None = None,
) -> FamiliesPublic:
    caseload = load_caseload(session, on or date.today())
    access = scope_for(user, caseload)
    scope = unit_filter(caseload, access, unit_id)
    families = sorted(caseload.families.values(), key=lambda f: f.code)
    families = [
        f for f in families
        if access.sees_family(caseload, f.id)
        and (scope is None or f.unit_id in scope)
        and (worker_id is None or caseload.key_worker.get(f.id) == worker_id)
        and (unallocated is None or (caseload.key_worker.get(f.id) is None) == unallocated)
    ]
    chosen = families[page.offset : page.offset + page.limit]
    return FamiliesPublic(data=[family_view(caseload, f.id) for f in chosen], count=len(families))


@router.get("/{family_id}", response_model=FamilyDetail)
def read_family(
    session: SessionDep, user: CurrentUser, family_id: int, on: date | None = None
) -> FamilyDetail:
    caseload = load_caseload(session, on or date.today())
    if family_id not in caseload.families or not scope_for(user, caseload).sees_family(caseload, family_id):
        raise HTTPException(status_code=404, detail="Family not found")
    return family_detail(session, caseload, family_id)
