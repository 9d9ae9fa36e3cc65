"""The Keel web application: the JSON API under /api and the built front end at /."""

import gc
import os
import sys
import threading
from datetime import date
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from backend.api.routes import (
    absences,
    audit,
    auth,
    exports,
    families,
    health,
    imports,
    me,
    notifications,
    plans,
    region,
    resilience,
    single_sign_on,
    units,
    users,
    visits,
    weighting,
    workers,
)
from backend.api.admission import Admission
from backend.api.docs_page import serve_api_docs
from backend.api.refusals import database_busy
from backend.api.security_headers import SecurityHeaders
from backend.api.responses import document_refusals
from backend.api.storable import storable_input
from backend.config import get_settings
from backend.db import get_engine
from backend.services import forecast_process
from backend.services.resilience import warm_up
from backend.services.jobs import SERVE_JOBS, serve_jobs
from backend.services import warming

PLACEHOLDER = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keel</title></head>
<body><main><h1>Keel</h1><p>The web front end has not been built. The API is at
<a href="/docs">/docs</a>.</p></main></body></html>"""


def operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}"


# The server's caches (pictures, answers) hold hundreds of thousands of objects. With CPython's
# default thresholds (700, 10, 10) the cyclic garbage collector went through all of them every
# second or two, stopping every request for 0.1-0.4 s each time: most of the reads' p95 while
# managers write (issue #18). What exists once the server has started is frozen (never scanned
# again), and a collection waits for 50,000 new objects instead of 700.
GC_THRESHOLDS = (50_000, 20, 20)


def _tune_garbage_collection() -> None:
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# A read waits for the interpreter lock after each of its round trips to the database (four or five
# on PostgreSQL). While a change's transaction works out its answers (tens of milliseconds of
# Python), each of those waits lasted up to CPython's switch interval, 5 ms: the reads' p50 with
# writers was 43-74 ms against 5-6 ms alone. At 0.5 ms it was 21-27 ms and the p95 131-168 ms
# against 231-234 (bench.load, PostgreSQL, taking turns in one hour); on SQLite no worse. At
# 0.2 ms the switching itself cost more than it saved (issue #18, bench/README.md).
SWITCH_INTERVAL_S = 0.0005


def _share_the_interpreter() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_S)


@asynccontextmanager
async def lifespan(_app: FastAPI):
    """Requests run on at most `request_threads` threads, one database connection each, so the
    pool (sized to match in backend.db) is never the bottleneck; past that, requests wait their turn.
    Under `keel serve`, the process also takes background jobs from the database (services/jobs.py)."""
    to_thread.current_default_thread_limiter().total_tokens = get_settings().request_threads
    stop_taking_jobs = threading.Event()
    if os.environ.get(SERVE_JOBS) == "1":  # a server process of `keel serve`, not a test's app
        serve_jobs(get_engine(), stop_taking_jobs)
        # the heatmap's forecast, ready before a leader asks: in each serving process, whose caches
        # answer (with --workers, not in uvicorn's supervisor, which serves nothing)
        warm_up(get_engine(), date.today())
        warming.enable()  # a changed board is worked out again before its next reader asks
        _tune_garbage_collection()
        _share_the_interpreter()
    yield
    stop_taking_jobs.set()
    forecast_process.shutdown()


def create_app() -> FastAPI:
    app = FastAPI(
        lifespan=lifespan,
        title="Keel",
        summary="Workload management and caseload balancing for children's social care",
        version="0.1.0",
        generate_unique_id_function=operation_id,
        docs_url=None,  # served by serve_api_docs, without a CDN
        redoc_url=None,
        dependencies=[Depends(storable_input)],
    )
    for module in (
        health,
        auth,
        single_sign_on,
        me,
        notifications,
        units,
        workers,
        families,
        visits,
        plans,
        absences,
        resilience,
        region,
        imports,
        exports,
        users,
        weighting,
        audit,
    ):
        app.include_router(document_refusals(module.router))
    app.add_exception_handler(OperationalError, database_busy)
    app.add_exception_handler(PoolTimeout, database_busy)
    app.add_middleware(Admission, limit=get_settings().request_threads, changing=get_settings().changing_requests)
    app.add_middleware(SecurityHeaders)  # outermost: on every answer, the admission's refusals too
    serve_api_docs(app, get_settings().static_dir)
    _serve_front_end(app, get_settings().static_dir)
    return app


def _serve_front_end(app: FastAPI, static_dir: Path) -> None:
    index = static_dir / "index.html"
    if (static_dir / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=static_dir / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False, tags=["frontend"])
    def front_end(path: str):
        if path.startswith("api/"):
            raise HTTPException(status_code=404, detail="Not found")
        if index.is_file():
            return FileResponse(index)
        return HTMLResponse(PLACEHOLDER)


app = create_app()
