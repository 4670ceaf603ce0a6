"""The review queue of reviewers: leasing annotations to review, skipping them, progress."""

from __future__ import annotations

from .._base import Id, Resource, operation, segment
from .._native import ReviewLease, ReviewProgress, ReviewProgressResponse


class ReviewQueue(Resource):
    """The review queue of reviewers: `client.review_queue`."""

    @operation("lease_next_review")
    def next(self, project_id: Id) -> ReviewLease | None:
        """The next annotation for the caller to review, with its item, the item's
        other annotations and their agreement, reserved for them for the project's
        lease time; `None` when nothing waits for them. Reviewing it
        (`client.reviews.create`) or skipping it ends the lease."""
        path = f"/projects/{segment(project_id)}/review-queue/next"
        return self._transport.request("POST", path, decode=ReviewLease, allow_empty=True)

    @operation("skip_review")
    def skip(self, annotation_id: Id) -> None:
        """Skips an annotation: the review queue never offers it to the caller again."""
        self._transport.request("POST", f"/annotations/{segment(annotation_id)}/skip-review")

    @operation("get_review_progress")
    def progress(self, project_id: Id) -> ReviewProgress:
        """The caller's progress in the project: annotations waiting for them, reviews made."""
        path = f"/projects/{segment(project_id)}/review-queue/progress"
        return self._transport.request("GET", path, decode=ReviewProgressResponse).progress
