"""The background-job registry shared by plan and import jobs: outcomes, progress, fair turns
between queues, the limit per person, keeping finished jobs for their lifetime, ids across restarts."""

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from backend.services import jobs
from backend.services.jobs import Job, JobFailed, JobRegistry, TooManyJobs


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"waited 30 s for {what}"
        time.sleep(0.01)


def finished(job: Job) -> Job:
    wait_until(lambda: not job.active, f"job {job.id} to finish")
    return job


def run(registry: JobRegistry, work, requested_by: int = 1) -> Job:
    return finished(registry.submit(Job(requested_by=requested_by), work))


class Gates:
    """Work that records the order jobs start in and holds each until its gate opens."""

    def __init__(self):
        self.started: list[str] = []
        self.gates: dict[str, threading.Event] = {}

    def work(self, name: str):
        self.gates[name] = threading.Event()

        def held(job: Job) -> None:
            self.started.append(name)
            assert self.gates[name].wait(30), f"{name} was never released"
        return held

    def open(self, *names: str) -> None:
        for name in names:
            self.gates[name].set()


def test_a_job_is_done_when_its_work_returns_and_failed_when_it_raises():
    registry = JobRegistry("test", workers=1)
    done = run(registry, lambda job: job.report(0.5, "Half way"))
    assert (done.status, done.progress, done.message) == ("done", 1.0, "Half way")
    said = run(registry, lambda job: (_ for _ in ()).throw(JobFailed("Nothing to do")))
    assert (said.status, said.message) == ("failed", "Nothing to do")
    crashed = run(registry, lambda job: 1 / 0)
    assert crashed.status == "failed" and crashed.message == "The job could not be completed (ZeroDivisionError)"
    assert registry.get(done.id) is done and registry.get("unknown") is None


def test_progress_never_goes_back_and_stays_below_one_until_the_end():
    release = threading.Event()
    seen = []

    def work(job: Job) -> None:
        for fraction in (0.2, 0.6, 0.4, 1.0):
            job.report(fraction, f"at {fraction}")
            seen.append(job.progress)
        release.wait(10)

    registry = JobRegistry("test", workers=1)
    job = registry.submit(Job(requested_by=1), work)
    while len(seen) < 4:
        time.sleep(0.01)
    assert seen == [0.2, 0.6, 0.6, 0.99] and job.status == "running"
    release.set()
    assert run(registry, lambda job: None).status == "done" and job.progress == 1.0


def test_a_queue_with_a_backlog_does_not_hold_up_another_queue():
    """Plans' settings: two threads, one running job per team. Team A's backlog takes one thread;
    team B's job takes the other at once, while A's earlier jobs are still waiting."""
    registry, gates = JobRegistry("test", workers=2, per_queue=1), Gates()
    team_a = [registry.submit(Job(requested_by=n, queue="A"), gates.work(f"A{n}")) for n in range(1, 5)]
    team_b = registry.submit(Job(requested_by=9, queue="B"), gates.work("B1"))
    wait_until(lambda: gates.started == ["A1", "B1"], "A1 and B1 to start")
    gates.open("B1")
    finished(team_b)
    assert [job.status for job in team_a] == ["running", "queued", "queued", "queued"]
    gates.open("A1", "A2", "A3", "A4")
    for job in team_a:
        finished(job)
    assert gates.started == ["A1", "B1", "A2", "A3", "A4"]


def test_a_free_thread_serves_the_queue_served_least_recently():
    registry, gates = JobRegistry("test", workers=1), Gates()
    a1 = registry.submit(Job(requested_by=1, queue="A"), gates.work("A1"))
    wait_until(lambda: gates.started == ["A1"], "A1 to start")
    later = [registry.submit(Job(requested_by=1, queue=name[0]), gates.work(name))
             for name in ("A2", "A3", "B1", "C1")]
    gates.open("A1", "A2", "A3", "B1", "C1")
    for job in (a1, *later):
        finished(job)
    assert gates.started == ["A1", "B1", "C1", "A2", "A3"]


def test_a_person_has_at_most_their_limit_of_jobs_waiting_or_running():
    registry, gates = JobRegistry("test", workers=1, per_requester=3), Gates()
    mine = [registry.submit(Job(requested_by=1), gates.work(f"J{n}")) for n in range(3)]
    refused = Job(requested_by=1)
    with pytest.raises(TooManyJobs):
        registry.submit(refused, gates.work("J3"))
    assert registry.get(refused.id) is None
    others = registry.submit(Job(requested_by=2), gates.work("K0"))  # someone else is not held back
    gates.open("J0")
    finished(mine[0])
    again = registry.submit(Job(requested_by=1), gates.work("J4"))  # one finished: room again
    gates.open("J1", "J2", "K0", "J4")
    assert all(finished(job).status == "done" for job in (*mine, others, again))


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def test_a_finished_job_is_kept_for_its_lifetime_whatever_others_ask_for():
    clock = Clock()
    registry = JobRegistry("test", workers=1, kept_per_requester=5, lifetime=lambda: timedelta(hours=2),
                           clock=clock)
    mine = run(registry, lambda job: None, requested_by=1)
    assert mine.expires_at == clock.now + timedelta(hours=2)
    flood = [run(registry, lambda job: None, requested_by=2) for _ in range(40)]
    assert registry.get(mine.id) is mine  # another person's 40 jobs evict none of mine
    assert [registry.get(j.id) is not None for j in flood] == [False] * 35 + [True] * 5  # their own oldest
    clock.now += timedelta(hours=1, minutes=59)
    assert registry.get(mine.id) is mine
    clock.now += timedelta(minutes=1)
    assert registry.get(mine.id) is None
    assert all(registry.get(j.id) is None for j in flood)


def test_an_id_from_before_a_restart_is_recognised():
    current = jobs.new_job_id()
    earlier = f"{jobs.PROCESS_START_MS - 60_000:x}-{current.split('-')[1]}"
    assert jobs.issued_before_restart(earlier)
    assert not jobs.issued_before_restart(current)
    assert not any(map(jobs.issued_before_restart, ("not-a-plan", "0-1", earlier.upper(), earlier + "0")))
