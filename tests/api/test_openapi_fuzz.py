"""Bad input never gives a 500: schemathesis generates requests for every operation in the OpenAPI
document (valid and invalid bodies, parameters, ids at the edges of their types) and sends them as
an administrator, who may reach every route, on SQLite and on PostgreSQL.

Bounded: a few examples per operation (`FUZZ_EXAMPLES`, default 12). Plan requests are accepted but
not solved (the solver is exercised by the plan tests), so fuzzing never queues minutes of CP-SAT;
sign-out is left out because it would end the session the fuzzer is using."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance
from sqlmodel import Session

from backend.db import get_session
from backend.services import auth
from tests.api.signin import DEMO_PASSWORD

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))


class _NoSolving:
    """Stands in for the plan jobs' thread pool: jobs are recorded and stay queued."""

    def submit(self, *args, **kwargs) -> None:
        return None


@pytest.fixture
def admin_token(engine) -> str:
    with Session(engine) as session:
        return auth.sign_in(session, "admin", DEMO_PASSWORD, hours=1)[2]


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

    monkeypatch.setattr(plan_jobs._registry, "_executor", _NoSolving())
    _engine_in_use["engine"] = engine
    yield
    _engine_in_use.clear()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_gives_a_server_error(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
