"""The tests' own PostgreSQL servers end with the run that started them, even a run killed by a
signal (tests/support/postgres_server.py): none is left running on the machine."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.postgres_server import PostgresServer, PostgresUnavailable

ROOT = Path(__file__).resolve().parent.parent

STARTER = """
import os, sys
sys.path.insert(0, sys.argv[1])
from tests.support.postgres_server import PostgresServer
server = PostgresServer().start()
print(server.data, flush=True)
os.kill(os.getpid(), 9)  # ends without stop(): as a run killed by a signal
"""


def _command_lines() -> list[str]:
    """Every process's command line, from /proc (no procps needed)."""
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                pass  # ended meanwhile
    return lines


def _running(data: str) -> bool:
    return any(f"postgres -D {data}" in line for line in _command_lines())


def test_a_server_whose_starter_was_killed_is_stopped_and_removed():
    try:
        PostgresServer()  # the binaries are there (CI installs them): otherwise this says why
    except PostgresUnavailable as exc:
        pytest.fail(str(exc))
    started = subprocess.run([sys.executable, "-c", STARTER, str(ROOT)], capture_output=True, text=True, timeout=120)
    assert started.returncode == -9, started.stderr
    data = started.stdout.strip()
    assert data.endswith("/data")
    deadline = time.monotonic() + 20
    while (_running(data) or os.path.isdir(data)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(data)
    assert not os.path.isdir(Path(data).parent)


def test_a_server_stopped_as_usual_leaves_no_watch_behind():
    server = PostgresServer().start()
    folder = str(server.dir)
    server.stop()
    deadline = time.monotonic() + 10
    while _watches(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _watches(folder)
    assert not os.path.isdir(folder)


def _watches(folder: str) -> bool:
    return any(folder in line for line in _command_lines())
