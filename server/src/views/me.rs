//! `/me`: the caller's own account and organizations, and the memberships
//! the caller was added to and has yet to accept or decline.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use labelwell_transport::{
    MeResponse, OrganizationList, OrganizationResponse, PageQuery, PendingMembershipList, Problem,
};
use utoipa_axum::router::OpenApiRouter;

use uuid::Uuid;

use super::ApiRouter;
use super::extract::{PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{AccountPermit, perm};
use crate::db::Id;
use crate::error::{Error, Result};
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The organization of a pending membership a path names.
#[derive(Debug, serde::Deserialize)]
pub struct PendingMembershipPath {
    /// The organization's id.
    pub organization_id: Uuid,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(get_me))
        .routes(route!(list_my_organizations))
        .routes(route!(list_my_pending_memberships))
        .routes(route!(accept_pending_membership))
        .routes(route!(decline_pending_membership))
}

/// The caller's account.
///
/// For a browser session, also the session's CSRF token, so that a reloaded
/// page can recover it.
#[utoipa::path(
    get, path = "/me", tag = "me",
    responses((status = 200, description = "The caller.", body = MeResponse))
)]
pub async fn get_me(
    permit: AccountPermit<perm::AccountRead>,
    State(state): State<AppState>,
) -> Result<Json<MeResponse>> {
    let user = repositories::users::find_user_by_id(&state.db, permit.user_id())
        .await?
        .ok_or(Error::Unauthenticated("the account no longer exists"))?;
    let csrf_token = permit.caller().csrf_token().map(str::to_owned);
    Ok(Json(MeResponse { user, csrf_token }))
}

/// The organizations the caller belongs to, with the caller's role in each.
///
/// A token bound to one organization sees only that one.
#[utoipa::path(
    get, path = "/me/organizations", tag = "me",
    params(PageQuery),
    responses((status = 200, description = "A page of organizations, oldest first.", body = OrganizationList))
)]
pub async fn list_my_organizations(
    permit: AccountPermit<perm::AccountRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<OrganizationList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::organizations::list_organizations_of_caller(
        &state.db,
        &state.policy,
        &permit,
        &page,
    )
    .await?;
    Ok(Json(OrganizationList {
        pagination: pagination_of(&uri, &page),
        organizations: page.items,
    }))
}

/// The memberships the caller was added to by email and has not accepted.
///
/// Until accepted, such a membership gives no access to its organization,
/// which is not among the caller's organizations either. A token bound to one
/// organization sees only that one's.
#[utoipa::path(
    get, path = "/me/pending-memberships", tag = "me",
    params(PageQuery),
    responses((status = 200, description = "A page of pending memberships, by organization id.", body = PendingMembershipList))
)]
pub async fn list_my_pending_memberships(
    permit: AccountPermit<perm::PendingMembershipList>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<PendingMembershipList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::members::list_pending_memberships_of_caller(&state.db, &permit, &page)
        .await?;
    Ok(Json(PendingMembershipList {
        pagination: pagination_of(&uri, &page),
        pending_memberships: page.items,
    }))
}

/// Accept a pending membership: the caller becomes a member with its role.
///
/// Only while whoever added the caller is still a member whose role may add
/// members with that role.
#[utoipa::path(
    post, path = "/me/pending-memberships/{organization_id}/accept", tag = "me",
    params(("organization_id" = Uuid, Path, description = "The organization's id.")),
    responses(
        (status = 200, description = "The organization joined, with the caller's role.", body = OrganizationResponse),
        (status = 404, description = "No pending membership of the caller in this organization.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller is an active member already (`already_member`).", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Whoever added the caller can no longer add members with this role (`membership_withdrawn`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn accept_pending_membership(
    permit: AccountPermit<perm::PendingMembershipAccept>,
    State(state): State<AppState>,
    path: PathIds<PendingMembershipPath>,
) -> Result<Json<OrganizationResponse>> {
    let organization = services::members::accept_membership(
        &state.db,
        &state.policy,
        &permit,
        Id(path.0.organization_id),
    )
    .await?;
    Ok(Json(OrganizationResponse { organization }))
}

/// Decline a pending membership: it is deleted.
#[utoipa::path(
    post, path = "/me/pending-memberships/{organization_id}/decline", tag = "me",
    params(("organization_id" = Uuid, Path, description = "The organization's id.")),
    responses(
        (status = 204, description = "Declined."),
        (status = 404, description = "No pending membership of the caller in this organization.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller is an active member already (`already_member`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn decline_pending_membership(
    permit: AccountPermit<perm::PendingMembershipDecline>,
    State(state): State<AppState>,
    path: PathIds<PendingMembershipPath>,
) -> Result<StatusCode> {
    services::members::decline_membership(&state.db, &permit, Id(path.0.organization_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
