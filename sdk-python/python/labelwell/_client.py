"""The client: configuration, credentials, and the one request loop with retries."""

from __future__ import annotations

import getpass
import os
import threading
import time
from typing import Any, cast
from urllib.parse import urlencode

from . import _native
from ._base import operation, query_value
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    InvalidRequestError,
    LabelwellError,
    status_error_class,
)
from ._native import Problem, SessionResponse, User
from ._retry import backoff, is_retried_status, retry_after_seconds
from .resources.accounts import Me, Tokens
from .resources.annotations import Annotations, Reviews
from .resources.export import Export, Stats
from .resources.items import Items
from .resources.organizations import Invitations, Members, Organizations
from .resources.projects import AnnotationUI, Guidelines, Projects
from .resources.queue import Queue
from .resources.review_queue import ReviewQueue

__all__ = ["API_PREFIX", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "Client"]

#: Where the API lives under the server's URL.
API_PREFIX = "/api/v1"
#: Seconds to wait for connecting, for an answer to start, and for each piece of it.
DEFAULT_TIMEOUT = 60.0
#: Retries of a request after a connection error, 408, 429 or 5xx.
DEFAULT_MAX_RETRIES = 2

URL_ENV = "LABELWELL_URL"
TOKEN_ENV = "LABELWELL_TOKEN"
SESSION_COOKIE = "labelwell_session"
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _Session:
    """A browser-style session: its cookie and CSRF token (from `Client.login`)."""

    def __init__(self, cookie: str, csrf_token: str) -> None:
        self.cookie = cookie
        self.csrf_token = csrf_token


