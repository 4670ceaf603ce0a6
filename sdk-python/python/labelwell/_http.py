"""The client's transport: requests over the extension's connection pool, with
the caller's credentials, retried by the one retry loop, and an exception for
every failure."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from . import _native
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InvalidRequestError,
    LabelwellError,
    status_error_class,
)
from ._native import Problem
from ._retry import Retry, is_retried_status, retry_after_seconds, with_retries
from ._transport import Body, Query, RawBody

__all__ = ["API_PREFIX", "SESSION_COOKIE", "HTTPTransport", "Session", "session_cookie"]

#: Where the API lives under the server's URL.
API_PREFIX = "/api/v1"
#: The name of the browser session's cookie.
SESSION_COOKIE = "labelwell_session"

_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_T = TypeVar("_T")


class Session:
    """A browser-style session: its cookie and CSRF token (from `Client.login`)."""

    def __init__(self, cookie: str, csrf_token: str) -> None:
        self.cookie = cookie
        self.csrf_token = csrf_token


class HTTPTransport:
    """The `Transport` of a `Client`: one server, one connection pool, one
    way to authenticate (an API token, a session, or none yet).

    Thread-safe: calls release the interpreter while they wait on the network.
    """

    def __init__(
        self, base_url: str, *, token: str | None, timeout: float, max_retries: int, progress: bool | None
    ) -> None:
        self.connection = _native.Connection(base_url, timeout)
        self.token = token
        self.session: Session | None = None
        self.timeout = timeout
        self.max_retries = max_retries
        self.progress = progress
        self._lock = threading.Lock()

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        body: Body | None = None,
        decode: type[_T] | None = None,
        allow_empty: bool = False,
    ) -> Any:
        """`send`, returning the answer parsed into `decode` (`None` without one)."""
        data = self.send(method, path, query=query, body=body, decode=decode).data
        if data is None and decode is not None and not allow_empty:
            raise LabelwellError(f"{method} {API_PREFIX}{path}: the answer has no body, expected a {decode.__name__}")
        return data

    def send(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        body: Body | None = None,
        decode: type[Any] | None = None,
    ) -> _native.Response:
        """One API call and its whole answer: retried on connection errors, 408,
        429 and 5xx with backoff; raises the error of any other failure."""
        target = _target(path, query)
        content, content_type = _encoded(body)

        def attempt() -> _native.Response:
            headers = self._headers(method, content_type)
            try:
                response = self.connection.request(method, target, headers=headers, body=content, decode=decode)
            except (ConnectionError, TimeoutError) as failure:
                raise self._no_answer(method, target, failure) from None
            except ValueError as failure:
                raise LabelwellError(f"{method} {target}: {failure}") from None
            self._remember_cookie(response.headers)
            if not 200 <= response.status < 300:
                raise _status_failure(
                    method, target, response.status, response.headers, response.body, response.problem
                )
            return response

        return with_retries(attempt, self.max_retries)

    def stream(self, method: str, path: str, *, query: Query | None = None) -> _native.Stream:
        """Opens a streamed answer, retried like `send` until its body starts."""
        target = _target(path, query)

        def attempt() -> _native.Stream:
            try:
                stream = self.connection.stream(method, target, headers=self._headers(method, None))
            except (ConnectionError, TimeoutError) as failure:
                raise self._no_answer(method, target, failure) from None
            if 200 <= stream.status < 300:
                return stream
            try:
                body = stream.read_all()
            except (ConnectionError, TimeoutError):
                body = b""
            problem: Problem | None
            try:
                problem = Problem.from_json(body.decode("utf-8", "replace"))
            except ValueError:
                problem = None
            raise _status_failure(method, target, stream.status, stream.headers, body, problem)

        return with_retries(attempt, self.max_retries)

    def close(self) -> None:
        """Closes the pooled connections; the next call opens new ones."""
        self.connection = _native.Connection(self.connection.base_url, self.timeout)

    def _headers(self, method: str, content_type: str | None) -> dict[str, str]:
        headers = {"accept": "application/json"}
        if content_type is not None:
            headers["content-type"] = content_type
        if self.token is not None:
            headers["authorization"] = f"Bearer {self.token}"
        elif self.session is not None:
            headers["cookie"] = f"{SESSION_COOKIE}={self.session.cookie}"
            if method in _UNSAFE_METHODS:
                headers["x-csrf-token"] = self.session.csrf_token
        return headers

    def _no_answer(self, method: str, target: str, failure: OSError) -> Retry:
        if isinstance(failure, TimeoutError):
            return Retry(APITimeoutError(f"no answer in {self.timeout} s: {failure}", method=method, url=target))
        return Retry(APIConnectionError(f"the server did not answer: {failure}", method=method, url=target))

    def _remember_cookie(self, headers: list[tuple[str, str]]) -> None:
        """Follows the session cookie when the server changes it."""
        if self.session is None:
            return
        cookie = session_cookie(headers)
        if cookie is not None:
            with self._lock:
                self.session.cookie = cookie

    def __repr__(self) -> str:
        return f"<labelwell transport {self.connection.base_url}>"


def session_cookie(headers: list[tuple[str, str]]) -> str | None:
    """The value of the session cookie a `Set-Cookie` header sets, if any."""
    for name, value in headers:
        if name.lower() != "set-cookie":
            continue
        first = value.split(";", 1)[0].strip()
        key, _, cookie = first.partition("=")
        if key.strip() == SESSION_COOKIE and cookie:
            return cookie.strip()
    return None


def _status_failure(
    method: str, url: str, status: int, headers: list[tuple[str, str]], body: bytes, problem: Problem | None
) -> Retry | APIStatusError:
    """The error of an answer with an error status, as a `Retry` when that status is retried."""
    error = status_error_class(status)(
        status=status, method=method, url=url, problem=problem, body=body, headers=headers
    )
    return Retry(error, retry_after_seconds(headers)) if is_retried_status(status) else error


def _target(path: str, query: Query | None) -> str:
    target = API_PREFIX + path
    pairs = [(key, _query_value(value)) for key, value in (query or {}).items() if value is not None]
    if pairs:
        target += "?" + urlencode(pairs)
    return target


def _query_value(value: Any) -> str:
    """A query parameter's text: enums by name, times in RFC 3339 (aware only)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise InvalidRequestError(
                f"the datetime {value} has no time zone; use an aware datetime, e.g. datetime.now(timezone.utc)"
            )
        return value.isoformat()
    return str(value)


def _encoded(body: Body | None) -> tuple[bytes | None, str | None]:
    """A request body's bytes and media type."""
    if body is None:
        return None, None
    if isinstance(body, RawBody):
        return body.content, body.content_type
    return body.to_json().encode(), "application/json"
