//! Reading and writing the audit log.

use labelwell_transport::{AuditEntry, AuditLogQuery};
use sqlx::QueryBuilder;
use sqlx::types::Json;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{OrgPermit, perm};
use crate::db::audit_log::{AuditEntryRow, AuditRecord};
use crate::db::{Conn, Db, Id, Ts, with_conn};
use crate::error::Result;

/// The audit log of the permit's organization, newest first, of one action
/// or one actor (or both) when the query names them.
///
/// Bounded as one range of an index on `(organization_id, [filter,] id)`,
/// not as `organization_id = $1 AND id < $2 ORDER BY id DESC`: PostgreSQL's
/// planner would walk the time-ordered primary key back through every newer
/// entry of every other organization (see `db::items::push_items_of_project`).
/// With both filters the actor's range is read and the action filtered in it.
pub async fn list_audit_log(
    db: &Db,
    permit: &OrgPermit<perm::AuditLogRead>,
    query: &AuditLogQuery,
    page: &PageRequest,
) -> Result<Page<AuditEntry>> {
    let before: Option<Uuid> = page.after()?;
    let organization_id = permit.organization_id();
    let actor_id = query.actor_id.map(Id);
    let action = query.action.as_deref();
    let rows: Vec<AuditEntryRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        let mut sql = QueryBuilder::new(
            "SELECT a.id, a.actor_id, u.name AS actor_name, a.action, a.target_type, a.target_id,
                    a.details, a.created_at
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE ",
        );
        let (key, order) = match (actor_id, action) {
            (Some(_), _) => (
                "(a.organization_id, a.actor_id, a.id)",
                " ORDER BY a.organization_id DESC, a.actor_id DESC, a.id DESC",
            ),
            (None, Some(_)) => (
                "(a.organization_id, a.action, a.id)",
                " ORDER BY a.organization_id DESC, a.action DESC, a.id DESC",
            ),
            (None, None) => (
                "(a.organization_id, a.id)",
                " ORDER BY a.organization_id DESC, a.id DESC",
            ),
        };
        let bounds = [
            (" < (", Id(before.unwrap_or(Uuid::max()))),
            (" > (", Id(Uuid::nil())),
        ];
        for (n, (comparison, id)) in bounds.into_iter().enumerate() {
            if n > 0 {
                sql.push(" AND ");
            }
            sql.push(key).push(comparison).push_bind(organization_id);
            if let Some(actor_id) = actor_id {
                sql.push(", ").push_bind(actor_id);
            } else if let Some(action) = action {
                sql.push(", ").push_bind(action);
            }
            sql.push(", ").push_bind(id).push(")");
        }
        if let (Some(_), Some(action)) = (actor_id, action) {
            sql.push(" AND a.action = ").push_bind(action);
        }
        sql.push(order)
            .push(" LIMIT ")
            .push_bind(page.fetch_limit());
        sql.build_query_as().fetch_all(conn).await?
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
