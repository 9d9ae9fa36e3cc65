"""Single sign-on in a real browser against a real OpenID Connect provider process: a council account
signs in and lands where its mapped role works, signs out; an account without a Keel role is refused
with a page that says why; with passwords switched off the sign-in page offers only the council account."""

import os
import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import KEEL, ROOT, _run
from tests.support.local_server import ServerDidNotStart, keel_serving
from tests.support.oidc_provider import sso_environment


@contextmanager
def keel_with_single_sign_on(tmp_path, static_dir, issuer: str, **extra: str):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'keel.db'}",
        "STATIC_DIR": str(static_dir),
        **sso_environment(issuer),
        **extra,
    }
    _run([KEEL, "demo", "--size", "small"], env=env, cwd=ROOT)
    try:
        with keel_serving(env, tmp_path / "serve.log") as (url, _):
            yield url
    except ServerDidNotStart as failed:
        pytest.fail(str(failed), pytrace=False)


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory, static_dir, oidc_issuer):
    with keel_with_single_sign_on(tmp_path_factory.mktemp("sso"), static_dir, oidc_issuer) as url:
        yield url


@contextmanager
def fresh_page(browser, server: str):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in_with_council_account(page, account: str) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Sign in with your council account").click()
    page.get_by_role("button", name=account, exact=True).click()  # the provider's account chooser


def test_a_manager_signs_in_with_the_council_account_and_out_again(browser, sso_server):
    with fresh_page(browser, sso_server) as page:
        sign_in_with_council_account(page, "alex")
        expect(page).to_have_url(re.compile(r"/board"))
        expect(page.get_by_text("Alex Manager")).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(re.compile(r"/login"))
        assert page.evaluate("fetch('/api/auth/me').then(r => r.status)") == 401


def test_the_role_comes_from_the_groups_a_leader_lands_on_the_heatmap(browser, sso_server):
    with fresh_page(browser, sso_server) as page:
        sign_in_with_council_account(page, "robin")
        expect(page).to_have_url(re.compile(r"/heatmap"))
        assert page.evaluate("fetch('/api/auth/me').then(r => r.json()).then(u => u.role)") == "senior_leader"


def test_an_account_without_a_keel_role_is_refused_with_a_page_that_says_why(browser, sso_server):
    with fresh_page(browser, sso_server) as page:
        sign_in_with_council_account(page, "pat")
        expect(page.get_by_role("heading", name="You cannot sign in to Keel yet")).to_be_visible()
        expect(page.get_by_text("Your council account has no Keel role")).to_be_visible()
        page.get_by_role("link", name="Back to sign in").click()
        expect(page.get_by_role("link", name="Sign in with your council account")).to_be_visible()


def test_with_passwords_off_the_sign_in_page_offers_only_the_council_account(
    browser, tmp_path, static_dir, oidc_issuer
):
    with keel_with_single_sign_on(tmp_path, static_dir, oidc_issuer, KEEL_LOCAL_PASSWORDS="false") as url:
        with fresh_page(browser, url) as page:
            page.goto("/login")
            expect(page.get_by_role("link", name="Sign in with your council account")).to_be_visible()
            expect(page.get_by_label("Password")).to_have_count(0)
