//! Members of an organization and their roles.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Role;
use crate::wire::envelope;

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
    /// When the member joined.
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
}

/// `POST /organizations/{org_id}/members`: add an existing account.
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
