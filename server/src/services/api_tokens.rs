//! Creating and revoking API tokens.

use labelwell_transport::{ApiToken, CreateTokenRequest, CreatedToken};
use time::Duration;

use super::validation::{self, Checks};
use crate::authz::{AccountPermit, perm};
use crate::db::{Db, Id, Ts, with_db};
use crate::error::{Error, Result};
use crate::repositories;
use crate::secrets::{self, TOKEN_DISPLAY_PREFIX_LEN, TOKEN_PREFIX};

/// The longest a token may live.
pub use labelwell_transport::limits::MAX_TOKEN_DAYS;

/// Creates a token for the caller; the answer holds its secret, which is never
/// stored or shown again (only its SHA-256 is kept).
pub async fn create_token(
    db: &Db,
    permit: &AccountPermit<perm::ApiTokenCreate>,
    request: CreateTokenRequest,
) -> Result<CreatedToken> {
    let mut checks = Checks::new();
    checks
        .check(validation::name("name", &request.name))
        .check(validation::days(
            "expires_in_days",
            request.expires_in_days,
            MAX_TOKEN_DAYS,
        ));
    checks.finish()?;
    let organization_id = request.organization_id.map(Id);
    if let Some(organization_id) = organization_id {
        let role = repositories::members::find_role(db, organization_id, permit.user_id()).await?;
        if role.is_none() {
            return Err(Error::invalid(
                "organization_id",
                "not_a_member",
                "you are not a member of this organization",
            ));
        }
    }
    let now = Ts::now();
    let expires_at = expiry_within_caller(permit, request.expires_in_days, now)?;
    let secret = secrets::generate_secret(TOKEN_PREFIX);
    let token = ApiToken {
        id: Id::new().0,
        name: request.name.trim().to_owned(),
        prefix: secret.chars().take(TOKEN_DISPLAY_PREFIX_LEN).collect(),
        organization_id: request.organization_id,
        read_only: request.read_only,
        created_at: now.get(),
        last_used_at: None,
        expires_at: expires_at.map(Ts::get),
    };
    with_db!(db, |pool| {
        sqlx::query(
            "INSERT INTO api_tokens
                 (id, user_id, name, prefix, secret_hash, organization_id, read_only, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(Id(token.id))
        .bind(permit.user_id())
        .bind(&token.name)
        .bind(&token.prefix)
        .bind(secrets::sha256_hex(&secret))
        .bind(organization_id)
        .bind(token.read_only)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?;
    });
    Ok(CreatedToken { token, secret })
}

/// When a new token expires: `expires_in_days` from `now`, and never after the
/// token the request is made with, so no token mints one that outlives it (by
/// default a new token expires with it). Bound and read-only tokens cannot
/// create tokens at all (their permit is refused), so expiry is the one limit
/// left to carry over.
fn expiry_within_caller(
    permit: &AccountPermit<perm::ApiTokenCreate>,
    expires_in_days: Option<u32>,
    now: Ts,
) -> Result<Option<Ts>> {
    let requested = expires_in_days.map(|days| now + Duration::days(i64::from(days)));
    match (permit.caller().expires_at(), requested) {
        (Some(limit), Some(requested)) if requested > limit => Err(Error::invalid(
            "expires_in_days",
            "beyond_token_expiry",
            format!(
                "a token cannot outlive the token that creates it, which expires at {}",
                repositories::rfc3339(limit.get())
            ),
        )),
        (Some(limit), None) => Ok(Some(limit)),
        (_, requested) => Ok(requested),
    }
}

/// Revokes one of the caller's tokens; it stops working on the next request.
pub async fn revoke_token(
    db: &Db,
    permit: &AccountPermit<perm::ApiTokenRevoke>,
    token_id: Id,
) -> Result<()> {
    let revoked = with_db!(db, |pool| {
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(Ts::now())
            .bind(token_id)
            .bind(permit.user_id())
            .execute(pool)
            .await?
            .rows_affected()
    });
    if revoked == 0 {
        return Err(Error::NotFound("token"));
    }
    Ok(())
}
