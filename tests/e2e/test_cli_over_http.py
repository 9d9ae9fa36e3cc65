"""`keel --server URL ...` as a subprocess against a real `keel serve` (the e2e server), its answers
checked against what the API itself says (read here with plain httpx, not with KeelClient)."""

import json
import os
import subprocess

import httpx
import pytest

from tests.e2e.conftest import DEMO_PASSWORD, KEEL
from tests.support.cli import one_line_error, table_rows


def keel(*args: str, password: str = DEMO_PASSWORD) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEEL_")}
    env.update(KEEL_PASSWORD=password, COLUMNS="200")
    return subprocess.run([KEEL, *args], env=env, capture_output=True, text=True, timeout=300)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def api(server):
    """Signs in over plain HTTP and returns an httpx client carrying the bearer token."""
    opened = []

    def signed_in(username: str) -> httpx.Client:
        login = httpx.post(
            f"{server}/api/auth/token", json={"username": username, "password": DEMO_PASSWORD}, timeout=120
        )
        login.raise_for_status()
        client = httpx.Client(
            base_url=server, headers={"Authorization": f"Bearer {login.json()['token']}"}, timeout=120
        )
        opened.append(client)
        return client

    yield signed_in
    for client in opened:
        client.close()


def test_units_are_the_ones_the_api_shows_the_manager(server, api):
    units = api("manager").get("/api/units", params={"limit": 500}).json()["data"]
    rows = table_rows(ok(keel("--server", server, "--user", "manager", "units")))
    assert units and len(rows) == len(units)
    for unit in units:
        row = next(r for r in rows if f" {unit['code']} " in r)
        assert f"{unit['load']:.1f} / {unit['capacity']:.1f}" in row
        assert f" {unit['kind']} " in row


def test_recommend_as_json_accounts_for_every_waiting_family(server, api):
    manager = api("manager")
    team = next(u for u in manager.get("/api/units").json()["data"] if u["kind"] == "team")
    waiting = {
        f["id"]
        for f in manager.get("/api/families", params={"unit_id": team["id"], "unallocated": True, "limit": 500}).json()[
            "data"
        ]
    }
    plan = json.loads(
        ok(
            keel(
                "--server",
                server,
                "--user",
                "manager",
                "plan",
                "recommend",
                "--unit",
                team["code"],
                "--time-limit",
                "5",
                "--json",
            )
        )
    )
    placed = {a["family_id"] for a in plan["assignments"]}
    left = {u["family_id"] for u in plan["unallocated"]}
    assert plan["status"] in ("optimal", "feasible")
    assert placed | left == waiting and not placed & left
    assert all(a["reasons"] and a["worker_id"] for a in plan["assignments"])


def test_resilience_grid_is_the_servers(server, api):
    grid = api("leader").get("/api/resilience/heatmap").json()
    rows = table_rows(ok(keel("--server", server, "--user", "leader", "resilience", "--weeks", "2")))
    assert len(rows) == len(grid["units"])
    for unit in grid["units"]:
        row = next(r for r in rows if f" {unit['code']} " in r)
        assert unit["stage"].replace("_", " ") in row
        assert row.count("%") == 2


def test_a_wrong_password_is_one_line(server):
    result = keel("--server", server, "--user", "manager", "units", password="not the password")
    assert one_line_error(result, 1) == "keel: 401 Wrong username or password"


def test_no_server_is_one_line_and_exit_2():
    assert "needs a Keel server: give --server URL" in one_line_error(keel("--user", "manager", "units"), 2)
