"""Signing in as the demo council's users in API tests."""

DEMO_PASSWORD = "keel-demo"


def bearer(client, username: str) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
