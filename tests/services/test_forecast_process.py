"""The forecast's heavy work runs in a separate, low-priority process (services/forecast_process.py):
the same figures as in the server's own process, progress sent back, errors raised as themselves,
and a forecast process that dies replaced without losing the call."""

import os
import signal
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from backend.models import Absence, Worker
from backend.services import forecast_process, resilience
from backend.services.planning import resilience as planning
from optimizer.contract import SnapshotError


def where_am_i(report) -> tuple[int, int]:
    for done in range(1, 4):
        report("collapse", done, 3)
    return os.getpid(), os.nice(0)


def refuse(report) -> None:
    raise SnapshotError("workers[2].unit", "no such unit")


def die_first(marker: str, report) -> int:
    if not os.path.exists(marker):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid()


def test_work_runs_in_another_process_at_lower_priority_and_reports_progress():
    seen = []
    pid, niceness = forecast_process.run(where_am_i, progress=lambda *step: seen.append(step))
    assert pid != os.getpid()
    assert niceness >= os.nice(0) + forecast_process.NICENESS or niceness == 19
    for _ in range(500):  # progress arrives through a queue, read by a thread of this process
        if len(seen) == 3:
            break
        threading_wait(0.01)
    assert seen == [("collapse", 1, 3), ("collapse", 2, 3), ("collapse", 3, 3)]


def test_an_error_there_is_raised_here_as_itself():
    with pytest.raises(SnapshotError) as raised:
        forecast_process.run(refuse)
    assert raised.value.path == "workers[2].unit"


def test_a_forecast_process_that_dies_is_replaced_and_the_call_answered(tmp_path):
    before, _ = forecast_process.run(where_am_i)
    after = forecast_process.run(die_first, str(tmp_path / "killed-once"))
    assert (tmp_path / "killed-once").exists()  # the first process really died mid-call
    assert after not in (before, os.getpid())


def test_the_heatmap_from_the_forecast_process_equals_the_one_worked_out_here(engine, monkeypatch):
    from backend.config import get_settings

    on = date(2031, 2, 3)  # a day no other test asks for
    with Session(engine) as session:
        snapshot = resilience.snapshot_of(session, on)
    there = forecast_process.run(planning.assess, snapshot)
    monkeypatch.setenv("KEEL_FORECAST_PROCESS", "false")
    get_settings.cache_clear()
    try:
        here = forecast_process.run(planning.assess, snapshot)
    finally:
        get_settings.cache_clear()
    assert there["units"]
    assert {**there, "time_s": None} == {**here, "time_s": None}  # all but the time it took


def threading_wait(seconds: float) -> None:
    import threading

    threading.Event().wait(seconds)


def test_the_forecast_process_ends_when_its_server_is_killed(tmp_path):
    """A server stopped by SIGKILL runs no clean-up: its forecast process must not outlive it."""
    import subprocess
    import sys
    import time

    script = tmp_path / "server.py"
    script.write_text(
        "import time\n"
        "from backend.services import forecast_process\n"
        "from tests.services.test_forecast_process import where_am_i\n"
        "if __name__ == '__main__':\n"
        "    pid, _ = forecast_process.run(where_am_i)\n"
        "    print(pid, flush=True)\n"
        "    time.sleep(600)\n"
    )
    server = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    try:
        child = int(server.stdout.readline())
        os.kill(child, 0)  # alive while its server is
        server.kill()
        server.wait(30)
        for _ in range(200):
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(child, signal.SIGKILL)
            raise AssertionError("the forecast process outlived its killed server")
    finally:
        server.kill()


def started_then_wait(queue, server: int) -> None:
    forecast_process._start_child(queue, server)
    import time

    time.sleep(60)


def test_a_forecast_process_whose_server_died_before_it_started_ends():
    """The server may die between starting the forecast process and that process's first line (a
    server stopped while warming up): the process must not then take its new parent for its server."""
    import multiprocessing
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    context = multiprocessing.get_context("spawn")
    queue = context.SimpleQueue()  # held here until the child has it: start() lets go of the arguments
    process = context.Process(target=started_then_wait, args=(queue, gone.pid))
    process.start()
    process.join(30)
    try:
        assert process.exitcode == 0
    finally:
        process.kill()


def test_the_forecast_process_reads_the_council_itself_and_finds_the_same_forecast(engine):
    """The heatmap's forecast: the forecast process reads the rows from the database (not the
    server, whose requests it would stall), and its answer is the one worked out here from rows
    read here; a change committed since is in it."""
    on = date(2031, 2, 4)  # a day no other test asks for
    address = engine.url.render_as_string(hide_password=False)
    with Session(engine) as session:
        here = planning.assess(resilience.snapshot_of(session, on))
    there = forecast_process.run(planning.assess_database, address, on)
    assert there["units"]
    assert {**there, "time_s": None} == {**here, "time_s": None}
    with Session(engine) as session:
        worker = session.scalars(select(Worker).where(Worker.role == "social_worker")).first()
        session.add(Absence(worker_id=worker.id, start_date=on, end_date=on + timedelta(days=60), kind="sickness"))
        session.commit()
        changed = planning.assess(resilience.snapshot_of(session, on))
    assert changed != here
    again = forecast_process.run(planning.assess_database, address, on)
    assert {**again, "time_s": None} == {**changed, "time_s": None}
