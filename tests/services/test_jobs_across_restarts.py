"""Jobs kept in the database, with real `keel serve` processes: a server killed in the middle of a
plan job and started again finishes every plan (the one it was solving is solved again, never left
running); `keel serve --workers 2` on PostgreSQL takes each job exactly once."""

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from backend.client import KeelClient
from backend.services.jobs import JOBS
from tests.support.local_server import ServerDidNotStart, keel_serving

TEAMS = ("T01", "T02", "T01")  # the small council has two teams: the second T01 waits its turn


@contextmanager
def keel_serve(database_url: str, log: Path, *options: str):
    try:
        with keel_serving({**os.environ, "DATABASE_URL": database_url}, log, *options, own_group=True) as served:
            yield served
    except ServerDidNotStart as failed:
        pytest.fail(str(failed), pytrace=False)


def rows(engine, ids) -> dict[str, tuple]:
    with engine.connect() as connection:
        found = connection.execute(
            select(JOBS.c.id, JOBS.c.status, JOBS.c.attempts, JOBS.c.owner).where(JOBS.c.id.in_(list(ids)))
        ).all()
    return {row.id: (row.status, row.attempts, row.owner) for row in found}


def ask_for_rebalances(url: str) -> tuple[KeelClient, list[str]]:
    keel = KeelClient(url)
    keel.login("admin", "keel-demo")
    return keel, [keel.request_plan("rebalance", keel.unit_by_code(code).id, time_limit_s=20).id for code in TEAMS]


def test_a_server_killed_in_the_middle_of_a_plan_finishes_it_after_a_restart(sqlite_template, tmp_path):
    from backend.db import make_engine

    shutil.copy(sqlite_template, tmp_path / "keel.db")
    url_of_database = f"sqlite:///{tmp_path / 'keel.db'}"
    engine, log = make_engine(url_of_database), tmp_path / "serve.log"
    try:
        with keel_serve(url_of_database, log) as (url, process):
            keel, plans = ask_for_rebalances(url)
            deadline = time.monotonic() + 60
            while not any(status == "running" for status, _, _ in rows(engine, plans).values()):
                assert time.monotonic() < deadline, "no plan started within 60 s"
                time.sleep(0.02)
            os.killpg(process.pid, signal.SIGKILL)  # no chance to tidy up
            process.wait()
            keel.close()
        at_the_kill = rows(engine, plans)
        cut_off = [job for job, (status, _, _) in at_the_kill.items() if status == "running"]
        assert cut_off, f"the plans finished before the kill: {at_the_kill}"
        with keel_serve(url_of_database, log) as (url, _):
            with KeelClient(url) as keel:
                keel.login("admin", "keel-demo")
                answers = [keel.wait_for_plan(job, poll_s=0.2, timeout_s=120) for job in plans]
            assert [plan.status for plan in answers] == ["done"] * len(plans), [a.message for a in answers]
            assert all(plan.question == "rebalance" and plan.plan is not None and plan.plan.loads for plan in answers)
        after = rows(engine, plans)
        assert all(after[job][1] == 2 for job in cut_off)  # solved again from the start, once
        assert all(after[job][1] == 1 for job in plans if job not in cut_off)
    finally:
        engine.dispose()


def test_several_server_processes_on_postgresql_take_each_job_exactly_once(postgres_engine, tmp_path):
    url_of_database = postgres_engine.url.render_as_string(hide_password=False)
    with keel_serve(url_of_database, tmp_path / "serve.log", "--workers", "2") as (url, _):
        keel, plans = ask_for_rebalances(url)
        with keel:
            answers = [keel.wait_for_plan(job, poll_s=0.2, timeout_s=120) for job in plans]
    assert [plan.status for plan in answers] == ["done"] * len(plans), [a.message for a in answers]
    taken = rows(postgres_engine, plans)
    assert [taken[job][:2] for job in plans] == [("done", 1)] * len(plans)


def test_several_server_processes_need_postgresql(tmp_path):
    keel = str(Path(sys.executable).parent / "keel")
    result = subprocess.run(
        [keel, "serve", "--workers", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'keel.db'}"},
        timeout=60,
    )
    assert result.returncode != 0 and "need PostgreSQL" in result.stderr + result.stdout
