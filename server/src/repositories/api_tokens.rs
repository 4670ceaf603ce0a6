//! API tokens: reading them, and the statements that create and revoke them.

use labelwell_transport::ApiToken;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{AccountPermit, perm};
use crate::db::api_tokens::ApiTokenRow;
use crate::db::{Conn, Db, Id, Tenancy, Ts, with_conn};
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
    Ok(with_conn!(
        db.read(Tenancy::AccountTables).await?.conn(),
        |conn| {
            sqlx::query_as(
            "SELECT id, user_id, organization_id, read_only, expires_at, last_used_at
             FROM api_tokens
             WHERE secret_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(secret_hash)
        .bind(now)
        .fetch_optional(conn)
        .await?
        }
    ))
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
    let rows: Vec<ApiTokenRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
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
        .fetch_all(conn)
        .await?
    });
    Ok(page.page(rows, |row| row.id.0, ApiToken::from))
}

/// Records a token of `user_id`, by the SHA-256 of its secret.
pub async fn insert_token(
    conn: Conn<'_>,
    user_id: Id,
    token: &ApiToken,
    secret_hash: &str,
    created_at: Ts,
    expires_at: Option<Ts>,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO api_tokens
                 (id, user_id, name, prefix, secret_hash, organization_id, read_only, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(Id(token.id))
        .bind(user_id)
        .bind(&token.name)
        .bind(&token.prefix)
        .bind(secret_hash)
        .bind(token.organization_id.map(Id))
        .bind(token.read_only)
        .bind(created_at)
        .bind(expires_at)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Revokes a token of `user_id` that is not revoked yet; whether it did.
pub async fn revoke_token(conn: Conn<'_>, user_id: Id, token_id: Id, now: Ts) -> Result<bool> {
    let revoked = with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(token_id)
        .bind(user_id)
        .execute(conn)
        .await?
        .rows_affected()
    });
    Ok(revoked > 0)
}
