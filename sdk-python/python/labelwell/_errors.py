"""The exceptions of the SDK: one hierarchy, one class per kind of failure.

```
LabelwellError
├── ConfigurationError         no server URL or credentials
├── InvalidRequestError        a request failed the API's own checks before it was sent
├── APIConnectionError         no answer: refused, reset, DNS
│   └── APITimeoutError        no answer in time
└── APIStatusError             an answer with an error status (problem+json)
    ├── BadRequestError            400, 413, 415 and other 4xx
    │   └── ValidationError        422, with one FieldError per invalid field
    ├── AuthenticationError        401
    ├── PermissionDeniedError      403
    ├── NotFoundError              404
    │   └── GoneError              410
    ├── ConflictError              409
    ├── RateLimitError             429, with retry_after
    └── ServerError                5xx
```
"""

from __future__ import annotations

from ._native import FieldError, Problem

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "GoneError",
    "InvalidRequestError",
    "LabelwellError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "ValidationError",
]


class LabelwellError(Exception):
    """The base of every exception the SDK raises."""


class ConfigurationError(LabelwellError):
    """The client lacks what it needs to reach the server: a URL or credentials."""


class InvalidRequestError(LabelwellError, ValueError):
    """A request did not pass the API's checks, made before sending it with the
    server's own types (a missing field, a wrong type, an unknown field)."""


class APIConnectionError(LabelwellError):
    """The server gave no answer: the connection was refused or broken.

    Retried with backoff before it is raised.
    """

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The server did not answer within the client's timeout."""


class APIStatusError(LabelwellError):
    """The server answered with an error status.

    Carries the answer's problem+json: `status`, the stable machine `code`
    to branch on, the human `detail`, and for validation problems the
    `errors`, one `FieldError` (`field`, `code`, `message`) per invalid field.
    """

    status: int
    code: str
    detail: str
    title: str
    type: str
    errors: list[FieldError]
    problem: Problem | None

    def __init__(
        self,
        *,
        status: int,
        method: str,
        url: str,
        problem: Problem | None = None,
        body: bytes = b"",
        headers: list[tuple[str, str]] | None = None,
        detail: str | None = None,
    ) -> None:
        self.status = status
        self.method = method
        self.url = url
        self.problem = problem
        self.body = body
        self.headers = headers or []
        if problem is not None:
            self.code = problem.code
            self.detail = problem.detail if detail is None else detail
            self.title = problem.title
            self.type = problem.kind
            self.errors = problem.errors
        else:
            text = body.decode("utf-8", "replace").strip()
            self.code = f"http_{status}"
            self.detail = detail if detail is not None else (text[:500] or "no details")
            self.title = ""
            self.type = ""
            self.errors = []
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [f"{self.status} {self.code}: {self.detail} ({self.method} {self.url})"]
        lines.extend(f"  {error.field}: {error.message} ({error.code})" for error in self.errors)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_status_error,
            (type(self), self.status, self.method, self.url, self.problem, self.body, self.detail),
        )


def _rebuild_status_error(
    cls: type[APIStatusError],
    status: int,
    method: str,
    url: str,
    problem: Problem | None,
    body: bytes,
    detail: str,
) -> APIStatusError:
    return cls(status=status, method=method, url=url, problem=problem, body=body, detail=detail)


class BadRequestError(APIStatusError):
    """400 and other 4xx without a class of their own: the request could not be read."""


class ValidationError(BadRequestError):
    """422: the request was read, but some fields are invalid; see `errors`."""


class AuthenticationError(APIStatusError):
    """401: no valid token or session."""


class PermissionDeniedError(APIStatusError):
    """403: the caller may see the resource but not do this to it."""


class NotFoundError(APIStatusError):
    """404: no such resource, or one the caller may not know exists."""


class GoneError(NotFoundError):
    """410: the resource is gone for good (an expired invitation)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state. Never retried."""


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` says when to try again, in seconds."""

    @property
    def retry_after(self) -> float | None:
        """The answer's `Retry-After`, in seconds, when it has one."""
        from ._retry import retry_after_seconds

        return retry_after_seconds(self.headers)


class ServerError(APIStatusError):
    """5xx: the server failed. Retried with backoff before it is raised."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    422: ValidationError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The exception class of an HTTP error status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServerError
    if 400 <= status < 500:
        return BadRequestError
    return APIStatusError
