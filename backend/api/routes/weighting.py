"""The weighting settings (docs/design.md §3): anyone signed in may read how points and capacity are
worked out; administrators change them, each change a new audited version."""

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlmodel import col

from backend.api.deps import Admin, CurrentUser, SessionDep
from backend.api.refusals import refusals
from backend.models import WeightingSettings
from backend.schemas import WeightingPublic
from backend.services.weighting import change_settings, current_settings

router = APIRouter(prefix="/api/settings", tags=["settings"])


class WeightingChange(BaseModel):
    values: dict[str, Any] = Field(description="Settings to change; mappings are merged key by key")
    note: Annotated[str, Field(min_length=3, max_length=500, description="Why (kept in the audit trail)")]


def _public(session) -> WeightingPublic:
    version, settings = current_settings(session)
    row = session.scalars(select(WeightingSettings).where(col(WeightingSettings.version) == version)).first()
    return WeightingPublic(
        version=version,
        values=settings.to_dict(),
        note=row.note if row else "defaults",
        created_at=row.created_at if row else None,
        created_by_id=row.created_by_id if row else None,
    )


@router.get("/weighting", response_model=WeightingPublic)
def read_weighting(session: SessionDep, user: CurrentUser) -> WeightingPublic:
    return _public(session)


@router.put("/weighting", response_model=WeightingPublic)
def change_weighting(body: WeightingChange, session: SessionDep, admin: Admin) -> WeightingPublic:
    with refusals(session):
        change_settings(session, admin, body.values, body.note.strip())
    session.commit()
    return _public(session)
