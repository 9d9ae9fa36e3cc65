"""A regional leader opens the region: councils by week, most at risk first, and one council's
services; nothing of the council's own records (issue #17)."""

import re

import httpx
from playwright.sync_api import expect

from backend.region.councils import generate, national_specs
from backend.region.forecast import forecast_region
from tests.e2e.conftest import expect_no_alert, sign_in
from tests.api.signin import DEMO_PASSWORD


def _publish_a_region(server: str) -> dict:
    """Three small synthetic councils' forecast, published by the administrator over HTTP."""
    councils = [generate(spec) for spec in national_specs(3, 3 * 40, seed=11)]
    forecast = forecast_region(councils, processes=0, scenarios=10).to_dict()
    with httpx.Client(base_url=server, timeout=60) as http:
        token = http.post("/api/auth/token", json={"username": "admin", "password": DEMO_PASSWORD}).json()["token"]
        published = http.post("/api/region/forecasts", json=forecast, headers={"Authorization": f"Bearer {token}"})
        assert published.status_code == 201, published.text
    return forecast


def test_regional_leader_sees_the_region_and_a_councils_services(page, shot, server):
    sign_in(page, "regional")
    expect(page).to_have_url(re.compile(r"/region$"))
    expect(page.get_by_role("status")).to_contain_text("No regional forecast has been published yet")
    expect_no_alert(page)
    forecast = _publish_a_region(server)
    page.reload()
    table = page.get_by_role("table", name=re.compile("by council and week"))
    expect(table.locator("tbody tr")).to_have_count(3)
    riskiest = max(forecast["councils"], key=lambda c: (c["near_term_risk"], -int(c["code"][1:])))
    expect(table.locator("tbody tr").first).to_contain_text(riskiest["name"])
    expect(table.locator("thead th")).to_have_count(14)  # council, teams N-1 ok, 12 weeks
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_count(1)  # the region only
    expect(page.get_by_role("link", name="My notices")).to_have_count(0)  # notices are of a council's own work
    shot("regional-region")
    table.get_by_role("button", name=riskiest["name"]).click()
    services = page.get_by_role("table", name=re.compile(f"by service of {re.escape(riskiest['name'])}"))
    expect(services.locator("tbody tr")).to_have_count(len(riskiest["services"]))
    shot("regional-council")
    page.goto("/heatmap")  # the council's own heatmap is not the regional leader's
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
