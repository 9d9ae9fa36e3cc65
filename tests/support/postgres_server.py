"""A throwaway PostgreSQL server for the tests, started from the installed binaries in a temporary
directory. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.

The server is stopped by `stop()`, and also by a small watch process if the process that started
it ends without calling it (a test run stopped by a signal): before, those servers ran on."""

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.local_server import free_port


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (Debian: apt-get install postgresql); "
        "`make test` installs them through .ci/run on CI"
    )


class PostgresServer:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="keel-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)

    def _command(self, *args: str) -> list[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        return ["runuser", "-u", "postgres", "--", *command] if self.as_postgres else command

    def _run(self, *args: str) -> None:
        result = subprocess.run(self._command(*args), capture_output=True, text=True, cwd=self.dir)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> "PostgresServer":
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "keel",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8" if _has_c_utf8() else "--no-locale",
        )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "-t", "60", "start")
        self._watch()
        return self

    def _watch(self) -> None:
        """A process of its own session (a signal to the test run's process group does not reach it)
        that stops the server once this process has ended, unless `stop()` already removed it."""
        stop = self._command("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        subprocess.Popen(
            [sys.executable, "-c", _WATCH, str(os.getpid()), str(self.dir), *stop],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://keel@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except PostgresUnavailable:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


_WATCH = """
import os, shutil, subprocess, sys, time
owner, folder, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
while alive(owner) and os.path.isdir(folder):
    time.sleep(1)
if os.path.isdir(folder):
    subprocess.run(stop, capture_output=True, cwd=folder)
    shutil.rmtree(folder, ignore_errors=True)
"""


def _has_c_utf8() -> bool:
    return os.path.isdir("/usr/lib/locale/C.utf8") or os.path.isdir("/usr/lib/locale/C.UTF-8")


def wait_until_ready(url: str, timeout: float = 30.0) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            psycopg.connect(url.replace("+psycopg", ""), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
