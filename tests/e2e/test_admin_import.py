"""An administrator imports absences from a CSV file: a file with a bad row is refused whole, with the
row and column named; a good file is checked first, then imported; an export downloads.
The absence imported lies beyond the 12 weeks the heatmap looks at, so the other tests see no change."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, expect_no_alert, sign_in

HEADER = "worker_code,start_date,end_date,kind,planned"


def _csv(tmp_path, name: str, *rows: str):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _upload(page, path, check_only: bool) -> None:
    page.get_by_label(re.compile("^Absences")).check()
    page.get_by_label("CSV file", exact=True).set_input_files(str(path))
    page.get_by_label(re.compile("^Check only")).set_checked(check_only)
    page.get_by_role("button", name="Upload").click()


def test_admin_imports_absences_all_or_nothing(page, shot, tmp_path):
    start = date.today() + timedelta(days=300)
    good = f"W0003,{start.isoformat()},{(start + timedelta(days=4)).isoformat()},annual_leave,yes"
    sign_in(page, "admin")
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Import and export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Import and export$"))

    unreadable = tmp_path / "wrong-header.csv"
    unreadable.write_text("who,when\nW0003,2026-12-10\n", encoding="utf-8")
    _upload(page, unreadable, check_only=True)
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary.get_by_role("link")).to_have_attribute("href", "#import-file")
    expect(page.get_by_label("CSV file", exact=True)).to_have_attribute("aria-invalid", "true")
    shot("admin-import-unreadable")

    _upload(page, _csv(tmp_path, "bad.csv", good, "W0003,2026-12-10,2026-12-01,holiday,maybe"), check_only=False)
    refused = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Nothing was imported"))
    expect(refused).to_be_visible(timeout=60_000)
    expect(refused).to_contain_text("Nothing in it was applied")
    bad_row = refused.get_by_role("row").filter(has_text="kind")
    expect(bad_row.first).to_contain_text("3")
    shot("admin-import-refused")

    _upload(page, _csv(tmp_path, "good.csv", good), check_only=True)
    expect(page.get_by_text(re.compile(r"The check found no problems in 1 row: 1 absence to create"))).to_be_visible(
        timeout=60_000
    )
    expect_no_alert(page)
    shot("admin-import-checked")
    page.get_by_role("button", name="Import this file now").click()
    expect(page.get_by_text(re.compile(r"Imported 1 row: 1 absence created, 0 absences updated"))).to_be_visible(
        timeout=60_000
    )
    expect_no_alert(page)
    shot("admin-import-done")

    with page.expect_download() as download:
        page.get_by_role("link", name="Workers' loads (CSV)").click()
    saved = SCREENSHOTS / "keel-loads-export.csv"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").startswith("code,name,role,team")
