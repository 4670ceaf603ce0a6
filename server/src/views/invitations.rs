//! Invitations: `/organizations/{org_id}/invitations` and `/invitations/accept`.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use labelwell_transport::{
    AcceptInvitationRequest, AcceptedInvitation, CreateInvitationRequest, CreatedInvitation,
    InvitationList, PageQuery, Problem,
};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{AccountPermit, OrgPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The invitation a path names.
#[derive(Debug, serde::Deserialize)]
pub struct InvitationPath {
    /// The invitation's id.
    pub invitation_id: Uuid,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(list_invitations))
        .routes(route!(create_invitation))
        .routes(route!(revoke_invitation))
        .routes(route!(accept_invitation))
}

/// The invitations of an organization, newest first; managers see their own.
#[utoipa::path(
    get, path = "/organizations/{org_id}/invitations", tag = "invitations",
    params(("org_id" = Uuid, Path, description = "The organization's id."), PageQuery),
    responses((status = 200, description = "A page of invitations.", body = InvitationList))
)]
pub async fn list_invitations(
    permit: OrgPermit<perm::InvitationList>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<InvitationList>> {
    let page = PageRequest::from_query(&query)?;
    let page =
        repositories::invitations::list_invitations_of_organization(&state.db, &permit, &page)
            .await?;
    Ok(Json(InvitationList {
        pagination: pagination_of(&uri, &page),
        invitations: page.items,
    }))
}

/// Invite an email address to the organization with a role.
///
/// There is no mail server: the answer holds the invitation token, which the
/// caller passes on. It is single-use, expires, and only an account with the
/// invited email can accept it.
#[utoipa::path(
    post, path = "/organizations/{org_id}/invitations", tag = "invitations",
    params(("org_id" = Uuid, Path, description = "The organization's id.")),
    request_body = CreateInvitationRequest,
    responses(
        (status = 201, description = "The invitation, with its token.", body = CreatedInvitation),
        (status = 409, description = "Already a member (`already_member`) or already invited (`invitation_pending`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_invitation(
    permit: OrgPermit<perm::InvitationCreate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<CreateInvitationRequest>,
) -> Result<(StatusCode, Json<CreatedInvitation>)> {
    let created = services::invitations::create_invitation(&state.db, &permit, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revoke a pending invitation.
#[utoipa::path(
    delete, path = "/organizations/{org_id}/invitations/{invitation_id}", tag = "invitations",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("invitation_id" = Uuid, Path, description = "The invitation's id."),
    ),
    responses(
        (status = 204, description = "Revoked."),
        (status = 409, description = "Already accepted or revoked.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke_invitation(
    permit: OrgPermit<perm::InvitationRevoke>,
    State(state): State<AppState>,
    path: PathIds<InvitationPath>,
) -> Result<StatusCode> {
    services::invitations::revoke_invitation(&state.db, &permit, Id(path.0.invitation_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept an invitation: the caller joins its organization with its role.
///
/// Only while whoever sent it is still a member whose role may invite with
/// that role: removing a member revokes their pending invitations, and
/// changing their role revokes those the new role could not send.
#[utoipa::path(
    post, path = "/invitations/accept", tag = "invitations",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "The organization joined.", body = AcceptedInvitation),
        (status = 409, description = "Already accepted, or already a member.", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation has expired (`invitation_expired`), or whoever sent it can no longer invite with its role (`invitation_withdrawn`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn accept_invitation(
    permit: AccountPermit<perm::InvitationAccept>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<AcceptInvitationRequest>,
) -> Result<Json<AcceptedInvitation>> {
    let organization =
        services::invitations::accept_invitation(&state.db, &state.policy, &permit, &request.token)
            .await?;
    Ok(Json(AcceptedInvitation { organization }))
}
