"""A team manager signs in, asks for a recommendation, accepts it and sees the loads change.
The tests share one served demo council: the refused override runs first, before anything is applied."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import expect_no_alert, sign_in

PLAN_TIMEOUT_MS = 120_000  # the solver's own time limit is 20 s; this only stops a hung test


def _load_text(page, worker_name: str) -> str:
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(worker_name)))
    return row.locator(".load-text").inner_text()


def _wait_for_plan(page) -> None:
    """Waits for the proposed plan or for an error in words, then requires the plan."""
    proposed = page.get_by_role("heading", name="Proposed plan")
    expect(proposed.or_(page.get_by_role("alert"))).to_be_visible(timeout=PLAN_TIMEOUT_MS)
    expect_no_alert(page)
    expect(proposed).to_be_visible()


def test_override_without_a_reason_is_refused_in_words(page, shot):
    sign_in(page, "manager")
    page.get_by_role("button", name="Recommend placements").click()
    _wait_for_plan(page)
    first = page.locator("li.assignment").first
    choose = first.get_by_label("Give to instead")
    choose.select_option(index=1)
    page.get_by_role("button", name="Apply the ticked placements").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Give a reason for choosing someone other than")
    expect(summary).to_be_focused()
    shot("manager-override-needs-reason")


def test_manager_recommends_accepts_and_sees_loads_change(page, shot):
    sign_in(page, "manager")
    expect(page).to_have_url(re.compile(r"/board$"))
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Team board")).to_be_visible()
    queue = page.get_by_role("heading", name=re.compile(r"^Unallocated families \(\d+\)$"))
    waiting = int(re.search(r"\((\d+)\)", queue.inner_text()).group(1))
    assert waiting >= 1, "the demo council should leave work in the manager's queue"
    shot("manager-board")

    page.get_by_role("button", name="Recommend placements").click()
    _wait_for_plan(page)
    first = page.locator("li.assignment").first
    legend = first.locator("legend").inner_text()
    worker = re.match(r"^(?:Give .+ to|Move .+ to) (.+?)\s+F\d+", legend).group(1)
    expect(first.locator(".reasons li").first).to_be_visible()
    before = _load_text(page, worker)
    shot("manager-recommendation")

    page.get_by_role("button", name="Apply the ticked placements").click()
    expect(page.get_by_text(re.compile(r"^Applied \d+ changes?\."))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Unallocated families"))).not_to_have_text(
        f"Unallocated families ({waiting})"
    )
    expect(
        page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(worker))).locator(".load-text")
    ).not_to_have_text(before)
    shot("manager-after-accept")
    shot("manager-after-accept-tablet", width=820)


def test_manager_records_a_new_referral_and_it_joins_the_queue(page, shot):
    sign_in(page, "manager")
    queue = page.get_by_role("heading", name=re.compile(r"^Unallocated families \(\d+\)$"))
    waiting = int(re.search(r"\((\d+)\)", queue.inner_text()).group(1))
    page.locator("summary", has_text="Record a new referral").click()
    form = page.get_by_role("form", name="Record a new referral")
    form.get_by_role("button", name="Add to the queue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the family's reference")  # checked before sending
    form.get_by_label("Reference").fill("E2E-REF-1")
    form.get_by_label("Family name").fill("Family of T. Example")
    form.get_by_label("First name").fill("Tam")
    form.get_by_label("Year of birth").fill("2018")
    form.get_by_label("Status").select_option(label="CP")
    form.get_by_label("Court").check()
    shot("manager-referral-form")
    form.get_by_role("button", name="Add to the queue").click()
    expect(page.get_by_text("Family of T. Example is in the queue.")).to_be_visible()
    expect(queue).to_have_text(f"Unallocated families ({waiting + 1})")
    table = page.get_by_role("table", name="Unallocated families")
    expect(table.get_by_role("row").filter(has_text="Family of T. Example")).to_be_visible()
