"""Signing in through the test OpenID Connect provider as a browser would, without one: Keel's start
address, the provider's account form, Keel's callback."""

from urllib.parse import urlparse

import httpx


def set_account(issuer: str, subject: str, claims: dict) -> None:
    """Give the provider's account `subject` these claims (the provider mock's own API)."""
    httpx.put(f"{issuer}/users/{subject}", json=claims, timeout=10).raise_for_status()


def council_sign_in(client, subject: str):
    """Keel's answer at the callback (a 303 to / once signed in, or the refusal page)."""
    start = client.get("/api/auth/oidc/login", follow_redirects=False)
    assert start.status_code == 303, start.text
    chosen = httpx.post(start.headers["location"], data={"sub": subject}, follow_redirects=False, timeout=10)
    assert chosen.status_code in (302, 303), chosen.text
    back = urlparse(chosen.headers["location"])
    return client.get(f"{back.path}?{back.query}", follow_redirects=False)
