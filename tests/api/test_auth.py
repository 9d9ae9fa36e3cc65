"""Signing in: argon2 passwords, bearer and cookie sessions with CSRF, expiry, slowing failed tries."""

from datetime import timedelta

from sqlalchemy import select, update

from backend.client import KeelClient
from backend.models import AuthSession, User
from backend.models._types import utcnow
from tests.api.signin import DEMO_PASSWORD, bearer, refusal, signed_in


def test_login_gives_a_bearer_token_that_reads_me(client):
    me = signed_in(client, "manager").me()
    assert me.username == "manager"
    assert me.role == "team_manager"
    raw = client.get("/api/auth/me", headers=bearer(client, "manager"))  # the JSON itself, not the model
    assert "password_hash" not in raw.json()


def test_wrong_password_and_unknown_user_look_the_same(client):
    wrong = client.post("/api/auth/login", json={"username": "manager", "password": "nope"})
    unknown = client.post("/api/auth/login", json={"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_the_browser_sign_in_carries_no_token_and_the_token_route_sets_no_cookie(client):
    browser = client.post("/api/auth/login", json={"username": "manager", "password": DEMO_PASSWORD})
    assert browser.status_code == 200
    assert "token" not in browser.json() and browser.json()["csrf_token"]
    session_cookie = browser.cookies.get("keel_session")
    assert session_cookie and session_cookie not in browser.text
    assert "httponly" in browser.headers["set-cookie"].lower()
    client.cookies.clear()
    script = client.post("/api/auth/token", json={"username": "manager", "password": DEMO_PASSWORD})
    assert script.status_code == 200 and script.json()["token"]
    assert "set-cookie" not in script.headers
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {script.json()['token']}"})
    assert me.json()["username"] == "manager"


def test_passwords_are_stored_as_argon2_hashes(session):
    user = session.scalars(select(User).where(User.username == "admin")).one()
    assert user.password_hash.startswith("$argon2")
    assert DEMO_PASSWORD not in user.password_hash


def test_expired_session_is_refused(client, engine):
    leader = signed_in(client, "leader")
    from sqlmodel import Session

    with Session(engine) as session:
        session.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(minutes=1)))
        session.commit()
    assert refusal(leader.me).status == 401


def test_no_credentials_is_401(client):
    assert refusal(KeelClient(http=client).workers).status == 401
    assert refusal(KeelClient(http=client, token="made-up").me).status == 401


def test_cookie_session_needs_the_csrf_header_for_changes(client):
    response = client.post("/api/auth/login", json={"username": "admin", "password": DEMO_PASSWORD})
    csrf = response.json()["csrf_token"]
    assert client.get("/api/auth/me").status_code == 200  # cookie carried by the client
    assert client.post("/api/auth/logout").status_code == 403
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/auth/me").status_code == 401


def test_a_manager_moved_to_another_team_sees_it_from_their_very_next_request(client, session):
    """The objects a request's user is built from are kept while their row reads the same
    (services/auth.py): a unit changed by an administrator (which keeps the manager signed in) is
    seen by the next request, not a kept one; so is a sign-out."""
    from backend.models import Unit

    admin, manager = bearer(client, "admin"), bearer(client, "manager")
    before = client.get("/api/auth/me", headers=manager).json()["unit_id"]
    assert client.get(f"/api/units/{before}/board", headers=manager).status_code == 200
    manager_id = session.scalars(select(User.id).where(User.username == "manager")).one()
    other = session.scalars(select(Unit.id).where(Unit.kind == "team", Unit.id != before)).first()
    moved = client.patch(f"/api/users/{manager_id}", headers=admin, json={"unit_id": other, "reason": "moved team"})
    assert moved.status_code == 200, moved.text
    assert client.get("/api/auth/me", headers=manager).json()["unit_id"] == other
    assert client.get(f"/api/units/{other}/board", headers=manager).status_code == 200
    assert client.get(f"/api/units/{before}/board", headers=manager).status_code in (403, 404)
    assert client.post("/api/auth/logout", headers=manager).status_code == 204
    assert client.get("/api/auth/me", headers=manager).status_code == 401


def test_the_objects_kept_for_signed_in_requests_hold_no_password_hash(client):
    from backend.services import auth

    manager = bearer(client, "manager")
    assert client.get("/api/auth/me", headers=manager).status_code == 200
    kept = list(auth._signed_in_objects._values.items())
    assert kept
    for row, (user, _record) in kept:
        assert user.password_hash == auth.NOT_READ
        assert not any(isinstance(value, str) and value.startswith("$argon2") for value in row)
