"""What every namespace shares: the client it calls through, ids in paths, and
the `operation` mark that ties each method to the API operation it calls."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, TypeVar, Union
from urllib.parse import quote
from uuid import UUID

from ._errors import InvalidRequestError

if TYPE_CHECKING:
    from ._client import Client

__all__ = ["Id", "Resource", "operation"]

#: An id, as a `uuid.UUID` or its string.
Id = Union[UUID, str]

F = TypeVar("F", bound=Callable[..., Any])


def operation(*operation_ids: str) -> Callable[[F], F]:
    """Marks a method as the SDK's way to call these operations of
    `openapi/openapi.json` (by `operationId`); a test checks every operation
    has one."""

    def mark(function: F) -> F:
        setattr(function, "__labelwell_operations__", operation_ids)  # noqa: B010 (untyped attribute)
        return function

    return mark


def segment(value: Any) -> str:
    """A path segment: an id or a number, escaped."""
    return quote(str(value), safe="")


def query_value(value: Any) -> str:
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


class Resource:
    """A namespace of the client (`client.projects`, `client.items`, ...)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
