"""FastAPI dependencies as Annotated aliases: database session, signed-in user, role checks, paging."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request, status
from pydantic import BaseModel
from sqlmodel import Session

from backend.db import get_session
from backend.models import AuthSession, User, UserRole
from backend.services.auth import session_for_token

SessionDep = Annotated[Session, Depends(get_session)]

SESSION_COOKIE = "keel_session"
CSRF_COOKIE = "keel_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class SignedIn(BaseModel):
    model_config = {"arbitrary_types_allowed": True}
    user: User
    record: AuthSession


def signed_in_check(request: Request, session: SessionDep) -> SignedIn:
    header = request.headers.get("Authorization", "")
    from_cookie = False
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
    else:
        token = request.cookies.get(SESSION_COOKIE, "")
        from_cookie = True
    found = session_for_token(session, token) if token else None
    if found is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Sign in first (or your session expired)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user, record = found
    if from_cookie and request.method not in SAFE_METHODS:
        if request.headers.get(CSRF_HEADER) != record.csrf_token:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"Missing or wrong {CSRF_HEADER} header")
    return SignedIn(user=user, record=record)


SignedInDep = Annotated[SignedIn, Depends(signed_in_check)]


REGIONAL_PATHS = ("/api/region", "/api/auth/")


async def _current_user(signed_in: SignedInDep, request: Request) -> User:
    """The signed-in user. A regional leader reads a region's aggregates and nothing of this
    council's own records: every other route refuses them, whatever it would show a senior leader."""
    if signed_in.user.role == UserRole.regional_leader and not request.url.path.startswith(REGIONAL_PATHS):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "A regional leader sees the region's figures only")
    return signed_in.user


CurrentUser = Annotated[User, Depends(_current_user)]


# The role guards require_roles made: the OpenAPI document lists a 403 for the routes using one
# (api/responses.py).
ROLE_CHECKS: set[Callable[..., Any]] = set()


def require_roles(*roles: UserRole) -> Callable[[User], Awaitable[User]]:
    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role may not do this")
        return user

    ROLE_CHECKS.add(check)
    return check


Manager = Annotated[User, Depends(require_roles(UserRole.team_manager, UserRole.admin))]
Leader = Annotated[User, Depends(require_roles(UserRole.senior_leader, UserRole.admin))]
RegionReader = Annotated[User, Depends(require_roles(UserRole.regional_leader, UserRole.senior_leader, UserRole.admin))]
Admin = Annotated[User, Depends(require_roles(UserRole.admin))]
NotWorker = Annotated[User, Depends(require_roles(UserRole.team_manager, UserRole.senior_leader, UserRole.admin))]


class Page(BaseModel):
    offset: int
    limit: int


async def _page(
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Rows to return (at most 500)")] = 50,
) -> Page:
    return Page(offset=offset, limit=limit)


PageDep = Annotated[Page, Depends(_page)]
