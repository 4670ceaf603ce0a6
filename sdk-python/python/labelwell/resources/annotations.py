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
    CreateAnnotationRequest,
    CreateReviewRequest,
    Review,
    ReviewList,
    ReviewResponse,
    ReviewStatus,
    UpdateAnnotationRequest,
    Verdict,
)
from .._pagination import Pager
from .._transport import request_body

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
            self._transport,
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
        prediction_id: Id | None = None,
    ) -> Annotation:
        """Annotates an item: `value` holds the answers by question name,
        checked against the annotation UI (`{"sentiment": "negative"}`).
        `prediction_id` records the item's model prediction the annotator's
        form started from (see `client.predictions.list`)."""
        body = request_body(
            CreateAnnotationRequest,
            value=value,
            guideline_version=guideline_version,
            time_spent_ms=time_spent_ms,
            prediction_id=prediction_id,
        )
        path = f"/items/{segment(item_id)}/annotations"
        return self._transport.request("POST", path, body=body, decode=AnnotationResponse).annotation

    @operation("get_annotation")
    def get(self, annotation_id: Id) -> Annotation:
        """One annotation."""
        path = f"/annotations/{segment(annotation_id)}"
        return self._transport.request("GET", path, decode=AnnotationResponse).annotation

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
        body = request_body(
            UpdateAnnotationRequest, value=value, guideline_version=guideline_version, time_spent_ms=time_spent_ms
        )
        path = f"/annotations/{segment(annotation_id)}"
        return self._transport.request("PATCH", path, body=body, decode=AnnotationResponse).annotation

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
            self._transport,
            f"/projects/{segment(project_id)}/my-annotations",
            page_type=AnnotationHistory,
            key="entries",
            query={"review_status": review_status},
            page_size=page_size,
        )

    @operation("delete_annotation")
    def delete(self, annotation_id: Id) -> None:
        """Deletes an annotation."""
        self._transport.request("DELETE", f"/annotations/{segment(annotation_id)}")


class Reviews(Resource):
    """Reviews of annotations: `client.reviews`."""

    @operation("list_reviews")
    def list(self, annotation_id: Id, *, page_size: int | None = None) -> Pager[Review]:
        """An annotation's reviews, oldest first."""
        return Pager(
            self._transport,
            f"/annotations/{segment(annotation_id)}/reviews",
            page_type=ReviewList,
            key="reviews",
            page_size=page_size,
        )

    @operation("create_review")
    def create(self, annotation_id: Id, verdict: VerdictLike, *, comment: str | None = None) -> Review:
        """Accepts or rejects an annotation; a rejection needs a comment telling its
        annotator what to fix. Ends the caller's review lease on it."""
        fields: dict[str, Any] = {"verdict": verdict}
        if comment is not None:
            fields["comment"] = comment
        body = request_body(CreateReviewRequest, **fields)
        path = f"/annotations/{segment(annotation_id)}/reviews"
        return self._transport.request("POST", path, body=body, decode=ReviewResponse).review
