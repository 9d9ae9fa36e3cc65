"""A Keel server started on loopback by the browser tests and the load benchmarks: a free port,
and the wait until `/api/health` answers ok (or the process dies first)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


class ServerDidNotStart(RuntimeError):
    """`keel serve` exited, or did not answer within the deadline; the message says which."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, server: subprocess.Popen, deadline_s: float = 180, log: Path | None = None) -> None:
    """Return once `url/api/health` says ok; raise ServerDidNotStart with the server's output (its
    `log` file, or its stdout pipe) if it exits first or the deadline passes."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if server.poll() is not None:
            output = log.read_text()[-2000:] if log else (server.stdout.read() if server.stdout else "")
            raise ServerDidNotStart(f"keel serve exited early:\n{output}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if json.load(response).get("status") == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise ServerDidNotStart(f"keel serve did not answer {url}/api/health within {deadline_s:.0f} s")


@contextmanager
def keel_serving(env: dict, log: Path, *options: str, own_group: bool = False):
    """`keel serve` on a free loopback port with `env`, its output in `log`: yields (url, process) once
    healthy; stopped (terminated, then killed) afterwards. `own_group`: in a process group of its own,
    so that a test can kill it with its server processes (`os.killpg`)."""
    keel = Path(sys.executable).parent / "keel"
    port = free_port()
    with log.open("a") as output:
        process = subprocess.Popen(
            [str(keel), "serve", "--host", "127.0.0.1", "--port", str(port), *options],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=own_group,
            cwd=Path(__file__).resolve().parents[2],
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process, log=log)
        yield url, process
    finally:
        if process.poll() is None:
            _signal(process, signal.SIGTERM, own_group)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal(process, signal.SIGKILL, own_group)
                process.wait()


def _signal(process: subprocess.Popen, sent: signal.Signals, group: bool) -> None:
    try:
        os.killpg(process.pid, sent) if group else process.send_signal(sent)
    except ProcessLookupError:
        pass
