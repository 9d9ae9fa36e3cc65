"""Bad input never gives a 500, and every answer is documented: schemathesis generates requests for
every operation in the OpenAPI document (valid and invalid bodies, parameters, ids at the edges of
their types) and checks each answer's status code, content type and schema against the document.

Every role is fuzzed, shared between the databases rather than doubled: each example draws its
caller from its database's roles (both: admin and manager, who write; SQLite also: social worker and
nobody signed in; PostgreSQL also: senior leader).

Bounded: a few examples per operation and database (`FUZZ_EXAMPLES`, default 12). Plan requests are
accepted but not solved (the solver is exercised by the plan tests), so fuzzing never queues minutes
of CP-SAT; sign-out is left out because it would end the session the fuzzer is using."""

import os
import secrets
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select
from sqlmodel import Session

from backend.db import get_session
from backend.models import AuthSession, User
from backend.models._types import utcnow
from backend.services.auth import token_digest

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
USERS = {"admin": "admin", "manager": "manager", "leader": "leader", "worker": "worker"}
ROLES_ON = {"sqlite": ("admin", "manager", "worker", "anonymous"), "postgresql": ("admin", "manager", "leader")}


class _NoSolving:
    """Stands in for the plan jobs' thread pool: jobs are recorded and stay queued."""

    def submit(self, *args, **kwargs) -> None:
        return None


@pytest.fixture
def callers(engine) -> dict[str, dict[str, str]]:
    """Headers per role: a bearer token for a session of each demo user (made directly: no argon2)."""
    headers = {"anonymous": {}}
    with Session(engine) as session:
        for role, username in USERS.items():
            user = session.scalars(select(User).where(User.username == username)).one()
            token = secrets.token_urlsafe(32)
            session.add(
                AuthSession(
                    user_id=user.id,
                    token_hash=token_digest(token),
                    csrf_token="fuzz",
                    expires_at=utcnow() + timedelta(hours=1),
                )
            )
            headers[role] = {"Authorization": f"Bearer {token}"}
        session.commit()
    return headers


_engine_in_use = {}


def _session_for_the_test():
    with Session(_engine_in_use["engine"]) as session:
        yield session


def _app():
    from backend.main import create_app

    app = create_app()
    app.dependency_overrides[get_session] = _session_for_the_test
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", _app()).exclude(path="/api/auth/logout")


@pytest.fixture(autouse=True)
def fuzzed_database(engine, monkeypatch):
    from backend.services import plan_jobs

    registry = plan_jobs.new_registry()
    monkeypatch.setattr(registry, "_executor", _NoSolving())
    monkeypatch.setattr(plan_jobs, "_registry", registry)
    _engine_in_use["engine"] = engine
    yield
    _engine_in_use.clear()


@schema.parametrize()
@schema.given(data=st.data())
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_request_gives_a_server_error(case, data, engine, callers):
    role = data.draw(st.sampled_from(ROLES_ON[engine.dialect.name]), label="role")
    case.call_and_validate(
        headers=callers[role],
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance],
    )
