//! `/me/tokens`: the caller's API tokens.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use labelwell_transport::{CreateTokenRequest, CreatedToken, PageQuery, Problem, TokenList};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{AccountPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(list_tokens))
        .routes(route!(create_token))
        .routes(route!(revoke_token))
}

/// The caller's API tokens that are not revoked; secrets are never shown.
///
/// A token bound to one organization lists only the tokens bound to it.
#[utoipa::path(
    get, path = "/me/tokens", tag = "tokens",
    params(PageQuery),
    responses((status = 200, description = "A page of tokens, oldest first.", body = TokenList))
)]
pub async fn list_tokens(
    permit: AccountPermit<perm::ApiTokenList>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<TokenList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::api_tokens::list_tokens_of_caller(&state.db, &permit, &page).await?;
    Ok(Json(TokenList {
        pagination: pagination_of(&uri, &page),
        tokens: page.items,
    }))
}

/// Create an API token.
///
/// The answer holds the secret, this once only: store it. A token may be bound
/// to one organization and limited to reading; its rights are the caller's role
/// intersected with those limits. Tokens bound to an organization or read-only
/// cannot create tokens; a token made with another token expires no later
/// than that one.
#[utoipa::path(
    post, path = "/me/tokens", tag = "tokens",
    request_body = CreateTokenRequest,
    responses(
        (status = 201, description = "The token, with its secret.", body = CreatedToken),
        (status = 422, description = "Invalid fields, among them an expiry beyond the expiry of the token the request is made with (`beyond_token_expiry`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_token(
    permit: AccountPermit<perm::ApiTokenCreate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<CreateTokenRequest>,
) -> Result<(StatusCode, Json<CreatedToken>)> {
    let created = services::api_tokens::create_token(&state.db, &permit, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revoke one of the caller's API tokens; it stops working on the next request.
#[utoipa::path(
    delete, path = "/me/tokens/{token_id}", tag = "tokens",
    params(("token_id" = Uuid, Path, description = "The token's id.")),
    responses((status = 204, description = "Revoked."))
)]
pub async fn revoke_token(
    permit: AccountPermit<perm::ApiTokenRevoke>,
    State(state): State<AppState>,
    PathIds(token_id): PathIds<Uuid>,
) -> Result<StatusCode> {
    services::api_tokens::revoke_token(&state.db, &permit, Id(token_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
