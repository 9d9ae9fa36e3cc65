"""The admission's two limits (backend/api/admission.py), on a bare ASGI app that counts who is inside:
at most `limit` requests at once, and of them at most `changing` changes, so reads keep the
interpreter while managers write; sign-ins and leaders' what-ifs are not changes of that kind."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx

from backend.api.admission import Admission


class Counting:
    """An ASGI app that stays inside for a moment and remembers the most requests of each kind it
    held at once."""

    def __init__(self) -> None:
        self.inside = {"read": 0, "write": 0, "not a change": 0}
        self.most = {"read": 0, "write": 0, "not a change": 0, "all": 0}
        self.entered: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        path = scope["path"]
        self.entered.append(path)
        signed = any(
            name == b"authorization" or (name == b"cookie" and b"keel_session=" in value)
            for name, value in scope["headers"]
        )
        while (await receive()).get("more_body", False):  # the body, as a handler reads it
            pass
        kind = (
            "not a change"
            if path.startswith(("/api/auth/", "/api/resilience/")) or not signed
            else "read"
            if scope["method"] == "GET"
            else "write"
        )
        self.inside[kind] += 1
        self.most[kind] = max(self.most[kind], self.inside[kind])
        self.most["all"] = max(self.most["all"], sum(self.inside.values()))
        await asyncio.sleep(0.02)
        self.inside[kind] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


SIGNED = {"Authorization": "Bearer some-token"}  # the admission only looks for credentials; the app checks them


def _send_all(
    app, requests: list[tuple[str, str]], bodies: dict | None = None, headers: dict | None = None
) -> list[int]:
    """Send every request at once, signed in unless `headers[i]` says otherwise; `bodies[i]` makes
    request i's body (an async iterator, or bytes)."""

    async def run() -> list[int]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://keel") as client:
            sent = [
                client.request(method, path, content=(bodies or {}).get(i), headers=(headers or {}).get(i, SIGNED))
                for i, (method, path) in enumerate(requests)
            ]
            return [response.status_code for response in await asyncio.gather(*sent)]

    with ThreadPoolExecutor(1) as own_loop:  # Playwright's e2e fixtures may keep a loop running in this thread
        return own_loop.submit(asyncio.run, run()).result()


def test_at_most_the_writing_limit_of_changes_are_inside_while_reads_go_on_beside_them():
    app = Counting()
    requests = [("POST", "/api/absences"), ("PATCH", "/api/workers/4"), ("DELETE", "/api/absences/1")] * 4
    requests += [("GET", "/api/units/1/board")] * 8
    statuses = _send_all(Admission(app, limit=6, changing=2), requests)
    assert statuses == [200] * len(requests)
    assert app.most["write"] == 2  # twelve changes, never more than two at once
    assert app.most["all"] == 6  # reads filled the other slots beside them
    assert app.most["read"] >= 4


def test_sign_ins_and_what_ifs_are_not_held_back_by_changes_waiting_their_turn():
    app = Counting()
    requests = [("POST", "/api/absences")] * 6
    requests += [("POST", "/api/auth/login")] * 2 + [("POST", "/api/resilience/what-if")] * 2
    statuses = _send_all(Admission(app, limit=10, changing=1), requests)
    assert statuses == [200] * len(requests)
    assert app.most["write"] == 1
    assert app.most["not a change"] == 4  # all four at once, beside the one change


def test_a_change_whose_body_comes_slowly_does_not_hold_the_change_slot_while_it_comes():
    async def slowly():
        for _ in range(5):
            await asyncio.sleep(0.1)
            yield b'{"x": 1}'

    app = Counting()
    requests = [("POST", "/api/slow"), ("POST", "/api/quick")]
    statuses = _send_all(Admission(app, limit=4, changing=1), requests, bodies={0: slowly()})
    assert statuses == [200, 200]
    assert app.entered == ["/api/quick", "/api/slow"]  # the quick change went in while the slow one's body came


def test_a_change_over_the_largest_body_is_refused_with_413_before_it_goes_in(monkeypatch):
    import backend.api.admission as admission

    monkeypatch.setattr(admission, "LARGEST_BODY", 1000)
    app = Counting()
    statuses = _send_all(
        Admission(app, limit=4, changing=1),
        [("POST", "/api/imports"), ("POST", "/api/absences")],
        bodies={0: b"x" * 1001, 1: b"x" * 1000},
    )
    assert statuses == [413, 200]
    assert app.entered == ["/api/absences"]


def test_requests_without_credentials_wait_for_no_change_and_a_session_cookie_counts_as_credentials():
    app = Counting()
    requests = [("POST", "/api/absences")] * 6 + [("POST", "/api/families")] * 3
    headers = {6: {}, 7: {}, 8: {"Cookie": "theme=dark"}}  # anonymous: the app will refuse them (401)
    headers.update({i: {"Cookie": "theme=dark; keel_session=abc"} for i in (3, 4, 5)})
    statuses = _send_all(Admission(app, limit=10, changing=1), requests, headers=headers)
    assert statuses == [200] * len(requests)
    assert app.most["write"] == 1  # the six signed-in changes (bearer or cookie), one at a time
    assert app.most["not a change"] == 3  # the three anonymous ones at once, beside them
