"""People who sign in to Keel, with a role that decides what they may see and do."""

from datetime import datetime
from enum import Enum

from sqlmodel import Field, SQLModel

from backend.models._types import utcnow
from backend.models.limits import NAME_LENGTH, USERNAME_LENGTH


class UserRole(str, Enum):
    social_worker = "social_worker"
    team_manager = "team_manager"
    senior_leader = "senior_leader"
    admin = "admin"
    regional_leader = "regional_leader"  # a region's councils, aggregates only: nothing of this council's records


class UserBase(SQLModel):
    username: str = Field(index=True, unique=True, max_length=USERNAME_LENGTH)
    full_name: str = Field(max_length=NAME_LENGTH)
    role: UserRole
    worker_id: int | None = Field(default=None, foreign_key="worker.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")


class User(UserBase, table=True):
    active: bool = True
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)


class AuthSession(SQLModel, table=True):
    """A signed-in session. Only a hash of the token is stored; the CSRF token guards cookie use."""

    __tablename__ = "auth_session"
    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked: bool = False
