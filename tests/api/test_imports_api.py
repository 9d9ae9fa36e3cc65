"""Imports over the API: a job with progress, all or nothing, and only for the admin who asked."""

import time

import pytest
from sqlalchemy import select

from backend.api.routes import imports as import_routes
from backend.csv_io import reading
from backend.csv_io.columns import COLUMNS, header
from backend.models import User, UserRole, Worker
from backend.security import hash_password
from tests.api.signin import DEMO_PASSWORD, bearer
from tests.csv_io.support import csv_file, database_state

WORKER = {
    "code": "W0301",
    "name": "Ada Example",
    "role": "social_worker",
    "fte": "1",
    "team": "T01",
    "start_date": "01/09/2025",
}


def upload(client, headers, kind: str, data: bytes, **form):
    return client.post(
        f"/api/imports/{kind}", headers=headers, files={"file": (f"{kind}.csv", data, "text/csv")}, data=form
    )


def finished(client, headers, job_id: str, timeout: float = 120.0) -> tuple[dict, list[float]]:
    deadline, seen = time.monotonic() + timeout, []
    while True:
        body = client.get(f"/api/imports/{job_id}", headers=headers).json()
        seen.append(body["progress"])
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return body, seen
        time.sleep(0.05)


def test_an_import_job_reports_progress_and_lands_the_rows(client, session):
    headers = bearer(client, "admin")
    response = upload(client, headers, "workers", csv_file("workers", [WORKER], bom=True))
    assert response.status_code == 202, response.text
    started = response.json()
    assert started["status"] in ("queued", "running", "done") and started["kind"] == "workers"
    assert started["rows"] == 1 and started["dry_run"] is False
    body, seen = finished(client, headers, started["id"])
    assert body["status"] == "done", body
    assert (body["created"], body["updated"], body["errors"], body["error_count"]) == (1, 0, [], 0)
    assert body["progress"] == 1.0 and seen == sorted(seen) and "1 workers created" in body["message"]
    assert session.scalars(select(Worker).where(Worker.code == "W0301")).one().name == "Ada Example"


def test_a_file_with_problems_fails_listing_them_and_changes_nothing(client, engine):
    headers = bearer(client, "admin")
    before = database_state(engine)
    data = csv_file("workers", [WORKER, {**WORKER, "code": "W0302", "team": "NOWHERE", "fte": "2"}])
    body, _ = finished(client, headers, upload(client, headers, "workers", data).json()["id"])
    assert body["status"] == "failed" and body["error_count"] == 2
    assert {(e["row"], e["column"]) for e in body["errors"]} == {(3, "team"), (3, "fte")}
    assert database_state(engine) == before


def test_a_dry_run_writes_nothing(client, engine):
    headers = bearer(client, "admin")
    before = database_state(engine)
    body, _ = finished(
        client, headers, upload(client, headers, "workers", csv_file("workers", [WORKER]), dry_run="true").json()["id"]
    )
    assert (body["status"], body["dry_run"], body["created"]) == ("done", True, 1)
    assert database_state(engine) == before


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        ("code,name\nW1,\u00c9mile".encode("latin-1"), "UTF-8"),
        (b"code,name,colour\nW1,Ann,blue\n", "unknown: colour"),
    ],
)
def test_files_that_cannot_be_read_are_refused_at_once(client, data, words):
    response = upload(client, bearer(client, "admin"), "workers", data)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "file"] and words in problem["msg"]


def test_a_file_over_the_size_limit_is_refused(client, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 200)
    monkeypatch.setattr(import_routes, "MAX_BYTES", 200)
    data = csv_file("workers", [{**WORKER, "code": f"W{n}"} for n in range(20)])
    response = upload(client, bearer(client, "admin"), "workers", data)
    assert response.status_code == 413 and "MB" in response.json()["detail"]


def test_unknown_kinds_and_missing_files_are_client_errors(client):
    headers = bearer(client, "admin")
    assert upload(client, headers, "children", csv_file("workers", [WORKER])).status_code == 422
    assert client.post("/api/imports/workers", headers=headers, data={"dry_run": "true"}).status_code == 422


def test_the_import_page_reads_each_kind_of_file_s_columns_from_the_api(client):
    """The columns the API publishes are the ones the CSV import reads (csv_io/columns.py), in the
    files' order, each with what it holds; the page has no copy of its own to drift."""
    body = client.get("/api/imports/columns", headers=bearer(client, "admin")).json()
    published = {k["kind"]: k["columns"] for k in body["data"]}
    assert set(published) == {"workers", "families", "absences", "annex-a", "census"}
    for kind in ("workers", "families", "absences"):
        assert [c["name"] for c in published[kind]] == header(kind)
        required = {c.name for c in COLUMNS[kind] if c.required}
        assert {c["name"] for c in published[kind] if c["required"]} == required
    assert all(c["meaning"].strip() for columns in published.values() for c in columns)
    assert "key_pod" in [c["name"] for c in published["families"]]  # missing from the page's old copy
    assert {"SWENo", "WorkingDaysLost"} <= {c["name"] for c in published["census"]}


def test_only_admins_import_and_only_the_one_who_asked_sees_the_job(client, session):
    data = csv_file("workers", [WORKER])
    assert upload(client, {}, "workers", data).status_code == 401
    for username in ("worker", "manager", "leader"):
        assert upload(client, bearer(client, username), "workers", data).status_code == 403
    admin = bearer(client, "admin")
    job = upload(client, admin, "workers", data, dry_run="true").json()["id"]
    session.add(
        User(
            username="admin2", full_name="Second Admin", role=UserRole.admin, password_hash=hash_password(DEMO_PASSWORD)
        )
    )
    session.commit()
    assert client.get(f"/api/imports/{job}", headers=bearer(client, "admin2")).status_code == 404
    assert client.get(f"/api/imports/{job}", headers=bearer(client, "manager")).status_code == 403
    client.cookies.clear()  # signing in set a cookie
    assert client.get(f"/api/imports/{job}").status_code == 401
    assert client.get("/api/imports/no-such-job", headers=admin).status_code == 404
    assert finished(client, admin, job)[0]["status"] == "done"
