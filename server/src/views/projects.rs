//! Projects: `/organizations/{org_id}/projects`, `/projects/{project_id}` and
//! its member assignments.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use labelwell_transport::{
    AssignProjectMemberRequest, CreateProjectRequest, PageQuery, Problem, ProjectList,
    ProjectListQuery, ProjectMemberList, ProjectMemberResponse, ProjectResponse,
    UpdateProjectRequest,
};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{OrgPermit, ProjectPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The member a path names.
#[derive(Debug, serde::Deserialize)]
pub struct ProjectMemberPath {
    /// The member's user id.
    pub user_id: Uuid,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(list_projects))
        .routes(route!(create_project))
        .routes(route!(get_project))
        .routes(route!(update_project))
        .routes(route!(delete_project))
        .routes(route!(list_project_members))
        .routes(route!(assign_project_member))
        .routes(route!(unassign_project_member))
}

/// The projects of an organization.
///
/// Reviewers and annotators see only the projects they are assigned to.
/// Archived projects are left out unless `include_archived=true`.
#[utoipa::path(
    get, path = "/organizations/{org_id}/projects", tag = "projects",
    params(("org_id" = Uuid, Path, description = "The organization's id."), ProjectListQuery),
    responses((status = 200, description = "A page of projects, oldest first.", body = ProjectList))
)]
pub async fn list_projects(
    permit: OrgPermit<perm::ProjectRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<ProjectListQuery>,
) -> Result<Json<ProjectList>> {
    let page = PageRequest::from_query(&PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    })?;
    let page = repositories::projects::list_projects_of_organization(
        &state.db,
        &permit,
        &page,
        query.include_archived,
    )
    .await?;
    Ok(Json(ProjectList {
        pagination: pagination_of(&uri, &page),
        projects: page.items,
    }))
}

/// Create a project.
#[utoipa::path(
    post, path = "/organizations/{org_id}/projects", tag = "projects",
    params(("org_id" = Uuid, Path, description = "The organization's id.")),
    request_body = CreateProjectRequest,
    responses((status = 201, description = "The new project.", body = ProjectResponse))
)]
pub async fn create_project(
    permit: OrgPermit<perm::ProjectCreate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<CreateProjectRequest>,
) -> Result<(StatusCode, Json<ProjectResponse>)> {
    let project = services::projects::create_project(&state.db, &permit, request).await?;
    Ok((StatusCode::CREATED, Json(ProjectResponse { project })))
}

/// One project.
#[utoipa::path(
    get, path = "/projects/{project_id}", tag = "projects",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses((status = 200, description = "The project.", body = ProjectResponse))
)]
pub async fn get_project(
    permit: ProjectPermit<perm::ProjectRead>,
    State(state): State<AppState>,
) -> Result<Json<ProjectResponse>> {
    let project = repositories::projects::find_project(&state.db, &permit).await?;
    Ok(Json(ProjectResponse { project }))
}

/// Change a project's settings; `archived: true` archives the project (its
/// data kept, read-only), `archived: false` restores it.
///
/// Managers archive and restore only the projects they created. An archived
/// project takes no other change until it is restored.
#[utoipa::path(
    patch, path = "/projects/{project_id}", tag = "projects",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body = UpdateProjectRequest,
    responses(
        (status = 200, description = "The changed project.", body = ProjectResponse),
        (status = 403, description = "A manager archiving or restoring a project someone else created (`not_project_creator`), or the role may not (`permission_denied`).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The project is archived (`project_archived`): only `archived: false` changes it.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_project(
    permit: ProjectPermit<perm::ProjectUpdate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<UpdateProjectRequest>,
) -> Result<Json<ProjectResponse>> {
    let project = services::projects::update_project(&state.db, &permit, request).await?;
    Ok(Json(ProjectResponse { project }))
}

/// Delete a project with everything in it: items, annotations, reviews,
/// annotation UI and guideline versions, assignments. Cannot be undone.
///
/// Managers delete only the projects they created. To keep a project's data
/// read-only instead, archive it: `PATCH` with `{"archived": true}`.
#[utoipa::path(
    delete, path = "/projects/{project_id}", tag = "projects",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses(
        (status = 204, description = "Deleted, with all its data; the organization's audit log records it."),
        (status = 403, description = "A manager deleting a project someone else created (`not_project_creator`), or the role may not (`permission_denied`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_project(
    permit: ProjectPermit<perm::ProjectDelete>,
    State(state): State<AppState>,
) -> Result<StatusCode> {
    services::projects::delete_project(&state.db, &permit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The members assigned to a project.
#[utoipa::path(
    get, path = "/projects/{project_id}/members", tag = "projects",
    params(("project_id" = Uuid, Path, description = "The project's id."), PageQuery),
    responses((status = 200, description = "A page of assigned members.", body = ProjectMemberList))
)]
pub async fn list_project_members(
    permit: ProjectPermit<perm::ProjectRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ProjectMemberList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::projects::list_project_members(&state.db, &permit, &page).await?;
    Ok(Json(ProjectMemberList {
        pagination: pagination_of(&uri, &page),
        members: page.items,
    }))
}

/// Assign a member of the organization to a project.
#[utoipa::path(
    post, path = "/projects/{project_id}/members", tag = "projects",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body = AssignProjectMemberRequest,
    responses(
        (status = 201, description = "The assignment.", body = ProjectMemberResponse),
        (status = 409, description = "Assigned already (`already_assigned`), or the project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn assign_project_member(
    permit: ProjectPermit<perm::ProjectAssignMembers>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<AssignProjectMemberRequest>,
) -> Result<(StatusCode, Json<ProjectMemberResponse>)> {
    let member = services::projects::assign_member(&state.db, &permit, request).await?;
    Ok((StatusCode::CREATED, Json(ProjectMemberResponse { member })))
}

/// Unassign a member from a project; their annotations stay.
#[utoipa::path(
    delete, path = "/projects/{project_id}/members/{user_id}", tag = "projects",
    params(
        ("project_id" = Uuid, Path, description = "The project's id."),
        ("user_id" = Uuid, Path, description = "The member's user id."),
    ),
    responses(
        (status = 204, description = "Unassigned."),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unassign_project_member(
    permit: ProjectPermit<perm::ProjectAssignMembers>,
    State(state): State<AppState>,
    path: PathIds<ProjectMemberPath>,
) -> Result<StatusCode> {
    services::projects::unassign_member(&state.db, &permit, Id(path.0.user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
