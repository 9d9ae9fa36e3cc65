"""A real Dask cluster on loopback for the region tests: a scheduler and two worker processes
started with Dask's own commands (`dask scheduler`, `dask worker`), stopped at the end."""

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from backend.region.councils import generate, national_specs
from tests.support.local_server import free_port

DASK = str(Path(sys.executable).parent / "dask")


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)

    def worker_pids(self) -> dict[str, int]:
        return {name: p.pid for name, p in self.workers.items()}


def _wait_for_workers(address: str, count: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(count, timeout=timeout)


@pytest.fixture()
def cluster(tmp_path):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask.log"
    with logs.open("w") as log:
        scheduler = subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        running = Cluster(address, scheduler)
        try:
            for name in ("worker-1", "worker-2"):
                running.workers[name] = subprocess.Popen(
                    [
                        DASK,
                        "worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--name",
                        name,
                        "--no-dashboard",
                        "--no-nanny",
                        "--local-directory",
                        str(tmp_path / name),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            _wait_for_workers(address, 2)
            yield running
        finally:  # nothing to keep: stop every process at once
            for process in [*running.workers.values(), scheduler]:
                process.kill()
                process.wait(timeout=30)


SCENARIOS = 30


@pytest.fixture(scope="session")
def small_region():
    """Five small synthetic councils of varied condition."""
    return [generate(spec) for spec in national_specs(5, 5 * 42, seed=7)]


@pytest.fixture(scope="session")
def alone(small_region):
    """The region's forecast in this process, without Dask: the figures every other way must give."""
    from backend.region.forecast import forecast_region

    return forecast_region(small_region, processes=0, scenarios=SCENARIOS)
