"""The one exception the Keel client raises: the server's status and words, or why it got no answer."""

from typing import Any

import httpx

LOCATIONS = ("body", "query", "path", "header", "cookie")


class KeelError(Exception):
    """A refusal or failure in words a person can act on: `403 Your role may not do this`.

    `status` is the HTTP status, or None when no answer came (unreachable server, timeout, an answer
    that is not Keel's); `detail` is the server's own `detail`, 422 validation errors flattened."""

    def __init__(self, status: int | None, detail: str) -> None:
        super().__init__(f"{status} {detail}" if status else detail)
        self.status = status
        self.detail = detail

    @classmethod
    def from_response(cls, response: httpx.Response) -> "KeelError":
        return cls(response.status_code, _detail(response))


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):
        return validation_message(detail)
    if isinstance(detail, str) and detail.strip():
        return detail.strip()
    return response.reason_phrase or "error"


def validation_message(errors: list[Any]) -> str:
    """FastAPI's 422 list as one line: `overrides[0].reason: String should have at least 3 characters`."""
    return "; ".join(_one_error(error) for error in errors) or "invalid request"


def _one_error(error: Any) -> str:
    if not isinstance(error, dict):
        return str(error)
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    where = _field(list(error.get("loc", [])))
    return f"{where}: {message}" if where else message


def _field(location: list[Any]) -> str:
    if location and location[0] in LOCATIONS:
        location = location[1:]
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text
