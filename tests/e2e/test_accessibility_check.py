"""The accessibility check itself (tests/e2e/accessibility.py) finds what it must: a page known to
break a serious rule fails it, a clean one passes, and addresses that differ only in ids are one page."""

from tests.e2e.accessibility import page_key, serious_violations


def _ids(browser, html: str) -> set[str]:
    page = browser.new_page()
    try:
        page.set_content(
            f"<!doctype html><html lang='en'><head><title>t</title></head><body><main>{html}</main></body></html>"
        )
        return {violation["id"] for violation in serious_violations(page)}
    finally:
        page.close()


def test_a_focusable_control_inside_hidden_content_is_a_serious_violation(browser):
    # What the unit page's risk chart did: a focusable chart inside a figure hidden from screen readers.
    assert "aria-hidden-focus" in _ids(browser, "<figure aria-hidden='true'><svg tabindex='0'></svg></figure>")


def test_a_clean_page_has_no_serious_violation(browser):
    assert _ids(browser, "<h1>Keel</h1><figure aria-hidden='true'><svg></svg></figure>") == set()


def test_addresses_differing_only_in_ids_are_one_page():
    assert page_key("http://k/units/3?tab=x") == page_key("http://k/units/17") == "/units/:id"
    assert page_key("http://k/admin/users") == "/admin/users"
