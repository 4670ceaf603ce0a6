//! Members of an organization and their roles.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Role;
use crate::wire::{envelope, wire_enum};

wire_enum! {
    /// Whether a membership is in force.
    pub enum MemberStatus {
        /// A member with the access of their role.
        Active = "active",
        /// Added by email, waiting for the account to accept: no access at all yet.
        Pending = "pending",
    }
}

/// A member of an organization.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The member's user id.
    pub user_id: Uuid,
    /// The member's display name.
    #[cfg_attr(feature = "openapi", schema(example = "Grace Hopper"))]
    pub name: String,
    /// The member's email; `null` for callers who may see only names (reviewers, annotators).
    #[cfg_attr(feature = "openapi", schema(example = "grace@example.com"))]
    pub email: Option<String>,
    /// The member's role.
    pub role: Role,
    /// `pending` until an account added by email accepts the membership.
    pub status: MemberStatus,
    /// When the member joined; for a pending member, when they were added.
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
}

/// `POST /organizations/{org_id}/members`: add an existing account, whose
/// membership is pending until it accepts.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddMemberRequest {
    /// The email of an existing account.
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
}

/// `PATCH /organizations/{org_id}/members/{user_id}`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberRequest {
    /// The new role; the caller must be allowed to grant both the old and the new role.
    pub role: Role,
}

envelope! {
    /// One member.
    pub struct MemberResponse {
        /// The member.
        pub member: Member,
    }
}

envelope! {
    /// `GET /organizations/{org_id}/members`.
    pub struct MemberList {
        /// The members the caller may see, in the order they joined.
        pub members: Vec<Member>,
        pagination,
    }
}

/// Who added an account to an organization.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipAdder {
    /// Their user id.
    pub user_id: Uuid,
    /// Their display name.
    #[cfg_attr(feature = "openapi", schema(example = "Ada Lovelace"))]
    pub name: String,
    /// Their email.
    #[cfg_attr(feature = "openapi", schema(example = "ada@example.com"))]
    pub email: String,
}

/// A membership the caller was given and has not accepted yet.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingMembership {
    /// The organization.
    pub organization_id: Uuid,
    /// Its name.
    #[cfg_attr(feature = "openapi", schema(example = "Acme Labeling"))]
    pub organization_name: String,
    /// The role the caller gets on accepting.
    pub role: Role,
    /// Who added the caller; `null` when that account is gone.
    pub added_by: Option<MembershipAdder>,
    /// When the caller was added.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
}

envelope! {
    /// `GET /me/pending-memberships`.
    pub struct PendingMembershipList {
        /// The caller's pending memberships, by organization id.
        pub pending_memberships: Vec<PendingMembership>,
        pagination,
    }
}
