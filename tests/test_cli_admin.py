"""`keel admin create` makes the first administrator; `keel serve` prints demo logins only when the demo
is loaded (and never in production); production refuses to load the demo. In process, with Typer's
CliRunner, on a SQLite file of the test's own."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session
from typer.testing import CliRunner

from backend.cli import _who_can_sign_in, app
from backend.config import get_settings
from backend.db import get_engine
from backend.models import AuditEvent, User, UserRole
from backend.security import DEMO_PASSWORD, verify_password

GOOD = "correct horse battery staple"


@pytest.fixture
def local_database(tmp_path, monkeypatch):
    """The CLI's database and settings point at a fresh SQLite file for this test."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'keel.db'}")
    for name in ("KEEL_ENV", "KEEL_SERVER", "KEEL_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield monkeypatch
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _keel(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def _users() -> list[User]:
    with Session(get_engine()) as session:
        return list(session.scalars(select(User)))


def test_admin_create_makes_the_first_administrator_on_an_empty_database(local_database):
    done = _keel("admin", "create", "ada", "--name", "Ada Lovelace", "--password-stdin", input=GOOD + "\n")
    assert done.exit_code == 0, done.output
    assert "Administrator ada (Ada Lovelace) created" in done.output
    (ada,) = _users()
    assert (ada.username, ada.full_name, ada.role, ada.active) == ("ada", "Ada Lovelace", UserRole.admin, True)
    assert verify_password(GOOD, ada.password_hash) and GOOD not in ada.password_hash
    with Session(get_engine()) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).one()
    assert event.actor == "system" and event.entity_id == ada.id and GOOD not in str(event.after)
    again = _keel("admin", "create", "ada", "--password-stdin", input=GOOD + "\n")
    assert again.exit_code != 0 and "taken" in again.output
    assert len(_users()) == 1


@pytest.mark.parametrize(
    "password, reason",
    [
        ("", "empty"),
        ("short1!", "at least 12"),
        ("ada-is-the-admin-2026", "contains the username"),
        ("aaaaaaaaaaaaaaaa", "too few different"),
    ],
)
def test_admin_create_refuses_a_weak_password_with_the_reason(local_database, password, reason):
    refused = _keel("admin", "create", "ada", "--password-stdin", input=password + "\n")
    assert refused.exit_code != 0 and reason in refused.output and "not created" in refused.output
    assert "Database schema" not in refused.output  # refused before touching the database


def test_admin_create_reads_the_password_from_the_environment_for_scripts(local_database):
    local_database.setenv("KEEL_ADMIN_PASSWORD", DEMO_PASSWORD)
    refused = _keel("admin", "create", "boss")
    assert refused.exit_code != 0 and "demo council's password" in refused.output
    local_database.setenv("KEEL_ADMIN_PASSWORD", GOOD)
    assert _keel("admin", "create", "boss").exit_code == 0
    assert [u.username for u in _users()] == ["boss"]


def test_serve_tells_who_can_sign_in(local_database):
    assert _keel("migrate").exit_code == 0
    empty = _who_can_sign_in(production=False)
    assert "keel admin create" in empty and DEMO_PASSWORD not in empty
    _keel("admin", "create", "boss", "--password-stdin", input=GOOD + "\n")
    assert DEMO_PASSWORD not in _who_can_sign_in(production=False)  # no demo: no demo logins


def test_serve_prints_the_demo_logins_only_when_the_demo_is_loaded_and_not_in_production(local_database):
    from backend.services.demo_loading import load_demo

    assert _keel("migrate").exit_code == 0
    load_demo(get_engine(), "small", 0, date.today())
    shown = _who_can_sign_in(production=False)
    assert DEMO_PASSWORD in shown and "manager (team manager)" in shown
    assert DEMO_PASSWORD not in _who_can_sign_in(production=True)


def test_production_refuses_to_load_the_demo(local_database):
    local_database.setenv("KEEL_ENV", "production")
    get_settings.cache_clear()
    for command in (["demo", "--size", "small"], ["serve", "--demo-if-empty", "--port", "1"]):
        refused = _keel(*command)
        assert refused.exit_code != 0 and "production" in refused.output, command
    assert _keel("migrate").exit_code == 0 and _users() == []
