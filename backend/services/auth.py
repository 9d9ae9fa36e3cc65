"""Signing in and out: argon2-checked passwords, server-side sessions that expire, a bounded number of
password checks at once, the guessing throttle of services/sign_in_throttle.py, and an audit event for
every password checked."""

import hashlib
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, select, update
from sqlmodel import Session, col

from backend.models import AuthSession, User
from backend.models._types import utcnow
from backend.security import DEMO_PASSWORD, hash_password, verify_password
from backend.services import audit, sign_in_throttle
from backend.services.shared_cache import SharedCache
from backend.services.sign_in_throttle import SignInThrottled

__all__ = ["SignInBusy", "SignInRefused", "SignInThrottled", "session_for_token", "sign_in", "sign_out"]

PASSWORD_CHECKS_AT_ONCE = 3  # each argon2 check takes ~64 MiB and ~0.2 s of the cores
WAIT_FOR_A_CHECK_S = 0.1  # then answer "busy" rather than queue: floods must not hold the request threads
CHECKS_NICENESS = 10  # below requests: a flood of sign-ins must not take the CPU from signed-in users' reads
_DUMMY_HASH = hash_password("not a real password")
password_checks = threading.BoundedSemaphore(PASSWORD_CHECKS_AT_ONCE)


def _below_requests() -> None:
    """Run this password-checking thread (and the threads argon2 starts from it) at a lower CPU priority
    (Linux keeps niceness per thread; elsewhere nothing changes)."""
    with suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CHECKS_NICENESS)


_checker = ThreadPoolExecutor(PASSWORD_CHECKS_AT_ONCE, thread_name_prefix="password-check", initializer=_below_requests)


def _password_matches(password: str, password_hash: str) -> bool:
    return _checker.submit(verify_password, password, password_hash).result()


class SignInRefused(Exception):
    """Wrong username or password (deliberately not saying which)."""


class SignInBusy(Exception):
    """Every password-checking slot is taken: try again in a moment."""

    retry_after = 1


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _admitted(session: Session, username: str, address: str, source: str) -> sign_in_throttle.Charge:
    """The throttle's admission. Refusals are not audited one by one (a flood would fill the
    append-only trail); the moment an address is throttled is."""
    try:
        return sign_in_throttle.admit(session, username, address)
    except SignInThrottled as refused:
        if refused.address_now_throttled:
            audit.record(
                session,
                None,
                "auth.address_throttled",
                "user",
                None,
                source=source,
                actor_name="anonymous",
                reason=f"more than {sign_in_throttle.ADDRESS_ATTEMPTS} "
                f"sign-in attempts in {sign_in_throttle.WINDOW_S // 60} minutes",
            )
            session.commit()
        raise


def sign_in(
    session: Session,
    username: str,
    password: str,
    hours: float,
    address: str = "local",
    *,
    refuse_demo_password: bool = False,
) -> tuple[User, AuthSession, str]:
    """Check the password of `username` for a client at `address` (the client's IP address; "local" for
    callers in this process) and open a session. Raises SignInBusy,
    SignInThrottled or SignInRefused; unknown and known usernames cost and answer the same. In production
    (`refuse_demo_password`) the demo council's well-known password opens no account."""
    if not password_checks.acquire(timeout=WAIT_FOR_A_CHECK_S):
        raise SignInBusy()
    source = f"address:{address}"
    try:
        charge = _admitted(session, username, address, source)
        user = session.scalars(select(User).where(col(User.username) == username)).first()
        known = user is not None and user.active
        correct = _password_matches(password, user.password_hash if user and known else _DUMMY_HASH) and known
    finally:
        password_checks.release()
    demo = correct and refuse_demo_password and password == DEMO_PASSWORD
    if not correct or demo or user is None:  # (a correct password has its user)
        reason = "the demo password, refused in production" if demo else "wrong username or password"
        audit.record(
            session,
            None,
            "auth.sign_in_refused",
            "user",
            user.id if user else None,
            reason=reason,
            source=source,
            actor_name="anonymous",
        )
        session.commit()
        raise SignInRefused()
    sign_in_throttle.refund_success(session, charge)
    record, token = open_session(session, user, hours, source)
    return user, record, token


def open_session(session: Session, user: User, hours: float, source: str) -> tuple[AuthSession, str]:
    """A new signed-in session for `user` (whose identity the caller has checked), audited."""
    token = secrets.token_urlsafe(32)
    record = AuthSession(
        user_id=user.id,
        token_hash=token_digest(token),
        csrf_token=secrets.token_urlsafe(24),
        expires_at=utcnow() + timedelta(hours=hours),
    )
    session.add(record)
    audit.record(session, user, "auth.sign_in", "user", user.id, source=source)
    session.commit()
    session.refresh(record)
    return record, token


def session_for_token(session: Session, token: str) -> tuple[User, AuthSession] | None:
    """The signed-in user and session of `token`, read afresh in one round trip (every request asks,
    so a sign-out, a deactivation or a new role counts from the next request, in every server
    process). The rows come back as plain columns; the `User` and `AuthSession` objects built from
    them are kept for as long as the rows read the same (`_signed_in_objects`): building ORM objects
    was a quarter of a cached read's time on PostgreSQL (issue #18). They belong to no session:
    read them, never change them. The password hash is not read (a password change ends the
    user's sessions, services/users.py)."""
    row = session.connection().execute(_SIGNED_IN, {"digest": token_digest(token)}).first()
    if row is None:
        return None
    values = tuple(row)
    user, record = _signed_in_objects.get(values, lambda _flight: _built(values))
    if record.revoked or _aware(record.expires_at) <= utcnow() or not user.active:
        return None
    return user, record


_SESSION_COLUMNS = list(AuthSession.__table__.columns)  # type: ignore[attr-defined]
_USER_COLUMNS = [c for c in User.__table__.columns if c.key != "password_hash"]  # type: ignore[attr-defined]
NOT_READ = "!not-read"  # the signed-in user's password hash is neither read nor kept; never matches a hash
_SIGNED_IN = (  # built once, compiled once
    select(*_SESSION_COLUMNS, *_USER_COLUMNS)
    .join_from(AuthSession, User, col(User.id) == col(AuthSession.user_id))
    .where(col(AuthSession.token_hash) == bindparam("digest"))
)


KEPT_SIGNED_IN = 2048  # signed-in rows whose objects are kept, the most recently used


def _built(row: tuple) -> tuple[User, AuthSession]:
    split = len(_SESSION_COLUMNS)
    record = AuthSession(**{c.key: value for c, value in zip(_SESSION_COLUMNS, row[:split])})
    user = User(**{c.key: value for c, value in zip(_USER_COLUMNS, row[split:])}, password_hash=NOT_READ)
    return user, record


# keyed by the row's every value: a changed row is a new key
_signed_in_objects: SharedCache[tuple[User, AuthSession]] = SharedCache(KEPT_SIGNED_IN)


def sign_out(session: Session, record: AuthSession) -> None:
    session.execute(update(AuthSession).where(col(AuthSession.id) == record.id).values(revoked=True))
    session.commit()
