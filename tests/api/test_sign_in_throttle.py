"""Sign-in cannot be sprayed or used to lock people out (backend/services/sign_in_throttle.py): counts
per address and per account that hold under concurrency, the same answers for unknown accounts, a
bounded number of password checks at once, and an audit event for every password checked."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlmodel import Session

from backend.models import AuditEvent
from backend.services import auth, sign_in_throttle
from backend.services.sign_in_throttle import ACCOUNT_FREE_ATTEMPTS, ACCOUNT_MAX_DELAY_S, ADDRESS_ATTEMPTS, WINDOW_S
from tests.api.signin import DEMO_PASSWORD
from tests.conftest import app_client

GUESSES = 40


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, standing still until a test moves it: `clock.now += 31`."""

    class Clock:
        now = 1_900_000_000.0

        def __call__(self) -> float:
            return self.now

    frozen = Clock()
    monkeypatch.setattr(sign_in_throttle, "clock", frozen)
    return frozen


@pytest.fixture
def password_checks(monkeypatch):
    """Counts argon2 verifications; room for every guess at once, so only the throttle can hold them back."""
    counted = []
    verify = auth.verify_password

    def counting(password: str, password_hash: str) -> bool:
        counted.append(password_hash)  # list.append is atomic
        return verify(password, password_hash)

    monkeypatch.setattr(auth, "verify_password", counting)
    monkeypatch.setattr(auth, "password_checks", threading.BoundedSemaphore(GUESSES))
    monkeypatch.setattr(auth, "WAIT_FOR_A_CHECK_S", 60)
    return lambda: len(counted)


def _sign_in(client, username: str, password: str = "not the password"):
    return client.post("/api/auth/login", json={"username": username, "password": password})


def _all_at_once(client, usernames: list[str]) -> list:
    start = threading.Barrier(len(usernames))

    def guess(username: str):
        start.wait()
        return _sign_in(client, username)

    with ThreadPoolExecutor(len(usernames)) as pool:
        return list(pool.map(guess, usernames))


def test_forty_concurrent_guesses_at_one_account_check_only_what_the_policy_allows(client, clock, password_checks):
    answers = _all_at_once(client, ["leader"] * GUESSES)
    checked = password_checks()
    # one attempt from a fresh address, the free ones, and the single slowed-down check of that instant
    assert 1 <= checked <= ACCOUNT_FREE_ATTEMPTS + 2
    assert sorted(a.status_code for a in answers) == [401] * checked + [429] * (GUESSES - checked)
    assert all(0 < int(a.headers["Retry-After"]) <= WINDOW_S for a in answers if a.status_code == 429)


def test_forty_concurrent_guesses_across_accounts_from_one_address_are_capped(client, clock, password_checks):
    answers = _all_at_once(client, [f"user{n}" for n in range(GUESSES)])
    checked = password_checks()
    assert checked == ADDRESS_ATTEMPTS < GUESSES
    refused = [a for a in answers if a.status_code == 429]
    assert len(refused) == GUESSES - ADDRESS_ATTEMPTS
    assert all(0 < int(a.headers["Retry-After"]) <= WINDOW_S for a in refused)
    clock.now += WINDOW_S
    assert _sign_in(client, "manager", DEMO_PASSWORD).status_code == 200  # a new window


def test_an_account_is_slowed_down_never_locked(client, clock):
    for _ in range(ACCOUNT_FREE_ATTEMPTS + 1):
        assert _sign_in(client, "leader").status_code == 401
    assert _sign_in(client, "leader", DEMO_PASSWORD).status_code == 429  # even the right password waits
    waits = []
    for _ in range(10):  # keep guessing as soon as allowed: the wait grows, up to the cap
        answer = _sign_in(client, "leader")
        if answer.status_code == 429:
            waits.append(int(answer.headers["Retry-After"]))
            clock.now += waits[-1]
    assert waits == sorted(waits) and waits[-1] == ACCOUNT_MAX_DELAY_S and len(waits) >= 4
    clock.now += ACCOUNT_MAX_DELAY_S
    assert _sign_in(client, "leader", DEMO_PASSWORD).status_code == 200
    assert _sign_in(client, "leader").status_code == 401  # a success starts the account afresh
    assert _sign_in(client, "leader", DEMO_PASSWORD).status_code == 200


def test_someone_elses_guesses_do_not_lock_the_owner_out(engine, client, clock):
    for _ in range(ADDRESS_ATTEMPTS + 5):
        assert _sign_in(client, "leader").status_code in (401, 429)
    assert _sign_in(client, "leader", DEMO_PASSWORD).status_code == 429  # the guesser's address
    with app_client(engine, address="192.0.2.44") as owner:
        assert _sign_in(owner, "leader", DEMO_PASSWORD).status_code == 200


def test_unknown_accounts_are_answered_and_slowed_exactly_like_real_ones(engine, clock):
    answers = {}
    for address, username in (("192.0.2.1", "leader"), ("192.0.2.2", "nobody.here")):
        with app_client(engine, address=address) as client:
            answers[username] = [_sign_in(client, username) for _ in range(ACCOUNT_FREE_ATTEMPTS + 3)]
    real, unknown = answers["leader"], answers["nobody.here"]
    assert [(a.status_code, a.json(), a.headers.get("Retry-After")) for a in real] == [
        (a.status_code, a.json(), a.headers.get("Retry-After")) for a in unknown
    ]
    assert {a.status_code for a in real} == {401, 429}


def test_a_full_house_of_password_checks_answers_busy_at_once(client, monkeypatch):
    monkeypatch.setattr(auth, "WAIT_FOR_A_CHECK_S", 0.05)
    held = [auth.password_checks.acquire(blocking=False) for _ in range(auth.PASSWORD_CHECKS_AT_ONCE)]
    try:
        assert all(held)
        busy = _sign_in(client, "manager", DEMO_PASSWORD)
    finally:
        for _ in held:
            auth.password_checks.release()
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert _sign_in(client, "manager", DEMO_PASSWORD).status_code == 200


def test_every_sign_in_is_audited_without_the_password(engine, client, clock):
    _sign_in(client, "leader", "a wrong guess")
    _sign_in(client, "nobody.here", "another guess")
    _sign_in(client, "leader", DEMO_PASSWORD)
    with Session(engine) as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("auth.%")).order_by(AuditEvent.id)
        ).all()
    assert [(e.action, e.actor) for e in events] == [
        ("auth.sign_in_refused", "anonymous"),
        ("auth.sign_in_refused", "anonymous"),
        ("auth.sign_in", "leader"),
    ]
    assert events[0].entity_id == events[2].entity_id == events[2].actor_id and events[1].entity_id is None
    assert all(e.source == "address:testclient" for e in events)
    text = " ".join(str([e.before, e.after, e.reason]) for e in events)
    assert "guess" not in text and DEMO_PASSWORD not in text


def test_the_readme_states_the_policy_the_code_applies():
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text().split())
    for promise in (
        f"at most {ADDRESS_ATTEMPTS} attempts in {WINDOW_S // 60} minutes",
        f"after {ACCOUNT_FREE_ATTEMPTS} failed attempts",
        f"at most {ACCOUNT_MAX_DELAY_S} s",
        f"At most {auth.PASSWORD_CHECKS_AT_ONCE} passwords are checked at once",
    ):
        assert promise in readme, promise
