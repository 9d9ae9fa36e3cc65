"""A person's choice of e-mail notices."""

from typing import Annotated

from pydantic import BaseModel, Field

from backend.models.limits import EMAIL_LENGTH

Email = Annotated[
    str,
    Field(
        max_length=EMAIL_LENGTH,
        pattern=r"^(|[^@\s]+@[^@\s]+\.[^@\s]+)$",
        description="Where notices go; empty for none",
    ),
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
