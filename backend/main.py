"""The Keel web application: the JSON API under /api and the built front end at /."""

from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError

from backend.api.routes import (
    absences, audit, auth, exports, families, health, imports, me, plans, resilience, units, users,
    weighting, workers,
)
from backend.api.refusals import database_busy
from backend.api.responses import document_refusals
from backend.api.storable import storable_input
from backend.config import get_settings

PLACEHOLDER = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keel</title></head>
<body><main><h1>Keel</h1><p>The web front end has not been built. The API is at
<a href="/docs">/docs</a>.</p></main></body></html>"""


def operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}"


def create_app() -> FastAPI:
    app = FastAPI(
        title="Keel",
        summary="Workload management and caseload balancing for children's social care",
        version="0.1.0",
        generate_unique_id_function=operation_id,
        dependencies=[Depends(storable_input)],
    )
    for module in (health, auth, me, units, workers, families, plans, absences, resilience, imports,
                   exports, users, weighting, audit):
        app.include_router(document_refusals(module.router))
    app.add_exception_handler(OperationalError, database_busy)
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
