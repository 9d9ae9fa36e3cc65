"""FastAPI dependencies as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlmodel import Session

from backend.db import get_session

SessionDep = Annotated[Session, Depends(get_session)]


class Page(BaseModel):
    offset: int
    limit: int


def _page(
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Rows to return (at most 500)")] = 50,
) -> Page:
    return Page(offset=offset, limit=limit)


PageDep = Annotated[Page, Depends(_page)]
