//! `/me`: the caller's own account and organizations.

use axum::Json;
use axum::extract::{OriginalUri, State};
use labelwell_transport::{MeResponse, OrganizationList, PageQuery};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::QueryParams;
use super::pagination::pagination_of;
use crate::authz::{AccountPermit, perm};
use crate::error::{Error, Result};
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(get_me))
        .routes(route!(list_my_organizations))
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
    let page = repositories::organizations::list_organizations_of_caller(&state.db, &permit, &page)
        .await?;
    Ok(Json(OrganizationList {
        pagination: pagination_of(&uri, &page),
        organizations: page.items,
    }))
}
