//! The review queue: annotations leased to reviewers, with what they need to judge them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::wire::envelope;
use crate::{Annotation, Item};

/// How far the item's annotations agree with the one under review on one question.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerAgreement {
    /// The question's name, in the annotation UI version of the annotation under review.
    #[cfg_attr(feature = "openapi", schema(example = "sentiment"))]
    pub question: String,
    /// How many of the item's annotations, the one under review included, give
    /// the same answer as it (labels and spans compared as sets); 0 when it
    /// leaves the question unanswered.
    #[cfg_attr(feature = "openapi", schema(example = 2))]
    pub agreeing: u32,
    /// How many of the item's annotations answer the question.
    #[cfg_attr(feature = "openapi", schema(example = 3))]
    pub annotations: u32,
}

/// The answer of `POST /projects/{project_id}/review-queue/next`: an
/// annotation leased to the caller for review, with its item and the item's
/// other annotations.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewLease {
    /// The annotation to review.
    pub annotation: Annotation,
    /// The item it annotates.
    pub item: Item,
    /// The item's other annotations, oldest first.
    pub other_annotations: Vec<Annotation>,
    /// Per question of the annotation's UI version, in its order: how far the
    /// item's annotations agree with this one.
    pub agreement: Vec<AnswerAgreement>,
    /// The annotation UI version the annotation was checked against: the questions to show.
    pub annotation_ui_version: u32,
    /// The project's latest guideline version; `null` before the first.
    pub guideline_version: Option<u32>,
    /// Until when no other reviewer is given the annotation.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// Where the caller stands in a project's review queue.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewProgress {
    /// Pending annotations the caller could review: not their own, not skipped by them.
    pub waiting: u64,
    /// Reviews the caller made in the project.
    pub reviewed: u64,
}

envelope! {
    /// The answer of `GET /projects/{project_id}/review-queue/progress`.
    pub struct ReviewProgressResponse {
        /// The caller's progress.
        pub progress: ReviewProgress,
    }
}
