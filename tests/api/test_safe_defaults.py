"""Safe defaults: browser-safety headers on every answer, no caching of personal data, Secure cookies
behind HTTPS, API documentation without a CDN, and demo logins refused in production."""

import re

import pytest
from sqlalchemy import update
from sqlmodel import Session

from backend.config import get_settings
from backend.models import User
from backend.security import hash_password
from tests.api.signin import DEMO_PASSWORD, bearer
from tests.conftest import app_client


@pytest.fixture
def settings(monkeypatch):
    """Set Keel's environment variables for one test: `settings(KEEL_ENV="production")`; None unsets."""

    def use(**variables: str | None) -> None:
        for name, value in variables.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield use
    monkeypatch.undo()
    get_settings.cache_clear()


def _sign_in(client, username: str = "manager", password: str = DEMO_PASSWORD):
    return client.post("/api/auth/login", json={"username": username, "password": password})


def test_every_answer_carries_the_safety_headers_and_the_api_is_never_cached(client):
    answers = {path: client.get(path) for path in ("/", "/board", "/docs", "/api/health", "/api/workers")}
    answers["sign-in"] = _sign_in(client)
    answers["refused"] = client.get("/api/families/1")
    for path, answer in answers.items():
        csp = answer.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert answer.headers["X-Content-Type-Options"] == "nosniff", path
        assert answer.headers["Referrer-Policy"] in ("no-referrer", "same-origin"), path
    for path in ("/api/health", "/api/workers", "sign-in", "refused"):
        assert answers[path].headers["Cache-Control"] == "no-store", path
    assert "no-store" not in answers["/"].headers.get("Cache-Control", "")
    assert "Strict-Transport-Security" not in answers["/api/health"].headers  # plain HTTP here


def test_the_session_cookie_is_secure_behind_https(client, settings):
    assert "secure" not in _sign_in(client).headers["set-cookie"].lower()  # plain HTTP, no setting
    for variables in ({"KEEL_PUBLIC_URL": "https://keel.example.gov.uk"}, {"KEEL_COOKIE_SECURE": "true"}):
        settings(**variables)
        cookies = _sign_in(client).headers.get_list("set-cookie")
        assert len(cookies) == 2 and all("; secure" in cookie.lower() for cookie in cookies), variables
        settings(KEEL_PUBLIC_URL=None, KEEL_COOKIE_SECURE=None)
    over_https = client.post(
        "https://testserver/api/auth/login", json={"username": "manager", "password": DEMO_PASSWORD}
    )
    assert "; secure" in over_https.headers["set-cookie"].lower()
    assert over_https.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_refuses_the_demo_password_but_not_real_ones(engine, client, settings):
    with Session(engine) as session:
        session.execute(
            update(User)
            .where(User.username == "admin")
            .values(password_hash=hash_password("a real admin's passphrase"))
        )
        session.commit()
    settings(KEEL_ENV="production")
    refused, unknown = _sign_in(client, "manager"), _sign_in(client, "nobody.here", "wrong")
    assert (
        (refused.status_code, refused.json())
        == (unknown.status_code, unknown.json())
        == (401, {"detail": "Wrong username or password"})
    )
    assert client.post("/api/auth/token", json={"username": "worker", "password": DEMO_PASSWORD}).status_code == 401
    assert _sign_in(client, "admin", "a real admin's passphrase").status_code == 200
    settings(KEEL_ENV="development")
    assert _sign_in(client, "manager").status_code == 200


def test_api_docs_come_from_keel_itself(engine, settings, tmp_path):
    assets = tmp_path / "api-docs"
    assets.mkdir()
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "keel-docs.js", "favicon-32x32.png"):
        (assets / name).write_text(f"/* {name} */")
    settings(STATIC_DIR=str(tmp_path))
    with app_client(engine) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        linked = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert linked and all(url.startswith("/api-docs/") for url in linked)
        assert "<script>" not in page.text  # no inline script: the CSP forbids it
        for url in linked:
            assert client.get(url).status_code == 200, url
        assert client.get("/redoc").text == client.get("/").text  # no CDN-fed ReDoc: the front end answers
        assert client.get("/openapi.json").status_code == 200
    settings(STATIC_DIR=str(tmp_path / "not-built"))
    with app_client(engine) as client:
        assert "/openapi.json" in client.get("/docs").text


def test_signed_in_reads_are_not_cached(client):
    answer = client.get("/api/workers", headers=bearer(client, "manager"))
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
