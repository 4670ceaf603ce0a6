//! The `annotations` and `reviews` tables.

use sqlx::types::Json;

use super::types::{DbReviewStatus, DbVerdict};
use super::{Id, Ts};

/// A row of `annotations`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnnotationRow {
    /// Primary key.
    pub id: Id,
    /// The item.
    pub item_id: Id,
    /// The item's project.
    pub project_id: Id,
    /// The project's organization.
    pub organization_id: Id,
    /// The annotator.
    pub annotator_id: Option<Id>,
    /// The answers.
    pub value: Json<serde_json::Value>,
    /// The annotation UI version checked against.
    pub annotation_ui_version: i64,
    /// The guideline version seen.
    pub guideline_version: Option<i64>,
    /// Time spent, in milliseconds.
    pub time_spent_ms: Option<i64>,
    /// Latest review verdict.
    pub review_status: DbReviewStatus,
    /// The prediction the annotator started from.
    pub prediction_id: Option<Id>,
    /// Creation time.
    pub created_at: Ts,
    /// Last change.
    pub updated_at: Ts,
}

/// The columns of [`AnnotationRow`], for queries on `annotations a`.
pub const ANNOTATION_COLUMNS: &str = "a.id, a.item_id, a.project_id, a.organization_id, a.annotator_id, a.value, a.annotation_ui_version, \
     a.guideline_version, a.time_spent_ms, a.review_status, a.prediction_id, a.created_at, a.updated_at";

/// A row of `reviews`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    /// Primary key.
    pub id: Id,
    /// The annotation reviewed.
    pub annotation_id: Id,
    /// The reviewer.
    pub reviewer_id: Option<Id>,
    /// The verdict.
    pub verdict: DbVerdict,
    /// The comment.
    pub comment: String,
    /// When.
    pub created_at: Ts,
}

/// The columns of [`ReviewRow`], for queries on `reviews r`.
pub const REVIEW_COLUMNS: &str =
    "r.id, r.annotation_id, r.reviewer_id, r.verdict, r.comment, r.created_at";

/// The query of the single-label answers to question `$2` in project `$1`,
/// as `(item_id, label)` rows ordered by item: JSON access differs by backend.
/// Question names are identifiers (checked by the schema rules), so they can
/// be part of an SQLite JSON path.
pub fn single_label_answers_sql(backend: super::Backend) -> &'static str {
    match backend {
        super::Backend::Postgres => {
            "SELECT item_id, value ->> $2 FROM annotations
             WHERE project_id = $1 AND jsonb_typeof(value -> $2) = 'string'
             ORDER BY item_id"
        }
        super::Backend::Sqlite => {
            "SELECT item_id, json_extract(value, '$.\"' || $2 || '\"') FROM annotations
             WHERE project_id = $1 AND json_type(value, '$.\"' || $2 || '\"') = 'text'
             ORDER BY item_id"
        }
    }
}

/// What decides whether an annotator may add an annotation to an item.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemAnnotationCounts {
    /// The item's annotations.
    pub annotations: i64,
    /// The annotator's own annotations of it (0 or 1).
    pub mine: i64,
    /// The annotator's unexpired leases of it (0 or 1).
    pub leased_to_me: i64,
    /// Other annotators' unexpired leases of it.
    pub leased_to_others: i64,
}
