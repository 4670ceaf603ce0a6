//! Reading the audit log.

use labelwell_transport::AuditEntry;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::Permit;
use crate::db::audit_log::AuditEntryRow;
use crate::db::{Db, Id, with_db};
use crate::error::Result;

/// The audit log of the permit's organization, newest first.
pub async fn list_audit_log(
    db: &Db,
    permit: &Permit,
    page: &PageRequest,
) -> Result<Page<AuditEntry>> {
    let before: Option<Uuid> = page.after()?;
    let rows: Vec<AuditEntryRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT a.id, a.actor_id, u.name AS actor_name, a.action, a.target_type, a.target_id,
                    a.details, a.created_at
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
             WHERE a.organization_id = $1 AND ($2 IS NULL OR a.id < $2)
             ORDER BY a.id DESC
             LIMIT $3",
        )
        .bind(permit.organization_id())
        .bind(before.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(rows, |row| row.id.0, AuditEntry::from))
}
