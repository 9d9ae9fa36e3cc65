"""Signing in: credentials, the session or token given, and the ways to sign in."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.models.limits import PASSWORD_LENGTH, USERNAME_LENGTH
from backend.schemas.users import UserPublic


class SignedInPublic(BaseModel):
    """The browser's sign-in: the session itself travels only in the HttpOnly cookie."""

    csrf_token: str
    expires_at: datetime
    user: UserPublic


class TokenPublic(BaseModel):
    """An API client's sign-in: send `Authorization: Bearer <token>` (no cookie, no CSRF header)."""

    token: str
    expires_at: datetime
    user: UserPublic


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=USERNAME_LENGTH)
    password: str = Field(min_length=1, max_length=PASSWORD_LENGTH)


class SignInMethods(BaseModel):
    passwords: bool = Field(description="Keel's own usernames and passwords are accepted")
    single_sign_on: bool = Field(description="Sign-in with the council's account is set up (/api/auth/oidc/login)")
