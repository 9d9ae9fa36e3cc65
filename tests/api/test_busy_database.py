"""SQLite has one writer at a time: a write that waits too long for another (a big import, say) is
told to try again (503 with Retry-After), nothing half-saved, and readers are never held up."""

import shutil
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from backend import db
from backend.db import make_engine
from backend.models import Absence, Worker
from tests.api.signin import bearer
from tests.conftest import app_client


@pytest.fixture
def sqlite_app(sqlite_template, tmp_path, monkeypatch):
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "busy.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with app_client(engine) as client:
        yield client, engine, path
    engine.dispose()


def test_a_write_that_cannot_get_the_lock_is_a_503_and_saves_nothing(sqlite_app):
    client, engine, path = sqlite_app
    headers = bearer(client, "admin")
    with Session(engine) as session:
        worker = session.scalars(select(Worker).where(Worker.role != "team_manager")).first().id
        before = session.scalar(select(func.count()).select_from(Absence))
    start = date.today() + timedelta(days=40)
    absence = {
        "worker_id": worker,
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=1)).isoformat(),
        "kind": "training",
    }
    other_writer = sqlite3.connect(path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # another write holds SQLite's one write lock
    try:
        busy = client.post("/api/absences", headers=headers, json=absence)
        assert busy.status_code == 503 and busy.headers["Retry-After"]
        assert "try again" in busy.json()["detail"]
        assert client.get("/api/workers", headers=headers).status_code == 200  # reading goes on
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Absence)) == before
    assert client.post("/api/absences", headers=headers, json=absence).status_code == 201
