//! Annotations of items, and reviews of annotations.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::wire::{envelope, wire_enum};
use crate::{Item, JsonValue};

/// The most time one annotation may record, in milliseconds: a day. Longer is
/// a clock gone wrong or a made-up number, and it would swamp every sum of
/// time spent it is part of.
pub const MAX_TIME_SPENT_MS: u64 = 24 * 60 * 60 * 1000;

wire_enum! {
    /// Where an annotation stands with its reviewers: its latest verdict.
    pub enum ReviewStatus {
        /// Not reviewed since it was last changed.
        Pending = "pending",
        /// Accepted: it can no longer be changed by its annotator.
        Accepted = "accepted",
        /// Rejected: its annotator may fix it, which makes it pending again.
        Rejected = "rejected",
    }
}

/// An annotation of an item by one annotator.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Annotation {
    /// The annotation's id.
    pub id: Uuid,
    /// The item annotated.
    pub item_id: Uuid,
    /// The item's project.
    pub project_id: Uuid,
    /// Who annotated; `null` when that account is gone.
    pub annotator_id: Option<Uuid>,
    /// The answers, by question name, as the annotation UI version defines them.
    #[cfg_attr(feature = "openapi", schema(value_type = Object, example = json!({"sentiment": "negative"})))]
    pub value: JsonValue,
    /// The annotation UI version the value was checked against.
    pub annotation_ui_version: u32,
    /// The guideline version the annotator saw.
    pub guideline_version: Option<u32>,
    /// How long the annotator worked on it, in milliseconds, as the client measured.
    pub time_spent_ms: Option<u64>,
    /// Its latest review verdict.
    pub review_status: ReviewStatus,
    /// The model prediction the annotator started from; `null` when none.
    pub prediction_id: Option<Uuid>,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /items/{item_id}/annotations`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAnnotationRequest {
    /// The answers, by question name.
    #[cfg_attr(feature = "openapi", schema(value_type = Object, example = json!({"sentiment": "negative"})))]
    pub value: JsonValue,
    /// The guideline version the annotator saw; the latest when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub guideline_version: Option<u32>,
    /// How long the annotator worked on it, in milliseconds: at most a day
    /// (86,400,000).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = 4000, minimum = 0, maximum = 86_400_000)
    )]
    pub time_spent_ms: Option<u64>,
    /// The prediction of the item the form started from (the annotator's
    /// pre-filled answer), to record it; absent when the annotator started
    /// from an empty form.
    #[serde(default)]
    pub prediction_id: Option<Uuid>,
}

/// `PATCH /annotations/{annotation_id}`: the fields to change.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAnnotationRequest {
    /// New answers, checked against the annotation UI version in force.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub value: Option<JsonValue>,
    /// The guideline version the annotator saw.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub guideline_version: Option<u32>,
    /// Total time spent, in milliseconds: at most a day (86,400,000).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = 4000, minimum = 0, maximum = 86_400_000)
    )]
    pub time_spent_ms: Option<u64>,
}

envelope! {
    /// One annotation.
    pub struct AnnotationResponse {
        /// The annotation.
        pub annotation: Annotation,
    }
}

envelope! {
    /// `GET /items/{item_id}/annotations`.
    pub struct AnnotationList {
        /// The annotations the caller may see (annotators: only their own), oldest first.
        pub annotations: Vec<Annotation>,
        pagination,
    }
}

wire_enum! {
    /// A reviewer's verdict.
    pub enum Verdict {
        /// The annotation is right.
        Accept = "accept",
        /// The annotation must be fixed.
        Reject = "reject",
    }
}

/// A review of an annotation.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    /// The review's id.
    pub id: Uuid,
    /// The annotation reviewed.
    pub annotation_id: Uuid,
    /// Who reviewed; `null` when that account is gone.
    pub reviewer_id: Option<Uuid>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, for the annotator.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "The ticket is a question, not a complaint.")
    )]
    pub comment: String,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `POST /annotations/{annotation_id}/reviews`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateReviewRequest {
    /// Accept or reject.
    pub verdict: Verdict,
    /// Why, up to 10,000 characters; empty when absent. A rejection needs
    /// one that is not blank.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 10000, pattern = "^[^\\u0000]*$")
    )]
    pub comment: String,
}

envelope! {
    /// One review.
    pub struct ReviewResponse {
        /// The review.
        pub review: Review,
    }
}

envelope! {
    /// `GET /annotations/{annotation_id}/reviews`.
    pub struct ReviewList {
        /// The reviews, oldest first.
        pub reviews: Vec<Review>,
        pagination,
    }
}

/// One of the caller's annotations, with its item and latest review.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotationHistoryEntry {
    /// The annotation.
    pub annotation: Annotation,
    /// The item it annotates.
    pub item: Item,
    /// Its latest review, whose comment tells what to fix; `null` before any.
    pub latest_review: Option<Review>,
}

envelope! {
    /// `GET /projects/{project_id}/my-annotations`.
    pub struct AnnotationHistory {
        /// The caller's annotations in the project, newest first.
        pub entries: Vec<AnnotationHistoryEntry>,
        pagination,
    }
}

/// The query of `GET /projects/{project_id}/my-annotations`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AnnotationHistoryQuery {
    /// Page size, 1 to 1000; 50 when absent.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only annotations with this review status (`rejected`: the ones to fix).
    pub review_status: Option<ReviewStatus>,
}
