//! Invitations: reading them, and the statements that create, revoke and
//! accept them.

use labelwell_transport::Invitation;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{OrgPermit, Scope, perm};
use crate::db::invitations::InvitationRow;
use crate::db::types::DbRole;
use crate::db::{Conn, Db, Id, Ts, with_conn};
use crate::error::Result;

/// The invitations of the permit's organization, newest first: all of them with
/// scope `any`, the caller's own with scope `own`.
pub async fn list_invitations_of_organization(
    db: &Db,
    permit: &OrgPermit<perm::InvitationList>,
    page: &PageRequest,
) -> Result<Page<Invitation>> {
    let before: Option<Uuid> = page.after()?;
    let only_own = permit.scope() != Scope::Any;
    let rows: Vec<InvitationRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(
            "SELECT id, organization_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at
             FROM invitations
             WHERE organization_id = $1
               AND (NOT $2 OR invited_by = $3)
               AND ($4 IS NULL OR id < $4)
             ORDER BY id DESC
             LIMIT $5",
        )
        .bind(permit.organization_id())
        .bind(only_own)
        .bind(permit.user_id())
        .bind(before.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(conn)
        .await?
    });
    let now = Ts::now();
    Ok(page.page(rows, |row| row.id.0, |row| row.into_invitation(now)))
}

const INVITATION_COLUMNS: &str =
    "id, organization_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at";

/// How many members (pending or not) an organization has with this email, and
/// how many of its invitations to it are pending at `now`.
pub async fn count_members_and_pending_invitations(
    conn: Conn<'_>,
    organization_id: Id,
    email_normalized: &str,
    now: Ts,
) -> Result<(i64, i64)> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT
                 (SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
                  WHERE m.organization_id = $1 AND u.email_normalized = $2),
                 (SELECT COUNT(*) FROM invitations
                  WHERE organization_id = $1 AND email_normalized = $2
                    AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3)",
        )
        .bind(organization_id)
        .bind(email_normalized)
        .bind(now)
        .fetch_one(conn)
        .await?
    }))
}

/// Records an invitation, with the hash of its token.
pub async fn insert_invitation(
    conn: Conn<'_>,
    row: &InvitationRow,
    email_normalized: &str,
    token_hash: &str,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO invitations
                 (id, organization_id, email, email_normalized, role, token_hash, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(row.id)
        .bind(row.organization_id)
        .bind(&row.email)
        .bind(email_normalized)
        .bind(row.role)
        .bind(token_hash)
        .bind(row.invited_by)
        .bind(row.created_at)
        .bind(row.expires_at)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// An invitation of an organization.
pub async fn find_invitation(
    conn: Conn<'_>,
    organization_id: Id,
    id: Id,
) -> Result<Option<InvitationRow>> {
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = $1 AND organization_id = $2"
    );
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(id)
            .bind(organization_id)
            .fetch_optional(conn)
            .await?
    }))
}

/// An invitation known to exist (read again after a conditional update).
pub async fn get_invitation(conn: Conn<'_>, id: Id) -> Result<InvitationRow> {
    let sql = format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = $1");
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(&sql).bind(id).fetch_one(conn).await?
    }))
}

/// The invitation whose token has this hash.
pub async fn find_invitation_by_token_hash(
    conn: Conn<'_>,
    token_hash: &str,
) -> Result<Option<InvitationRow>> {
    let sql = format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1");
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(token_hash)
            .fetch_optional(conn)
            .await?
    }))
}

/// The invitations `inviter` made in an organization that are pending at
/// `now`: id, email and role, in id order.
pub async fn list_pending_invitations_of_inviter(
    conn: Conn<'_>,
    organization_id: Id,
    inviter: Id,
    now: Ts,
) -> Result<Vec<(Id, String, DbRole)>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT id, email, role FROM invitations
             WHERE organization_id = $1 AND invited_by = $2
               AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3
             ORDER BY id",
        )
        .bind(organization_id)
        .bind(inviter)
        .bind(now)
        .fetch_all(conn)
        .await?
    }))
}

/// Revokes invitation `id` if it is neither accepted nor revoked; answers
/// whether it did. The condition is checked by the UPDATE itself, so that an
/// acceptance and a revocation of one invitation never both succeed.
pub async fn revoke_if_pending(conn: Conn<'_>, id: Id, now: Ts) -> Result<bool> {
    let revoked = with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE invitations SET revoked_at = $1
             WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected()
    });
    Ok(revoked == 1)
}

/// Marks invitation `id` accepted by `user_id` if it is neither accepted nor
/// revoked; answers whether it did (the UPDATE checks, as [`revoke_if_pending`]).
pub async fn accept_if_pending(conn: Conn<'_>, id: Id, user_id: Id, now: Ts) -> Result<bool> {
    let claimed = with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE invitations SET accepted_at = $1, accepted_by = $2
             WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected()
    });
    Ok(claimed > 0)
}
