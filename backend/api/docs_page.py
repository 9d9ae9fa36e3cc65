"""The API documentation at /docs: Swagger UI served by Keel itself (copied from the npm package
swagger-ui-dist into the front end's build, folder api-docs/), never from a third-party CDN."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/api-docs"
DOCS_PAGE = f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Keel API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css"><link rel="icon" href="{ASSETS}/favicon-32x32.png">
</head><body><div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script><script src="{ASSETS}/keel-docs.js"></script>
</body></html>"""
NOT_BUILT = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Keel API</title></head>
<body><main><h1>Keel API</h1><p>The documentation pages come with the built front end (<code>make
frontend</code>). The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>"""


def serve_api_docs(app: FastAPI, static_dir: Path) -> None:
    assets = static_dir / ASSETS.strip("/")
    built = (assets / "swagger-ui-bundle.js").is_file()
    if built:
        app.mount(ASSETS, StaticFiles(directory=assets), name="api-docs")

    @app.get("/docs", include_in_schema=False, tags=["docs"])
    def api_docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE if built else NOT_BUILT)
