//! The `memberships` table: who belongs to which organization, with which role.

use super::types::DbRole;
use super::{Id, Ts};

/// A membership joined with its user, as members are listed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    /// The member's user id.
    pub user_id: Id,
    /// The member's display name.
    pub name: String,
    /// The member's email.
    pub email: String,
    /// The member's role.
    pub role: DbRole,
    /// The listing order (and keyset) of members.
    pub seq: Id,
    /// When the member was added (or joined).
    pub created_at: Ts,
    /// When the member accepted the membership; `None` while it is pending.
    pub accepted_at: Option<Ts>,
}

/// A membership's role, adder and acceptance.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    /// The member's role.
    pub role: DbRole,
    /// Who added the member (or sent the invitation they accepted).
    pub added_by: Option<Id>,
    /// When the member accepted the membership; `None` while it is pending.
    pub accepted_at: Option<Ts>,
}
