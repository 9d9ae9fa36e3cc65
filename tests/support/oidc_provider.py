"""A real OpenID Connect provider process for the tests (the `oidc-provider-mock` package), with the
council's accounts the single sign-on tests sign in as."""

import json
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx

from tests.support.local_server import free_port

ROLES = "keel-admins=admin,keel-leaders=senior_leader,keel-managers=team_manager,keel-workers=social_worker"
ACCOUNTS = {
    "alex": {
        "preferred_username": "alex.manager",
        "name": "Alex Manager",
        "groups": ["staff", "keel-managers"],
        "keel_unit": "T01",
    },
    "robin": {"preferred_username": "robin.leader", "name": "Robin Leader", "groups": ["keel-leaders"]},
    "sam": {
        "preferred_username": "sam.worker",
        "name": "Sam Worker",
        "groups": ["keel-workers"],
        "keel_worker": "W0003",
    },
    "ada": {"preferred_username": "ada.admin", "name": "Ada Admin", "groups": ["keel-admins", "keel-workers"]},
    "pat": {"preferred_username": "pat.finance", "name": "Pat Finance", "groups": ["finance"]},
}


@contextmanager
def oidc_provider():
    """The provider's issuer address while it runs."""
    port = free_port()
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--require-nonce"]
    for subject, claims in ACCOUNTS.items():
        command += ["--user-claims", json.dumps({"sub": subject, **claims})]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oidc-provider-mock exited: {process.stderr.read()[-2000:]}")
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "oidc-provider-mock did not start within 30 s"
            time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def sso_environment(issuer: str) -> dict[str, str]:
    return {
        "KEEL_OIDC_ISSUER": issuer,
        "KEEL_OIDC_CLIENT_ID": "keel",
        "KEEL_OIDC_CLIENT_SECRET": "not-a-secret",
        "KEEL_OIDC_ROLES": ROLES,
        "AUTHLIB_INSECURE_TRANSPORT": "1",
    }  # the test provider speaks plain HTTP
