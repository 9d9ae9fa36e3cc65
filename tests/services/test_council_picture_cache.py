"""The council picture is shared between requests until the data changes, and never leaks a
transaction's uncommitted writes to anyone else."""

import time
from datetime import date

from sqlalchemy import event, select, update
from sqlmodel import Session

from backend.models import Child, Family, Unit, Worker
from backend.services.council_picture import load_council_picture

TODAY = date.today()


def test_the_picture_is_reused_until_a_change_moves_the_stamp(engine):
    with Session(engine) as first, Session(engine) as second:
        picture = load_council_picture(first, TODAY)
        assert load_council_picture(second, TODAY) is picture
        worker = second.scalars(select(Worker).where(Worker.role != "team_manager")).first()
        worker.fte, worker.version = 0.5, worker.version + 1
        second.commit()
        fresh = load_council_picture(first, TODAY)
        assert fresh is not picture
        assert fresh.workers[worker.id].fte == 0.5 and picture.workers[worker.id].fte != 0.5


def test_new_rows_and_replaced_children_invalidate_it(engine):
    with Session(engine) as session:
        picture = load_council_picture(session, TODAY)
        family = session.scalars(select(Family).where(Family.closed_on.is_(None))).first()
        session.add(Child(family_id=family.id, first_name="New", birth_year=2024, status="cp"))
        session.commit()
        after = load_council_picture(session, TODAY)
        assert after is not picture
        assert after.statuses[family.id] == picture.statuses[family.id] + ["cp"]
        assert after.points[family.id] > picture.points[family.id]


def test_a_transaction_that_wrote_sees_its_own_writes_and_shares_nothing(engine):
    with Session(engine) as writer, Session(engine) as reader:
        shared = load_council_picture(reader, TODAY)
        unit = writer.scalars(select(Unit)).first()
        writer.execute(update(Unit).where(Unit.id == unit.id).values(name="Renamed, not committed"))
        own = load_council_picture(writer, TODAY)
        assert own is not shared and own.units[unit.id].name == "Renamed, not committed"
        writer.rollback()
        assert load_council_picture(reader, TODAY) is shared
        assert load_council_picture(writer, TODAY) is shared  # after the rollback it may share again


def test_a_picture_is_computed_on_the_requests_own_connection_once_for_concurrent_requests(engine, monkeypatch):
    """Twelve requests ask for a picture nobody has yet, at once: one computation, and no request
    takes a second connection from the pool (a request holds one connection, never two)."""
    import threading

    from backend.services import council_picture as module

    with Session(engine) as session:  # a change nobody has a picture for yet
        unit = session.scalars(select(Unit)).first()
        session.execute(update(Unit).where(Unit.id == unit.id).values(version=Unit.version + 1))
        session.commit()
    before = module._pictures.computations
    checked_out: list[int] = []
    compute = module._compute

    def counting(session, on):
        checked_out.append(engine.pool.checkedout())  # connections in use while the picture is computed
        return compute(session, on)

    monkeypatch.setattr(module, "_compute", counting)
    start = threading.Barrier(12)
    pictures = []

    def request() -> None:
        with Session(engine) as session:
            session.connection()  # the request's connection, as a route's first query takes it
            start.wait(timeout=30)
            pictures.append(load_council_picture(session, TODAY))

    threads = [threading.Thread(target=request) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(pictures) == 12 and all(p is pictures[0] for p in pictures)
    assert module._pictures.computations - before == 1
    assert checked_out and max(checked_out) <= 12  # twelve requests, twelve connections at most


def test_requests_beyond_the_admission_limit_wait_and_all_succeed(engine):
    """More requests in flight than the server admits (and than the pool has connections): every one
    is answered 200, none holds a connection while it waits, so the pool never runs dry."""
    import asyncio

    import httpx

    from backend.api.admission import Admission
    from backend.db import get_session
    from backend.main import create_app

    app = create_app()
    limit = 3
    app.user_middleware = [m for m in app.user_middleware if m.cls is not Admission]
    app.add_middleware(Admission, limit=limit, changing=limit)
    small = make_engine_like(engine, pool_size=limit)

    def session_override():
        with Session(small) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    peak: list[int] = []
    event.listen(small, "checkout", lambda *_: peak.append(small.pool.checkedout()))

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://keel") as client:

            async def one() -> int:
                response = await client.get("/api/health")
                return response.status_code

            return await asyncio.gather(*[one() for _ in range(30)])

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as own_loop:  # Playwright's e2e fixtures may keep a loop running in this thread
        statuses = own_loop.submit(asyncio.run, run()).result()
    small.dispose()
    assert statuses == [200] * 30
    assert peak and max(peak) <= limit  # connections in use never passed the requests admitted


def make_engine_like(engine, pool_size: int):
    from backend.db import make_engine

    return make_engine(engine.url.render_as_string(hide_password=False), pool_size=pool_size)


def test_the_request_session_returns_its_connection_even_when_the_request_is_cancelled(engine, monkeypatch):
    """backend.db.get_session itself (not a test's override): after signed-in reads, and after reads
    whose clients went away mid-request, every connection is back in the pool."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from backend import db
    from backend.main import create_app

    pooled = make_engine_like(engine, pool_size=4)
    monkeypatch.setattr(db, "get_engine", lambda: pooled)
    app = create_app()

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://keel") as client:
            signed = await client.post("/api/auth/login", json={"username": "manager", "password": "keel-demo"})
            assert signed.status_code == 200  # the session cookie, kept by the client

            async def one() -> int:
                return (await client.get("/api/families", params={"limit": 5})).status_code

            statuses = await asyncio.gather(*[one() for _ in range(12)])
            gone = [asyncio.ensure_future(one()) for _ in range(12)]
            await asyncio.sleep(0.01)
            for request in gone:
                request.cancel()  # the client went away
            await asyncio.gather(*gone, return_exceptions=True)
            return statuses

    with ThreadPoolExecutor(1) as own_loop:
        statuses = own_loop.submit(asyncio.run, run()).result()
    try:
        assert statuses == [200] * 12
        deadline = time.monotonic() + 10
        while pooled.pool.checkedout() and time.monotonic() < deadline:
            time.sleep(0.05)  # a worker thread may still be finishing a cancelled request's query
        assert pooled.pool.checkedout() == 0
    finally:
        pooled.dispose()
