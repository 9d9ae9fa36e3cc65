"""Signing in and out: argon2-checked passwords, server-side sessions that expire, and slowing
down repeated failed sign-ins (after 5 failures, each further try waits; the wait doubles)."""

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlmodel import Session

from backend.models import AuthSession, User
from backend.models._types import utcnow
from backend.security import hash_password, verify_password

FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
_DUMMY_HASH = hash_password("not a real password")


class SignInRefused(Exception):
    """Wrong username or password (deliberately not saying which)."""


class SignInThrottled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after} seconds")
        self.retry_after = retry_after


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def wait_before_next_try(user: User, now: datetime) -> int:
    """Seconds the user must still wait before another try (0 = may try now)."""
    if user.failed_logins < FREE_FAILURES or user.last_failed_login is None:
        return 0
    wait = min(FIRST_WAIT * 2 ** (user.failed_logins - FREE_FAILURES), MAX_WAIT)
    remaining = _aware(user.last_failed_login) + wait - now
    return max(0, int(remaining.total_seconds() + 0.999))


def sign_in(session: Session, username: str, password: str, hours: float) -> tuple[User, AuthSession, str]:
    user = session.scalars(select(User).where(User.username == username)).first()
    now = utcnow()
    if user is None or not user.active:
        verify_password(password, _DUMMY_HASH)  # same work either way: no username probing by timing
        raise SignInRefused()
    retry_after = wait_before_next_try(user, now)
    if retry_after:
        raise SignInThrottled(retry_after)
    if not verify_password(password, user.password_hash):
        user.failed_logins += 1
        user.last_failed_login = now
        session.add(user)
        session.commit()
        raise SignInRefused()
    user.failed_logins = 0
    user.last_failed_login = None
    token = secrets.token_urlsafe(32)
    record = AuthSession(user_id=user.id, token_hash=token_digest(token),
                         csrf_token=secrets.token_urlsafe(24), expires_at=now + timedelta(hours=hours))
    session.add(user)
    session.add(record)
    session.commit()
    session.refresh(record)
    return user, record, token


def session_for_token(session: Session, token: str) -> tuple[User, AuthSession] | None:
    record = session.scalars(
        select(AuthSession).where(AuthSession.token_hash == token_digest(token))
    ).first()
    if record is None or record.revoked or _aware(record.expires_at) <= utcnow():
        return None
    user = session.get(User, record.user_id)
    if user is None or not user.active:
        return None
    return user, record


def sign_out(session: Session, record: AuthSession) -> None:
    record.revoked = True
    session.add(record)
    session.commit()
