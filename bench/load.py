"""100 users on one Keel server, over real HTTP on loopback, with Locust (headless, bounded users and
time): 90 team managers reading their board and 10 leaders on the heatmap, each waiting 1-2 s
between requests; then the same with 20 managers writing (absences, referrals); then the readers
with no wait at all, to find where the server saturates (past it, it must slow down, never fail).

    python -m bench.load --quick                   # SQLite, 30 s a scenario (~3 min)
    python -m bench.load --database postgres       # a throwaway PostgreSQL server, 60 s a scenario
    python -m bench.load --database both
    python -m bench.load --database postgres --processes 2   # keel serve --workers 2, as in production
    python -m bench.load --quick --board lists     # a board read as the six lists the page asked before
    python -m bench.load --quick --scenarios read,write --rounds 3   # three pairs, each ratio and the median

The server is `keel serve` in its own process on the default demo council. Sign-ins happen before
the clock starts (bench/locustfile.py). Afterwards every write the server answered 201 is looked up
in the database: "lost" must be 0. Ratios are against the read-only run of the same invocation.
Goals (issue #18): reads alone 0 errors, board p95 <= 50 ms, warm heatmap p95 <= 200 ms; with writers
0 errors, nothing lost, reads' p95 within 4x of the read-only run (the "reads (all kinds)" line:
every read of a scenario together; "Aggregated" counts the writes too).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from statistics import median

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.monte_carlo import children_cpu  # noqa: E402
from tests.support.local_server import free_port, wait_for_health  # noqa: E402 (the repository root first)

ROOT = Path(__file__).resolve().parent.parent
KEEL = [sys.executable, "-m", "backend.cli"]
PASSWORD = "keel-demo"
SCENARIOS = ("read", "write", "flood")
# Users start over this many seconds, as people arrive, not all in the same instant; the figures are
# counted once all have started (before, the first second's 300 simultaneous requests were the p95).
RAMP_SECONDS = 10


def _prepare(database_url: str, env: dict) -> None:
    subprocess.run([*KEEL, "demo", "--size", "default"], env=env, check=True, capture_output=True)


def _serve(env: dict, port: int, log: Path, processes: int = 1) -> subprocess.Popen:
    with open(log, "w") as out:  # a file, not a pipe nobody reads: a full pipe would stall the server
        server = subprocess.Popen(
            [*KEEL, "serve", "--port", str(port), "--workers", str(processes)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    wait_for_health(f"http://127.0.0.1:{port}", server, log=log)
    return server


def _token(http: httpx.Client, username: str) -> str:
    from backend.client import KeelClient

    keel = KeelClient(http=http)
    keel.login(username, PASSWORD)
    return keel.token


def _accounts(base: str) -> dict:
    """Tokens for every team manager of the demo and the leader, with their team and its workers."""
    with httpx.Client(base_url=base, timeout=60) as http:
        admin = {"Authorization": f"Bearer {_token(http, 'admin')}"}
        users = http.get("/api/users", headers=admin, params={"limit": 500}).json()["data"]
        managers = []
        for user in users:
            if user["role"] != "team_manager" or not user["username"].startswith("manager.") or not user["unit_id"]:
                continue
            token = _token(http, user["username"])
            workers = http.get(
                "/api/workers",
                headers={"Authorization": f"Bearer {token}"},
                params={"unit_id": user["unit_id"], "limit": 500},
            ).json()["data"]
            managers.append(
                {
                    "token": token,
                    "unit_id": user["unit_id"],
                    "workers": [w["id"] for w in workers if w["role"] != "team_manager"],
                }
            )
        leader = {"token": _token(http, "leader")}
        http.get("/api/resilience/heatmap", headers={"Authorization": f"Bearer {leader['token']}"}, timeout=300)
        _wait_for_history(http, leader["token"], managers[0]["unit_id"] if managers else 1)
    return {"managers": managers, "leader": leader}


def _wait_for_history(http: httpx.Client, token: str, unit_id: int, seconds: float = 900) -> None:
    """The server's start-up work (the forecast, the units' history backfilled from the allocation
    history) is done before the clock starts: the figures are those of a server in its day."""
    today = date.today().isoformat()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        days = (
            http.get(
                f"/api/resilience/units/{unit_id}/history", headers={"Authorization": f"Bearer {token}"}, timeout=120
            )
            .json()
            .get("days", [])
        )
        if any(day.get("day") == today for day in days):
            return
        time.sleep(2)
    print("  (the units' history was still being recorded when the clock started)", flush=True)


def _cpu_seconds(pid: int, processes: int = 1) -> tuple[float, float]:
    """CPU time (user + system) the server's processes and, apart, their forecast processes have
    used: on a shared machine the fairer figure than wall-clock latency. With several server
    processes the first is uvicorn's supervisor and its children serve; below them are the forecast
    processes."""
    import psutil  # Locust's own dependency

    def cpu(process) -> float:
        return sum(process.cpu_times()[:2])

    top = psutil.Process(pid)
    servers = [top] + (top.children() if processes > 1 else [])
    serving = servers if processes == 1 else servers[1:]  # the supervisor's children serve; below them, forecasts
    below = {p.pid: p for s in serving for p in s.children(recursive=True)}
    return sum(map(cpu, servers)), sum(map(cpu, below.values()))


def _database_cpu(data: Path | None) -> float:
    """CPU time PostgreSQL's processes have used (the postmaster, its live backends and those that
    have ended), 0 for SQLite: on one machine the database competes with the server for the cores."""
    if data is None:
        return 0.0
    import psutil

    postmaster = psutil.Process(int((data / "postmaster.pid").read_text().split()[0]))
    times = postmaster.cpu_times()
    live = sum(sum(child.cpu_times()[:2]) for child in postmaster.children())
    return times.user + times.system + times.children_user + times.children_system + live


def _locust(
    base: str,
    scenario: str,
    seconds: int,
    folder: Path,
    tokens: Path,
    server: int,
    processes: int = 1,
    board: str = "one",
    database_data: Path | None = None,
    round_number: int = 0,
) -> dict[str, dict]:
    prefix = folder / scenario
    writes = folder / f"{scenario}-writes.json"
    env = {
        **os.environ,
        "KEEL_LOAD_SCENARIO": scenario,
        "KEEL_LOAD_TOKENS": str(tokens),
        "KEEL_LOAD_WRITES": str(writes),
        "KEEL_LOAD_BOARD": board,
        "KEEL_LOAD_ROUND": str(round_number),  # a round's absences never overlap an earlier round's
    }
    users = 120 if scenario == "write" else 100
    cpu = _cpu_seconds(server, processes)
    database_cpu = _database_cpu(database_data)
    locust_cpu = children_cpu()  # this process's finished children: around one Locust run, Locust's own
    finished = subprocess.run(
        [
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users / RAMP_SECONDS),
            "--reset-stats",  # the figures are the steady state, from the moment every user is running
            "--run-time",
            f"{seconds + RAMP_SECONDS}s",
            "--stop-timeout",
            "30",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
        ],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        executable=str(Path(sys.executable).with_name("locust")),
    )
    if not Path(f"{prefix}_stats.csv").exists():
        raise RuntimeError(f"locust wrote no figures (exit {finished.returncode}): {finished.stderr[-1500:]}")
    cpu = tuple(after - before for after, before in zip(_cpu_seconds(server, processes), cpu))
    print(f"  {scenario}: {users} users for {seconds} s done", flush=True)
    rows: dict = {
        "_cpu": cpu[0],
        "_forecast_cpu": cpu[1],
        "_locust_cpu": children_cpu() - locust_cpu,
        "_database_cpu": _database_cpu(database_data) - database_cpu,
    }
    with open(f"{prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": _number(row["Requests/s"]),
                "p50": _number(row["50%"]),
                "p95": _number(row["95%"]),
                "p99": _number(row["99%"]),
            }
    with open(f"{prefix}_failures.csv", newline="") as failures:
        rows["_errors"] = [f"{r['Occurrences']}x {r['Name']}: {r['Error'][:160]}" for r in csv.DictReader(failures)]
    written = json.loads(writes.read_text()) if writes.exists() else {}
    rows["_reads"] = _percentiles(written.pop("read_times", []))
    rows["_writes"] = written
    return rows


def _percentiles(times: list[float]) -> dict:
    """Every read together, as Locust's own rows give each kind of request."""
    ordered = sorted(times)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    return {"requests": len(ordered), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99)}


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # Locust writes N/A where nothing was measured
        return 0.0


