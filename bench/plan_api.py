"""The daily question through the API: a team manager asks for a recommendation on the default
council, over real HTTP, and reads the finished plan.

    python -m bench.plan_api              # 20 plans, ~1 min with the server's start
    python -m bench.plan_api --plans 5

The server is `keel serve` in its own process on a throwaway SQLite database holding the default
demo council (as bench.load). The clock runs from sending `POST /api/plans` to reading the plan
`done` (`GET /api/plans/{id}`, asked every 10 ms); the first plan, which warms the server, is not
counted. Goal (issue #13): median 0.25 s or less. The median of `GET /api/health` in the same run
is the floor a request costs at all.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.load import PASSWORD, _prepare, _serve
from tests.support.local_server import free_port

POLL_S = 0.01
PLAN_DEADLINE_S = 120  # a bounded benchmark: a plan not done by then stops it with the plan's state


def _ask(http: httpx.Client, unit_id: int) -> tuple[float, dict]:
    started = time.perf_counter()
    job = http.post("/api/plans", json={"question": "recommend", "unit_id": unit_id})
    job.raise_for_status()
    while time.perf_counter() - started < PLAN_DEADLINE_S:
        plan = http.get(f"/api/plans/{job.json()['id']}").json()
        if plan["status"] not in ("queued", "running"):
            return time.perf_counter() - started, plan
        time.sleep(POLL_S)
    raise SystemExit(f"a plan was not finished after {PLAN_DEADLINE_S} s: {plan['status']}, {plan['message']}")


def run(plans: int) -> None:
    with tempfile.TemporaryDirectory(prefix="keel-plan-api-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'keel.db'}"
        env = {**os.environ, "DATABASE_URL": url}
        _prepare(url, env)
        port = free_port()
        server = _serve(env, port, folder / "server.log")
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
                signed = http.post("/api/auth/login", json={"username": "manager", "password": PASSWORD})
                signed.raise_for_status()
                http.headers["X-CSRF-Token"] = http.cookies["keel_csrf"]
                unit_id = signed.json()["user"]["unit_id"]
                _, first = _ask(http, unit_id)  # warms the server (imports, the council's picture)
                asked = [_ask(http, unit_id) for _ in range(plans)]
                health = []
                for _ in range(plans):
                    started = time.perf_counter()
                    http.get("/api/health").raise_for_status()
                    health.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=30)
    placed = len((first.get("plan") or {}).get("assignments", []))
    times = [seconds for seconds, _ in asked]
    solves = [(plan.get("plan") or {}).get("time_s") or 0.0 for _, plan in asked]
    print(
        f"recommend through the API, default council, the manager's team ({placed} placements in the plan), "
        f"{plans} plans: request to finished plan median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s (the plan's own solve: median {statistics.median(solves):.3f} s); "
        f"GET /api/health median {statistics.median(health) * 1000:.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plans", type=int, default=20)
    run(parser.parse_args().plans)


if __name__ == "__main__":
    main()
