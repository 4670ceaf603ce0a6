//! A project's guideline: markdown instructions for annotators, versioned.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::wire::envelope;

/// One published version of a project's guideline.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Guideline {
    /// The version: 1, 2, 3, ... per project, with no gaps.
    pub version: u32,
    /// The instructions, in Markdown.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "# Sentiment\n\nLabel the *overall* tone of the ticket.")
    )]
    pub text: String,
    /// The annotation UI version these instructions go with.
    pub annotation_ui_version: u32,
    /// Who published it; `null` when that account is gone.
    pub created_by: Option<Uuid>,
    /// When it was published.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `PUT /projects/{project_id}/guideline`: publish a new version.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishGuidelineRequest {
    /// The instructions, in Markdown, 1 to 200,000 characters, not blank.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200000,
            pattern = "^[^\\u0000]*[^\\u0000\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
        )
    )]
    pub text: String,
    /// A published annotation UI version these instructions go with.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub annotation_ui_version: u32,
}

envelope! {
    /// One guideline version.
    pub struct GuidelineResponse {
        /// The version.
        pub guideline: Guideline,
    }
}

envelope! {
    /// `GET /projects/{project_id}/guideline/versions`.
    pub struct GuidelineList {
        /// The versions, oldest first.
        pub guidelines: Vec<Guideline>,
        pagination,
    }
}
