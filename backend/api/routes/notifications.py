"""Everyone's own e-mail notices: the address and which notices they want (docs/notifications.md)."""

from fastapi import APIRouter

from backend.api.deps import CurrentUser, SessionDep
from backend.config import get_settings
from backend.schemas.notifications import NotificationSettingsPublic, NotificationSettingsUpdate
from backend.services.notification_jobs import my_settings, update_my_settings

router = APIRouter(prefix="/api/me/notifications", tags=["me"])


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
