"""Admission: at most `limit` API requests are inside the application at once, and of them at most
`changing` are changes; the rest wait their turn in order, on the event loop, before they take
anything.

A request's session is opened by one dependency and used by the handler in another thread call, so
a request can hold a database connection while it waits for a worker thread. Without this, 60
requests in flight hold 60 connections and the pool runs dry (the outside test's "QueuePool limit
reached" 500s). With it, a request in the application holds one connection, the pool is sized to
`limit` plus the background work (backend.db), and past saturation requests slow down, never fail.

Changes have their own, smaller limit (issue #18). A change works out its team's board and its
service's summary before it commits (decision 0013): tens of milliseconds of Python, on the
interpreter lock the reads need too. Twenty managers writing at once on PostgreSQL left each read
waiting its turn behind them after every round trip (reads' p95 x17-x21 the read-only run's). One
change at a time, as SQLite's single writer already made it, gave x1.7-x4.0 in 16 runs of 17 and
x4.1 in one (bench/README.md). Changes still all happen, in the order they came, one after another.

A change is a signed-in POST, PATCH, PUT or DELETE (one without credentials is refused by the app
and waits for no change). Its body is read before it waits for its turn, so a client sending it
slowly holds nobody back. Not changes in that sense: sign-ins (bounded by their own limit,
services/sign_in_throttle.py) and leaders' what-ifs, which change nothing and are worked out in the
forecast process."""

import anyio
from fastapi import status
from fastapi.responses import JSONResponse
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.deps import SAFE_METHODS, SESSION_COOKIE
from backend.csv_io.reading import MAX_BYTES

NOT_CHANGES = ("/api/auth/", "/api/resilience/")  # POSTs that record no allocation, absence or family


class Admission:
    def __init__(self, app: ASGIApp, limit: int, changing: int, prefix: str = "/api/"):
        self.app = app
        self.limit = limit
        self.changing = changing
        self.prefix = prefix
        self._slots: anyio.Semaphore | None = None  # made on the event loop, at the first request
        self._changes: anyio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        if self._slots is None or self._changes is None:
            self._slots, self._changes = anyio.Semaphore(self.limit), anyio.Semaphore(self.changing)
        if scope["method"] in SAFE_METHODS or path.startswith(NOT_CHANGES) or not _signed(scope):
            async with self._slots:
                await self.app(scope, receive, send)
            return
        body = await _whole_body(receive)  # a slow client's upload must not hold the one change slot
        if body is None:
            await TOO_LARGE(scope, receive, send)
            return
        async with self._changes, self._slots:  # a change waiting its turn takes no request slot
            await self.app(scope, _replay(body, receive), send)


def _signed(scope: Scope) -> bool:
    """The request carries a bearer token or a session cookie: it may be a change. One without
    either is refused by the app (401) whatever it sends, and waits for no change."""
    request = HTTPConnection(scope)  # Starlette's own reading of the headers and cookies
    return "authorization" in request.headers or SESSION_COOKIE in request.cookies


# The largest body a change may send: an import file and its form's framing.
LARGEST_BODY = MAX_BYTES + 2**20
TOO_LARGE = JSONResponse(
    {"detail": f"The request is over {LARGEST_BODY // 2**20} MB"}, status_code=status.HTTP_413_CONTENT_TOO_LARGE
)


async def _whole_body(receive: Receive) -> list[Message] | None:
    """The request's body messages, all of them (as the handler would read them anyway); None when
    they are over LARGEST_BODY."""
    messages, size = [], 0
    while True:
        message = await receive()
        messages.append(message)
        size += len(message.get("body", b""))
        if size > LARGEST_BODY:
            return None
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """`receive` that gives `messages` first, then whatever the client sends next (a disconnect)."""

    async def replayed() -> Message:
        return messages.pop(0) if messages else await receive()

    return replayed
