"""The background-job registry shared by plan and import jobs, kept in the database: outcomes,
progress, fair turns between queues, the limit per person, keeping finished jobs for their lifetime,
ids across restarts, each job taken exactly once by several registries (as by several server
processes), and jobs taken back from a process that stopped. On SQLite and PostgreSQL."""

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select, update

from backend.services import jobs
from backend.services.jobs import JOBS, Job, JobFailed, JobRegistry, TooManyJobs


@dataclass(kw_only=True)
class NamedJob(Job):
    """A job whose work is looked up by its name (the work must be found again after a restart)."""

    name: str
    said: str = ""

    def inputs(self) -> dict[str, Any]:
        return {"name": self.name}

    def outputs(self) -> dict[str, Any]:
        return {"said": self.said}

    def take_outputs(self, outputs: dict[str, Any]) -> None:
        self.said = outputs["said"]


class Works:
    """Work by job name; records the order jobs start in, and can hold each until its gate opens."""

    def __init__(self):
        self.started: list[str] = []
        self.gates: dict[str, threading.Event] = {}
        self.works: dict[str, Any] = {}

    def __call__(self, engine, job: NamedJob) -> None:
        self.started.append(job.name)
        if job.name in self.gates:
            assert self.gates[job.name].wait(30), f"{job.name} was never released"
        self.works.get(job.name, lambda job: None)(job)

    def held(self, *names: str) -> None:
        for name in names:
            self.gates[name] = threading.Event()

    def open(self, *names: str) -> None:
        for name in names:
            self.gates[name].set()


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"waited 30 s for {what}"
        time.sleep(0.01)


def finished(registry: JobRegistry, engine, job: Job) -> Job:
    wait_until(lambda: not registry.get(engine, job.id).active, f"job {job.id} to finish")
    return registry.get(engine, job.id)


def registry_for(works: Works, kind: str = "test", **options) -> JobRegistry:
    return JobRegistry(kind, NamedJob, works, **{"workers": 1, **options})


def ask(registry: JobRegistry, engine, name: str, requested_by: int = 1, queue: str | None = None) -> NamedJob:
    return registry.submit(engine, NamedJob(name=name, requested_by=requested_by, queue=queue))


def test_a_job_is_done_when_its_work_returns_and_failed_when_it_raises(engine):
    works = Works()
    registry = registry_for(works)
    works.works = {
        "half": lambda job: (job.report(0.5, "Half way"), setattr(job, "said", "hello")),
        "nothing": lambda job: (_ for _ in ()).throw(JobFailed("Nothing to do")),
        "crash": lambda job: 1 / 0,
    }
    done = finished(registry, engine, ask(registry, engine, "half"))
    assert (done.status, done.progress, done.message, done.said) == ("done", 1.0, "Half way", "hello")
    said = finished(registry, engine, ask(registry, engine, "nothing"))
    assert (said.status, said.message) == ("failed", "Nothing to do")
    crashed = finished(registry, engine, ask(registry, engine, "crash"))
    assert crashed.status == "failed" and crashed.message == "The job could not be completed (ZeroDivisionError)"
    assert registry.get(engine, "unknown") is None
    assert registry_for(Works(), kind="other").get(engine, done.id) is None  # another kind's job is not its


def test_progress_never_goes_back_stays_below_one_until_the_end_and_is_seen_by_every_reader(engine, monkeypatch):
    monkeypatch.setattr(jobs, "SAVE_PROGRESS_EVERY_S", 0.0)
    works, seen, release = Works(), [], threading.Event()

    def work(job: Job) -> None:
        for fraction in (0.2, 0.6, 0.4, 1.0):
            job.report(fraction, f"at {fraction}")
            seen.append(job.progress)
        release.wait(10)

    works.works["steps"] = work
    registry = registry_for(works)
    job = ask(registry, engine, "steps")
    wait_until(lambda: len(seen) == 4, "four reports")
    stored = registry.get(engine, job.id)
    assert seen == [0.2, 0.6, 0.6, 0.99] and (stored.status, stored.progress, stored.message) == (
        "running",
        0.99,
        "at 1.0",
    )
    release.set()
    assert finished(registry, engine, job).progress == 1.0


