"""The leaders' heatmap after one change, through the server's services on a real database (issue
#12: the first heatmap after a change ready in 2 s or less on the default council).

    .venv/bin/python -m bench.heatmap_after_change            # SQLite, default council, 3 changes
    .venv/bin/python -m bench.heatmap_after_change --postgres # a throwaway PostgreSQL server as well

For each change (one family's child changes status, committed like any edit): how long the heatmap
takes to answer (the last forecast, marked not fresh), and how long until the fresh forecast is
there (wall clock), and the CPU time of its two parts: the snapshot's database read and the optimizer. The baseline measured in the same
run is the snapshot read from model instances, as before this change (the ratio is now / before).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date.today()


def _snapshot_from_models(session, on: date) -> dict:
    """The snapshot as it was read before: every row as a model instance."""
    from sqlalchemy import select

    from backend.models import Absence, Allocation, CapacityReduction, Child, Family, Unit, Worker
    from backend.services.planning.snapshot import build_snapshot
    from backend.services.weighting import current_settings

    _, settings = current_settings(session)
    return build_snapshot(
        question="resilience",
        as_of=on,
        units=list(session.scalars(select(Unit))),
        workers=list(session.scalars(select(Worker))),
        reductions=list(session.scalars(select(CapacityReduction))),
        families=list(session.scalars(select(Family))),
        children=list(session.scalars(select(Child))),
        allocations=list(session.scalars(select(Allocation))),
        absences=list(session.scalars(select(Absence))),
        settings=settings,
    )


def _change(engine, n: int) -> None:
    from sqlalchemy import select
    from sqlmodel import Session

    from backend.models import Child, Family

    with Session(engine) as session:
        family = session.scalars(
            select(Family).where(Family.closed_on.is_(None)).order_by(Family.id).offset(7 * n)
        ).first()
        child = session.scalars(select(Child).where(Child.family_id == family.id)).first()
        child.status = "cin" if child.status.value != "cin" else "cp"
        session.add(child)
        session.commit()


def _timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _cpu(work) -> tuple[float, object]:
    """CPU seconds of this process (nothing else runs in it meanwhile): fair on a shared machine."""
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def measure(url: str, changes: int) -> None:
    from sqlmodel import Session

    from backend.db import make_engine
    from backend.services import resilience

    engine = make_engine(url)
    with Session(engine) as session:
        cold, _ = _timed(lambda: resilience.assess(session, TODAY))
    print(f"  cold forecast {cold:.1f} s wall; load average {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    answered, fresh, reads, before_reads, solves = [], [], [], [], []
    for n in range(changes):
        _change(engine, n)
        with Session(engine) as session:
            seconds, grid = _timed(lambda: resilience.heatmap(session, TODAY))
            answered.append(seconds)
            assert grid["fresh"] is False
        start = time.perf_counter()
        while True:  # the background refresh (it settles first, then works the forecast out)
            with Session(engine) as session:
                if resilience._forecasts.cached(resilience._state_key(session, TODAY)) is not None:
                    break
            time.sleep(0.02)
        fresh.append(time.perf_counter() - start)
        with Session(engine) as session:
            read, snapshot = _cpu(lambda: resilience.snapshot_of(session, TODAY))
            before, _ = _cpu(lambda: _snapshot_from_models(session, TODAY))
        from backend.services.planning.resilience import assess

        _change(engine, n + changes)  # a second change, so the changed unit is worked out again
        with Session(engine) as session:
            snapshot = resilience.snapshot_of(session, TODAY)
        solve, _ = _cpu(lambda: assess(snapshot))  # noqa: B023
        reads.append(read)
        before_reads.append(before)
        solves.append(solve)
    median = statistics.median
    print(f"  heatmap answer after a change (last forecast, not fresh): median {median(answered) * 1000:.0f} ms")
    print(
        f"  fresh forecast ready after a change: median {median(fresh):.2f} s "
        f"(includes the {resilience.REFRESH_SETTLE_S} s settle), max {max(fresh):.2f} s"
    )
    print(
        f"  CPU of the snapshot read: {median(reads):.2f} s from plain rows, {median(before_reads):.2f} s "
        f"from model instances (before), ratio {median(reads) / median(before_reads):.2f}"
    )
    print(f"  CPU of the optimizer after a change (the changed unit again): {median(solves):.2f} s")
    print(f"  load average at the end {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL server")
    args = parser.parse_args()
    import subprocess

    with tempfile.TemporaryDirectory(prefix="keel-heatmap-") as folder:
        urls = [("SQLite", f"sqlite:///{folder}/keel.db")]
        server = None
        if args.postgres:
            from tests.support.postgres_server import PostgresServer, wait_until_ready

            server = PostgresServer().start()
            wait_until_ready(server.url())
            urls.append(("PostgreSQL", server.url()))
        try:
            for name, url in urls:
                subprocess.run(
                    [sys.executable, "-m", "backend.cli", "demo", "--size", "default"],
                    env={**os.environ, "DATABASE_URL": url},
                    check=True,
                    capture_output=True,
                )
                print(f"{name}, default council:")
                measure(url, args.changes)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
