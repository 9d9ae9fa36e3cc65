"""axe-core (frontend/node_modules/axe-core, a dev dependency) on every page the browser tests visit,
for each signed-in role: a serious or critical violation fails the suite.

Each test's page records the addresses it reaches (link clicks and history navigation included) and
who was signed in. When the test ends, the page is checked as the test left it (dialogs, panels and
plans the steps opened), then every other page it reached is opened again, signed in as the same
person, and checked once it has settled. A page is checked once per role per session: addresses
that differ only in ids (/units/3, /units/7) are one page."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
ANONYMOUS = "(signed out)"


def page_key(url: str) -> str:
    """The page an address shows: its path with ids replaced (query and fragment dropped)."""
    path = urlparse(url).path or "/"
    return re.sub(r"/\d+(?=/|$)", "/:id", path)


def serious_violations(page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the browser's debugging protocol, not as a <script> tag, so Keel's
        # Content-Security-Policy (scripts from its own origin only) stays on for the pages under test.
        page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => window.axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(role: str, url: str, violations: list[dict]) -> str:
    lines = [f"{page_key(url)} as {role}:"]
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"  {violation['impact']} {violation['id']}: {violation['help']} ({targets})")
    return "\n".join(lines)


@dataclass
class AccessibilityAudit:
    """One per browser session: what was checked, and the findings so far."""

    checked: set[tuple[str, str]] = field(default_factory=set)

    def watch(self, page) -> list[tuple[str, str]]:
        """Start recording (role, url) for every main-frame navigation of `page`."""
        visited: list[tuple[str, str]] = []

        def navigated(frame) -> None:
            if frame == page.main_frame and frame.url.startswith("http"):
                visited.append((getattr(page, "keel_role", ANONYMOUS), frame.url))

        page.on("framenavigated", navigated)
        return visited

    def check(self, page, role: str) -> str | None:
        """Check the page as it is, unless this page was already checked for this role."""
        key = (role, page_key(page.url))
        if not page.url.startswith("http") or key in self.checked:
            return None
        self.checked.add(key)
        violations = serious_violations(page)
        return describe(role, page.url, violations) if violations else None

    def check_visited(self, page, visited: list[tuple[str, str]], open_as) -> list[str]:
        """The page as the test left it, then every other page it reached, opened again in a fresh
        context signed in as the same role (`open_as(role)` gives that context's page)."""
        findings = [self.check(page, getattr(page, "keel_role", ANONYMOUS))]
        pending: dict[str, list[str]] = {}
        for role, url in visited:
            if (role, page_key(url)) not in self.checked and url not in pending.get(role, []):
                pending.setdefault(role, []).append(url)
        for role, urls in pending.items():
            with open_as(role) as fresh:
                for url in urls:
                    if (role, page_key(url)) in self.checked:
                        continue
                    fresh.goto(url)
                    settle(fresh)
                    findings.append(self.check(fresh, role))
        return [f for f in findings if f]


def settle(page) -> None:
    """Wait for the page's data to arrive (bounded: a page that keeps polling is checked anyway)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeout:
        pass  # check what is there