def test_a_queue_with_a_backlog_does_not_hold_up_another_queue(engine):
    """Plans' settings: two threads, one running job per team. Team A's backlog takes one thread;
    team B's job takes the other at once, while A's earlier jobs are still waiting."""
    works = Works()
    works.held("A1", "A2", "A3", "A4", "B1")
    registry = registry_for(works, workers=2, per_queue=1)
    team_a = [ask(registry, engine, f"A{n}", requested_by=n, queue="A") for n in range(1, 5)]
    team_b = ask(registry, engine, "B1", requested_by=9, queue="B")
    wait_until(lambda: works.started == ["A1", "B1"], "A1 and B1 to start")
    works.open("B1")
    finished(registry, engine, team_b)
    assert [registry.get(engine, job.id).status for job in team_a] == ["running", "queued", "queued", "queued"]
    works.open("A1", "A2", "A3", "A4")
    assert all(finished(registry, engine, job).status == "done" for job in team_a)
    assert works.started == ["A1", "B1", "A2", "A3", "A4"]


def test_a_free_thread_serves_the_queue_served_least_recently(engine):
    works = Works()
    works.held("A1", "A2", "A3", "B1", "C1")
    registry = registry_for(works)
    a1 = ask(registry, engine, "A1", queue="A")
    wait_until(lambda: works.started == ["A1"], "A1 to start")
    later = [ask(registry, engine, name, queue=name[0]) for name in ("A2", "A3", "B1", "C1")]
    works.open("A1", "A2", "A3", "B1", "C1")
    for job in (a1, *later):
        finished(registry, engine, job)
    assert works.started == ["A1", "B1", "C1", "A2", "A3"]


def test_a_person_has_at_most_their_limit_of_jobs_waiting_or_running(engine):
    works = Works()
    works.held("J0", "J1", "J2", "K0", "J4")
    registry = registry_for(works, per_requester=3)
    mine = [ask(registry, engine, f"J{n}") for n in range(3)]
    refused = NamedJob(name="J3", requested_by=1)
    with pytest.raises(TooManyJobs):
        registry.submit(engine, refused)
    assert registry.get(engine, refused.id) is None
    others = ask(registry, engine, "K0", requested_by=2)  # someone else is not held back
    works.open("J0")
    finished(registry, engine, mine[0])
    again = ask(registry, engine, "J4")  # one finished: room again
    works.open("J1", "J2", "K0", "J4")
    assert all(finished(registry, engine, job).status == "done" for job in (*mine, others, again))


class Clock:
    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def test_a_finished_job_is_kept_for_its_lifetime_whatever_others_ask_for(engine):
    clock, works = Clock(), Works()
    registry = registry_for(works, kept_per_requester=5, lifetime=lambda: timedelta(hours=2), clock=clock)
    mine = finished(registry, engine, ask(registry, engine, "mine", requested_by=1))
    assert mine.expires_at == clock.now + timedelta(hours=2)
    flood = [finished(registry, engine, ask(registry, engine, f"flood{n}", requested_by=2)) for n in range(12)]
    assert registry.get(engine, mine.id).status == "done"  # another person's 12 jobs evict none of mine
    assert [registry.get(engine, j.id) is not None for j in flood] == [False] * 7 + [True] * 5  # their own oldest
    clock.now += timedelta(hours=1, minutes=59)
    assert registry.get(engine, mine.id) is not None
    clock.now += timedelta(minutes=1)
    assert registry.get(engine, mine.id) is None
    assert all(registry.get(engine, j.id) is None for j in flood)


def test_a_job_outlives_the_registry_that_ran_it(engine):
    """A restart: a new registry of the kind (as in a new process) reads the job and its outputs."""
    works = Works()
    works.works["kept"] = lambda job: setattr(job, "said", "still here")
    done = finished(registry_for(works), engine, ask(registry_for(works), engine, "kept"))
    again = registry_for(Works()).get(engine, done.id)
    assert (again.status, again.said, again.requested_by) == ("done", "still here", 1)


def test_an_id_from_before_a_restart_is_recognised():
    current = jobs.new_job_id()
    earlier = f"{jobs.PROCESS_START_MS - 60_000:x}-{current.split('-')[1]}"
    assert jobs.issued_before_restart(earlier)
    assert not jobs.issued_before_restart(current)
    assert not any(map(jobs.issued_before_restart, ("not-a-plan", "0-1", earlier.upper(), earlier + "0")))


