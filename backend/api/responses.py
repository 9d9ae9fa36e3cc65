"""The refusals every route may give, documented in the OpenAPI document once for all routes (so
that clients, and the schemathesis fuzzing, know every status code a route can answer).

Which ones a route gives follows from what it depends on: signing in (401; 404 for records out of
the caller's scope, which answer as missing ones do), a role check or a write (403: wrong role, or
a cookie session without its CSRF header), a write (409 conflicts; 503 when SQLite stays busy), and
a body that cannot be read (400), the check of every value (422: FastAPI documents its own where a route takes values). Routes add their own (413, 410, 429) with `responses=`."""

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_flat_params
from fastapi.routing import APIRoute

from backend.api.deps import ROLE_CHECKS, SAFE_METHODS, signed_in_check

REFUSAL_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"description": "Why, in words (422: one entry per field at fault)"}},
}


# What FastAPI's `responses=` takes: status code -> the response's OpenAPI entry.
Responses = dict[int | str, dict[str, Any]]


def refusal(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": REFUSAL_SCHEMA}}}


UNREADABLE = refusal("The body cannot be read (not UTF-8, or not what the content type says)")
UNPROCESSABLE = refusal("A value is wrong, missing, or cannot be stored (each named in `detail`)")
SIGNED_IN: Responses = {
    401: refusal("Not signed in, or the session has ended"),
    404: refusal("Not found, or outside what the caller may see"),
}
GUARDED: Responses = {403: refusal("The caller's role may not do this, or a cookie session sent no CSRF header")}
WRITE: Responses = {
    409: refusal("Conflicts with the data as it stands (already exists, changed meanwhile, ...)"),
    503: refusal("The database was busy with another change; nothing was saved: try again"),
}


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def refusals_of(route: APIRoute) -> Responses:
    calls = list(_calls(route.dependant))
    writes = bool((route.methods or set()) - SAFE_METHODS)
    found: Responses = (
        {} if route.body_field or get_flat_params(route.dependant) else {422: UNPROCESSABLE}
    )  # else FastAPI's
    if route.body_field:
        found[400] = UNREADABLE
    if signed_in_check in calls:
        found |= SIGNED_IN
        if writes or any(call in ROLE_CHECKS for call in calls):
            found |= GUARDED
    if writes:
        found |= WRITE
    return found


def document_refusals(router: APIRouter) -> APIRouter:
    """Adds each route's refusals to its documented responses (a route's own entries win)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            route.responses = {**refusals_of(route), **route.responses}
    return router
