"""Signing in with the council's OpenID Connect provider: the sign-ins under way (state, PKCE
verifier, nonce; used once) and which provider account is which Keel user."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.models._types import utcnow


class OidcSignIn(SQLModel, table=True):
    __tablename__ = "oidc_sign_in"

    state: str = Field(primary_key=True, max_length=64)
    code_verifier: str = Field(max_length=128)
    nonce: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class ExternalIdentity(SQLModel, table=True):
    __tablename__ = "external_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_external_identity_issuer_subject"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=255)
    user_id: int = Field(foreign_key="user.id", index=True)
