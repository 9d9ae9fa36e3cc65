"""A stand-in for the imports and exports routes, as an httpx.MockTransport, following the interface
agreed with the engineer building them (the real routes are not merged yet):

POST /api/imports/{kind}  multipart `file` + form `dry_run` -> 202 {id, kind, status, progress, message,
                          dry_run, rows, created, updated, errors: [{row, column, reason}], error_count}
GET  /api/imports/{id}    -> 200, the same job
GET  /api/exports/{name}.csv[?unit_id=N]  (allocations | loads) -> 200 text/csv"""

from email import policy
from email.parser import BytesParser

import httpx

TOKEN = "t0ken"
EXPORTS = {"allocations": "family,worker,kind\nF1,W1,key\nF2,W2,key\n", "loads": "worker,load,capacity\nW1,80,85\n"}


class FakeImports:
    """Each job reports `running` for `readings_running` readings, then its outcome: done, or failed
    with the row errors given."""

    def __init__(self, errors: list[dict] | None = None, readings_running: int = 2) -> None:
        self.errors = errors or []
        self.readings_running = readings_running
        self.uploads: list[dict] = []
        self.export_queries: list[dict] = []
        self.jobs: dict[str, dict] = {}

    def http(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle), base_url="http://keel.test")

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return httpx.Response(401, json={"detail": "Sign in first (or your session expired)"})
        path = request.url.path
        if request.method == "POST" and path.startswith("/api/imports/"):
            return self._start(path.removeprefix("/api/imports/"), request)
        if request.method == "GET" and path.startswith("/api/imports/"):
            return self._read(path.removeprefix("/api/imports/"))
        if request.method == "GET" and path.startswith("/api/exports/") and path.endswith(".csv"):
            return self._export(path.removeprefix("/api/exports/").removesuffix(".csv"), request)
        return httpx.Response(404, json={"detail": "Not found"})

    def _start(self, kind: str, request: httpx.Request) -> httpx.Response:
        fields = form_fields(request)
        filename, content = fields["file"]
        dry_run = fields["dry_run"][1] == b"true"
        self.uploads.append({"kind": kind, "filename": filename, "content": content, "dry_run": dry_run})
        job = {
            "id": f"imp-{len(self.jobs) + 1}",
            "kind": kind,
            "status": "queued",
            "progress": 0.0,
            "message": "Waiting to start",
            "dry_run": dry_run,
            "rows": 0,
            "created": 0,
            "updated": 0,
            "errors": [],
            "error_count": 0,
            "readings": 0,
        }
        self.jobs[job["id"]] = job
        return httpx.Response(202, json=_public(job))

    def _read(self, job_id: str) -> httpx.Response:
        job = self.jobs.get(job_id)
        if job is None:
            return httpx.Response(404, json={"detail": "Import not found"})
        job["readings"] += 1
        if job["readings"] <= self.readings_running:
            job.update(
                status="running", progress=job["readings"] / (self.readings_running + 1), message="Checking rows"
            )
        elif self.errors:
            job.update(
                status="failed",
                progress=1.0,
                message=f"{len(self.errors)} rows refused: nothing saved",
                errors=self.errors,
                error_count=len(self.errors),
            )
        else:
            rows = self.uploads[-1]["content"].count(b"\n") - 1
            job.update(
                status="done", progress=1.0, message="Imported", rows=rows, created=0 if job["dry_run"] else rows
            )
        return httpx.Response(200, json=_public(job))

    def _export(self, name: str, request: httpx.Request) -> httpx.Response:
        if name not in EXPORTS:
            return httpx.Response(404, json={"detail": "Unknown export"})
        self.export_queries.append(dict(request.url.params))
        return httpx.Response(200, text=EXPORTS[name], headers={"content-type": "text/csv; charset=utf-8"})


def _public(job: dict) -> dict:
    return {k: v for k, v in job.items() if k != "readings"}


def form_fields(request: httpx.Request) -> dict[str, tuple[str | None, bytes]]:
    """A multipart/form-data body as {field: (filename, bytes)}."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + request.read())
    return {
        part.get_param("name", header="content-disposition"): (part.get_filename(), part.get_payload(decode=True))
        for part in message.iter_parts()
    }
