"""A region's resilience forecast: every council's N-1/N-2, stages and collapse risk, and the
regional summary.

Each council is one task running `optimizer.resilience.assess_json` (through the planning bridge,
backend/services/planning/resilience.py), the very function that answers one council's resilience
question, so a council's figures are the same whichever way it runs. The tasks run on Dask distributed (docs/decisions/0009): in this process (`processes=0`), on a local
cluster of worker processes (the default, one per core), or on an existing cluster (`address`).
A worker process that dies has its tasks run again elsewhere by the scheduler; `retries` covers a
task that fails for another reason. Largest councils go first, so the slowest task never starts last.
"""

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backend.region.councils import Council
from backend.region.summary import council_summary, region_summary

Progress = Callable[[int, int, str], None]  # done, total, the council just finished
RETRIES = 2


@dataclass
class TaskResult:
    code: str
    summary: dict[str, Any]  # aggregates only (backend/region/summary.py)
    digest: str  # of the whole one-council answer, its timing left out: equal answers, equal digests
    seconds: float
    process: str  # where it ran: host:pid
    cpu_seconds: float = 0.0  # of its process: what the task costs whatever else the machine runs


@dataclass
class RegionForecast:
    councils: list[dict[str, Any]]
    summary: dict[str, Any]
    engine: str
    processes: int
    wall_s: float
    task_seconds: list[float] = field(default_factory=list)
    task_cpu_seconds: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        stages = self.councils[0].get("stages", []) if self.councils else []
        return {
            "engine": self.engine,
            "processes": self.processes,
            "wall_s": round(self.wall_s, 2),
            "summary": self.summary,
            "stages": stages,
            "councils": [{k: v for k, v in c.items() if k != "stages"} for c in self.councils],
        }


def assess_council(code: str, snapshot: dict[str, Any], scenarios: int | None = None) -> TaskResult:
    """One task: the council's resilience answer, summarised. Runs in whichever process Dask picks."""
    from backend.services.planning.resilience import assess

    started, cpu = time.perf_counter(), time.process_time()
    if scenarios is not None:
        snapshot = {**snapshot, "resilience": {**(snapshot.get("resilience") or {}), "scenarios": scenarios}}
    answer = assess(snapshot, cached=False)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return TaskResult(
        code=code,
        summary=council_summary(answer),
        digest=answer_digest(answer),
        seconds=seconds,
        process=f"{os.uname().nodename}:{os.getpid()}",
        cpu_seconds=cpu,
    )


def answer_digest(answer: dict[str, Any]) -> str:
    """A fingerprint of a resilience answer without its run time."""
    timeless = {k: v for k, v in answer.items() if k != "time_s"}
    return hashlib.sha256(json.dumps(timeless, sort_keys=True, default=str).encode()).hexdigest()


def forecast_region(
    councils: list[Council],
    *,
    address: str | None = None,
    processes: int | None = None,
    scenarios: int | None = None,
    progress: Progress | None = None,
) -> RegionForecast:
    """Every council's forecast and the regional summary. `processes=0` runs in this process without
    Dask; otherwise a local cluster of `processes` worker processes (default: one per core), unless
    `address` names an existing scheduler (`tcp://host:8786`)."""
    order = sorted(councils, key=lambda c: (-c.workers, c.code))
    started = time.perf_counter()
    if address is None and processes == 0:
        results, engine, used = _in_process(order, scenarios, progress), "in-process", 1
    else:
        results, engine, used = _on_dask(order, address, processes, scenarios, progress)
    wall = time.perf_counter() - started
    by_code = {r.code: r for r in results}
    rows = []
    for council in sorted(councils, key=lambda c: c.code):
        result = by_code[council.code]
        rows.append(
            {
                "code": council.code,
                "name": council.name,
                "condition": council.condition,
                "workers": council.workers,
                **result.summary,
                "digest": result.digest,
                "seconds": round(result.seconds, 3),
            }
        )
    return RegionForecast(
        councils=rows,
        summary=region_summary(rows),
        engine=engine,
        processes=used,
        wall_s=wall,
        task_seconds=[r.seconds for r in results],
        task_cpu_seconds=[r.cpu_seconds for r in results],
    )


def _in_process(councils: list[Council], scenarios: int | None, progress: Progress | None) -> list[TaskResult]:
    results = []
    for council in councils:
        results.append(assess_council(council.code, council.snapshot, scenarios))
        if progress:
            progress(len(results), len(councils), council.name)
    return results


def _on_dask(
    councils: list[Council],
    address: str | None,
    processes: int | None,
    scenarios: int | None,
    progress: Progress | None,
) -> tuple[list[TaskResult], str, int]:
    names = {c.code: c.name for c in councils}
    calls = [(c.code, c.snapshot, scenarios) for c in councils]
    return _map(
        assess_council,
        calls,
        [f"council-{c.code}" for c in councils],
        address,
        processes,
        lambda result: names[result.code],
        progress,
    )


def _map(
    function: Callable,
    calls: list,
    keys: list[str],
    address: str | None,
    processes: int | None,
    name_of: Callable[[Any], str],
    progress: Progress | None,
) -> tuple[list, str, int]:
    """`function` over `calls` (each a tuple of arguments, or one argument) on Dask, first submitted
    first run; results in the order they finish."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=processes or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
    try:
        with Client(address or cluster) as client:
            used = len(client.scheduler_info()["workers"])
            futures = [
                client.submit(
                    function,
                    *(call if isinstance(call, tuple) else (call,)),
                    key=key,
                    retries=RETRIES,
                    pure=False,
                    priority=len(calls) - i,
                )
                for i, (call, key) in enumerate(zip(calls, keys))
            ]
            results = []
            for future in as_completed(futures):
                results.append(future.result())
                if progress:
                    progress(len(results), len(calls), name_of(results[-1]))
            return results, f"dask {address or 'local cluster'}", used
    finally:
        if cluster is not None:
            cluster.close()


def generate_councils(
    specs: list, *, address: str | None = None, processes: int | None = None, progress: Progress | None = None
) -> list[Council]:
    """Synthetic councils (backend/region/councils.py), made on the same engine as the forecast."""
    from backend.region.councils import generate

    order = sorted(specs, key=lambda s: (-s.workers, s.code))
    if address is None and processes == 0:
        made = []
        for spec in order:
            made.append(generate(spec))
            if progress:
                progress(len(made), len(order), spec.name)
    else:
        made = _map(
            generate,
            order,
            [f"generate-{s.code}" for s in order],
            address,
            processes,
            lambda council: council.name,
            progress,
        )[0]
    return sorted(made, key=lambda c: c.code)


def partnership(
    councils: list[Council], lender: str, borrower: str, *, keep_lender_secure: bool = True, scenarios: int = 200
) -> dict[str, Any]:
    """Which of the lender's workers could go to the borrower to make its teams N-1 secure, and what
    it costs the lender (optimizer/resilience/partnership.py), for two councils of the region by code."""
    from backend.services.planning.resilience import lend

    by_code = {c.code: c for c in councils}
    for code in (lender, borrower):
        if code not in by_code:
            raise ValueError(f"no council {code!r} in the region (there are {', '.join(sorted(by_code))})")
    if lender == borrower:
        raise ValueError("a council cannot lend to itself")
    loan = lend(
        by_code[lender].snapshot, by_code[borrower].snapshot, scenarios=scenarios, keep_lender_secure=keep_lender_secure
    )
    return {
        "lending_council": {"code": lender, "name": by_code[lender].name},
        "borrowing_council": {"code": borrower, "name": by_code[borrower].name},
        **loan,
    }
