"""A Keel server started on loopback by the browser tests and the load benchmarks: a free port,
and the wait until `/api/health` answers ok (or the process dies first)."""

import json
import socket
import subprocess
import time
import urllib.request
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
