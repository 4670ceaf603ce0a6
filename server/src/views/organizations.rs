//! `/organizations`: creating, reading, renaming and deleting organizations.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use labelwell_transport::{
    CreateOrganizationRequest, OrganizationResponse, UpdateOrganizationRequest,
};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::JsonBody;
use crate::authz::{AccountPermit, OrgPermit, perm};
use crate::error::Result;
use crate::repositories;
use crate::route;
use crate::services;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(create_organization))
        .routes(route!(get_organization))
        .routes(route!(update_organization))
        .routes(route!(delete_organization))
}

/// Create an organization; the caller becomes its owner.
#[utoipa::path(
    post, path = "/organizations", tag = "organizations",
    request_body = CreateOrganizationRequest,
    responses((status = 201, description = "The new organization.", body = OrganizationResponse))
)]
pub async fn create_organization(
    permit: AccountPermit<perm::OrganizationCreate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<CreateOrganizationRequest>,
) -> Result<(StatusCode, Json<OrganizationResponse>)> {
    let organization =
        services::organizations::create_organization(&state.db, &state.policy, &permit, request)
            .await?;
    Ok((
        StatusCode::CREATED,
        Json(OrganizationResponse { organization }),
    ))
}

/// One organization the caller belongs to.
#[utoipa::path(
    get, path = "/organizations/{org_id}", tag = "organizations",
    params(("org_id" = Uuid, Path, description = "The organization's id.")),
    responses((status = 200, description = "The organization.", body = OrganizationResponse))
)]
pub async fn get_organization(
    permit: OrgPermit<perm::OrganizationRead>,
    State(state): State<AppState>,
) -> Result<Json<OrganizationResponse>> {
    let organization = repositories::organizations::find_organization(&state.db, &permit).await?;
    Ok(Json(OrganizationResponse { organization }))
}

/// Rename an organization.
#[utoipa::path(
    patch, path = "/organizations/{org_id}", tag = "organizations",
    params(("org_id" = Uuid, Path, description = "The organization's id.")),
    request_body = UpdateOrganizationRequest,
    responses((status = 200, description = "The renamed organization.", body = OrganizationResponse))
)]
pub async fn update_organization(
    permit: OrgPermit<perm::OrganizationUpdate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<UpdateOrganizationRequest>,
) -> Result<Json<OrganizationResponse>> {
    let organization =
        services::organizations::rename_organization(&state.db, &permit, request).await?;
    Ok(Json(OrganizationResponse { organization }))
}

/// Delete an organization with everything in it. Owners only; cannot be undone.
#[utoipa::path(
    delete, path = "/organizations/{org_id}", tag = "organizations",
    params(("org_id" = Uuid, Path, description = "The organization's id.")),
    responses((status = 204, description = "Deleted."))
)]
pub async fn delete_organization(
    permit: OrgPermit<perm::OrganizationDelete>,
    State(state): State<AppState>,
) -> Result<StatusCode> {
    services::organizations::delete_organization(&state.db, &permit).await?;
    Ok(StatusCode::NO_CONTENT)
}
