"""A senior leader opens the resilience heatmap and drills into a unit."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import expect_no_alert, sign_in

FORECAST_TIMEOUT_MS = 120_000


def test_leader_opens_heatmap_and_drills_into_a_unit(page, shot):
    sign_in(page, "leader")
    expect(page).to_have_url(re.compile(r"/heatmap$"))
    table = page.locator("table.heatmap")
    expect(table.or_(page.get_by_role("alert"))).to_be_visible(timeout=FORECAST_TIMEOUT_MS)
    expect_no_alert(page)
    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_count(13)  # the unit column and 12 weeks
    first_cell = table.locator("td.heat-cell").first
    expect(first_cell).to_have_text(re.compile(r"\d+%|<1%"))
    expect(first_cell).to_have_text(re.compile(r"N-\d (ok|fails)"))
    expect(page.get_by_role("heading", name=re.compile("^Key:"))).to_be_visible()
    stages = page.locator("details.stage-key li")  # the stage key, least to most severe, with rules
    expect(stages).to_have_count(5)
    expect(stages.first).to_contain_text("Stable")
    expect(stages.last).to_contain_text("Complete lock")
    services = page.get_by_role("table", name="Services today")
    expect(services.locator("tbody tr")).to_have_count(len(_services(page)))
    expect(services.locator("tbody tr").first).to_contain_text(re.compile(r"\d+ of \d+"))  # over capacity of holders
    shot("leader-heatmap")
    shot("leader-heatmap-tablet", width=820)
    page.set_viewport_size({"width": 1280, "height": 900})

    team = table.get_by_role("rowheader").filter(has_text="Team").first.get_by_role("link")
    name = team.inner_text()
    team.click()
    expect(page).to_have_url(re.compile(r"/units/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("heading", name="Why it is at this stage")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("N-1 and N-2"))).to_be_visible()
    expect(page.get_by_role("heading", name="Bus factor")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for a worker")).to_be_visible()
    expect(page.get_by_role("heading", name="Past 12 weeks")).to_be_visible()  # the trend beside the forecast
    expect(page.get_by_role("heading", name="Workers", exact=True)).to_be_visible()
    expect(page.locator("table.workers tbody tr").first).to_be_visible()
    page.get_by_label("Change").select_option("add")  # what if: one more social worker, nothing saved
    page.get_by_role("button", name="Try it").click()
    result = page.locator("table.what-if-result").first
    expect(result).to_be_visible(timeout=FORECAST_TIMEOUT_MS)
    expect(result.get_by_role("rowheader", name="N-1 / N-2")).to_be_visible()
    page.get_by_role("button", name="Work it out").click()  # what it takes to be safe
    expect(page.get_by_role("heading", name=re.compile("^Where the next worker helps most"))).to_be_visible(
        timeout=FORECAST_TIMEOUT_MS
    )
    shot("leader-unit")


def _services(page) -> list[dict]:
    """The services as the API gives them to the signed-in leader (the browser's own session)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    return page.request.get(f"{origin}/api/units?kind=service").json()["data"]
