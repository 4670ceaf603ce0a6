//! The `annotation_ui_versions` and `guideline_versions` tables.

use sqlx::types::Json;

use super::{Id, Ts};

/// A row of `annotation_ui_versions`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnnotationUiRow {
    /// The version number.
    pub version: i64,
    /// The schema.
    pub schema: Json<labelwell_transport::AnnotationUiSchema>,
    /// Who published it.
    pub created_by: Option<Id>,
    /// When.
    pub created_at: Ts,
}

/// A row of `guideline_versions`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GuidelineRow {
    /// The version number.
    pub version: i64,
    /// The Markdown text.
    pub text: String,
    /// The annotation UI version it goes with.
    pub annotation_ui_version: i64,
    /// Who published it.
    pub created_by: Option<Id>,
    /// When.
    pub created_at: Ts,
}
