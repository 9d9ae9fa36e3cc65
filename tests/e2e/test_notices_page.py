"""Everyone chooses their own e-mail notices: the address and which notices, kept when they come back."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_a_worker_chooses_their_notices_and_finds_them_kept(page):
    sign_in(page, "worker")
    page.get_by_role("link", name="My notices").click()
    expect(page.get_by_role("heading", name="My e-mail notices")).to_be_visible()
    expect(page.get_by_text("This Keel does not send e-mail yet")).to_be_visible()  # no mail server in the tests
    expect(page.get_by_label("Each morning: statutory families without a worker")).to_have_count(0)  # managers'
    page.get_by_label("E-mail address (empty for no notices)").fill("sam.worker@example.org")
    page.get_by_label("A family is allocated to me").uncheck()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("E-mail address (empty for no notices)")).to_have_value("sam.worker@example.org")
    expect(page.get_by_label("A family is allocated to me")).not_to_be_checked()
    expect(page.get_by_label("My cover of a family starts or ends")).to_be_checked()
