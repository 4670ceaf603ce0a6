"""Items: bulk import, listing, reading, changing."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Union

from .._base import Id, Resource, operation, segment
from .._errors import APIStatusError, InvalidRequestError
from .._native import (
    ImportItemsResponse,
    Item,
    ItemInput,
    ItemList,
    ItemPriority,
    ItemResponse,
    ItemStatus,
    SetItemPrioritiesResponse,
    UpdateItemRequest,
    encode_lines,
)
from .._pagination import Pager
from .._progress import progress_bar, progress_enabled
from .._transport import RawBody, request_body

#: An item status, as an `ItemStatus` or its name (`"accepted"`).
StatusLike = Union[ItemStatus, str]
#: A time, as an aware `datetime` or RFC 3339 text.
TimeLike = Union[datetime, str]
#: An item to import: `{"external_id": ..., "data": {...}, "metadata": {...}}` or an `ItemInput`.
ItemLike = Union[Mapping[str, Any], ItemInput]

#: A priority to set: `{"external_id": ..., "priority": ...}`, an `ItemPriority`,
#: or an `(external_id, priority)` pair.
PriorityLike = Union[Mapping[str, Any], ItemPriority, tuple[str, float]]

#: Items per import request: each request is all-or-nothing, and retried as a whole.
DEFAULT_IMPORT_BATCH = 5000
#: Priorities per request: a line is some 50 bytes, so a batch is a few MB.
DEFAULT_PRIORITY_BATCH = 50_000

_LINE = re.compile(r"^line\[(\d+)\]")


class Items(Resource):
    """The items of projects: `client.items`."""

    @operation("import_items")
    def import_items(
        self,
        project_id: Id,
        items: Iterable[ItemLike],
        *,
        batch_size: int = DEFAULT_IMPORT_BATCH,
        progress: bool | None = None,
    ) -> ImportItemsResponse:
        """Imports items from any iterable (a list, a generator, a file read
        line by line), upserting by `external_id`, in batches of `batch_size`
        sent as NDJSON; memory stays bounded by one batch.

        Each batch is all-or-nothing and retried as a whole (upserts make that
        safe). On an error, the batches before it are imported; the error's
        field paths name items by their position in `items` (`items[5003].data.text`).
        Returns the totals of items created and updated.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        total = len(items) if hasattr(items, "__len__") else None  # type: ignore[arg-type]
        created = updated = 0
        iterator = iter(items)
        offset = 0
        path = f"/projects/{segment(project_id)}/items"
        enabled = progress_enabled(progress, self._transport.progress)
        with progress_bar(enabled, desc="importing items", total=total) as bar:
            while True:
                batch = list(itertools.islice(iterator, batch_size))
                if not batch:
                    break
                try:
                    lines = encode_lines(ItemInput, batch, offset)
                except (ValueError, TypeError) as error:
                    raise InvalidRequestError(str(error)) from None
                body = RawBody(lines, "application/x-ndjson")
                try:
                    answer = self._transport.request("POST", path, body=body, decode=ImportItemsResponse)
                except APIStatusError as error:
                    _renumber(error, offset)
                    raise
                created += answer.created
                updated += answer.updated
                offset += len(batch)
                bar.update(len(batch))
        return ImportItemsResponse(created=created, updated=updated)

    @operation("set_item_priorities")
    def set_priorities(
        self,
        project_id: Id,
        priorities: Mapping[str, float] | Iterable[PriorityLike],
        *,
        batch_size: int = DEFAULT_PRIORITY_BATCH,
        progress: bool | None = None,
    ) -> SetItemPrioritiesResponse:
        """Sets the priorities of items by `external_id`; the work queue hands
        out the highest first (ties in import order). `priorities` is a mapping
        of external id to priority (a dict, or `series.items()` of a pandas
        Series indexed by external id: say, a model's uncertainty per item), or
        any iterable of `(external_id, priority)` pairs, dicts or `ItemPriority`.

        Sent as NDJSON in batches of `batch_size`, each all-or-nothing and
        retried as a whole (setting a priority twice is harmless). An external
        id the project has no item of fails its batch with a field error named
        by its position in `priorities` (`items[70001].external_id`); the
        batches before it are applied. Returns how many priorities were set.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        entries: Iterable[Any] = priorities.items() if isinstance(priorities, Mapping) else priorities
        total = len(entries) if hasattr(entries, "__len__") else None  # type: ignore[arg-type]
        path = f"/projects/{segment(project_id)}/items/priorities"
        updated = 0
        offset = 0
        iterator = _priority_entries(entries)
        enabled = progress_enabled(progress, self._transport.progress)
        with progress_bar(enabled, desc="setting priorities", total=total) as bar:
            while True:
                batch = list(itertools.islice(iterator, batch_size))
                if not batch:
                    break
                try:
                    lines = encode_lines(ItemPriority, batch, offset)
                except (ValueError, TypeError) as error:
                    raise InvalidRequestError(str(error)) from None
                body = RawBody(lines, "application/x-ndjson")
                try:
                    answer = self._transport.request("POST", path, body=body, decode=SetItemPrioritiesResponse)
                except APIStatusError as error:
                    _renumber(error, offset)
                    raise
                updated += answer.updated
                offset += len(batch)
                bar.update(len(batch))
        return SetItemPrioritiesResponse(updated=updated)

    @operation("list_items")
    def list(
        self,
        project_id: Id,
        *,
        status: StatusLike | None = None,
        updated_after: TimeLike | None = None,
        external_id: str | None = None,
        page_size: int | None = None,
    ) -> Pager[Item]:
        """The project's items, by id; with `updated_after`, those changed after
        that time, by change time (for incremental syncs); with `external_id`,
        the one item of that external id (exact), if any."""
        return Pager(
            self._transport,
            f"/projects/{segment(project_id)}/items",
            page_type=ItemList,
            key="items",
            query={"status": status, "updated_after": updated_after, "external_id": external_id},
            page_size=page_size,
        )

    @operation("get_item")
    def get(self, item_id: Id) -> Item:
        """One item."""
        return self._transport.request("GET", f"/items/{segment(item_id)}", decode=ItemResponse).item

    @operation("update_item")
    def update(self, item_id: Id, *, data: Any = None, metadata: Any = None, priority: float | None = None) -> Item:
        """Replaces an item's `data` (checked against the annotation UI) and/or
        `metadata`, and/or sets its `priority` in the work queue."""
        body = request_body(UpdateItemRequest, data=data, metadata=metadata, priority=priority)
        return self._transport.request("PATCH", f"/items/{segment(item_id)}", body=body, decode=ItemResponse).item

    @operation("delete_item")
    def delete(self, item_id: Id) -> None:
        """Deletes an item with its annotations."""
        self._transport.request("DELETE", f"/items/{segment(item_id)}")


def _priority_entries(entries: Iterable[Any]) -> Iterator[Any]:
    """The entries as the encoder takes them: pairs become mappings."""
    for entry in entries:
        if isinstance(entry, tuple):
            external_id, priority = entry
            yield {"external_id": external_id, "priority": priority}
        else:
            yield entry


def _renumber(error: APIStatusError, offset: int) -> None:
    """Names the items of a failed batch by their position in the whole import."""

    def position(match: re.Match[str]) -> str:
        return f"items[{offset + int(match.group(1)) - 1}]"

    error.detail = f"{error.detail} (items before position {offset} were imported)"
    error.errors = [
        type(field)(field=_LINE.sub(position, field.field), code=field.code, message=field.message)
        for field in error.errors
    ]
    error.args = (error._message(),)
