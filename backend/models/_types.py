"""Column helpers shared by the tables."""

from datetime import datetime, timezone
from typing import Annotated

import annotated_types
from sqlalchemy import JSON, Table
from sqlmodel import Column, Field, SQLModel

MAX_ROW_ID = 2_147_483_647  # PostgreSQL's integer: a larger id cannot exist, and must be a 422, not a 500

# A row id as a request may give it (a larger one is a 422, not a 500).
RowId = Annotated[int, annotated_types.Interval(ge=1, le=MAX_ROW_ID)]


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model, for bulk statements on plain rows."""
    # SQLAlchemy's declarative mapping sets `__table__`; SQLModel does not declare it for type checkers
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def json_list_field() -> list:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict_field(nullable: bool = False):
    if nullable:
        return Field(default=None, sa_column=Column(JSON, nullable=True))
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
