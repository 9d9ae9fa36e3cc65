"""A social worker sees only their own families and cannot reach the manager's board."""

import json
import re
import urllib.request

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, sign_in


def _manager_view_of_families(server: str, worker_id: int) -> set[str]:
    """The families whose key worker this is, as the manager sees them through the API (own session)."""
    signed = _json(f"{server}/api/auth/token", {"username": "manager", "password": DEMO_PASSWORD})
    body = _json(f"{server}/api/families?worker_id={worker_id}&limit=500", token=signed["token"])
    return {f["code"] for f in body["data"]}


def _json(url: str, payload: dict | None = None, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(payload).encode() if payload is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers)) as response:
        return json.load(response)


def test_worker_sees_only_their_families(page, shot, server):
    sign_in(page, "worker")
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Team board")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile(r"^My families \(\d+\)$"))).to_be_visible()
    shown = set(page.get_by_role("table", name="My families").locator("tbody th .code").all_inner_texts())
    worker_id = page.evaluate("fetch('/api/auth/me').then(r => r.json()).then(u => u.worker_id)")
    assert shown, "the demo worker holds families"
    shot("worker-caseload")

    assert shown == _manager_view_of_families(server, worker_id)
    expect(page.locator(".load-text").filter(has_text=re.compile(r"of capacity \("))).to_be_visible()

    page.goto("/board")
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Workers and their load"))).to_have_count(0)
    shot("worker-refused-board")


def test_keyboard_user_can_skip_to_content_and_sign_in(page, shot):
    page.goto("/login")
    expect(page.get_by_label("Username")).to_be_visible()  # the app has rendered
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Username").fill("worker")
    page.get_by_label("Password").fill("not the password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")
    shot("sign-in-refused")
