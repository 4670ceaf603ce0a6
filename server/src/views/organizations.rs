//! `/organizations`: creating, reading, renaming and deleting organizations.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use labelwell_transport::{
    CreateOrganizationRequest, OrganizationResponse, UpdateOrganizationRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::JsonBody;
use super::{ApiRouter, account, operation, org};
use crate::authz::{AccountPermit, Action, Permit, Resource};
use crate::error::Result;
use crate::repositories;
use crate::services;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(operation(
            account(Resource::Organization, Action::Create),
            routes!(create_organization),
        ))
        .routes(operation(
            org(Resource::Organization, Action::Read),
            routes!(get_organization),
        ))
        .routes(operation(
            org(Resource::Organization, Action::Update),
            routes!(update_organization),
        ))
        .routes(operation(
            org(Resource::Organization, Action::Delete),
            routes!(delete_organization),
        ))
}

/// Create an organization; the caller becomes its owner.
#[utoipa::path(
    post, path = "/organizations", tag = "organizations",
    request_body = CreateOrganizationRequest,
    responses((status = 201, description = "The new organization.", body = OrganizationResponse))
)]
pub async fn create_organization(
    State(state): State<AppState>,
    permit: AccountPermit,
    JsonBody(request): JsonBody<CreateOrganizationRequest>,
) -> Result<(StatusCode, Json<OrganizationResponse>)> {
    let organization =
        services::organizations::create_organization(&state.db, &permit, request).await?;
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
    State(state): State<AppState>,
    permit: Permit,
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
    State(state): State<AppState>,
    permit: Permit,
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
    State(state): State<AppState>,
    permit: Permit,
) -> Result<StatusCode> {
    services::organizations::delete_organization(&state.db, &permit).await?;
    Ok(StatusCode::NO_CONTENT)
}
