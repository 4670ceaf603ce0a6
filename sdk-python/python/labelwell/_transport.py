"""What a namespace needs of the client: the transport protocol.

Namespaces (`client.projects`, `client.items`, ...) turn a method call into a
path, query parameters and a typed request body, and the answer into what the
method returns; everything else (the server's URL, credentials, retries, the
exception of each failure) is the transport's. The client gives its
namespaces its HTTP transport (`labelwell._http`); tests give them a fake one,
so namespaces are tested without a server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, Union, overload

from ._errors import InvalidRequestError

if TYPE_CHECKING:
    from ._native import Columns

__all__ = ["Body", "JsonBody", "Query", "RawBody", "Stream", "Transport", "request_body"]

_T = TypeVar("_T")
_R = TypeVar("_R", bound="JsonBody")

#: Query parameters: text, numbers, booleans, ids, enums, aware datetimes; `None` is left out.
Query = Mapping[str, Any]


class JsonBody(Protocol):
    """A JSON request body: an object of one of the API's request types
    (`CreateProjectRequest`, ...), already checked by the server's own rules."""

    def to_json(self) -> str:
        """The object as JSON text, exactly as the API reads it."""
        ...


@dataclass(frozen=True)
class RawBody:
    """A request body sent as it is, with its media type (an import's NDJSON)."""

    content: bytes
    content_type: str


#: What a request can carry.
Body = Union[JsonBody, RawBody]


def request_body(request_type: type[_R], **fields: Any) -> _R:
    """A request body of `request_type` from its fields (by JSON name), checked
    by the server's own rules; `InvalidRequestError` when they do not fit, so
    a bad request is refused before it is sent."""
    try:
        return request_type(**fields)
    except (ValueError, TypeError) as error:
        raise InvalidRequestError(str(error)) from None


class Stream(Protocol):
    """A streamed answer, read as it arrives (the extension's `Stream`)."""

    def read(self, size: int = ..., /) -> bytes:
        """Up to `size` bytes of the body; empty at the end."""
        ...

    def next_dicts(self, max_items: int = ..., /) -> list[dict[str, Any]]:
        """Up to `max_items` JSON lines as plain Python values; empty at the end."""
        ...

    def next_objects(self, item_type: type[_T], max_items: int = ..., /) -> list[_T]:
        """Up to `max_items` JSON lines parsed into `item_type`; empty at the end."""
        ...

    def next_rows(self, columns: Columns, max_items: int = ..., /) -> tuple[int, str | None]:
        """Up to `max_items` JSON lines of exported items added to `columns`: how
        many were read (0 at the end), and the last one's id."""
        ...

    def close(self) -> None:
        """Stops reading and closes the connection."""
        ...


class Transport(Protocol):
    """How namespaces reach the server. Paths are under the API's prefix
    (`/projects/{id}`); failures raise the SDK's exceptions (`labelwell._errors`)."""

    @property
    def max_retries(self) -> int:
        """How many times a failed request is tried again; a broken export
        resumes as many times in a row."""
        ...

    @property
    def progress(self) -> bool | None:
        """Whether long calls show progress bars (`None`: unless `LABELWELL_NO_PROGRESS`)."""
        ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        body: Body | None = None,
        decode: type[_T],
        allow_empty: Literal[True],
    ) -> _T | None: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        body: Body | None = None,
        decode: type[_T],
    ) -> _T: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        body: Body | None = None,
        decode: None = None,
    ) -> None: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query | None = None,
        body: Body | None = None,
        decode: type[_T] | None = None,
        allow_empty: bool = False,
    ) -> _T | None:
        """One API call, retried as the client's settings say: the answer
        parsed into `decode` (`None` without one, and with `allow_empty` for
        an answer without a body)."""
        ...

    def stream(self, method: str, path: str, *, query: Query | None = None) -> Stream:
        """Opens a streamed answer (retried until its body starts)."""
        ...
