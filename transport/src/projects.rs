//! Projects and the assignment of members to them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Role;
use crate::wire::envelope;

/// An annotation project of an organization.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    /// The project's id.
    pub id: Uuid,
    /// The organization the project belongs to.
    pub organization_id: Uuid,
    /// The project's name.
    #[cfg_attr(feature = "openapi", schema(example = "Support tickets: sentiment"))]
    pub name: String,
    /// What the project is about, for its members.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Label the sentiment of customer tickets.")
    )]
    pub description: String,
    /// How many annotations, by different annotators, each item needs.
    #[cfg_attr(feature = "openapi", schema(example = 2, minimum = 1, maximum = 20))]
    pub overlap: u32,
    /// How long an item handed out by the work queue stays reserved for its annotator.
    #[cfg_attr(
        feature = "openapi",
        schema(example = 600, minimum = 10, maximum = 86400)
    )]
    pub lease_seconds: u32,
    /// The annotation UI version in force; `null` until one is published.
    pub annotation_ui_version: Option<u32>,
    /// The latest guideline version; `null` until one is published.
    pub guideline_version: Option<u32>,
    /// Who created the project; `null` when that account is gone.
    pub created_by: Option<Uuid>,
    /// Whether the project is archived: kept with all its data, but read-only.
    pub archived: bool,
    /// Whether annotators see a model's prediction as their form's starting
    /// point; off, they answer unanchored by it.
    pub show_predictions: bool,
    /// When the project was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the project's settings last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /organizations/{org_id}/projects`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProjectRequest {
    /// 1 to 200 characters, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Support tickets: sentiment",
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub name: String,
    /// Up to 10,000 characters; empty when absent.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 10000, pattern = "^[^\\u0000]*$")
    )]
    pub description: String,
    /// Annotations needed per item, 1 to 20; 1 when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 2, minimum = 1, maximum = 20))]
    pub overlap: Option<u32>,
    /// Lease time of the work queue in seconds, 10 to 86,400; 600 when absent.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = 600, minimum = 10, maximum = 86400)
    )]
    pub lease_seconds: Option<u32>,
}

/// `PATCH /projects/{project_id}`: the fields to change.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProjectRequest {
    /// A new name, 1 to 200 characters, no control characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub name: Option<String>,
    /// A new description, up to 10,000 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 10000, pattern = "^[^\\u0000]*$")
    )]
    pub description: Option<String>,
    /// A new overlap, 1 to 20; items already annotated more often keep their annotations.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 20))]
    pub overlap: Option<u32>,
    /// A new lease time in seconds, 10 to 86,400, for leases given from now on.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 10, maximum = 86400))]
    pub lease_seconds: Option<u32>,
    /// `true` archives the project (kept with its data, read-only), `false`
    /// restores it; managers archive and restore only the projects they created.
    #[serde(default)]
    pub archived: Option<bool>,
    /// Show annotators a model's prediction as their form's starting point
    /// (`true`), or not (`false`: no anchoring).
    #[serde(default)]
    pub show_predictions: Option<bool>,
}

envelope! {
    /// One project.
    pub struct ProjectResponse {
        /// The project.
        pub project: Project,
    }
}

envelope! {
    /// `GET /organizations/{org_id}/projects`.
    pub struct ProjectList {
        /// The projects the caller may see, oldest first.
        pub projects: Vec<Project>,
        pagination,
    }
}

/// The query of `GET /organizations/{org_id}/projects`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProjectListQuery {
    /// Page size, 1 to 1000; 50 when absent.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Include archived projects.
    #[serde(default)]
    pub include_archived: bool,
}

/// A member assigned to a project.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectMember {
    /// The member's user id.
    pub user_id: Uuid,
    /// The member's display name.
    pub name: String,
    /// The member's role in the organization.
    pub role: Role,
    /// When the member was assigned.
    #[serde(with = "time::serde::rfc3339")]
    pub assigned_at: OffsetDateTime,
}

/// `POST /projects/{project_id}/members`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignProjectMemberRequest {
    /// A member of the project's organization.
    pub user_id: Uuid,
}

envelope! {
    /// One project assignment.
    pub struct ProjectMemberResponse {
        /// The assigned member.
        pub member: ProjectMember,
    }
}

envelope! {
    /// `GET /projects/{project_id}/members`.
    pub struct ProjectMemberList {
        /// The assigned members, in the order they were assigned.
        pub members: Vec<ProjectMember>,
        pagination,
    }
}