class Client:
    """A client of one Labelwell server.

    ```python
    import labelwell
    client = labelwell.Client()          # LABELWELL_URL and LABELWELL_TOKEN
    project = client.projects.create(org_id, name="Support tickets")
    ```

    `base_url` is the server's URL (`http://127.0.0.1:8080`); `token` an API
    token (create one with `client.tokens.create(...)` or `POST
    /api/v1/me/tokens`). Both fall back to `LABELWELL_URL` and
    `LABELWELL_TOKEN`. For interactive use, `Client.login(email)` signs in with
    a password instead. `timeout` bounds each wait on the network, in seconds;
    connection errors, 408, 429 and 5xx answers are retried up to `max_retries`
    times with exponential backoff (honouring `Retry-After`). `progress` turns
    the progress bars of long calls on or off (default: on, unless
    `LABELWELL_NO_PROGRESS=1`).

    The client is thread-safe, and calls release the GIL while they wait on
    the network, so threads can work in parallel.
    """

    me: Me
    tokens: Tokens
    organizations: Organizations
    members: Members
    invitations: Invitations
    projects: Projects
    annotation_ui: AnnotationUI
    guidelines: Guidelines
    items: Items
    queue: Queue
    annotations: Annotations
    reviews: Reviews
    review_queue: ReviewQueue
    stats: Stats
    export: Export
    #: The signed-in user, for clients from `Client.login` and `Client.signup`.
    user: User | None

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        progress: bool | None = None,
    ) -> None:
        base_url = base_url or os.environ.get(URL_ENV) or None
        token = token or os.environ.get(TOKEN_ENV) or None
        if base_url is None or token is None:
            missing = [
                what for what, value in (("the server's URL", base_url), ("an API token", token)) if value is None
            ]
            raise ConfigurationError(
                f"labelwell.Client needs {' and '.join(missing)}: pass "
                f"Client(base_url=..., token=...) or set the environment variables {URL_ENV} "
                f"(e.g. http://127.0.0.1:8080) and {TOKEN_ENV}; to sign in with a password "
                "instead, use labelwell.Client.login(email, base_url=...)"
            )
        self._configure(base_url, token, None, timeout, max_retries, progress)

    def _configure(
        self,
        base_url: str,
        token: str | None,
        session: _Session | None,
        timeout: float,
        max_retries: int,
        progress: bool | None,
    ) -> None:
        base_url = base_url.rstrip("/")
        if base_url.endswith(API_PREFIX):
            base_url = base_url[: -len(API_PREFIX)]
        if max_retries < 0:
            raise ConfigurationError("max_retries must be 0 or more")
        try:
            self._connection = _native.Connection(base_url, timeout)
        except ValueError as error:
            raise ConfigurationError(str(error)) from None
        self._token = token
        self._session = session
        self.user = None
        self._lock = threading.Lock()
        self.timeout = timeout
        self.max_retries = max_retries
        self.progress = progress
        self.me = Me(self)
        self.tokens = Tokens(self)
        self.organizations = Organizations(self)
        self.members = Members(self)
        self.invitations = Invitations(self)
        self.projects = Projects(self)
        self.annotation_ui = AnnotationUI(self)
        self.guidelines = Guidelines(self)
        self.items = Items(self)
        self.queue = Queue(self)
        self.annotations = Annotations(self)
        self.reviews = Reviews(self)
        self.review_queue = ReviewQueue(self)
        self.stats = Stats(self)
        self.export = Export(self)

    @classmethod
    def _anonymous(
        cls,
        base_url: str | None,
        timeout: float,
        max_retries: int,
        progress: bool | None,
    ) -> Client:
        base_url = base_url or os.environ.get(URL_ENV) or None
        if base_url is None:
            raise ConfigurationError(
                f"labelwell needs the server's URL: pass base_url=... or set {URL_ENV} "
                f"(e.g. http://127.0.0.1:8080); scripts use an API token in {TOKEN_ENV}"
            )
        client = cls.__new__(cls)
        client._configure(base_url, None, None, timeout, max_retries, progress)
        return client

    @classmethod
    @operation("log_in")
    def login(
        cls,
        email: str,
        password: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        progress: bool | None = None,
    ) -> Client:
        """Signs in with an email and password, for interactive use; asks for
        the password when none is given. The client then works with the
        session (`client.logout()` ends it); scripts should use an API token.
        """
        client = cls._anonymous(base_url, timeout, max_retries, progress)
        if password is None:
            password = getpass.getpass(f"Labelwell password for {email}: ")
        client._sign_in("/auth/login", "LoginRequest", {"email": email, "password": password})
        return client

    @classmethod
    @operation("sign_up")
    def signup(
        cls,
        email: str,
        password: str,
        name: str,
        *,
        invitation_token: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        progress: bool | None = None,
    ) -> Client:
        """Creates an account (joining an organization with `invitation_token`)
        and returns a client signed in to it."""
        client = cls._anonymous(base_url, timeout, max_retries, progress)
        body = {"email": email, "password": password, "name": name}
        if invitation_token is not None:
            body["invitation_token"] = invitation_token
        client._sign_in("/auth/signup", "SignupRequest", body)
        return client

    def _sign_in(self, path: str, request_type: str, body: dict[str, Any]) -> None:
        response = self._send("POST", path, json=body, body_type=request_type, decode=SessionResponse)
        session = cast(SessionResponse, response.data)
        cookie = _session_cookie(response.headers)
        if cookie is None:
            raise LabelwellError("the server signed in but set no session cookie")
        self._session = _Session(cookie, session.csrf_token)
        self.user = session.user

    @operation("log_out")
    def logout(self) -> None:
        """Ends the session of a client from `Client.login`/`Client.signup`."""
        self._request("POST", "/auth/logout")
        self._session = None

    @property
    def base_url(self) -> str:
        """The server's URL."""
        return self._connection.base_url

    def close(self) -> None:
        """Releases the client's connections (they close on their own when it is dropped)."""
        self._connection = _native.Connection(self._connection.base_url, self.timeout)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        auth = "token" if self._token else "session" if self._session else "anonymous"
        return f"<labelwell.Client {self.base_url} ({auth})>"

    # --- The request loop -------------------------------------------------------

    def _headers(self, method: str, content_type: str | None) -> dict[str, str]:
        headers = {"accept": "application/json"}
        if content_type is not None:
            headers["content-type"] = content_type
        if self._token is not None:
            headers["authorization"] = f"Bearer {self._token}"
        elif self._session is not None:
            headers["cookie"] = f"{SESSION_COOKIE}={self._session.cookie}"
            if method in _UNSAFE_METHODS:
                headers["x-csrf-token"] = self._session.csrf_token
        return headers

    def _target(self, path: str, query: dict[str, Any] | None) -> str:
        target = API_PREFIX + path
        if query:
            pairs = [(key, query_value(value)) for key, value in query.items() if value is not None]
            if pairs:
                target += "?" + urlencode(pairs)
        return target

    def _encode(self, body_type: str, json: Any) -> bytes:
        try:
            return _native.encode(body_type, json)
        except (ValueError, TypeError) as error:
            raise InvalidRequestError(str(error)) from None

    def _encode_lines(self, items: list[Any], first_index: int) -> bytes:
        try:
            return _native.encode_lines("ItemInput", items, first_index)
        except (ValueError, TypeError) as error:
            raise InvalidRequestError(str(error)) from None

    def _send(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        json: Any = None,
        body_type: str | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
        decode: type[Any] | None = None,
    ) -> _native.Response:
        """One API call: the request, retried on connection errors, 408, 429 and
        5xx with backoff, and its answer; raises the error of any other failure."""
        if body_type is not None:
            body = self._encode(body_type, json)
            content_type = content_type or "application/json"
        target = self._target(path, query)
        decode_name = decode.__name__ if decode is not None else None
        attempt = 0
        while True:
            headers = self._headers(method, content_type)
            error: LabelwellError
            retry_after: float | None = None
            try:
                response = self._connection.request(method, target, headers=headers, body=body, decode=decode_name)
            except TimeoutError as failure:
                error = APITimeoutError(f"no answer in {self.timeout} s: {failure}", method=method, url=target)
            except ConnectionError as failure:
                error = APIConnectionError(f"the server did not answer: {failure}", method=method, url=target)
            except ValueError as failure:
                raise LabelwellError(f"{method} {target}: {failure}") from None
            else:
                self._remember_cookie(response.headers)
                if 200 <= response.status < 300:
                    return response
                error = self._status_error(
                    method, target, response.status, response.headers, response.body, response.problem
                )
                if not is_retried_status(response.status):
                    raise error
                retry_after = retry_after_seconds(response.headers)
            delay = backoff(attempt, retry_after) if attempt < self.max_retries else None
            if delay is None:
                raise error
            time.sleep(delay)
            attempt += 1

    def _request(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        json: Any = None,
        body_type: str | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
        decode: type[Any] | None = None,
    ) -> Any:
        """`_send`, returning the answer parsed into `decode` (`None` for no body)."""
        return self._send(
            method,
            path,
            query=query,
            json=json,
            body_type=body_type,
            body=body,
            content_type=content_type,
            decode=decode,
        ).data

    def _stream(self, method: str, path: str, *, query: dict[str, Any] | None = None) -> _native.Stream:
        """Opens a streamed answer, retried like `_send` until its body starts."""
        target = self._target(path, query)
        attempt = 0
        while True:
            error: LabelwellError
            retry_after: float | None = None
            try:
                stream = self._connection.stream(method, target, headers=self._headers(method, None))
            except TimeoutError as failure:
                error = APITimeoutError(f"no answer in {self.timeout} s: {failure}", method=method, url=target)
            except ConnectionError as failure:
                error = APIConnectionError(f"the server did not answer: {failure}", method=method, url=target)
            else:
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
                error = self._status_error(method, target, stream.status, stream.headers, body, problem)
                if not is_retried_status(stream.status):
                    raise error
                retry_after = retry_after_seconds(stream.headers)
            delay = backoff(attempt, retry_after) if attempt < self.max_retries else None
            if delay is None:
                raise error
            time.sleep(delay)
            attempt += 1

    @staticmethod
    def _status_error(
        method: str,
        url: str,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        problem: Problem | None,
    ) -> APIStatusError:
        return status_error_class(status)(
            status=status, method=method, url=url, problem=problem, body=body, headers=headers
        )

    def _remember_cookie(self, headers: list[tuple[str, str]]) -> None:
        """Follows the session cookie when the server changes it."""
        if self._session is None:
            return
        cookie = _session_cookie(headers)
        if cookie is not None:
            with self._lock:
                self._session.cookie = cookie


def _session_cookie(headers: list[tuple[str, str]]) -> str | None:
    """The value of the session cookie a `Set-Cookie` header sets, if any."""
    for name, value in headers:
        if name.lower() != "set-cookie":
            continue
        first = value.split(";", 1)[0].strip()
        key, _, cookie = first.partition("=")
        if key.strip() == SESSION_COOKIE and cookie:
            return cookie.strip()
    return None
