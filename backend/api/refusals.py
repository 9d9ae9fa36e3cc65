"""Refusing a request: a service's refusal becomes 409 or 422, rolled back first. Every 422 has the
shape FastAPI gives its own validation errors (a list of {loc, msg, type}), so a client reads one
format and learns which field is at fault."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session

from backend.services.errors import Conflict, Invalid
from backend.services.jobs import RESTARTED, issued_before_restart


def unprocessable(message: str | list[str], field: str | None = None, where: str = "body") -> HTTPException:
    """A 422 naming the input at fault; several messages become several entries."""
    location = [where, field] if field else [where]
    messages = [message] if isinstance(message, str) else message
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": location, "msg": text, "type": "value_error"} for text in messages],
    )


def unknown_job(job_id: str, what: str) -> HTTPException:
    """A 410 for a job this process cannot know because Keel restarted since it was asked for;
    a 404 for any other id it does not hold (never asked for, someone else's, or past its life)."""
    if issued_before_restart(job_id):
        return HTTPException(status.HTTP_410_GONE, RESTARTED)
    return HTTPException(status.HTTP_404_NOT_FOUND, f"{what} not found")


@contextmanager
def refusals(session: Session) -> Iterator[None]:
    try:
        yield
    except Conflict as error:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    except Invalid as error:
        session.rollback()
        raise unprocessable(error.problems, error.field) from error


RETRY_AFTER_S = 2
logger = logging.getLogger("keel.busy")


def is_lock_timeout(error: OperationalError) -> bool:
    """SQLite's single writer was busy for longer than the busy timeout (another write held it)."""
    return "database is locked" in str(error.orig or error).lower()


async def database_busy(request: Request, error: Exception) -> JSONResponse:
    """A write that waited its turn too long (or a request that found no free connection) is a 503
    to try again, not a 500; anything else an OperationalError says is a real fault and is raised.
    Registered for OperationalError and PoolTimeout (Starlette types a handler for any exception)."""
    if not isinstance(error, PoolTimeout) and not (isinstance(error, OperationalError) and is_lock_timeout(error)):
        raise error
    logger.warning("503 for %s %s: %s", request.method, request.url.path, str(error).splitlines()[0][:200])
    return JSONResponse(
        {"detail": "Keel is busy saving another change. Nothing of yours was saved: try again in a moment."},
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )
