"""No value the API accepts can break a read: random valid values go through every create and edit
route (workers, families, absences, users, weighting settings), a plan may be asked for and accepted
(so allocations change too), then every read route is read (the heatmap and a unit's resilience
included, and the pictures on a random date), and none answers 5xx.

Bounded: `PROPERTY_EXAMPLES` examples (default 25) of up to 6 writes and one plan (2 s limit) each, on
SQLite, each example on a fresh copy of the small demo council; the forecast runs 20 Monte Carlo
scenarios instead of 1,000 (every code path is the same, only fewer draws)."""

import itertools
import os
import shutil
import time
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session

from backend.db import get_session, make_engine
from backend.models import AbsenceKind, ChildStatus, Family, Role, Unit, UserRole, Worker
from backend.models import User
from backend.services import auth
from backend.services.planning import rows as planning_rows
from backend.services.planning.rows import RESILIENCE_QUESTIONS
from tests.api.signin import DEMO_PASSWORD

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "25"))
ROLES = {"admin": "admin", "manager": "manager", "leader": "leader", "worker": "worker"}

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
days = st.sampled_from([FIRST_DAY, LAST_DAY]) | st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)  # edges often
storable = st.characters(exclude_categories=("Cs", "Cc"))  # what a person types: no NUL, no surrogates
words = st.text(storable, min_size=1, max_size=40)
tokens = st.lists(st.from_regex(r"[a-z0-9][a-z0-9_:\-]{0,12}", fullmatch=True), max_size=4, unique=True)
serial = itertools.count()


def new_code(prefix: str) -> str:
    return f"{prefix}{next(serial)}"


@pytest.fixture(scope="module")
def council(sqlite_template, tmp_path_factory):
    """The demo council with its users signed in once (the tokens hold in every copy), its ids."""
    path = tmp_path_factory.mktemp("any-value") / "council.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        tokens_ = {role: auth.sign_in(session, name, DEMO_PASSWORD, hours=12)[2] for role, name in ROLES.items()}
        ids = {
            "unit": session.scalars(select(Unit.id)).all(),
            "worker": session.scalars(select(Worker.id)).all(),
            "family": session.scalars(select(Family.id)).all(),
            "user": session.scalars(select(User.id)).all(),
        }
    engine.dispose()
    return path, tokens_, ids


def worker_fields(ids, *, creating: bool):
    fields = {
        "name": words,
        "role": st.sampled_from(Role),
        "fte": st.floats(0.05, 1.0),
        "agency": st.booleans(),
        "unit_id": st.sampled_from(ids["unit"]),
        "patch": st.none() | words,
        "start_date": days,
        "leaving_date": st.none() | days,
        "skills": tokens,
    }
    if creating:
        return st.fixed_dictionaries({"code": st.builds(new_code, st.just("W")), **fields})
    return st.fixed_dictionaries({}, optional={**fields, "reason": words})


def children():
    return st.lists(
        st.fixed_dictionaries(
            {"first_name": words, "birth_year": st.integers(1990, 2100), "status": st.sampled_from(ChildStatus)}
        ),
        min_size=1,
        max_size=3,
    )


def family_fields(ids, *, creating: bool):
    fields = {
        "name": words,
        "unit_id": st.sampled_from(ids["unit"]),
        "area": st.none() | words,
        "travel_band": st.integers(0, 2),
        "received_on": days,
        "flags": tokens,
    }
    if creating:
        return st.fixed_dictionaries({"code": st.builds(new_code, st.just("F")), "children": children(), **fields})
    return st.fixed_dictionaries(
        {}, optional={**fields, "closed_on": st.none() | days, "children": children(), "reason": words}
    )


def absence(ids):
    return st.builds(
        lambda worker, start, length, kind, planned: {
            "worker_id": worker,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=min(length, (LAST_DAY - start).days))).isoformat(),
            "kind": kind.value,
            "planned": planned,
        },
        st.sampled_from(ids["worker"]),
        days,
        st.integers(0, 731),
        st.sampled_from(AbsenceKind),
        st.booleans(),
    )


def user_fields(ids, *, creating: bool):
    fields = {
        "full_name": words,
        "role": st.sampled_from(UserRole),
        "unit_id": st.none() | st.sampled_from(ids["unit"]),
        "worker_id": st.none() | st.sampled_from(ids["worker"]),
    }
    if creating:
        return st.fixed_dictionaries(
            {"username": st.builds(lambda: new_code("user")), "password": st.just("a long passphrase"), **fields}
        )
    return st.fixed_dictionaries({}, optional={**fields, "active": st.booleans(), "reason": words})


def weighting():
    share = st.floats(0, 1.5)
    return st.fixed_dictionaries(
        {"note": st.just("property test")},
        optional={
            "child_points": st.fixed_dictionaries({}, optional={s.value: st.floats(0, 1000) for s in ChildStatus}),
            "sibling_factor": share,
            "court_points": st.floats(0, 1000),
            "stable_element_points": st.floats(0, 80),
            "role_factors": st.fixed_dictionaries({}, optional={r.value: share for r in Role}),
            "surge_limit": st.floats(1.0, 3.0),
            "travel_band_points": st.lists(st.floats(0, 1000), min_size=3, max_size=3),
        },
    ).map(lambda body: {"note": body.pop("note"), "values": body})


def writes(ids):
    """(method, url, body) of one create or edit, as the administrator (who may make every one)."""

    def to_json(body: dict) -> dict:
        return {k: v.isoformat() if isinstance(v, date) else getattr(v, "value", v) for k, v in body.items()}

    def nested(body: dict) -> dict:
        body = to_json(body)
        if "children" in body:
            body["children"] = [to_json(child) for child in body["children"]]
        return body

    return st.one_of(
        worker_fields(ids, creating=True).map(lambda b: ("POST", "/api/workers", to_json(b))),
        st.tuples(st.sampled_from(ids["worker"]), worker_fields(ids, creating=False)).map(
            lambda t: ("PATCH", f"/api/workers/{t[0]}", to_json(t[1]))
        ),
        family_fields(ids, creating=True).map(lambda b: ("POST", "/api/families", nested(b))),
        st.tuples(st.sampled_from(ids["family"]), family_fields(ids, creating=False)).map(
            lambda t: ("PATCH", f"/api/families/{t[0]}", nested(t[1]))
        ),
        absence(ids).map(lambda b: ("POST", "/api/absences", b)),
        user_fields(ids, creating=True).map(lambda b: ("POST", "/api/users", to_json(b))),
        st.tuples(st.sampled_from(ids["user"]), user_fields(ids, creating=False)).map(
            lambda t: ("PATCH", f"/api/users/{t[0]}", to_json(t[1]))
        ),
        weighting().map(lambda b: ("PUT", "/api/settings/weighting", b)),
    )


def plans(ids):
    return st.fixed_dictionaries(
        {
            "question": st.sampled_from(["recommend", "rebalance"]),
            "unit_id": st.sampled_from(ids["unit"]),
            "time_limit_s": st.just(2),
        }
    )


def plan_and_accept(client, headers: dict, body: dict) -> list[str]:
    """Ask for a plan, wait for it, accept every placement: the answers that were 5xx."""
    asked = client.post("/api/plans", json=body, headers=headers)
    if asked.status_code != 202:
        return [f"POST /api/plans {body}: {asked.status_code} {asked.text}"] if asked.status_code >= 500 else []
    deadline = time.monotonic() + 60
    while (job := client.get(f"/api/plans/{asked.json()['id']}", headers=headers).json())["status"] in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline, f"the plan {body} did not finish in 60 s"
        time.sleep(0.05)
    assert "could not be computed" not in job["message"], f"the plan {body} crashed: {job['message']}"
    if job["status"] != "done":
        return []
    families = [a["family_id"] for a in job["plan"]["assignments"]]
    accepted = client.post(f"/api/plans/{job['id']}/accept", json={"families": families}, headers=headers)
    return [f"accept {body}: {accepted.status_code} {accepted.text}"] if accepted.status_code >= 500 else []


