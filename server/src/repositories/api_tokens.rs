//! Reading API tokens.

use labelwell_transport::ApiToken;
use uuid::Uuid;

use super::projects::{ProjectAccess, ProjectKey};
use super::{Page, PageRequest};
use crate::authz::{AccountPermit, ProjectRef};
use crate::db::api_tokens::ApiTokenRow;
use crate::db::types::DbRole;
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

/// A usable token and, in the same row, the project a path names with the
/// token user's role and assignment there (`None` fields when no such project).
#[derive(Debug, sqlx::FromRow)]
struct TokenWithProjectRow {
    #[sqlx(flatten)]
    token: TokenCredentials,
    project_id: Option<Id>,
    project_organization_id: Option<Id>,
    project_created_by: Option<Id>,
    project_archived: Option<bool>,
    role: Option<DbRole>,
    assigned: Option<bool>,
}

/// Authentication and a project route's authorization data in one query: the
/// token whose secret hashes to `secret_hash` (unless revoked or expired at
/// `now`), and what [`find_project_access`](super::projects::find_project_access)
/// answers for its user and `key`. `None` when the token is not usable.
pub async fn find_usable_with_project_access(
    db: &Db,
    secret_hash: &str,
    now: Ts,
    key: ProjectKey,
) -> Result<Option<(TokenCredentials, Option<ProjectAccess>)>> {
    let (from, key_column) = key.source();
    let sql = format!(
        "SELECT t.id, t.user_id, t.organization_id, t.read_only, t.expires_at, t.last_used_at,
                p.id AS project_id, p.organization_id AS project_organization_id,
                p.created_by AS project_created_by, p.archived_at IS NOT NULL AS project_archived, m.role,
                EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = t.user_id)
                    AS assigned
         FROM api_tokens t
         LEFT JOIN {from} ON {key_column} = $3
         LEFT JOIN memberships m ON m.organization_id = p.organization_id AND m.user_id = t.user_id
         WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)"
    );
    let row: Option<TokenWithProjectRow> = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(secret_hash)
            .bind(now)
            .bind(key.id())
            .fetch_optional(pool)
            .await?
    });
    Ok(row.map(|row| {
        let project = match (row.project_id, row.project_organization_id) {
            (Some(id), Some(organization_id)) => Some(ProjectAccess {
                project: ProjectRef {
                    id,
                    organization_id,
                    created_by: row.project_created_by,
                    archived: row.project_archived.unwrap_or(false),
                },
                role: row.role,
                assigned: row.assigned.unwrap_or(false),
            }),
            _ => None,
        };
        (row.token, project)
    }))
}

/// The caller's tokens that are not revoked (expired ones included), oldest
/// first. A token bound to an organization sees only the tokens bound to the
/// same one: what its user holds elsewhere is none of its business.
pub async fn list_tokens_of_caller(
    db: &Db,
    permit: &AccountPermit,
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
