//! Reading API tokens.

use labelwell_transport::ApiToken;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{AccountPermit, perm};
use crate::db::api_tokens::ApiTokenRow;
use crate::db::{Db, Id, Ts, with_db};
use crate::error::Result;

/// What authentication needs of a usable token.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenCredentials {
    /// The token's id.
    pub id: Id,
    /// Whose token it is.
    pub user_id: Id,
    /// The organization it is bound to, if any.
    pub organization_id: Option<Id>,
    /// Whether it may only read.
    pub read_only: bool,
    /// When it stops working, if ever.
    pub expires_at: Option<Ts>,
    /// When it was last used.
    pub last_used_at: Option<Ts>,
}

/// The token whose secret hashes to `secret_hash`, unless revoked or expired at `now`.
pub async fn find_usable_by_secret_hash(
    db: &Db,
    secret_hash: &str,
    now: Ts,
) -> Result<Option<TokenCredentials>> {
    Ok(with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT id, user_id, organization_id, read_only, expires_at, last_used_at
             FROM api_tokens
             WHERE secret_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(secret_hash)
        .bind(now)
        .fetch_optional(pool)
        .await?
    }))
}

/// The caller's tokens that are not revoked (expired ones included), oldest
/// first. A token bound to an organization sees only the tokens bound to the
/// same one: what its user holds elsewhere is none of its business.
pub async fn list_tokens_of_caller(
    db: &Db,
    permit: &AccountPermit<perm::ApiTokenList>,
    page: &PageRequest,
) -> Result<Page<ApiToken>> {
    let after: Option<Uuid> = page.after()?;
    let rows: Vec<ApiTokenRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT id, name, prefix, organization_id, read_only, created_at, last_used_at, expires_at
             FROM api_tokens
             WHERE user_id = $1 AND revoked_at IS NULL AND ($2 IS NULL OR id > $2)
               AND ($3 IS NULL OR organization_id = $3)
             ORDER BY id
             LIMIT $4",
        )
        .bind(permit.user_id())
        .bind(after.map(Id))
        .bind(permit.caller().bound_organization())
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(rows, |row| row.id.0, ApiToken::from))
}
