"""One picture in the browser: the board flags an away worker's families without cover; accepted
cover shows on the covering worker's own page and in their load; a manual allocation above the
surge limit needs a reason; the board, the unit page and the loads export give a team one load."""

import csv
import io
import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_manager_board import _wait_for_plan
from tests.e2e.test_worker_page import _json
from tests.e2e.conftest import DEMO_PASSWORD


def _token(server: str, username: str) -> str:
    return _json(f"{server}/api/auth/token", {"username": username, "password": DEMO_PASSWORD})["token"]


def test_the_board_unit_page_and_export_agree_on_the_teams_load(page, server):
    sign_in(page, "manager")
    board = page.locator(".card", has=page.get_by_role("heading", name="Team load"))
    board_percent = board.locator(".big").inner_text()
    team = _json(f"{server}/api/auth/me", token=_token(server, "manager"))["unit_id"]
    text = page.evaluate(f"fetch('/api/exports/loads.csv?unit_id={team}').then(r => r.text())")
    rows = list(csv.DictReader(io.StringIO(text)))
    present = sum(float(r["capacity"]) for r in rows if r["role"] != "team_manager" and not r["absent_until"])
    assert board_percent == f"{round(100 * sum(float(r['load']) for r in rows) / present)}%"

    page.context.clear_cookies()  # signed out: the leader signs in afresh
    sign_in(page, "leader")
    page.goto(f"/units/{team}")
    unit_page = page.locator(".card", has=page.get_by_role("heading", name="Load", exact=True))
    expect(unit_page.locator(".big")).to_have_text(board_percent)


def _someone_away_today(server: str) -> None:
    """The busiest case holder of the manager's team, at work and with no leave booked, goes off sick
    today (through the API): the board must flag their families, none of which has cover yet."""
    from datetime import date, timedelta

    token = _token(server, "manager")
    team = _json(f"{server}/api/auth/me", token=token)["unit_id"]
    workers = _json(f"{server}/api/workers?unit_id={team}&limit=500", token=token)["data"]
    booked = {
        a["worker_id"]
        for a in _json(f"{server}/api/absences?unit_id={team}", token=token)["data"]
        if date.fromisoformat(a["start_date"]) <= date.today() + timedelta(days=14)
    }
    demo_worker = _json(f"{server}/api/auth/me", token=_token(server, "worker"))["worker_id"]  # stays to cover
    free = [
        w
        for w in workers
        if w["case_holder"]
        and w["presence"] == "present"
        and w["families"]
        and w["id"] not in booked
        and not w["leaving_date"]
        and w["id"] != demo_worker
    ]
    busiest = max(free, key=lambda w: w["families"])
    today = date.today()
    _json(
        f"{server}/api/absences",
        {
            "worker_id": busiest["id"],
            "start_date": today.isoformat(),
            "end_date": (today + timedelta(days=13)).isoformat(),
            "kind": "sickness",
            "planned": False,
        },
        token=token,
    )


def test_the_board_flags_an_away_workers_families_without_cover(page, server, shot):
    _someone_away_today(server)
    sign_in(page, "manager")
    absences = page.get_by_role("region", name=re.compile(r"^Absences now and ahead"))
    flagged = absences.locator("li.absence.flagged").first
    expect(flagged).to_contain_text(re.compile(r"\d+ of \d+ famil(y|ies) without cover"))
    expect(
        flagged.get_by_role("list", name=re.compile("families without cover")).get_by_role("listitem").first
    ).to_be_visible()
    expect(flagged.get_by_role("button", name=re.compile(r"^Plan cover for "))).to_be_enabled()
    shot("board-absences")


def test_accepted_cover_shows_on_the_covering_workers_page_and_load(page, server, shot):
    _someone_away_today(server)
    me = _json(f"{server}/api/me/caseload", token=_token(server, "worker"))
    name, load_before = me["worker"]["name"], me["worker"]["load"]
    sign_in(page, "manager")
    flagged = page.locator("li.absence.flagged").first
    away = flagged.locator("strong").first.inner_text()
    flagged.get_by_role("button", name=re.compile(r"^Plan cover for ")).click()
    _wait_for_plan(page)
    first = page.locator("li.assignment").first
    legend = first.locator("legend").inner_text()
    if name not in legend:  # the manager gives the first family's cover to the demo worker
        first.get_by_label("Give to instead").select_option(label=name)
        first.get_by_label(re.compile("Reason for overriding")).fill("Knows the family from school visits")
    page.get_by_role("button", name="Apply the ticked placements").click()
    expect(page.get_by_text(re.compile(r"^Applied \d+ changes?\."))).to_be_visible()

    page.context.clear_cookies()  # signed out: the worker signs in afresh
    sign_in(page, "worker")
    covering = page.get_by_role("table", name="Families I am covering")
    expect(covering).to_contain_text(re.compile(f"Covering for {re.escape(away)} until \\d+ \\w+ \\d{{4}}"))
    shot("worker-covering")
    load_after = _json(f"{server}/api/me/caseload", token=_token(server, "worker"))["worker"]["load"]
    assert load_after > load_before
    expect(page.locator(".load-text").first).to_contain_text(re.sub(r"\.0$", "", f"{load_after:g}"))


def test_a_manual_allocation_above_the_surge_limit_needs_a_reason(page, server, shot):
    from datetime import date

    # A large sibling group on child protection arrives: whoever takes it goes above the surge limit.
    token = _token(server, "manager")
    team = _json(f"{server}/api/auth/me", token=token)["unit_id"]
    _json(
        f"{server}/api/families",
        {
            "code": "E2E-SIBLINGS",
            "name": "Family of the Okafor siblings",
            "unit_id": team,
            "received_on": date.today().isoformat(),
            "children": [{"first_name": f"Child {n}", "birth_year": 2012 + n, "status": "cp"} for n in range(8)],
        },
        token=token,
    )
    sign_in(page, "manager")
    page.get_by_label("Family", exact=True).select_option(label="Family of the Okafor siblings (unallocated)")
    choices = (
        page.locator("div.radio")
        .filter(has_text="above the surge limit")
        .filter(has=page.locator("input:not([disabled])"))
    )
    above = choices.first
    worker = above.locator("label").inner_text().split(":")[0]
    above.locator("input").check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"Give the reason for taking {worker} above the surge limit")
    shot("manual-allocation-needs-reason")
    page.get_by_label(re.compile(r"^Reason \(needed")).fill("Only worker with court experience; review in two weeks")
    page.get_by_role("button", name="Allocate", exact=True).click()
    expect(page.get_by_text(re.compile(f"is now allocated to {re.escape(worker)}\\."))).to_be_visible()