def _lost(database_url: str, written: dict) -> int:
    from sqlalchemy import func, select
    from sqlmodel import Session

    from backend.db import make_engine
    from backend.models import Absence, Family

    engine = make_engine(database_url)
    lost = 0
    with Session(engine) as session:
        for model, ids in ((Absence, written.get("absences", [])), (Family, written.get("families", []))):
            if ids:
                found = session.scalar(select(func.count()).select_from(model).where(model.id.in_(ids)))
                lost += len(set(ids)) - found
    engine.dispose()
    return lost


def _report(database: str, results: dict[str, dict], lost: int) -> None:
    base = results.get("read", {})
    print(f"\n{database}: requests, failures, req/s, p50/p95/p99 ms (ratio of p95 to the read-only run)")
    for scenario, rows in results.items():
        print(f"  {scenario}")
        for name, row in sorted(rows.items()):
            if name.startswith("_"):
                continue
            ratio = ""
            if scenario != "read" and name in base and base[name]["p95"]:
                ratio = f"  x{row['p95'] / base[name]['p95']:.2f}"
            print(
                f"    {name:20} {row['requests']:6} {row['failures']:5} {row['rps']:7.1f}"
                f"  {row['p50']:6.0f}/{row['p95']:6.0f}/{row['p99']:6.0f}{ratio}"
            )
        reads, base_reads = rows.get("_reads", {}), base.get("_reads", {})
        if reads.get("requests"):
            ratio = f"  x{reads['p95'] / base_reads['p95']:.2f}" if scenario != "read" and base_reads.get("p95") else ""
            print(
                f"    {'reads (all kinds)':20} {reads['requests']:6}{'':14}"
                f"  {reads['p50']:6.0f}/{reads['p95']:6.0f}/{reads['p99']:6.0f}{ratio}"
            )
        total = rows.get("Aggregated", {}).get("requests", 0)
        if total:
            print(
                f"    server CPU {rows['_cpu']:.1f} s, {rows['_cpu'] / total * 1000:.1f} ms a request; "
                f"forecast process CPU {rows['_forecast_cpu']:.1f} s; Locust CPU {rows['_locust_cpu']:.1f} s"
                + (f"; PostgreSQL CPU {rows['_database_cpu']:.1f} s" if rows["_database_cpu"] else "")
            )
        for error in rows.get("_errors", [])[:6]:
            print(f"    ! {error}")
    written = results.get("write", {}).get("_writes", {})
    print(f"  writes answered 201: {sum(len(v) for v in written.values())}; lost: {lost}")


