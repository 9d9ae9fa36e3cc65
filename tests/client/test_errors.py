"""KeelError: every refusal reads as `status detail`, 422 lists flattened into one line, and no answer
at all (unreachable, not Keel) is a KeelError too, never a raw httpx or pydantic exception."""

import socket
from datetime import date, timedelta

import httpx
import pytest

from backend.client import KeelClient
from tests.api.signin import refusal, signed_in


def answering(response: httpx.Response) -> KeelClient:
    return KeelClient(
        http=httpx.Client(transport=httpx.MockTransport(lambda request: response), base_url="http://keel.test")
    )


def test_a_refusal_reads_as_status_and_the_servers_words():
    error = refusal(answering(httpx.Response(403, json={"detail": "Your role may not do this"})).units)
    assert (error.status, error.detail, str(error)) == (
        403,
        "Your role may not do this",
        "403 Your role may not do this",
    )


def test_validation_errors_are_one_line_naming_each_field():
    detail = [
        {
            "type": "string_too_short",
            "loc": ["body", "overrides", 0, "reason"],
            "msg": "String should have at least 3 characters",
        },
        {"type": "value_error", "loc": ["body"], "msg": "Value error, end_date must be on or after start_date"},
        {"type": "greater_than_equal", "loc": ["query", "limit"], "msg": "Input should be greater than or equal to 1"},
    ]
    error = refusal(answering(httpx.Response(422, json={"detail": detail})).units)
    assert str(error) == (
        "422 overrides[0].reason: String should have at least 3 characters; "
        "end_date must be on or after start_date; limit: Input should be greater than or equal to 1"
    )


def test_an_answer_without_a_detail_uses_the_status_phrase():
    assert str(refusal(answering(httpx.Response(500, text="boom")).units)) == "500 Internal Server Error"


def test_an_answer_that_is_not_keels_is_said_so():
    page = httpx.Response(200, text="<html>a router's page</html>", headers={"content-type": "text/html"})
    error = refusal(answering(page).units)
    assert error.status is None and "not Keel's" in str(error) and "text/html" in str(error)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_server_is_a_keel_error_naming_it():
    url = f"http://127.0.0.1:{_closed_port()}"
    with KeelClient(url, timeout=5) as keel:
        error = refusal(lambda: keel.login("manager", "keel-demo"))
    assert error.status is None and str(error).startswith(f"cannot reach the Keel server at {url}")


def test_an_address_without_http_is_said_so():
    assert "give it as http://host:port" in str(refusal(lambda: KeelClient("localhost:8000")))


def test_a_timeout_is_a_keel_error():
    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)

    keel = KeelClient(http=httpx.Client(transport=httpx.MockTransport(slow), base_url="http://keel.test"))
    assert "timed out" in str(refusal(keel.me))


def test_the_apps_own_validation_errors_read_as_one_line(client):
    manager = signed_in(client, "manager")
    worker_id = manager.workers(limit=1).data[0].id
    today = date.today()
    backwards = refusal(lambda: manager.record_absence(worker_id, today, today - timedelta(days=1), "sickness"))
    assert str(backwards) == "422 end_date: The last day away must be on or after the first"
    assert str(refusal(lambda: manager.workers(limit=0))) == "422 limit: Input should be greater than or equal to 1"


def test_clients_sharing_one_http_client_keep_their_own_sign_in(client):
    manager = signed_in(client, "manager")
    worker = signed_in(client, "worker")
    assert (manager.me().username, worker.me().username) == ("manager", "worker")
    assert refusal(KeelClient(http=client).me).status == 401  # no browser cookie left behind to borrow
    token = worker.token
    worker.logout()
    assert refusal(KeelClient(http=client, token=token).me).status == 401  # revoked on the server
    assert manager.me().username == "manager"


def test_a_client_closes_only_the_http_client_it_made():
    with KeelClient("http://keel.test") as own:
        pass
    assert own.http.is_closed
    given = httpx.Client()
    with KeelClient(http=given):
        pass
    assert not given.is_closed
    with pytest.raises(ValueError):
        KeelClient("http://keel.test", http=given)
