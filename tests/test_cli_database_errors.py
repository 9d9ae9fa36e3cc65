"""A bad or unreachable DATABASE_URL gives one line of error and exit code 2, never a traceback."""

import os
import socket
import subprocess
import sys

import pytest


def _keel(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "backend.cli", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("url, words", [
    ("not a url", "not a valid database URL"),
    ("mysql://keel@localhost/keel", "must be sqlite or postgresql"),
    ("postgresql://keel@127.0.0.1:{port}/keel", "cannot reach the database"),
], ids=["not-a-url", "mysql", "unreachable-postgresql"])
def test_bad_database_url_is_one_line(url, words):
    result = _keel("migrate", database_url=url.format(port=_closed_port()))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