def _ratios(database: str, every_round: list[dict[str, dict]]) -> None:
    """Each round's reads' p95 with writers over its own read-only run's, and their median."""
    ratios = [
        results["write"]["_reads"]["p95"] / results["read"]["_reads"]["p95"]
        for results in every_round
        if results.get("write", {}).get("_reads", {}).get("p95")
        and results.get("read", {}).get("_reads", {}).get("p95")
    ]
    if ratios:
        each = ", ".join(f"x{ratio:.2f}" for ratio in ratios)
        print(
            f"\n{database}: reads' p95 with writers over reads alone, round by round: {each}; median x{median(ratios):.2f}"
        )


def _load_average() -> str:
    return "/".join(f"{figure:.1f}" for figure in os.getloadavg())


def run(
    database: str,
    seconds: int,
    processes: int = 1,
    scenarios: tuple[str, ...] = SCENARIOS,
    board: str = "one",
    rounds: int = 1,
) -> None:
    """`rounds`: the scenarios run that many times over on the same server, each round reported on its
    own, then every round's ratio of reads' p95 with writers to its own read-only run, and their
    median (on a shared machine whose speed drifts, one pair of runs can mislead). The writes of one
    round stay for the next: each round's boards list the absences of the rounds before it."""
    print(
        f"{database}, {processes} server process(es), board read as {board}: load average (1/5/15 min) at the "
        f"start {_load_average()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="keel-load-") as name:
        folder = Path(name)
        server_pg = None
        if database == "sqlite":
            url = f"sqlite:///{folder / 'keel.db'}"
        else:
            from tests.support.postgres_server import PostgresServer, wait_until_ready

            server_pg = PostgresServer().start()
            url = server_pg.url()
            wait_until_ready(url)
        env = {**os.environ, "DATABASE_URL": url}
        try:
            _prepare(url, env)
            port = free_port()
            server = _serve(env, port, folder / "server.log", processes)
            try:
                base = f"http://127.0.0.1:{port}"
                tokens = folder / "tokens.json"
                tokens.write_text(json.dumps(_accounts(base)))
                every_round = [
                    {
                        scenario: _locust(
                            base,
                            scenario,
                            seconds,
                            folder,
                            tokens,
                            server.pid,
                            processes,
                            board,
                            server_pg.data if server_pg is not None else None,
                            number,
                        )
                        for scenario in scenarios
                    }
                    for number in range(rounds)
                ]
            finally:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
            print(f"  load average at the end {_load_average()}")
            for number, results in enumerate(every_round, 1):
                title = database if rounds == 1 else f"{database}, round {number} of {rounds}"
                _report(title, results, _lost(url, results.get("write", {}).get("_writes", {})))
            if rounds > 1:
                _ratios(database, every_round)
            errors = [line for line in (folder / "server.log").read_text().splitlines() if "Error" in line]
            print(f"  server log: {len(errors)} error lines" + "".join(f"\n    {e[:200]}" for e in errors[-5:]))
        finally:
            if server_pg is not None:
                server_pg.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--seconds", type=int, default=60, help="length of each scenario")
    parser.add_argument("--quick", action="store_true", help="30 s a scenario")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="server processes (keel serve --workers; more than one needs PostgreSQL)",
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"which of {', '.join(SCENARIOS)} to run, comma-separated (default: all, in that order)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="run the scenarios this many times over on one server (default 1)"
    )
    parser.add_argument(
        "--board",
        choices=("one", "lists"),
        default="one",
        help="a manager's board read: one request (GET /api/units/{id}/board, as the page asks) or the six "
        "list requests the page made before",
    )
    args = parser.parse_args()
    scenarios = tuple(name.strip() for name in args.scenarios.split(",") if name.strip())
    if not scenarios or set(scenarios) - set(SCENARIOS):
        parser.error(f"--scenarios: choose from {', '.join(SCENARIOS)}")
    if args.processes > 1 and args.database != "postgres":
        parser.error("--processes above 1 needs --database postgres (SQLite serves one process)")
    seconds = 30 if args.quick else args.seconds
    for database in ("sqlite", "postgres") if args.database == "both" else (args.database,):
        run(database, seconds, args.processes, scenarios, args.board, max(1, args.rounds))


if __name__ == "__main__":
    main()
