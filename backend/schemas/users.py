"""Users (sign-ins) as administrators create, change and list them."""

from typing import Annotated

from pydantic import BaseModel, Field

from backend.models import UserRole
from backend.models.limits import PASSWORD_LENGTH, USERNAME_LENGTH
from backend.models.users import UserBase
from backend.schemas.fields import Name, Reason, RowId


class UserPublic(UserBase):
    active: bool = True
    id: int


class UsersPublic(BaseModel):
    data: list[UserPublic]
    count: int


Password = Annotated[str, Field(min_length=8, max_length=PASSWORD_LENGTH, description="At least 8 characters")]
Username = Annotated[
    str,
    Field(
        pattern=rf"^[a-z0-9][a-z0-9._-]{{1,{USERNAME_LENGTH - 1}}}$",
        description="Lower-case letters, digits, dot, dash, underscore",
    ),
]


class UserCreate(UserBase):
    # A new sign-in: the table's fields with the API's stricter types, and a first password. (a comment: a docstring would change the OpenAPI document)
    username: Username
    full_name: Name
    role: UserRole
    worker_id: RowId | None = None
    unit_id: RowId | None = None
    password: Password


class UserUpdate(BaseModel):
    full_name: Name | None = None
    role: UserRole | None = None
    unit_id: RowId | None = None
    worker_id: RowId | None = None
    active: bool | None = None
    password: Password | None = None
    reason: Reason = ""
