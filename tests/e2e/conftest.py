"""End-to-end fixtures: a fresh build of the front end, the real server on a free port with the small
demo council, and Debian's Chromium driven by Playwright (no browser download).

Every e2e test runs in one xdist group, so one server and one browser serve them all."""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.local_server import ServerDidNotStart, free_port, wait_for_health

from tests.e2e.accessibility import ANONYMOUS, AccessibilityAudit

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
SCREENSHOTS = ROOT / "test-output" / "e2e"
CHROMIUM = os.environ.get("KEEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "keel-demo"
BIN = Path(sys.executable).parent
KEEL = shutil.which("keel", path=str(BIN)) or "keel"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.xdist_group("e2e"))


def _run(command: list[str], **kwargs) -> None:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install Debian's package (apt-get install -y chromium) "
            "or set KEEL_CHROMIUM; the end-to-end tests need a real browser.",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def static_dir(tmp_path_factory) -> Path:
    """A fresh production build of the front end (in a temporary folder, not backend/static)."""
    if not (FRONTEND / "node_modules" / ".bin" / "vite").exists():
        pytest.fail("frontend/node_modules is missing: run `npm ci` in frontend/ first.", pytrace=False)
    out = tmp_path_factory.mktemp("static")
    _run(
        [
            str(FRONTEND / "node_modules" / ".bin" / "vite"),
            "build",
            "--outDir",
            str(out),
            "--emptyOutDir",
            "--logLevel",
            "warn",
        ],
        cwd=FRONTEND,
    )
    return out


@pytest.fixture(scope="session")
def server(tmp_path_factory, static_dir) -> str:
    """`keel demo --size small` into a fresh SQLite file, then `keel serve` on a free port."""
    yield from _served_demo(tmp_path_factory, static_dir, "small")


@pytest.fixture(scope="session")
def pods_server(tmp_path_factory, static_dir) -> str:
    """The default demo council (Northbridge, whose Coldharbour team allocates to three pods), served."""
    yield from _served_demo(tmp_path_factory, static_dir, "default")


def _served_demo(tmp_path_factory, static_dir, size: str):
    db = tmp_path_factory.mktemp("db") / "keel.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "STATIC_DIR": str(static_dir)}
    _run([KEEL, "demo", "--size", size], env=env, cwd=ROOT)
    port = free_port()
    process = subprocess.Popen(
        [KEEL, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_health(url, process)
        except ServerDidNotStart as failed:
            pytest.fail(str(failed), pytrace=False)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def accessibility() -> AccessibilityAudit:
    return AccessibilityAudit()


@contextmanager
def _browser_page(browser, server, role: str = ANONYMOUS):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        if role != ANONYMOUS:
            sign_in(page, role)
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, server, accessibility):
    """A fresh browser context; when the test ends, axe-core checks every page it reached
    (tests/e2e/accessibility.py) and a serious or critical violation fails the test."""
    yield from _audited_page(browser, server, accessibility)


@pytest.fixture
def pods_page(browser, pods_server, accessibility):
    """A page on the default demo council (pods_server), audited as `page` is."""
    yield from _audited_page(browser, pods_server, accessibility)


def _audited_page(browser, server, accessibility):
    with _browser_page(browser, server) as page:
        visited = accessibility.watch(page)
        yield page
        findings = accessibility.check_visited(page, visited, lambda role: _browser_page(browser, server, role))
    if findings:
        pytest.fail("Serious accessibility problems found by axe-core:\n" + "\n".join(findings), pytrace=False)


@pytest.fixture
def shot(page):
    """shot("name") saves test-output/e2e/name.png of the whole page."""
    return lambda name, width=None: take_shot(page, name, width)


def take_shot(page, name: str, width: int | None = None) -> Path:
    """test-output/e2e/name.png of the whole page (at `width` pixels, if given)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if width:
        page.set_viewport_size({"width": width, "height": 1000})
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.keel_role = username  # the demo's usernames are its roles; the accessibility check reads it
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def expect_no_alert(page) -> None:
    """Fails with the page's own words when it shows an error."""
    alerts = page.get_by_role("alert")
    if alerts.count():
        pytest.fail(f"The page shows an error: {alerts.first.inner_text()!r}", pytrace=False)
