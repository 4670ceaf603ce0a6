"""The work queue of annotators: leasing items, releasing and skipping them, progress."""

from __future__ import annotations

from .._base import Id, Resource, operation, segment
from .._native import LeaseItemsRequest, QueueLease, QueueLeaseList, QueueProgress, QueueProgressResponse
from .._transport import request_body


class Queue(Resource):
    """The work queue of annotators: `client.queue`."""

    @operation("lease_next_item")
    def next(self, project_id: Id) -> QueueLease | None:
        """The next item for the caller to annotate, reserved for them for the
        project's lease time; `None` when there is nothing left to do. While
        the caller holds leases, the oldest one, renewed."""
        path = f"/projects/{segment(project_id)}/queue/next"
        return self._transport.request("POST", path, decode=QueueLease, allow_empty=True)

    @operation("lease_items")
    def lease(self, project_id: Id, *, count: int | None = None) -> list[QueueLease]:
        """Every lease the caller holds in the project, oldest first (the item to
        work on now leads), topped up with new ones to `count` (1 to 5, default 2)
        while items are left, all renewed; empty when nothing is left."""
        body = request_body(LeaseItemsRequest, count=count)
        path = f"/projects/{segment(project_id)}/queue/leases"
        return list(self._transport.request("POST", path, body=body, decode=QueueLeaseList).leases)

    @operation("release_item_lease")
    def release(self, project_id: Id, item_id: Id) -> None:
        """Gives up the caller's lease on an item of the project, if they hold one."""
        self._transport.request("DELETE", f"/projects/{segment(project_id)}/queue/leases/{segment(item_id)}")

    @operation("skip_item")
    def skip(self, item_id: Id) -> None:
        """Skips an item: the queue never offers it to the caller again; others still get it."""
        self._transport.request("POST", f"/items/{segment(item_id)}/skip")

    @operation("get_queue_progress")
    def progress(self, project_id: Id) -> QueueProgress:
        """The caller's progress in the project: annotated, skipped, left, rejected (to fix)."""
        path = f"/projects/{segment(project_id)}/queue/progress"
        return self._transport.request("GET", path, decode=QueueProgressResponse).progress
