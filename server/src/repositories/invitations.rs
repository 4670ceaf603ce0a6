//! Reading invitations.

use labelwell_transport::Invitation;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{OrgPermit, Scope, perm};
use crate::db::invitations::InvitationRow;
use crate::db::{Db, Id, Ts, with_db};
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
    let rows: Vec<InvitationRow> = with_db!(db, |pool| {
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
        .fetch_all(pool)
        .await?
    });
    let now = Ts::now();
    Ok(page.page(rows, |row| row.id.0, |row| row.into_invitation(now)))
}
