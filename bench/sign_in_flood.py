"""Sign-in flood benchmark over real HTTP: a manager reads the board while 30 anonymous clients, each
from its own loopback address (127.0.0.2 ... 127.0.0.31), send wrong passwords as fast as they can.
Prints the manager's read latency without and with the flood (the ratio is the cost of the flood), how
the flood was answered (401 checked, 429 throttled, 503 busy), and the server's peak memory.

    python -m bench.sign_in_flood                                  # this checkout, ~40 s
    python -m bench.sign_in_flood --keel /other/checkout/.venv/bin/keel   # the same against another one
    python -m bench.sign_in_flood --health      # the same flood on GET /api/health: any flood's cost

Figures from the security test of issue 18 (main before this change): 30 concurrent anonymous sign-ins
added 940 MiB and slowed managers' reads from 16 ms to 2.1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.local_server import free_port, wait_for_health  # noqa: E402 (the repository root first)

FLOODERS = 30
PHASE_S = 10.0
PASSWORD = "keel-demo"


def _manager_token(url: str) -> str:
    for route in ("/api/auth/token", "/api/auth/login"):  # the login route gave the token before /token
        answer = httpx.post(f"{url}{route}", json={"username": "manager", "password": PASSWORD}, timeout=30)
        if answer.status_code == 200 and "token" in answer.json():
            return answer.json()["token"]
    raise SystemExit(f"manager could not sign in: {answer.status_code} {answer.text}")


def _reads(url: str, token: str, stop: threading.Event) -> list[float]:
    times = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        while not stop.is_set():
            start = time.perf_counter()
            client.get("/api/families", params={"limit": 50}).raise_for_status()
            times.append(time.perf_counter() - start)
    return times


def _flood(url: str, address: str, stop: threading.Event, answers: Counter, lock: threading.Lock, health: bool) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, transport=transport, timeout=60) as client:
        n = 0
        while not stop.is_set():
            n += 1
            if health:
                status = client.get("/api/health").status_code
            else:
                guess = {"username": f"guess{n % 7}", "password": f"x{n}"}
                status = client.post("/api/auth/login", json=guess).status_code
            with lock:
                answers[status] += 1


def _timed_phase(url: str, token: str, flood: bool, health: bool = False) -> tuple[list[float], Counter]:
    stop, lock, answers = threading.Event(), threading.Lock(), Counter()
    threads = [
        threading.Thread(target=_flood, args=(url, f"127.0.0.{2 + i}", stop, answers, lock, health))
        for i in range(FLOODERS if flood else 0)
    ]
    for thread in threads:
        thread.start()
    result: list[float] = []
    reader = threading.Thread(target=lambda: result.extend(_reads(url, token, stop)))
    reader.start()
    time.sleep(PHASE_S)
    stop.set()
    for thread in [reader, *threads]:
        thread.join()
    return result, answers


def _p(times: list[float], q: int) -> float:
    if len(times) < 2:
        return times[0] * 1000 if times else float("nan")
    return statistics.quantiles(times, n=100)[q - 1] * 1000


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keel", default=str(Path(sys.executable).parent / "keel"), help="the keel command to serve")
    parser.add_argument(
        "--health",
        action="store_true",
        help="flood GET /api/health instead: what any flood of cheap requests costs, for comparison",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="keel-bench-") as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'keel.db'}", "KEEL_ENV": "development"}
        subprocess.run([args.keel, "demo", "--size", "small"], env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [args.keel, "serve", "--port", str(port)],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(url, server)
            token = _manager_token(url)
            quiet, _ = _timed_phase(url, token, flood=False)
            memory_quiet = _peak_mib(server.pid)
            flooded, answers = _timed_phase(url, token, flood=True, health=args.health)
            memory_flood = _peak_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"server: {args.keel}")
    print(f"manager reads, quiet:   {len(quiet):5} reads, p50 {_p(quiet, 50):7.1f} ms, p95 {_p(quiet, 95):7.1f} ms")
    print(
        f"manager reads, flooded: {len(flooded):5} reads, p50 {_p(flooded, 50):7.1f} ms, p95 {_p(flooded, 95):7.1f} ms"
    )
    print(f"flood cost (p50 ratio flooded / quiet): {_p(flooded, 50) / _p(quiet, 50):.1f}x")
    total = sum(answers.values())
    what = "health reads" if args.health else "sign-ins"
    print(
        f"flood: {total} {what} in {PHASE_S:.0f} s from {FLOODERS} addresses: "
        + ", ".join(f"{count} x {status}" for status, count in sorted(answers.items()))
    )
    print(
        f"server peak memory: {memory_quiet:.0f} MiB quiet, {memory_flood:.0f} MiB after the flood "
        f"(+{memory_flood - memory_quiet:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
