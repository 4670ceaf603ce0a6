"""Annotations of items and reviews of annotations."""

from __future__ import annotations

from typing import Any, Union

from .._base import Id, Resource, operation, segment
from .._native import (
    Annotation,
    AnnotationHistory,
    AnnotationHistoryEntry,
    AnnotationList,
    AnnotationResponse,
    Review,
    ReviewList,
    ReviewResponse,
    ReviewStatus,
    Verdict,
)
from .._pagination import Pager

#: A verdict, as a `Verdict` or its name (`"accept"`, `"reject"`).
VerdictLike = Union[Verdict, str]
#: A review status, as a `ReviewStatus` or its name (`"rejected"`).
ReviewStatusLike = Union[ReviewStatus, str]


class Annotations(Resource):
    """Annotations: `client.annotations`."""

    @operation("list_annotations")
    def list(self, item_id: Id, *, page_size: int | None = None) -> Pager[Annotation]:
        """An item's annotations the caller may see (annotators: their own), oldest first."""
        return Pager(
            self._client,
            f"/items/{segment(item_id)}/annotations",
            page_type=AnnotationList,
            key="annotations",
            page_size=page_size,
        )

    @operation("create_annotation")
    def create(
        self,
        item_id: Id,
        value: Any,
        *,
        guideline_version: int | None = None,
        time_spent_ms: int | None = None,
    ) -> Annotation:
        """Annotates an item: `value` holds the answers by question name,
        checked against the annotation UI (`{"sentiment": "negative"}`)."""
        answer: AnnotationResponse = self._client._request(
            "POST",
            f"/items/{segment(item_id)}/annotations",
            json={"value": value, "guideline_version": guideline_version, "time_spent_ms": time_spent_ms},
            body_type="CreateAnnotationRequest",
            decode=AnnotationResponse,
        )
        return answer.annotation

    @operation("get_annotation")
    def get(self, annotation_id: Id) -> Annotation:
        """One annotation."""
        answer: AnnotationResponse = self._client._request(
            "GET", f"/annotations/{segment(annotation_id)}", decode=AnnotationResponse
        )
        return answer.annotation

    @operation("update_annotation")
    def update(
        self,
        annotation_id: Id,
        *,
        value: Any = None,
        guideline_version: int | None = None,
        time_spent_ms: int | None = None,
    ) -> Annotation:
        """Changes an annotation (its annotator, until it is accepted)."""
        answer: AnnotationResponse = self._client._request(
            "PATCH",
            f"/annotations/{segment(annotation_id)}",
            json={"value": value, "guideline_version": guideline_version, "time_spent_ms": time_spent_ms},
            body_type="UpdateAnnotationRequest",
            decode=AnnotationResponse,
        )
        return answer.annotation

    @operation("list_my_annotations")
    def mine(
        self,
        project_id: Id,
        *,
        review_status: ReviewStatusLike | None = None,
        page_size: int | None = None,
    ) -> Pager[AnnotationHistoryEntry]:
        """The caller's own annotations in a project, newest first, each with its
        item and latest review; `review_status="rejected"` gives the ones to fix."""
        return Pager(
            self._client,
            f"/projects/{segment(project_id)}/my-annotations",
            page_type=AnnotationHistory,
            key="entries",
            query={"review_status": review_status},
            page_size=page_size,
        )

    @operation("delete_annotation")
    def delete(self, annotation_id: Id) -> None:
        """Deletes an annotation."""
        self._client._request("DELETE", f"/annotations/{segment(annotation_id)}")


class Reviews(Resource):
    """Reviews of annotations: `client.reviews`."""

    @operation("list_reviews")
    def list(self, annotation_id: Id, *, page_size: int | None = None) -> Pager[Review]:
        """An annotation's reviews, oldest first."""
        return Pager(
            self._client,
            f"/annotations/{segment(annotation_id)}/reviews",
            page_type=ReviewList,
            key="reviews",
            page_size=page_size,
        )

    @operation("create_review")
    def create(self, annotation_id: Id, verdict: VerdictLike, *, comment: str | None = None) -> Review:
        """Accepts or rejects an annotation; a rejection needs a comment telling its
        annotator what to fix. Ends the caller's review lease on it."""
        body: dict[str, Any] = {"verdict": verdict}
        if comment is not None:
            body["comment"] = comment
        answer: ReviewResponse = self._client._request(
            "POST",
            f"/annotations/{segment(annotation_id)}/reviews",
            json=body,
            body_type="CreateReviewRequest",
            decode=ReviewResponse,
        )
        return answer.review
