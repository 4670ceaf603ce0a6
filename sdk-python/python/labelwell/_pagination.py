"""Lazy, auto-paginating lists: a request per page, only as far as you read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._native import Columns
from ._transport import Query, Transport
from .tabular import columns_to_pandas, require

if TYPE_CHECKING:
    import pandas

T = TypeVar("T")

__all__ = ["Pager"]


class Pager(Generic[T]):
    """The items of a list endpoint, fetched page by page as you iterate.

    Iterating twice fetches twice. `pages()` yields each whole page (with its
    `pagination`), `first()` stops after one request, `to_list()` and
    `to_pandas()` read everything.
    """

    def __init__(
        self,
        transport: Transport,
        path: str,
        *,
        page_type: type[Any],
        key: str,
        query: Query | None = None,
        page_size: int | None = None,
    ) -> None:
        self._transport = transport
        self._path = path
        self._page_type = page_type
        self._key = key
        self._query = {k: v for k, v in (query or {}).items() if v is not None}
        self._page_size = page_size

    def pages(self) -> Iterator[Any]:
        """Each page as the API sends it (e.g. a `ProjectList`), following `next_cursor`."""
        cursor: str | None = None
        while True:
            query = dict(self._query)
            if self._page_size is not None:
                query["limit"] = self._page_size
            if cursor is not None:
                query["cursor"] = cursor
            page = self._transport.request("GET", self._path, query=query, decode=self._page_type)
            yield page
            cursor = page.pagination.next_cursor
            if not cursor:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from getattr(page, self._key)

    def first(self) -> T | None:
        """The first item, or `None` for an empty list; one request."""
        for item in self:
            return item
        return None

    def to_list(self) -> list[T]:
        """Every item, in one list."""
        return list(self)

    def to_pandas(self, *, flatten: bool = True) -> pandas.DataFrame:
        """Every item as a row of a pandas DataFrame (needs `pandas`).

        Columns are the items' fields; with `flatten`, dict fields such as an
        item's `data` become one column per key (`data.text`).
        """
        require("pandas")
        columns = Columns(per="item", flatten=flatten)
        for page in self.pages():
            columns.extend(getattr(page, self._key))
        return columns_to_pandas(columns.take())

    def __repr__(self) -> str:
        return f"<Pager {self._path}>"