def test_several_registries_on_one_database_take_each_job_exactly_once(engine):
    """As several server processes would: each has its own threads and takes jobs from the table."""
    works = Works()
    lock = threading.Lock()
    runs: Counter[str] = Counter()

    def count(job: Job) -> None:
        with lock:
            runs[job.name] += 1
        time.sleep(0.01)

    registries = [registry_for(works, workers=2) for _ in range(3)]
    names = [f"job{n}" for n in range(24)]
    works.works = dict.fromkeys(names, count)
    asked = [ask(registries[n % 3], engine, name, requested_by=n % 5) for n, name in enumerate(names)]
    for registry in registries:  # each polls, as serve_jobs does
        registry.dispatch(engine)
    assert all(finished(registries[0], engine, job).status == "done" for job in asked)
    assert runs == Counter(dict.fromkeys(names, 1))


def _stop_the_process_running(engine, job_id: str, *, silent_for: timedelta) -> None:
    """What a killed process leaves: the job running, owned by a process that no longer beats."""
    with engine.begin() as connection:
        connection.execute(
            update(JOBS)
            .where(JOBS.c.id == job_id)
            .values(owner="gone:1:0", heartbeat_at=datetime.now(timezone.utc) - silent_for)
        )


@dataclass(kw_only=True)
class OnceOnlyJob(NamedJob):
    crash_message = "The thing could not be done"
    resumable = False


def test_a_job_whose_process_stopped_is_run_again_or_clearly_failed_never_left_running(engine):
    works = Works()
    works.held("resumed", "once")
    resumable, once_only = registry_for(works, kind="again"), JobRegistry("once", OnceOnlyJob, works, workers=1)
    first = ask(resumable, engine, "resumed")
    other = once_only.submit(engine, OnceOnlyJob(name="once", requested_by=1))
    wait_until(lambda: sorted(works.started) == ["once", "resumed"], "both to start")
    for job in (first, other):
        _stop_the_process_running(engine, job.id, silent_for=jobs.STALE_AFTER - timedelta(seconds=3))
    assert resumable.recover(engine) == 0 and once_only.recover(engine) == 0  # silent, but not for long
    for job in (first, other):
        _stop_the_process_running(engine, job.id, silent_for=jobs.STALE_AFTER + timedelta(seconds=1))
    works.open("resumed", "once")  # the stopped process's threads would never report: their end is ignored
    assert resumable.recover(engine) == 1 and once_only.recover(engine) == 1
    failed = once_only.get(engine, other.id)
    assert (failed.status, failed.message) == (
        "failed",
        "Keel stopped while working on this: the thing could not be done",
    )
    resumable.dispatch(engine)
    again = finished(resumable, engine, first)
    assert (again.status, again.attempts) == ("done", 2) and works.started.count("resumed") == 2


def test_a_job_that_stops_keel_every_time_is_failed_after_the_last_attempt(engine):
    works = Works()
    works.held("fatal")
    registry = registry_for(works, workers=jobs.MAX_ATTEMPTS)  # each stopped attempt keeps its thread here
    job = ask(registry, engine, "fatal")
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        wait_until(lambda n=attempt: registry.get(engine, job.id).attempts == n, f"attempt {attempt}")
        _stop_the_process_running(engine, job.id, silent_for=jobs.STALE_AFTER * 2)
        assert registry.recover(engine) == 1
        registry.dispatch(engine)
    given_up = registry.get(engine, job.id)
    assert given_up.status == "failed" and f"({jobs.MAX_ATTEMPTS} times)" in given_up.message
    with engine.connect() as connection:
        assert connection.execute(select(JOBS.c.owner).where(JOBS.c.id == job.id)).scalar_one() is None
    works.open("fatal")


def test_a_forecast_is_worked_out_as_a_job_and_asked_for_once_while_it_waits(engine, monkeypatch):
    from backend.services import forecast_jobs, resilience

    worked_out, release = [], threading.Event()

    def assess(session, on, progress=None):
        progress("collapse", 1, 2)
        release.wait(30)
        worked_out.append(on)

    monkeypatch.setattr(resilience, "assess", assess)
    today, tomorrow = datetime.now(timezone.utc).date(), datetime.now(timezone.utc).date() + timedelta(days=1)
    first = forecast_jobs.request_forecast(engine, today)  # taken at once: one thread
    waiting = forecast_jobs.request_forecast(engine, tomorrow)
    assert forecast_jobs.request_forecast(engine, tomorrow).id == waiting.id  # asked for once while it waits
    release.set()
    registry = forecast_jobs._registry
    assert [finished(registry, engine, job).status for job in (first, waiting)] == ["done", "done"]
    assert worked_out == [today, tomorrow] and registry.get(engine, first.id).message == "Forecast ready"
