"""Refusing a request: a service's refusal becomes 409 or 422, rolled back first. Every 422 has the
shape FastAPI gives its own validation errors (a list of {loc, msg, type}), so a client reads one
format and learns which field is at fault."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException, status
from sqlmodel import Session

from backend.services.errors import Conflict, Invalid


def unprocessable(message: str, field: str | None = None, where: str = "body") -> HTTPException:
    location = [where, field] if field else [where]
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                         [{"loc": location, "msg": message, "type": "value_error"}])


@contextmanager
def refusals(session: Session) -> Iterator[None]:
    try:
        yield
    except Conflict as error:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    except Invalid as error:
        session.rollback()
        raise unprocessable(str(error), error.field) from error
