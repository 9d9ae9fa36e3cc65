"""Signing in as the demo council's users in API tests: a KeelClient over the TestClient."""

from collections.abc import Callable

import pytest

from backend.client import KeelClient, KeelError

DEMO_PASSWORD = "keel-demo"


def signed_in(client, username: str) -> KeelClient:
    """A Keel client over the test client, signed in as `username` with its own bearer token."""
    keel = KeelClient(http=client)
    keel.login(username, DEMO_PASSWORD)
    return keel


def bearer(client, username: str) -> dict[str, str]:
    """Headers for the raw requests of tests about HTTP details the Keel client does not show."""
    return {"Authorization": f"Bearer {signed_in(client, username).token}"}


def refusal(call: Callable[[], object]) -> KeelError:
    """The KeelError a call raises; the test fails if the server accepts it."""
    with pytest.raises(KeelError) as caught:
        call()
    return caught.value
