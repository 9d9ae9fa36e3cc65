"""An administrator adds a user, changes a weighting setting and finds both in the audit trail.
The tests share one served demo council; the setting changed here (the cap on complexity points)
moves few families' points, so the other tests' plans are not disturbed."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import expect_no_alert, sign_in

NEW_USERNAME = "e2e.manager"
NOTE = "Complex families need more time (e2e)"


def _admin_nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Admin").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(f"{name}$"))


def test_admin_adds_a_user_changes_a_setting_and_sees_both_audited(page, shot):
    sign_in(page, "admin")
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="manager.t01")).to_be_visible()
    expect_no_alert(page)
    shot("admin-users")

    # Add a team manager: the form asks for the team only once the role needs it.
    page.get_by_role("link", name="Add a user").click()
    expect(page.get_by_label("Team they manage")).to_have_count(0)
    page.get_by_role("button", name="Add user").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a username")
    expect(summary).to_be_focused()
    page.get_by_label("Username").fill(NEW_USERNAME)
    page.get_by_label("Full name").fill("Robin Ellis")
    page.get_by_label("Role").select_option(label="Team manager")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_label("Team they manage")).to_have_accessible_description(re.compile("Choose the team"))
    shot("admin-add-user-problems")
    team_select = page.get_by_label("Team they manage")
    team_select.select_option(index=1)
    team = team_select.locator("option:checked").inner_text()
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("status").filter(has_text="can now sign in as e2e.manager")).to_be_visible()
    expect(page.get_by_label("Role")).to_have_value("team_manager")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(re.escape(NEW_USERNAME))))
    expect(row).to_contain_text("Robin Ellis")
    expect(row).to_contain_text("Team manager")
    expect(row).to_contain_text(team)
    expect(row).to_contain_text("Yes")
    shot("admin-user-added")

    # Change one weighting setting with a note; the version goes up.
    _admin_nav(page, "Weighting settings")
    version = page.locator("dt", has_text="Version in force").locator("xpath=following-sibling::dd[1]")
    expect(version).to_have_text(re.compile(r"^\d+"))
    before = int(re.match(r"\d+", version.inner_text()).group())
    cap = page.get_by_label("Most for complexity flags")
    old_cap = cap.input_value()
    cap.fill(str(int(float(old_cap)) + 1))
    expect(page.get_by_role("heading", name="Changes to save")).to_be_visible()
    page.get_by_label("Why are you changing the settings?").fill(NOTE)
    shot("admin-settings-changing")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text(f"Saved. Version {before + 1} is now in force.")).to_be_visible()
    expect(version).to_have_text(str(before + 1))
    expect(page.locator("dd", has_text=NOTE)).to_be_visible()
    expect_no_alert(page)
    shot("admin-settings-saved")

    # Both changes are in the audit trail, newest first.
    _admin_nav(page, "Audit trail")
    rows = page.locator("table.audit tbody tr")
    expect(rows.first).to_contain_text("settings.update")
    expect(rows.first).to_contain_text(NOTE)
    expect(rows.first).to_contain_text(re.compile(rf"Complexity cap points: {old_cap} → changed to \d+"))
    created = rows.filter(has_text="user.create")
    expect(created.first).to_contain_text(NEW_USERNAME)
    expect(created.first).to_contain_text(f"{team} (id ")  # the unit is named, not only numbered
    shot("admin-audit")
    shot("admin-audit-tablet", width=820)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Action").fill("user.create")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"action=user.create"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NEW_USERNAME)
    shot("admin-audit-filtered")
