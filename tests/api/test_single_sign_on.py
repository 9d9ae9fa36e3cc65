"""Signing in with the council's OpenID Connect provider, against a real provider process
(oidc-provider-mock): the code flow with PKCE and a nonce, users matched or made on first sign-in,
roles from the groups claim, a clear refusal without a role, passwords that can be switched off."""

from urllib.parse import parse_qs, urlparse

from sqlalchemy import select

from backend.config import get_settings
from backend.models import AuditEvent, ExternalIdentity, User, UserRole
from tests.support.council_sign_in import council_sign_in


def sign_in_as(client, subject: str):
    """The round trip, checking Keel asked for the code flow with PKCE and a nonce."""
    start = client.get("/api/auth/oidc/login", follow_redirects=False)
    asked = parse_qs(urlparse(start.headers["location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"] and asked["nonce"]
    return council_sign_in(client, subject)


def test_a_council_account_signs_in_with_the_role_its_groups_map_to(client, session, single_sign_on):
    assert client.get("/api/auth/methods").json() == {"passwords": True, "single_sign_on": True}
    back = sign_in_as(client, "alex")
    assert back.status_code == 303 and back.headers["location"] == "/"
    me = client.get("/api/auth/me").json()
    assert (me["username"], me["full_name"], me["role"]) == ("alex.manager", "Alex Manager", "team_manager")
    user = session.scalars(select(User).where(User.username == "alex.manager")).one()
    assert session.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == user.id)).one().subject == "alex"
    assert client.get("/api/families", params={"unit_id": user.unit_id}).status_code == 200  # the team's manager
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": client.cookies["keel_csrf"]}).status_code == 204
    assert client.get("/api/auth/me").status_code == 401
    sign_in_as(client, "alex")  # the same account again: the same user, not a second one
    assert len(session.scalars(select(User).where(User.username.like("alex.manager%"))).all()) == 1


def test_the_highest_mapped_role_wins_and_a_worker_is_linked_to_their_record(client, single_sign_on):
    sign_in_as(client, "ada")
    assert client.get("/api/auth/me").json()["role"] == UserRole.admin.value
    client.cookies.clear()
    sign_in_as(client, "sam")
    me = client.get("/api/auth/me").json()
    assert me["role"] == "social_worker" and me["worker_id"] is not None
    assert client.get("/api/me/caseload").json()["worker"]["id"] == me["worker_id"]


def test_an_account_without_a_keel_role_is_refused_with_a_page_that_says_why(client, session, single_sign_on):
    refused = sign_in_as(client, "pat")
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
    assert "has no Keel role" in refused.text and 'href="/login"' in refused.text
    assert client.get("/api/auth/me").status_code == 401
    assert session.scalars(select(User).where(User.username == "pat.finance")).first() is None
    assert session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.sign_in_refused", AuditEvent.reason.like("%no Keel role%"))
    ).first()


def test_a_callback_without_this_browsers_sign_in_is_refused(client, single_sign_on):
    start = client.get("/api/auth/oidc/login", follow_redirects=False)
    state = parse_qs(urlparse(start.headers["location"]).query)["state"][0]
    client.cookies.clear()  # another browser
    refused = client.get("/api/auth/oidc/callback", params={"code": "x", "state": state}, follow_redirects=False)
    assert refused.status_code == 403 and "another browser" in refused.text


def test_passwords_can_be_switched_off(client, single_sign_on, monkeypatch):
    monkeypatch.setenv("KEEL_LOCAL_PASSWORDS", "false")
    get_settings.cache_clear()
    assert client.get("/api/auth/methods").json() == {"passwords": False, "single_sign_on": True}
    refused = client.post("/api/auth/token", json={"username": "manager", "password": "keel-demo"})
    assert refused.status_code == 403 and "council account" in refused.json()["detail"]
    assert sign_in_as(client, "robin").status_code == 303
    assert client.get("/api/auth/me").json()["role"] == "senior_leader"


def test_without_an_issuer_single_sign_on_is_not_offered(client):
    assert client.get("/api/auth/methods").json() == {"passwords": True, "single_sign_on": False}
    assert client.get("/api/auth/oidc/login", follow_redirects=False).status_code == 404
