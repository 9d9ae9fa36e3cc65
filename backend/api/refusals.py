"""Turning a service's refusal into an HTTP answer, rolling the transaction back first."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException, status
from sqlmodel import Session

from backend.services.errors import Conflict, Invalid


@contextmanager
def refusals(session: Session) -> Iterator[None]:
    try:
        yield
    except Conflict as error:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    except Invalid as error:
        session.rollback()
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
