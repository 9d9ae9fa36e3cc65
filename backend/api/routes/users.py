"""Administrators manage users: list, create, change role or links, reset a password, deactivate."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from backend.api.deps import Admin, PageDep, SessionDep
from backend.api.patching import sent_changes
from backend.api.fields import Name, Reason, RowId
from backend.api.refusals import refusals
from backend.models import User, UserPublic, UserRole
from backend.schemas import UsersPublic
from backend.services.users import create_user, read_page, update_user

router = APIRouter(prefix="/api/users", tags=["users"])

Password = Annotated[str, Field(min_length=8, max_length=200, description="At least 8 characters")]


class UserCreate(BaseModel):
    username: Annotated[
        str,
        Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,79}$", description="Lower-case letters, digits, dot, dash, underscore"),
    ]
    full_name: Name
    role: UserRole
    unit_id: RowId | None = None
    worker_id: RowId | None = None
    password: Password


class UserUpdate(BaseModel):
    full_name: Name | None = None
    role: UserRole | None = None
    unit_id: RowId | None = None
    worker_id: RowId | None = None
    active: bool | None = None
    password: Password | None = None
    reason: Reason = ""


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
    session.commit()
    return _public(user)


@router.patch("/{user_id}", response_model=UserPublic)
def update(user_id: RowId, body: UserUpdate, session: SessionDep, admin: Admin) -> UserPublic:
    user = _user(session, user_id)
    changes = sent_changes(body, nullable={"unit_id", "worker_id"}, exclude={"password", "reason"})
    with refusals(session):
        update_user(session, admin, user, changes, body.password, body.reason.strip())
    session.commit()
    session.refresh(user)
    return _public(user)
