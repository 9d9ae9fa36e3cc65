"""20 managers accept conflicting plans at the same moment: one wins, nothing is lost or doubled."""

import threading
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session, create_engine

from backend.models import Allocation, AllocationKind, Child, Family, Unit, User, Worker
from backend.services.plan_accept import StalePlan, accept_plan
from backend.services.planning.plans import PlanBasis

MANAGERS = 20


@pytest.fixture
def contested(postgres_engine):
    engine = postgres_engine
    """A new unallocated family in the first manager's team, and that team's case holders."""
    with Session(engine) as session:
        manager = session.scalars(select(User).where(User.username == "manager")).one()
        family = Family(
            code="CONTESTED", name="Contested family", unit_id=manager.unit_id, received_on=date.today(), flags=[]
        )
        session.add(family)
        session.flush()
        session.add(Child(family_id=family.id, first_name="Ali", birth_year=2016, status="cin"))
        session.commit()
        workers = [w.id for w in session.scalars(select(Worker).where(Worker.unit_id == manager.unit_id))]
        unit = session.get(Unit, manager.unit_id)
        return manager.id, unit.id, unit.version, family.id, family.version, workers


def test_conflicting_acceptances_one_wins_no_family_gets_two_key_workers(postgres_engine, contested):
    """On PostgreSQL, the production database."""
    manager_id, unit_id, unit_version, family_id, family_version, workers = contested
    engine = create_engine(postgres_engine.url, pool_size=MANAGERS + 2)  # one connection per manager
    basis = PlanBasis("recommend", unit_id, unit_version, {family_id: family_version})
    start = threading.Barrier(MANAGERS)
    outcomes: list[str] = []

    def manager(n: int) -> None:
        worker_id = workers[n % len(workers)]
        plan = {"assignments": [{"family_id": family_id, "worker_id": worker_id, "reasons": [f"plan {n}"]}]}
        with Session(engine) as session:
            user = session.get(User, manager_id)
            start.wait(timeout=60)
            try:
                accept_plan(
                    session,
                    user=user,
                    job_id=f"job-{n}",
                    basis=basis,
                    plan=plan,
                    families=[family_id],
                    overrides=[],
                    on=date.today(),
                )
                outcomes.append("applied")
            except StalePlan:
                session.rollback()
                outcomes.append("stale")

    threads = [threading.Thread(target=manager, args=(n,)) for n in range(MANAGERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["applied"] + ["stale"] * (MANAGERS - 1)
    with Session(engine) as session:
        rows = session.scalars(
            select(Allocation).where(Allocation.family_id == family_id, Allocation.kind == AllocationKind.key)
        ).all()
        assert len(rows) == 1
        assert session.get(Family, family_id).version == family_version + 1
        assert session.get(Unit, unit_id).version > unit_version  # plans made before are stale
    engine.dispose()
