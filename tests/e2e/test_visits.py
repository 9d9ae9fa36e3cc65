"""A social worker records a visit from their page: the family's next visit moves on and says so."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import expect_no_alert, sign_in


def test_a_worker_records_a_visit_and_sees_the_next_one_due(page, shot):
    sign_in(page, "worker")
    expect(page.get_by_role("heading", name="My visits due")).to_be_visible()
    table = page.get_by_role("table", name="Visits due")
    expect(table).to_be_visible()  # overdue visits, and those due in the next 10 working days
    row = table.locator("tbody tr").first
    family = row.locator("th").inner_text()
    shot("worker-visits-due")
    row.get_by_role("button", name="Visit recorded").click()
    expect(page.get_by_role("status").filter(has_text=f"Visit to {family} recorded")).to_contain_text("next visit due")
    expect_no_alert(page)
    again = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=family, exact=True))
    expect(again.filter(has_text="Overdue since")).to_have_count(0)  # visited today: not overdue
    expect(page.get_by_role("table", name="My families")).to_contain_text(re.compile(r"\d{1,2} \w{3} \d{4}"))
