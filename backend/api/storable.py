"""Every value a request carries can be stored and sent back, checked once for every route.

A NUL character (PostgreSQL text cannot hold one), a lone surrogate such as "\\ud800" (not
encodable as UTF-8, so neither SQLite nor a JSON answer can hold it) and a number JSON cannot
write back (1e400 reads as infinity) are refused with a 422 naming where they are, before any
route sees them: in the JSON body (keys and values, at any depth), the query string and the path."""

import email.message
import math
from collections.abc import Iterator
from typing import Any

from fastapi import HTTPException, Request, status

from backend.api.deps import SAFE_METHODS

MAX_REPORTED = 10


def _problem(value: Any) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return "contains a NUL character, which cannot be stored"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "contains a character that is not valid Unicode (a lone surrogate)"
    elif isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    return None


def _problems_in(document: Any, where: tuple) -> Iterator[tuple[tuple, str]]:
    """(location, problem) for each bad key or value, walked without recursion (any depth)."""
    todo = [(where, document)]
    while todo:
        location, value = todo.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if problem := _problem(key):
                    yield location, f"a key {problem}"
                else:
                    todo.append(((*location, key), item))
        elif isinstance(value, list):
            todo.extend(((*location, index), item) for index, item in enumerate(value))
        elif problem := _problem(value):
            yield location, problem


def _is_json(request: Request) -> bool:
    given = request.headers.get("content-type")
    if not given:
        return True  # FastAPI reads a body without a content type as JSON
    message = email.message.Message()
    message["content-type"] = given
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


async def _json_body(request: Request) -> Any:
    if request.method in SAFE_METHODS or not _is_json(request) or not await request.body():
        return None
    try:
        return await request.json()  # already parsed (and cached) by FastAPI for a route with a body
    except (ValueError, RecursionError):
        return None  # not JSON, or nested too deep: FastAPI itself refuses it where a body is read


async def storable_input(request: Request) -> None:
    """An application-wide dependency: a 422 if any value of the request cannot be stored."""
    found = [
        *_problems_in(dict(request.path_params), ("path",)),
        *(
            (("query", name), problem)
            for name, value in request.query_params.multi_items()
            for problem in filter(None, (_problem(name), _problem(value)))
        ),
        *_problems_in(await _json_body(request), ("body",)),
    ]
    if found:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [
                {"loc": list(location), "msg": f"The value {problem}", "type": "value_error"}
                for location, problem in found[:MAX_REPORTED]
            ],
        )
