//! `/auth`: signing up, in and out.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use labelwell_transport::{LoginRequest, Problem, SessionResponse, SignupRequest};
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::{ClientAddress, JsonBody};
use crate::error::Result;
use crate::route;
use crate::services;
use crate::sessions;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(public sign_up))
        .routes(route!(public log_in))
        .routes(route!(public log_out))
}

/// Create an account and sign in.
///
/// With `invitation_token`, the new account joins the invitation's organization
/// at once. When the server's signup mode is `invite`, the token is required.
#[utoipa::path(
    post, path = "/auth/signup", tag = "accounts",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "The account was created and the session signed in.", body = SessionResponse),
        (status = 409, description = "An account with this email exists (`email_taken`), or the invitation was used.", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation has expired (`invitation_expired`), or whoever sent it can no longer invite with its role (`invitation_withdrawn`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    session: Session,
    JsonBody(request): JsonBody<SignupRequest>,
) -> Result<(StatusCode, Json<SessionResponse>)> {
    let user =
        services::accounts::sign_up(&state.db, &state.policy, state.config.signup, request).await?;
    let csrf_token = sessions::sign_in(&session, crate::db::Id(user.id)).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse { user, csrf_token }),
    ))
}

/// Sign in with email and password.
///
/// Sets the session cookie (with a new session id) and answers the CSRF token
/// that cookie-authenticated unsafe requests must send in `X-CSRF-Token`.
/// Repeated failures are refused with 429 for a while: for one email from
/// one client address, and from one client address whatever the email. The
/// client address is the connection's peer, or what a trusted proxy says in
/// `X-Forwarded-For` (`--trusted-proxies`).
#[utoipa::path(
    post, path = "/auth/login", tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = SessionResponse),
        (status = 429, description = "Too many failed logins for this email from this address, or from this address; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn log_in(
    State(state): State<AppState>,
    session: Session,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Json<SessionResponse>> {
    let user = services::accounts::log_in(&state.db, &state.config, request, client).await?;
    let csrf_token = sessions::sign_in(&session, crate::db::Id(user.id)).await?;
    Ok(Json(SessionResponse { user, csrf_token }))
}

/// Sign out: the session is deleted on the server and its cookie expired.
#[utoipa::path(
    post, path = "/auth/logout", tag = "accounts",
    responses((status = 204, description = "Signed out (also when no session was signed in)."))
)]
pub async fn log_out(session: Session) -> Result<StatusCode> {
    sessions::sign_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}
