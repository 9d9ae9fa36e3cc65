"""Admission: at most `limit` API requests are inside the application at once; the rest wait their
turn in order, on the event loop, before they take anything.

A request's session is opened by one dependency and used by the handler in another thread call, so
a request can hold a database connection while it waits for a worker thread. Without this, 60
requests in flight hold 60 connections and the pool runs dry (the outside test's "QueuePool limit
reached" 500s). With it, a request in the application holds one connection, the pool is sized to
`limit` plus the background work (backend.db), and past saturation requests slow down, never fail."""

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send


class Admission:
    def __init__(self, app: ASGIApp, limit: int, prefix: str = "/api/"):
        self.app = app
        self.limit = limit
        self.prefix = prefix
        self._slots: anyio.Semaphore | None = None  # made on the event loop, at the first request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = anyio.Semaphore(self.limit)
        async with self._slots:
            await self.app(scope, receive, send)
