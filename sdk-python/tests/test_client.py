"""Configuring the client: arguments, environment, and the errors when something is missing."""

from __future__ import annotations

import socket

import pytest

import labelwell
from labelwell import _retry


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LABELWELL_URL", raising=False)
    monkeypatch.delenv("LABELWELL_TOKEN", raising=False)
    monkeypatch.setattr(_retry, "INITIAL_BACKOFF", 0.01)


def test_without_url_or_token_the_error_names_both_variables() -> None:
    with pytest.raises(labelwell.ConfigurationError) as raised:
        labelwell.Client()
    message = str(raised.value)
    assert "LABELWELL_URL" in message and "LABELWELL_TOKEN" in message
    assert "the server's URL and an API token" in message


def test_without_a_token_the_error_still_names_both_variables() -> None:
    with pytest.raises(labelwell.ConfigurationError, match=r"needs an API token.*LABELWELL_URL.*LABELWELL_TOKEN"):
        labelwell.Client("http://127.0.0.1:1")


def test_the_environment_fills_in_url_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABELWELL_URL", "http://127.0.0.1:9/api/v1/")
    monkeypatch.setenv("LABELWELL_TOKEN", "lw_secret")
    client = labelwell.Client()
    assert client.base_url == "http://127.0.0.1:9"
    assert "token" in repr(client)


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABELWELL_URL", "http://127.0.0.1:9")
    client = labelwell.Client("http://localhost:10", "lw_secret", timeout=5, max_retries=0)
    assert client.base_url == "http://localhost:10"
    assert client.timeout == 5
    assert client.max_retries == 0


def test_a_url_without_a_scheme_is_refused() -> None:
    with pytest.raises(labelwell.ConfigurationError, match="http://"):
        labelwell.Client("127.0.0.1:8080", "lw_secret")


def test_login_without_a_url_names_the_variable() -> None:
    with pytest.raises(labelwell.ConfigurationError, match="LABELWELL_URL"):
        labelwell.Client.login("ada@example.com", "password")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_refused_connection_is_retried_then_raised() -> None:
    client = labelwell.Client(f"http://127.0.0.1:{closed_port()}", "lw_secret", max_retries=2)
    with pytest.raises(labelwell.APIConnectionError) as raised:
        client.me.get()
    assert not isinstance(raised.value, labelwell.APITimeoutError)
    assert raised.value.method == "GET"
    assert raised.value.url == "/api/v1/me"


def test_errors_form_one_hierarchy() -> None:
    assert issubclass(labelwell.APITimeoutError, labelwell.APIConnectionError)
    for error in (
        labelwell.ValidationError,
        labelwell.AuthenticationError,
        labelwell.PermissionDeniedError,
        labelwell.NotFoundError,
        labelwell.ConflictError,
        labelwell.RateLimitError,
        labelwell.ServerError,
    ):
        assert issubclass(error, labelwell.APIStatusError)
        assert issubclass(error, labelwell.LabelwellError)
    assert issubclass(labelwell.InvalidRequestError, ValueError)


def test_backoff_grows_and_honours_retry_after() -> None:
    assert _retry.backoff(0, 3.0) == 3.0
    assert _retry.backoff(0, 3600.0) is None
    delays = [_retry.backoff(attempt) for attempt in range(8)]
    assert all(delay is not None and delay > 0 for delay in delays)
    assert delays[-1] is not None and delays[-1] <= _retry.MAX_BACKOFF
    assert _retry.retry_after_seconds([("Retry-After", "7")]) == 7.0
    assert _retry.retry_after_seconds([("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]) == 0.0
    assert _retry.retry_after_seconds([]) is None
    assert [s for s in (400, 401, 403, 404, 408, 409, 410, 422, 429, 500, 502, 503) if _retry.is_retried_status(s)] == [
        408,
        429,
        500,
        502,
        503,
    ]
