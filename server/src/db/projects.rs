//! The `projects` and `project_members` tables.

use super::types::DbRole;
use super::{Id, Ts};

/// A row of `projects`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRow {
    /// Primary key.
    pub id: Id,
    /// The owning organization.
    pub organization_id: Id,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Annotations needed per item.
    pub overlap: i64,
    /// Queue lease time.
    pub lease_seconds: i64,
    /// Latest annotation UI version, 0 for none.
    pub annotation_ui_version: i64,
    /// Latest guideline version, 0 for none.
    pub guideline_version: i64,
    /// Creator.
    pub created_by: Option<Id>,
    /// When archived.
    pub archived_at: Option<Ts>,
    /// Whether annotators see model predictions as their starting point.
    pub show_predictions: bool,
    /// Creation time.
    pub created_at: Ts,
    /// Last settings change.
    pub updated_at: Ts,
}

/// The columns of [`ProjectRow`], for queries that select them all.
pub const PROJECT_COLUMNS: &str = "p.id, p.organization_id, p.name, p.description, p.overlap, p.lease_seconds, \
     p.annotation_ui_version, p.guideline_version, p.created_by, p.archived_at, p.show_predictions, p.created_at, p.updated_at";

/// An assignment joined with its member.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectMemberRow {
    /// The member.
    pub user_id: Id,
    /// Their name.
    pub name: String,
    /// Their organization role.
    pub role: DbRole,
    /// Listing order.
    pub seq: Id,
    /// When assigned.
    pub created_at: Ts,
}
