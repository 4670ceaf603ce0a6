//! Project statistics: progress, per-annotator work, agreement.

use crate::wire::envelope;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many items are in each status.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    /// All items.
    pub total: u64,
    /// Items with no annotation.
    pub new: u64,
    /// Items with fewer annotations than the overlap.
    pub in_progress: u64,
    /// Items fully annotated, not all accepted.
    pub annotated: u64,
    /// Items with enough accepted annotations.
    pub accepted: u64,
    /// Items with a rejected annotation.
    pub rejected: u64,
}

/// What one annotator has done in the project.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotatorProgress {
    /// The annotator.
    pub user_id: Uuid,
    /// Their display name.
    pub name: String,
    /// Annotations made.
    pub annotations: u64,
    /// Of those, accepted by a review.
    pub accepted: u64,
    /// Of those, rejected by their latest review.
    pub rejected: u64,
    /// Total time spent, in milliseconds, as reported by the client.
    pub time_spent_ms: u64,
    /// Items they skipped in the work queue.
    pub skipped: u64,
}

/// Inter-annotator agreement on one single-label question.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionAgreement {
    /// The question's name (in the annotation UI version in force).
    pub question: String,
    /// Items answered by at least two annotators: the ones agreement is measured on.
    pub items: u64,
    /// Answers on those items.
    pub answers: u64,
    /// Observed agreement: the share of agreeing annotator pairs, 0 to 1.
    pub observed_agreement: Option<f64>,
    /// Fleiss' kappa (generalized to a varying number of annotators per item):
    /// agreement corrected for chance, 1 perfect, 0 chance level; `null` when
    /// fewer than one item qualifies or chance agreement is total.
    pub fleiss_kappa: Option<f64>,
}

/// The statistics of a project.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectStats {
    /// Items by status.
    pub items: StatusCounts,
    /// Work per annotator, most annotations first.
    pub annotators: Vec<AnnotatorProgress>,
    /// Agreement per single-label question of the annotation UI in force.
    pub agreement: Vec<QuestionAgreement>,
}

envelope! {
    /// `GET /projects/{project_id}/stats`.
    pub struct ProjectStatsResponse {
        /// The statistics.
        pub stats: ProjectStats,
    }
}
