//! Reading and writing the audit log.

use labelwell_transport::AuditEntry;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{OrgPermit, perm};
use sqlx::types::Json;

use crate::db::audit_log::{AuditEntryRow, AuditRecord};
use crate::db::{Conn, Db, Id, Ts, with_conn, with_db};
use crate::error::Result;

/// The audit log of the permit's organization, newest first.
///
/// Bounded as one range of the index on `(organization_id, id)`, not as
/// `organization_id = $1 AND id < $2 ORDER BY id DESC`: PostgreSQL's planner
/// would walk the time-ordered primary key back through every newer entry of
/// every other organization (see `db::items::push_items_of_project`).
pub async fn list_audit_log(
    db: &Db,
    permit: &OrgPermit<perm::AuditLogRead>,
    page: &PageRequest,
) -> Result<Page<AuditEntry>> {
    let before: Option<Uuid> = page.after()?;
    let rows: Vec<AuditEntryRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT a.id, a.actor_id, u.name AS actor_name, a.action, a.target_type, a.target_id,
                    a.details, a.created_at
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
             WHERE (a.organization_id, a.id) < ($1, $2)
               AND (a.organization_id, a.id) > ($1, '00000000-0000-0000-0000-000000000000')
             ORDER BY a.organization_id DESC, a.id DESC
             LIMIT $3",
        )
        .bind(permit.organization_id())
        .bind(Id(before.unwrap_or(Uuid::max())))
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(rows, |row| row.id.0, AuditEntry::from))
}

/// Records a change to `organization_id` by `actor_id`, now.
pub async fn insert_entry(
    conn: Conn<'_>,
    organization_id: Id,
    actor_id: Id,
    record: AuditRecord<'_>,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO audit_log (id, organization_id, actor_id, action, target_type, target_id, details, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(Id::new())
        .bind(organization_id)
        .bind(actor_id)
        .bind(record.action)
        .bind(record.target_type)
        .bind(record.target_id)
        .bind(Json(record.details))
        .bind(Ts::now())
        .execute(conn)
        .await?;
    });
    Ok(())
}
