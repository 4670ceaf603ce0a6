//! Organizations: the tenants of Labelwell.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Role;
use crate::wire::envelope;

/// An organization, as seen by one of its members.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// The organization's id.
    pub id: Uuid,
    /// The organization's name.
    #[cfg_attr(feature = "openapi", schema(example = "Acme Research"))]
    pub name: String,
    /// The caller's role in this organization.
    pub role: Role,
    /// The roles the caller's role may grant in this organization (give when
    /// adding or inviting a member, and change or take away), most powerful
    /// first: the policy's `role_grant`. Empty for reviewers, annotators
    /// and viewers.
    #[cfg_attr(feature = "openapi", schema(example = json!(["reviewer", "annotator"])))]
    pub grantable_roles: Vec<Role>,
    /// When the organization was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the organization was last renamed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /organizations`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrganizationRequest {
    /// 1 to 200 characters, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Acme Research",
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub name: String,
}

/// `PATCH /organizations/{org_id}`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganizationRequest {
    /// The new name, 1 to 200 characters, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Acme Labs",
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub name: String,
}

envelope! {
    /// One organization.
    pub struct OrganizationResponse {
        /// The organization.
        pub organization: Organization,
    }
}

envelope! {
    /// `GET /me/organizations`.
    pub struct OrganizationList {
        /// The organizations the caller belongs to, oldest first.
        pub organizations: Vec<Organization>,
        pagination,
    }
}
