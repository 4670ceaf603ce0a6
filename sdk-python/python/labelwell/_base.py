"""What every namespace shares: the transport it calls through, ids in paths,
and the `operation` mark that ties each method to the API operation it calls."""

from __future__ import annotations

from typing import Any, Callable, TypeVar, Union
from urllib.parse import quote
from uuid import UUID

from ._transport import Transport

__all__ = ["Id", "Resource", "operation", "segment"]

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


class Resource:
    """A namespace of the client (`client.projects`, `client.items`, ...)."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._transport!r}>"
