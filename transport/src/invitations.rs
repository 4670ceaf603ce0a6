//! Invitations to join an organization.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::wire::{envelope, wire_enum};
use crate::{Organization, Role};

wire_enum! {
    /// Where an invitation stands.
    pub enum InvitationStatus {
        /// Waiting to be accepted.
        Pending = "pending",
        /// Accepted: the invitee is a member.
        Accepted = "accepted",
        /// Revoked by an administrator.
        Revoked = "revoked",
        /// Not accepted in time.
        Expired = "expired",
    }
}

/// An invitation of an email address to an organization, with a role.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// The invitation's id.
    pub id: Uuid,
    /// The organization the invitee joins.
    pub organization_id: Uuid,
    /// Only an account with this email can accept.
    #[cfg_attr(feature = "openapi", schema(example = "grace@example.com"))]
    pub email: String,
    /// The role the invitee gets.
    pub role: Role,
    /// Where the invitation stands.
    pub status: InvitationStatus,
    /// Who invited; `null` when that account is gone.
    pub invited_by: Option<Uuid>,
    /// When the invitation was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the invitation stops working.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// `POST /organizations/{org_id}/invitations`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvitationRequest {
    /// Who is invited; only an account with this email can accept.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "grace@example.com",
            min_length = 3,
            max_length = 254,
            pattern = "^[^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+@[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]([^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])?$"
        )
    )]
    pub email: String,
    /// The role to give; the caller must be allowed to grant it.
    pub role: Role,
    /// Days until the invitation expires, 1 to 30; 7 when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 7, minimum = 1, maximum = 30))]
    pub expires_in_days: Option<u32>,
}

/// The answer to creating an invitation: the invitation and, this once only, its token.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedInvitation {
    /// The new invitation.
    pub invitation: Invitation,
    /// Pass this to the invitee; they accept it with `POST /invitations/accept` or at signup.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "lwi_Zq3V9cH1V8yQ0aZ2mW5xL7pR4sN6dF8gJ1bK3")
    )]
    pub token: String,
}

envelope! {
    /// `GET /organizations/{org_id}/invitations`.
    pub struct InvitationList {
        /// The invitations the caller may see, newest first.
        pub invitations: Vec<Invitation>,
        pagination,
    }
}

/// `POST /invitations/accept`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    /// The token given to the invitee.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^[^\\u0000]*[^\\u0000\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
        )
    )]
    pub token: String,
}

envelope! {
    /// The answer to accepting an invitation: the organization joined, with the caller's new role.
    pub struct AcceptedInvitation {
        /// The organization the caller joined.
        pub organization: Organization,
    }
}
