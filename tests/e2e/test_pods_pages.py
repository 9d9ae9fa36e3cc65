"""Pods in the browser (issue 11), on Northbridge, whose Coldharbour team allocates to three pods:
the team's manager sees each pod's load and accountable children against the limit, its members and
their shares, and is offered pods (not their members) for a family; a pod member's "My caseload"
lists the pod's families and their share; a leader compares the team with its pods merged."""

import re

import httpx
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, expect_no_alert, sign_in, take_shot

# the unit's figures wait for the day's forecast of the default council: minutes on a machine under heavy load
FORECAST_TIMEOUT_MS = 300_000


LOADING_MS = 60_000  # the default council's pictures take a while on a busy machine


def _api(server: str, user: str) -> httpx.Client:
    token = httpx.post(
        f"{server}/api/auth/token", json={"username": user, "password": DEMO_PASSWORD}, timeout=60
    ).json()["token"]
    return httpx.Client(base_url=server, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def _pod_team(server: str) -> dict:
    with _api(server, "leader") as leader:
        team = next(
            u
            for u in leader.get("/api/units", params={"kind": "team", "limit": 500}).json()["data"]
            if u["allocates_to"] == "pods"
        )
        pods = leader.get("/api/units", params={"parent_id": team["id"], "kind": "pod"}).json()["data"]
        member = next(
            w
            for w in leader.get("/api/workers", params={"unit_id": pods[0]["id"], "limit": 50}).json()["data"]
            if w["presence"] == "present" and w["role"] == "social_worker"
        )
    return {"team": team, "pods": pods, "member": member}


def test_the_pod_teams_board_shows_each_pods_load_children_and_shares(pods_page, pods_server):
    found = _pod_team(pods_server)
    sign_in(pods_page, f"manager.{found['team']['code'].lower()}")
    expect(pods_page.get_by_role("heading", name="Pods and their load (3)")).to_be_visible(timeout=LOADING_MS)
    for pod in found["pods"]:
        section = pods_page.get_by_role("region", name=re.compile(pod["name"]))
        expect(section).to_contain_text(f"{pod['pod_families']} families held by the pod")
        expect(section).to_contain_text(
            f"Consultant accountable for {pod['children_accountable']} children of a limit of 40"
        )
        expect(section.get_by_role("listitem")).to_have_count(3)
        expect(section).to_contain_text(re.compile(r"\d+% of " + re.escape(pod["name"]) + "'s load"))
    expect_no_alert(pods_page)
    take_shot(pods_page, "pods-board")

    pods_page.get_by_label("Family", exact=True).select_option(index=1)
    choices = pods_page.get_by_role("group", name=re.compile(r"^Who takes"))
    for pod in found["pods"]:
        expect(
            choices.get_by_label(re.compile("^" + re.escape(pod["name"]) + ": .*consultant accountable for"))
        ).to_be_visible()
    expect(choices.get_by_label(re.compile("^" + re.escape(found["member"]["name"]) + ":"))).to_have_count(0)
    take_shot(pods_page, "pods-manual-allocation")


def test_a_pod_member_sees_the_pods_families_and_their_share(pods_page, pods_server):
    found = _pod_team(pods_server)
    member, pod = found["member"], found["pods"][0]
    sign_in(pods_page, member["code"].lower())
    pods_page.goto("/me")
    share = pods_page.locator("#pod-share")
    expect(share).to_be_visible(timeout=LOADING_MS)
    expect(share).to_contain_text(f"You share the work of {pod['name']}: {pod['pod_families']} families held")
    expect(share).to_contain_text(re.compile(r"\d+% of " + re.escape(pod["name"]) + "'s load"))
    table = pods_page.get_by_role("table", name="My families")
    expect(table.get_by_role("cell", name=f"{pod['name']} (pod)")).to_have_count(pod["pod_families"])
    expect_no_alert(pods_page)
    take_shot(pods_page, "pods-my-caseload")


def test_a_leader_compares_the_pod_team_with_its_pods_merged(pods_page, pods_server):
    found = _pod_team(pods_server)
    sign_in(pods_page, "leader")
    pods_page.goto(f"/units/{found['team']['id']}")
    section = pods_page.get_by_role("region", name="Another structure")
    # the section comes with the unit's figures, which wait for the day's forecast of the default council
    expect(section.get_by_label("Organised as")).to_be_visible(timeout=FORECAST_TIMEOUT_MS)
    section.get_by_label("Organised as").select_option("merge_pods")
    section.get_by_role("button", name="Compare").click()
    result = section.get_by_role("table", name=re.compile("as it is and reorganised"))
    expect(result).to_be_visible(timeout=FORECAST_TIMEOUT_MS)
    expect(section).to_contain_text(f"As it is, {found['team']['name']} fails N-1")
    expect_no_alert(pods_page)
    take_shot(pods_page, "pods-structure-what-if")
