"""Imports and exports through KeelClient, against a MockTransport that follows the agreed interface
(tests/client/fake_imports.py): the real routes are being built elsewhere and get live tests later."""

import pytest

from backend.client import KeelClient, KeelError
from tests.client.fake_imports import TOKEN, FakeImports

CSV = b"code,name,unit\nW9001,Ada Example,T01\nW9002,Bo Example,T01\n"


def keel_over(fake: FakeImports) -> KeelClient:
    return KeelClient(http=fake.http(), token=TOKEN)


def test_a_file_is_uploaded_by_name_and_followed_until_done(tmp_path):
    path = tmp_path / "new-workers.csv"
    path.write_bytes(CSV)
    fake = FakeImports(readings_running=2)
    keel = keel_over(fake)
    job = keel.start_import("workers", path)
    assert job.status == "queued" and not job.dry_run
    assert fake.uploads == [{"kind": "workers", "filename": "new-workers.csv", "content": CSV, "dry_run": False}]
    readings = []
    done = keel.wait_for_import(job.id, progress=readings.append, poll_s=0)
    assert [r.status for r in readings] == ["running", "running", "done"]
    assert [r.progress for r in readings] == sorted(r.progress for r in readings)
    assert (done.status, done.rows, done.created, done.errors) == ("done", 2, 2, [])


def test_bytes_in_a_dry_run_save_nothing():
    fake = FakeImports(readings_running=0)
    keel = keel_over(fake)
    job = keel.start_import("workers", CSV, dry_run=True)
    assert fake.uploads[0]["dry_run"] and fake.uploads[0]["filename"] == "workers.csv"
    done = keel.wait_for_import(job.id, poll_s=0)
    assert done.dry_run and done.rows == 2 and done.created == 0


def test_a_refused_file_reports_each_row_column_and_reason():
    errors = [
        {"row": 2, "column": "unit", "reason": "no unit T99"},
        {"row": None, "column": None, "reason": "the header has no column fte"},
    ]
    fake = FakeImports(errors=errors, readings_running=0)
    keel = keel_over(fake)
    done = keel.wait_for_import(keel.start_import("workers", CSV).id, poll_s=0)
    assert done.status == "failed" and done.error_count == 2
    assert [(e.row, e.column, e.reason) for e in done.errors] == [(r["row"], r["column"], r["reason"]) for r in errors]


def test_an_import_that_never_finishes_is_reported_not_waited_on_forever():
    fake = FakeImports(readings_running=1_000)
    keel = keel_over(fake)
    job = keel.start_import("workers", CSV)
    with pytest.raises(KeelError) as caught:
        keel.wait_for_import(job.id, poll_s=0, timeout_s=0)
    assert caught.value.status is None and "still running" in str(caught.value)


def test_exports_return_the_csv_text_for_a_unit_or_all():
    fake = FakeImports()
    keel = keel_over(fake)
    assert keel.export("allocations").splitlines()[0] == "family,worker,kind"
    assert keel.export("loads", unit_id=3).startswith("worker,load")
    assert fake.export_queries == [{}, {"unit_id": "3"}]
    missing = pytest.raises(KeelError, keel.export, "secrets")
    assert missing.value.status == 404 and missing.value.detail == "Unknown export"


def test_unknown_import_and_no_token_are_keel_errors():
    fake = FakeImports()
    assert pytest.raises(KeelError, keel_over(fake).import_status, "imp-404").value.status == 404
    anonymous = KeelClient(http=fake.http())
    assert (
        str(pytest.raises(KeelError, anonymous.start_import, "workers", CSV).value)
        == "401 Sign in first (or your session expired)"
    )