def reads(ids, on: date, workers: list[int], families: list[int]) -> list[tuple[str, str]]:
    """(role, url) of every read route, for the role that sees the most of it; the detail routes for
    the given workers and families (the lists show every one)."""
    day = on.isoformat()
    return [
        ("admin", "/api/units"),
        ("admin", f"/api/units?on={day}"),
        ("manager", "/api/units"),
        *(("admin", f"/api/units/{u}?on={day}") for u in ids["unit"]),
        ("admin", "/api/workers?limit=500"),
        ("admin", f"/api/workers?limit=500&on={day}"),
        ("manager", "/api/workers?limit=500"),
        *(("admin", f"/api/workers/{w}?on={day}") for w in workers),
        ("admin", "/api/families?limit=500"),
        ("admin", f"/api/families?limit=500&order=queue&on={day}"),
        ("manager", "/api/families?order=queue&limit=500"),
        *(("admin", f"/api/families/{f}") for f in families),
        ("worker", "/api/me/caseload"),
        ("manager", "/api/me/caseload"),
        ("admin", "/api/auth/me"),
        ("leader", "/api/resilience/heatmap"),
        *(("leader", f"/api/resilience/units/{u}") for u in ids["unit"]),
        ("admin", "/api/exports/allocations.csv"),
        ("admin", "/api/exports/loads.csv"),
        ("manager", "/api/exports/loads.csv"),
        ("admin", "/api/audit?limit=500"),
        ("admin", "/api/users?limit=500"),
        ("admin", "/api/settings/weighting"),
        ("admin", "/api/health"),
    ]


@pytest.fixture
def app_on_copies(council, tmp_path, monkeypatch):
    """The app, each example's requests on a fresh copy of the council (a new file: a new cache key)."""
    from fastapi.testclient import TestClient

    from backend.main import create_app

    template, tokens_, ids = council
    real_snapshot = planning_rows.build_snapshot

    def fewer_scenarios(**given):  # the forecast's and the secure plan's snapshots (planning/rows.py)
        found = real_snapshot(**given)
        return {**found, "resilience": {"scenarios": 20}} if given["question"] in RESILIENCE_QUESTIONS else found

    monkeypatch.setattr(planning_rows, "build_snapshot", fewer_scenarios)
    current = {}

    def fresh_copy():
        if "engine" in current:
            current["engine"].dispose()
        path = tmp_path / f"example-{next(serial)}.db"
        shutil.copy(template, path)
        current["engine"] = make_engine(f"sqlite:///{path}")

    def session_override():
        with Session(current["engine"]) as session:
            yield session

    app = create_app()
    app.dependency_overrides[get_session] = session_override
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, fresh_copy, tokens_, ids
    current["engine"].dispose()


@given(data=st.data())
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_accepted_value_breaks_a_read(app_on_copies, data):
    client, fresh_copy, tokens_, ids = app_on_copies
    fresh_copy()
    as_ = {role: {"Authorization": f"Bearer {token}"} for role, token in tokens_.items()}
    for method, url, body in data.draw(st.lists(writes(ids), min_size=1, max_size=6), label="writes"):
        answer = client.request(method, url, json=body, headers=as_["admin"])
        assert answer.status_code < 500, f"{method} {url} {body}: {answer.status_code} {answer.text}"
    if (plan := data.draw(st.none() | plans(ids), label="plan")) is not None:
        assert not plan_and_accept(client, as_["admin"], plan)
    on = data.draw(days, label="on")
    some = {
        kind: data.draw(st.lists(st.sampled_from(ids[kind]), min_size=1, max_size=4, unique=True), label=kind)
        for kind in ("worker", "family")
    }
    failures = [
        f"{role} GET {url}: {answer.status_code} {answer.text[:300]}"
        for role, url in reads(ids, on, some["worker"], some["family"])
        if (answer := client.get(url, headers=as_[role])).status_code >= 500
    ]
    assert not failures, "\n".join(failures)
