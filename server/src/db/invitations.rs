//! The `invitations` table.

use labelwell_transport::{Invitation, InvitationStatus};

use super::types::DbRole;
use super::{Id, Ts};

/// A row of `invitations`, without its token's hash.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    /// Primary key.
    pub id: Id,
    /// The organization the invitee joins.
    pub organization_id: Id,
    /// The invited email, as typed.
    pub email: String,
    /// The role the invitee gets.
    pub role: DbRole,
    /// Who invited.
    pub invited_by: Option<Id>,
    /// Creation time.
    pub created_at: Ts,
    /// Expiry time.
    pub expires_at: Ts,
    /// When it was accepted.
    pub accepted_at: Option<Ts>,
    /// When it was revoked.
    pub revoked_at: Option<Ts>,
}

impl InvitationRow {
    /// Where the invitation stands at `now`.
    pub fn status(&self, now: Ts) -> InvitationStatus {
        if self.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.expires_at <= now {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    /// The transport form, with the status at `now`.
    pub fn into_invitation(self, now: Ts) -> Invitation {
        Invitation {
            status: self.status(now),
            id: self.id.0,
            organization_id: self.organization_id.0,
            email: self.email,
            role: self.role.0,
            invited_by: self.invited_by.map(Into::into),
            created_at: self.created_at.get(),
            expires_at: self.expires_at.get(),
        }
    }
}
