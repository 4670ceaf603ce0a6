//! Authentication: who is calling, by session cookie or API token.

use axum::http::request::Parts;
use axum::http::{Method, header};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::db::{Db, Id, Tenancy, Ts, with_conn};
use crate::error::{Error, Result};
use crate::repositories;
use crate::secrets;
use crate::state::AppState;

/// The session key under which a signed-in browser session keeps its user.
pub const SESSION_KEY: &str = "auth";
/// The header a cookie-authenticated unsafe request repeats its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How stale a token's `last_used_at` may get before a use writes it again: a
/// token used in a tight loop must not turn every read into a write.
const LAST_USED_PRECISION: time::Duration = time::Duration::minutes(1);

/// What a signed-in browser session stores.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionAuth {
    /// The signed-in user.
    pub user_id: uuid::Uuid,
    /// The token unsafe requests of this session must repeat in `X-CSRF-Token`.
    pub csrf_token: String,
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The calling user.
    pub user_id: Id,
    /// How the caller proved it.
    pub credential: Credential,
}

/// How a caller authenticated, and the limits that come with it.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A browser session cookie.
    Session {
        /// The session's CSRF token.
        csrf_token: String,
    },
    /// An API token.
    Token {
        /// The token's id.
        token_id: Id,
        /// The only organization the token works in, if bound to one.
        organization_id: Option<Id>,
        /// Whether the token may only read.
        read_only: bool,
        /// When the token stops working, if ever.
        expires_at: Option<Ts>,
    },
}

impl Caller {
    /// Whether the credential allows this method at all (read-only tokens only read).
    pub fn may_use_method(&self, method: &Method) -> bool {
        match self.credential {
            Credential::Token {
                read_only: true, ..
            } => is_safe(method),
            _ => true,
        }
    }

    /// Whether the credential reaches into `organization_id`.
    pub fn reaches_organization(&self, organization_id: Id) -> bool {
        match self.credential {
            Credential::Token {
                organization_id: Some(bound),
                ..
            } => bound == organization_id,
            _ => true,
        }
    }

    /// Whether the credential carries no limits (a session, or an unlimited token).
    pub fn is_unrestricted(&self) -> bool {
        matches!(
            self.credential,
            Credential::Session { .. }
                | Credential::Token {
                    organization_id: None,
                    read_only: false,
                    ..
                }
        )
    }

    /// The organization an API token is bound to, if any.
    pub fn bound_organization(&self) -> Option<Id> {
        match self.credential {
            Credential::Token {
                organization_id, ..
            } => organization_id,
            Credential::Session { .. } => None,
        }
    }

    /// When the credential stops working: a token's expiry; `None` for a
    /// session (it lives while it is used) or a token that never expires.
    pub fn expires_at(&self) -> Option<Ts> {
        match self.credential {
            Credential::Token { expires_at, .. } => expires_at,
            Credential::Session { .. } => None,
        }
    }

    /// The session's CSRF token, for session callers.
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session { csrf_token } => Some(csrf_token),
            Credential::Token { .. } => None,
        }
    }
}

/// Whether the method only reads.
pub fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Authenticates the request: a bearer token when an `Authorization` header is
/// present, the session cookie otherwise. A cookie-authenticated unsafe request
/// must also carry the session's CSRF token.
pub async fn authenticate(state: &AppState, parts: &Parts) -> Result<Caller> {
    if let Some(secret) = bearer_secret(parts)? {
        return authenticate_token(state, secret).await;
    }
    let session = parts
        .extensions
        .get::<Session>()
        .ok_or(Error::Unauthenticated("sign in, or send an API token"))?;
    let auth: SessionAuth = session
        .get(SESSION_KEY)
        .await
        .map_err(crate::sessions::session_error)?
        .ok_or(Error::Unauthenticated("sign in, or send an API token"))?;
    if !is_safe(&parts.method) {
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if !sent.is_some_and(|sent| secrets::constant_time_eq(sent, &auth.csrf_token)) {
            return Err(Error::forbidden(
                "csrf_token_mismatch",
                "a request signed in by cookie must repeat the session's CSRF token in the X-CSRF-Token header",
            ));
        }
    }
    Ok(Caller {
        user_id: Id(auth.user_id),
        credential: Credential::Session {
            csrf_token: auth.csrf_token,
        },
    })
}

/// The secret of an `Authorization: Bearer` header; `None` without the header,
/// 401 for an `Authorization` header of another form.
pub fn bearer_secret(parts: &Parts) -> Result<Option<&str>> {
    let Some(authorization) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    authorization
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|secret| Some(secret.trim()))
        .ok_or(Error::Unauthenticated(
            "the Authorization header must be `Bearer <token>`",
        ))
}

fn caller_of_token(token: repositories::api_tokens::TokenCredentials) -> Caller {
    Caller {
        user_id: token.user_id,
        credential: Credential::Token {
            token_id: token.id,
            organization_id: token.organization_id,
            read_only: token.read_only,
            expires_at: token.expires_at,
        },
    }
}

async fn authenticate_token(state: &AppState, secret: &str) -> Result<Caller> {
    let invalid = Error::Unauthenticated("the API token is unknown, revoked or expired");
    if !secret.starts_with(secrets::TOKEN_PREFIX) {
        return Err(invalid);
    }
    let now = Ts::now();
    let token = repositories::api_tokens::find_usable_by_secret_hash(
        &state.db,
        &secrets::sha256_hex(secret),
        now,
    )
    .await?
    .ok_or(invalid)?;
    record_token_use(&state.db, token.id, token.last_used_at, now).await?;
    Ok(caller_of_token(token))
}

/// Notes that a token was used, at most once per [`LAST_USED_PRECISION`]: this
/// is authentication's own bookkeeping, so it is written here, before any
/// permit exists.
async fn record_token_use(db: &Db, token_id: Id, last_used_at: Option<Ts>, now: Ts) -> Result<()> {
    if last_used_at.is_some_and(|last| last > now - LAST_USED_PRECISION) {
        return Ok(());
    }
    let mut tx = db.read(Tenancy::AccountTables).await?;
    with_conn!(tx.conn(), |conn| {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(token_id)
            .execute(conn)
            .await?;
    });
    tx.commit().await?;
    Ok(())
}
