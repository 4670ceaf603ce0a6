//! Creating and revoking API tokens.

use labelwell_transport::{ApiToken, CreateTokenRequest, CreatedToken};
use time::Duration;

use super::validation::{self, Checks};
use crate::authz::{AccountPermit, perm};
use crate::db::{Db, Id, Ts};
use crate::error::{Error, Result};
use crate::repositories;
use crate::rfc3339;
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
    let mut tx = db.begin(permit.tenancy()).await?;
    if let Some(organization_id) = organization_id {
        let role =
            repositories::members::find_role(tx.conn(), organization_id, permit.user_id()).await?;
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
    repositories::api_tokens::insert_token(
        tx.conn(),
        permit.user_id(),
        &token,
        &secrets::sha256_hex(&secret),
        now,
        expires_at,
    )
    .await?;
    tx.commit().await?;
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
                rfc3339::format(limit.get())
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
    let mut tx = db.begin(permit.tenancy()).await?;
    if !repositories::api_tokens::revoke_token(tx.conn(), permit.user_id(), token_id, Ts::now())
        .await?
    {
        return Err(Error::NotFound("token"));
    }
    tx.commit().await?;
    Ok(())
}
