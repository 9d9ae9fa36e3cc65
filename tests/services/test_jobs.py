"""The background-job registry shared by plan and import jobs: outcomes, progress, eviction."""

import threading
import time

from backend.services.jobs import Job, JobFailed, JobRegistry


def run(registry: JobRegistry, work) -> Job:
    job = registry.submit(Job(requested_by=1), work)
    deadline = time.monotonic() + 30
    while job.status not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.01)
    return job


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


def test_the_registry_keeps_the_most_recent_jobs_dropping_finished_ones_first():
    registry = JobRegistry("test", workers=1, max_kept=3)
    jobs = [run(registry, lambda job: None) for _ in range(5)]
    assert [registry.get(j.id) is not None for j in jobs] == [False, False, True, True, True]
