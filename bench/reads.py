"""Read-path benchmark on the large demo council (1,000 workers, ~9,700 families) in SQLite: what a
request pays to see the caseload picture, cold (after a change) and warm (nothing changed), the
families list a manager's board asks for, and the work before the solver when planning one team.

    python -m bench.reads            # ~1 minute (most of it loading the council)

Baselines, measured before the picture was cached and before planning read only the team's rows:
every read request 0.85 s; planning one team 1.4 s before the solve.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session

from backend import migrate
from backend.db import get_session, make_engine
from backend.models import Unit, UnitKind, User
from backend.services.planning import plans as planning_plans
from backend.services.council_picture import load_council_picture
from backend.services.demo_loading import load_demo

BASELINE_READ_S = 0.85
BASELINE_PLAN_S = 1.4


def _timed(action, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from backend.main import create_app

    with tempfile.TemporaryDirectory(prefix="keel-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'keel.db'}")
        migrate.upgrade(engine)
        counts = load_demo(engine, "large", 0, date.today())
        print(f"large council: {counts['workers']:,} workers, {counts['families']:,} families")
        today = date.today()

        def cold() -> None:
            from backend.services import council_picture

            council_picture._pictures.clear()
            with Session(engine) as session:
                load_council_picture(session, today)

        def warm() -> None:
            with Session(engine) as session:
                load_council_picture(session, today)

        app = create_app()

        def session_override():
            with Session(engine) as session:
                yield session

        app.dependency_overrides[get_session] = session_override
        with Session(engine) as session:
            manager = session.scalars(select(User).where(User.username == "manager")).one()
            team = manager.unit_id
            first_team = session.scalars(select(Unit).where(Unit.kind == UnitKind.team)).first().id
        with TestClient(app) as client:
            token = client.post("/api/auth/token", json={"username": "manager", "password": "keel-demo"}).json()[
                "token"
            ]
            headers = {"Authorization": f"Bearer {token}"}

            def board_queue() -> None:
                client.get(
                    "/api/families",
                    headers=headers,
                    params={"unit_id": team, "unallocated": True, "order": "queue", "limit": 500},
                )

            cold_s, warm_s, queue_s = _timed(cold, 3), _timed(warm), _timed(board_queue)

        def planning() -> None:
            with Session(engine) as session:
                planning_plans.plan_for_unit(
                    session, question="recommend", unit_id=first_team, on=today, time_limit_s=5
                )

        plan_s = _timed(planning, 3)
        engine.dispose()
    print(f"caseload picture, cold (after a change): {cold_s:.3f} s  (baseline {BASELINE_READ_S} s per request)")
    print(f"caseload picture, warm (nothing changed): {warm_s:.4f} s  ({BASELINE_READ_S / warm_s:,.0f}x faster)")
    print(f"GET /api/families (board queue), warm:    {queue_s:.4f} s")
    print(f"plan one team (recommend, incl. solve):  {plan_s:.3f} s  (baseline {BASELINE_PLAN_S} s before the solve)")


if __name__ == "__main__":
    main()
