"""Column helpers shared by the tables."""

from datetime import datetime, timezone

from sqlalchemy import JSON
from sqlmodel import Column, Field


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def json_list_field() -> list:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict_field(nullable: bool = False):
    if nullable:
        return Field(default=None, sa_column=Column(JSON, nullable=True))
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
