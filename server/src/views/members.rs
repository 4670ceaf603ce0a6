//! `/organizations/{org_id}/members`: who belongs to an organization, with which role.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use labelwell_transport::{
    AddMemberRequest, MemberList, MemberResponse, PageQuery, Problem, UpdateMemberRequest,
};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{OrgPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The member a path names.
#[derive(Debug, serde::Deserialize)]
pub struct MemberPath {
    /// The member's user id.
    pub user_id: Uuid,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(list_members))
        .routes(route!(add_member))
        .routes(route!(update_member))
        .routes(route!(remove_member))
}

/// The members of an organization, pending ones included (`status`).
///
/// Reviewers and annotators see only the members who share a project with
/// them, without emails.
#[utoipa::path(
    get, path = "/organizations/{org_id}/members", tag = "members",
    params(("org_id" = Uuid, Path, description = "The organization's id."), PageQuery),
    responses((status = 200, description = "A page of members, in the order they joined.", body = MemberList))
)]
pub async fn list_members(
    permit: OrgPermit<perm::MemberList>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<MemberList>> {
    let page = PageRequest::from_query(&query)?;
    let page =
        repositories::members::list_members_of_organization(&state.db, &permit, &page).await?;
    Ok(Json(MemberList {
        pagination: pagination_of(&uri, &page),
        members: page.items,
    }))
}

/// Add an existing account to the organization with a role.
///
/// The membership is `pending`, with no access at all, until the account
/// accepts it (`POST /me/pending-memberships/{organization_id}/accept`).
/// The caller must be allowed to grant the role: admins grant roles below
/// admin, managers only reviewer and annotator, owners any role.
#[utoipa::path(
    post, path = "/organizations/{org_id}/members", tag = "members",
    params(("org_id" = Uuid, Path, description = "The organization's id.")),
    request_body = AddMemberRequest,
    responses(
        (status = 201, description = "The new member, pending until the account accepts.", body = MemberResponse),
        (status = 409, description = "The account is already a member (`already_member`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add_member(
    permit: OrgPermit<perm::MemberAdd>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<AddMemberRequest>,
) -> Result<(StatusCode, Json<MemberResponse>)> {
    let member = services::members::add_member(&state.db, &permit, request).await?;
    Ok((StatusCode::CREATED, Json(MemberResponse { member })))
}

/// Change a member's role.
///
/// Only of an active member (a pending one's: `member_pending`). Nobody
/// changes their own role; the caller must be allowed to grant both the
/// member's current role and the new one; the organization keeps an owner.
/// The member's pending invitations that the new role could not send are revoked.
#[utoipa::path(
    patch, path = "/organizations/{org_id}/members/{user_id}", tag = "members",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("user_id" = Uuid, Path, description = "The member's user id."),
    ),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "The member with the new role.", body = MemberResponse),
        (status = 409, description = "The last owner cannot be demoted (`last_owner`), or the member is pending (`member_pending`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_member(
    permit: OrgPermit<perm::MemberUpdateRole>,
    State(state): State<AppState>,
    path: PathIds<MemberPath>,
    JsonBody(request): JsonBody<UpdateMemberRequest>,
) -> Result<Json<MemberResponse>> {
    let member =
        services::members::change_member_role(&state.db, &permit, Id(path.0.user_id), request)
            .await?;
    Ok(Json(MemberResponse { member }))
}

/// Remove a member from the organization, or cancel a pending membership.
///
/// Their pending invitations are revoked with them.
#[utoipa::path(
    delete, path = "/organizations/{org_id}/members/{user_id}", tag = "members",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("user_id" = Uuid, Path, description = "The member's user id."),
    ),
    responses(
        (status = 204, description = "Removed."),
        (status = 409, description = "The last owner cannot be removed (`last_owner`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn remove_member(
    permit: OrgPermit<perm::MemberRemove>,
    State(state): State<AppState>,
    path: PathIds<MemberPath>,
) -> Result<StatusCode> {
    services::members::remove_member(&state.db, &permit, Id(path.0.user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
