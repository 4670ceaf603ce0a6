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
        lease: ReviewLease | None = self._client._request(
            "POST", f"/projects/{segment(project_id)}/review-queue/next", decode=ReviewLease
        )
        return lease

    @operation("skip_review")
    def skip(self, annotation_id: Id) -> None:
        """Skips an annotation: the review queue never offers it to the caller again."""
        self._client._request("POST", f"/annotations/{segment(annotation_id)}/skip-review")

    @operation("get_review_progress")
    def progress(self, project_id: Id) -> ReviewProgress:
        """The caller's progress in the project: annotations waiting for them, reviews made."""
        answer: ReviewProgressResponse = self._client._request(
            "GET", f"/projects/{segment(project_id)}/review-queue/progress", decode=ReviewProgressResponse
        )
        return answer.progress
