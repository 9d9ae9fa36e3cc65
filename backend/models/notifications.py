"""E-mail notices: what each person chooses to hear about, and the notices decided (each once)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from backend.models._types import utcnow
from backend.models.limits import EMAIL_LENGTH


class NotificationChoices(SQLModel, table=True):
    """A person's own choices; without a row (or an address) they get no mail."""

    __tablename__ = "notification_settings"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    email: str = Field(default="", max_length=EMAIL_LENGTH)
    allocations: bool = True  # a family is allocated to me
    cover: bool = True  # my cover of a family starts or ends
    uncovered: bool = True  # (managers) an away worker's families have no cover
    daily: bool = True  # (managers) each morning: statutory work left without a worker


class Notice(SQLModel, table=True):
    """A notice decided for a person, recorded with its mail job in one transaction; `key` says
    what it is about, so the same notice is never decided twice (by any server process)."""

    __tablename__ = "notice"

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    key: str = Field(max_length=200, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    topic: str = Field(max_length=20)  # allocations | cover | uncovered | daily
    job_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
