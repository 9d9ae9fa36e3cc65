"""The weighting settings (docs/design.md §3): anyone signed in may read how points and capacity are
worked out; administrators change them, each change a new audited version."""

from fastapi import APIRouter

from backend.api.deps import Admin, CurrentUser, SessionDep
from backend.api.refusals import refusals
from backend.schemas.settings import WeightingChange, WeightingPublic
from backend.services.weighting import change_settings, current_weighting

router = APIRouter(prefix="/api/settings", tags=["settings"])


@router.get("/weighting", response_model=WeightingPublic)
def read_weighting(session: SessionDep, user: CurrentUser) -> WeightingPublic:
    return current_weighting(session)


@router.put("/weighting", response_model=WeightingPublic)
def change_weighting(body: WeightingChange, session: SessionDep, admin: Admin) -> WeightingPublic:
    with refusals(session):
        change_settings(session, admin, body.values, body.note.strip())
    return current_weighting(session)
