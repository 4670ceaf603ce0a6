"""The client: configuration, credentials, and its namespaces, each given the
client's transport. The only module that imports the namespaces."""

from __future__ import annotations

import getpass
import os

from ._base import operation
from ._errors import ConfigurationError, LabelwellError
from ._http import API_PREFIX, HTTPTransport, Session, session_cookie
from ._native import LoginRequest, SessionResponse, SignupRequest, User
from ._transport import JsonBody, request_body
from .resources.accounts import Me, Tokens
from .resources.annotations import Annotations, Reviews
from .resources.export import Export, Stats
from .resources.items import Items
from .resources.organizations import Invitations, Members, Organizations, PendingMemberships
from .resources.predictions import Predictions
from .resources.projects import AnnotationUI, Guidelines, Projects
from .resources.queue import Queue
from .resources.releases import Releases
from .resources.review_queue import ReviewQueue
from .resources.webhooks import Webhooks

__all__ = ["API_PREFIX", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "Client"]

#: Seconds to wait for connecting, for an answer to start, and for each piece of it.
DEFAULT_TIMEOUT = 60.0
#: Retries of a request after a connection error, 408, 429 or 5xx.
DEFAULT_MAX_RETRIES = 2

URL_ENV = "LABELWELL_URL"
TOKEN_ENV = "LABELWELL_TOKEN"


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
    pending_memberships: PendingMemberships
    invitations: Invitations
    projects: Projects
    annotation_ui: AnnotationUI
    guidelines: Guidelines
    items: Items
    predictions: Predictions
    queue: Queue
    annotations: Annotations
    reviews: Reviews
    review_queue: ReviewQueue
    stats: Stats
    export: Export
    releases: Releases
    webhooks: Webhooks
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
        self._configure(base_url, token, timeout, max_retries, progress)

    def _configure(
        self,
        base_url: str,
        token: str | None,
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
            transport = HTTPTransport(
                base_url, token=token, timeout=timeout, max_retries=max_retries, progress=progress
            )
        except ValueError as error:
            raise ConfigurationError(str(error)) from None
        self._transport = transport
        self.user = None
        self.me = Me(transport)
        self.tokens = Tokens(transport)
        self.organizations = Organizations(transport)
        self.members = Members(transport)
        self.pending_memberships = PendingMemberships(transport)
        self.invitations = Invitations(transport)
        self.projects = Projects(transport)
        self.annotation_ui = AnnotationUI(transport)
        self.guidelines = Guidelines(transport)
        self.items = Items(transport)
        self.predictions = Predictions(transport)
        self.queue = Queue(transport)
        self.annotations = Annotations(transport)
        self.reviews = Reviews(transport)
        self.review_queue = ReviewQueue(transport)
        self.stats = Stats(transport)
        self.export = Export(transport)
        self.releases = Releases(transport)
        self.webhooks = Webhooks(transport)

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
        client._configure(base_url, None, timeout, max_retries, progress)
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
        client._sign_in("/auth/login", request_body(LoginRequest, email=email, password=password))
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
        fields = {"email": email, "password": password, "name": name}
        if invitation_token is not None:
            fields["invitation_token"] = invitation_token
        client._sign_in("/auth/signup", request_body(SignupRequest, **fields))
        return client

    def _sign_in(self, path: str, body: JsonBody) -> None:
        response = self._transport.send("POST", path, body=body, decode=SessionResponse)
        session: SessionResponse | None = response.data
        cookie = session_cookie(response.headers)
        if session is None or cookie is None:
            raise LabelwellError("the server signed in but set no session cookie")
        self._transport.session = Session(cookie, session.csrf_token)
        self.user = session.user

    @operation("log_out")
    def logout(self) -> None:
        """Ends the session of a client from `Client.login`/`Client.signup`."""
        self._transport.request("POST", "/auth/logout")
        self._transport.session = None

    @property
    def base_url(self) -> str:
        """The server's URL."""
        return self._transport.connection.base_url

    @property
    def timeout(self) -> float:
        """Seconds to wait for connecting, for an answer to start, and for each piece of it."""
        return self._transport.timeout

    @property
    def max_retries(self) -> int:
        """Retries of a request after a connection error, 408, 429 or 5xx."""
        return self._transport.max_retries

    @max_retries.setter
    def max_retries(self, max_retries: int) -> None:
        if max_retries < 0:
            raise ConfigurationError("max_retries must be 0 or more")
        self._transport.max_retries = max_retries

    @property
    def progress(self) -> bool | None:
        """Whether long calls show progress bars (`None`: unless `LABELWELL_NO_PROGRESS=1`)."""
        return self._transport.progress

    @progress.setter
    def progress(self, progress: bool | None) -> None:
        self._transport.progress = progress

    def close(self) -> None:
        """Releases the client's connections (they close on their own when it is dropped)."""
        self._transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        transport = self._transport
        auth = "token" if transport.token else "session" if transport.session else "anonymous"
        return f"<labelwell.Client {self.base_url} ({auth})>"
