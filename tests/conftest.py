"""Shared fixtures: isolated databases on SQLite and on a real PostgreSQL server, and an API client.

Every API/service test that takes `engine` (or `client`) runs twice, once per database. Each test gets
its own fresh database copied from a migrated template holding the small demo council, so tests may
commit freely and never see each other's data."""

import os
import shutil
from contextlib import contextmanager
import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from backend.db import get_session, make_engine
from backend import migrate
from tests.support.postgres_server import PostgresServer, wait_until_ready

DATABASES = ["sqlite", "postgresql"]
TODAY = date.today()


@pytest.fixture(scope="session")
def postgres_server():
    if os.environ.get("KEEL_TEST_POSTGRES") == "0":
        pytest.skip("PostgreSQL tests switched off by KEEL_TEST_POSTGRES=0")
    server = PostgresServer().start()
    wait_until_ready(server.url())
    yield server
    server.stop()


def _fill_template(engine) -> None:
    from backend.services.demo_loading import load_demo

    migrate.upgrade(engine)
    load_demo(engine, "small", 0, TODAY)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("keel-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    _fill_template(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server):
    admin = make_engine(postgres_server.url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CREATE DATABASE keel_template"))
    admin.dispose()
    engine = make_engine(postgres_server.url("keel_template"))
    _fill_template(engine)
    engine.dispose()
    return "keel_template"


def _postgres_copy(server, template: str | None):
    name = f"keel_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server.url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        suffix = f" TEMPLATE {template}" if template else ""
        connection.execute(text(f"CREATE DATABASE {name}{suffix}"))
    return admin, name


def _drop(admin, name: str) -> None:
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@contextmanager
def _postgres_database(request, template: str | None):
    """A fresh PostgreSQL database (a copy of `template`, or empty), dropped afterwards."""
    server = request.getfixturevalue("postgres_server")
    admin, name = _postgres_copy(server, template)
    engine = make_engine(server.url(name))
    try:
        yield engine
    finally:
        engine.dispose()
        _drop(admin, name)


@contextmanager
def _sqlite_database(path, template=None):
    if template is not None:
        shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(params=DATABASES)
def engine(request, tmp_path):
    """A fresh database holding the small demo council, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        database = _sqlite_database(tmp_path / "keel.db", request.getfixturevalue("sqlite_template"))
    else:
        database = _postgres_database(request, request.getfixturevalue("postgres_template"))
    with database as engine:
        yield engine


@pytest.fixture
def postgres_engine(request):
    """A fresh PostgreSQL database holding the small demo council (for PostgreSQL-only tests)."""
    with _postgres_database(request, request.getfixturevalue("postgres_template")) as engine:
        yield engine


@pytest.fixture(params=DATABASES)
def empty_engine(request, tmp_path):
    """A fresh, empty database (no tables), on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        database = _sqlite_database(tmp_path / "empty.db")
    else:
        database = _postgres_database(request, None)
    with database as engine:
        yield engine


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


@contextmanager
def app_client(engine, address: str = "testclient"):
    """The whole app over a TestClient, every request's session on `engine`, from client `address`."""
    from backend.main import create_app

    app = create_app()

    def session_override():
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    with TestClient(app, client=(address, 50000)) as test_client:
        yield test_client


@pytest.fixture
def client(engine):
    with app_client(engine) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def oidc_issuer():
    """A real OpenID Connect provider process (tests/support/oidc_provider.py) for the whole session."""
    from tests.support.oidc_provider import oidc_provider

    with oidc_provider() as issuer:
        yield issuer


@pytest.fixture
def single_sign_on(oidc_issuer, monkeypatch):
    """Keel's settings pointed at the test provider, for one test."""
    from backend.config import get_settings
    from tests.support.oidc_provider import sso_environment

    for name, value in sso_environment(oidc_issuer).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield oidc_issuer
    get_settings.cache_clear()


@pytest.fixture
def forecast_in_this_process(monkeypatch):
    """The forecast worked out in the test's own process (KEEL_FORECAST_PROCESS=false), for tests that
    replace the optimizer's functions to count or hold its computations."""
    from backend.config import get_settings

    monkeypatch.setenv("KEEL_FORECAST_PROCESS", "false")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
