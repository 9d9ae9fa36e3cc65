"""Administrators manage users: list, create, change role or links, reset a password, deactivate."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from backend.api.deps import Admin, PageDep, SessionDep
from backend.api.patching import sent_changes
from backend.api.refusals import refusals
from backend.models import User, UserRole
from backend.schemas.fields import RowId
from backend.schemas.users import UserCreate, UserPublic, UsersPublic, UserUpdate
from backend.services.users import create_user, read_page, update_user

router = APIRouter(prefix="/api/users", tags=["users"])


def _public(user: User) -> UserPublic:
    return UserPublic.model_validate(user, from_attributes=True)


def _user(session: SessionDep, user_id: RowId) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "User not found")
    return user


@router.get("", response_model=UsersPublic)
def read_users(
    session: SessionDep,
    admin: Admin,
    page: PageDep,
    role: UserRole | None = None,
    active: Annotated[bool | None, Query(description="Only active or inactive users")] = None,
) -> UsersPublic:
    rows, count = read_page(session, offset=page.offset, limit=page.limit, role=role, active=active)
    return UsersPublic(data=[_public(u) for u in rows], count=count)


@router.get("/{user_id}", response_model=UserPublic)
def read_user(session: SessionDep, admin: Admin, user_id: RowId) -> UserPublic:
    return _public(_user(session, user_id))


@router.post("", response_model=UserPublic, status_code=201)
def create(body: UserCreate, session: SessionDep, admin: Admin) -> UserPublic:
    with refusals(session):
        user = create_user(session, admin, body.model_dump(exclude={"password"}), body.password)
    return _public(user)


@router.patch("/{user_id}", response_model=UserPublic)
def update(user_id: RowId, body: UserUpdate, session: SessionDep, admin: Admin) -> UserPublic:
    user = _user(session, user_id)
    changes = sent_changes(body, nullable={"unit_id", "worker_id"}, exclude={"password", "reason"})
    with refusals(session):
        update_user(session, admin, user, changes, body.password, body.reason.strip())
    session.refresh(user)
    return _public(user)
