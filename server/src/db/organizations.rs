//! The `organizations` table.

use super::{Id, Ts};

/// A row of `organizations`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganizationRow {
    /// Primary key.
    pub id: Id,
    /// Name.
    pub name: String,
    /// Creation time.
    pub created_at: Ts,
    /// Last rename.
    pub updated_at: Ts,
}
