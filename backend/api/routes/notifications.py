"""Everyone's own e-mail notices: the address and which notices they want (docs/notifications.md)."""

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from backend.api.deps import CurrentUser, SessionDep
from backend.config import get_settings
from backend.services.notification_jobs import my_settings, update_my_settings

router = APIRouter(prefix="/api/me/notifications", tags=["me"])

Email = Annotated[
    str, Field(max_length=254, pattern=r"^(|[^@\s]+@[^@\s]+\.[^@\s]+)$", description="Where notices go; empty for none")
]


class NotificationSettingsBase(BaseModel):
    email: Email = ""
    allocations: bool = Field(True, description="A family is allocated to me")
    cover: bool = Field(True, description="My cover of a family starts or ends")
    uncovered: bool = Field(True, description="(Managers) an away worker's families have no cover")
    daily: bool = Field(True, description="(Managers) each morning: statutory families without a worker")


class NotificationSettingsPublic(NotificationSettingsBase):
    mail_enabled: bool = Field(description="Whether this Keel sends e-mail at all (its mail server is set)")


class NotificationSettingsUpdate(BaseModel):
    email: Email | None = None
    allocations: bool | None = None
    cover: bool | None = None
    uncovered: bool | None = None
    daily: bool | None = None


def _public(settings) -> NotificationSettingsPublic:
    return NotificationSettingsPublic(
        email=settings.email,
        allocations=settings.allocations,
        cover=settings.cover,
        uncovered=settings.uncovered,
        daily=settings.daily,
        mail_enabled=get_settings().mail_enabled,
    )


@router.get("", response_model=NotificationSettingsPublic)
def read_my_notifications(session: SessionDep, user: CurrentUser) -> NotificationSettingsPublic:
    return _public(my_settings(session, user.id))


@router.patch("", response_model=NotificationSettingsPublic)
def update_my_notifications(
    changes: NotificationSettingsUpdate, session: SessionDep, user: CurrentUser
) -> NotificationSettingsPublic:
    return _public(update_my_settings(session, user.id, changes.model_dump(exclude_none=True)))
