"""A bad or unreachable DATABASE_URL gives one line of error and exit code 2, never a traceback."""

import socket

import pytest

from tests.support.cli import invoke_keel, one_line_error


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    "url, words",
    [
        ("not a url", "not a valid database URL"),
        ("mysql://keel@localhost/keel", "must be sqlite or postgresql"),
        ("postgresql://keel@127.0.0.1:{port}/keel", "cannot reach the database"),
    ],
    ids=["not-a-url", "mysql", "unreachable-postgresql"],
)
def test_bad_database_url_is_one_line(url, words):
    result = invoke_keel("migrate", database_url=url.format(port=_closed_port()))
    assert words in one_line_error(result, 2)
