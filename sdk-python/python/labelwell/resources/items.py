"""Items: bulk import, listing, reading, changing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Union

from .._base import Id, Resource, operation, segment
from .._bulk import length_of, send_in_batches
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
)
from .._pagination import Pager
from .._transport import request_body

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
        created = updated = 0
        for answer in send_in_batches(
            self._transport,
            f"/projects/{segment(project_id)}/items",
            items,
            line_type=ItemInput,
            decode=ImportItemsResponse,
            batch_size=batch_size,
            progress=progress,
            desc="importing items",
            noun="items",
            total=length_of(items),
        ):
            created += answer.created
            updated += answer.updated
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
        entries: Iterable[Any] = priorities.items() if isinstance(priorities, Mapping) else priorities
        updated = 0
        for answer in send_in_batches(
            self._transport,
            f"/projects/{segment(project_id)}/items/priorities",
            _priority_entries(entries),
            line_type=ItemPriority,
            decode=SetItemPrioritiesResponse,
            batch_size=batch_size,
            progress=progress,
            desc="setting priorities",
            noun="items",
            total=length_of(entries),
        ):
            updated += answer.updated
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
