//! The work queue: handing the next item to an annotator, for a while.
//!
//! Each call takes the project lock, so two annotators never take the last
//! free slot of an item at once. An item is handed out while its annotations
//! plus the unexpired leases of others stay below the project's overlap, never
//! to an annotator who annotated it already; an expired lease frees its slot.

use labelwell_transport::QueueLease;
use time::Duration;

use super::projects::lock_writable_project;
use crate::authz::Permit;
use crate::db::items::{BY_PROJECT_AND_ID, ITEM_COLUMNS, ItemRow, OF_PROJECT};
use crate::db::{Db, Id, Ts, with_tx};
use crate::error::Result;
use crate::repositories::items::item_from_row;

/// Leases the next item the caller should annotate in the permit's project;
/// `None` when nothing is left for them. Asking again while holding an
/// unexpired lease renews and returns the same item.
pub async fn lease_next_item(db: &Db, permit: &Permit) -> Result<Option<QueueLease>> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let now = Ts::now();
    let mut tx = db.begin().await?;
    let project = lock_writable_project(&mut tx, permit).await?;
    let expires_at = now + Duration::seconds(project.lease_seconds);
    let held_sql = format!(
        "SELECT {ITEM_COLUMNS} FROM leases l JOIN items i ON i.id = l.item_id
         WHERE l.project_id = $1 AND l.annotator_id = $2 AND l.expires_at > $3
           AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = l.item_id AND a.annotator_id = $2)
         ORDER BY i.id LIMIT 1"
    );
    let next_sql = format!(
        "SELECT {ITEM_COLUMNS} FROM items i
         WHERE {OF_PROJECT}
           AND i.status IN ('new', 'in_progress', 'rejected')
           AND i.annotation_count < $4
           AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id AND a.annotator_id = $2)
           AND i.annotation_count + (
               SELECT COUNT(*) FROM leases l WHERE l.item_id = i.id AND l.annotator_id <> $2 AND l.expires_at > $3
           ) < $4
         {BY_PROJECT_AND_ID} LIMIT 1"
    );
    let item: Option<ItemRow> = with_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM leases WHERE project_id = $1 AND expires_at <= $2")
            .bind(project_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        let held: Option<ItemRow> = sqlx::query_as(&held_sql)
            .bind(project_id)
            .bind(me)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?;
        match held {
            Some(item) => Some(item),
            None => {
                sqlx::query_as(&next_sql)
                    .bind(project_id)
                    .bind(me)
                    .bind(now)
                    .bind(project.overlap)
                    .fetch_optional(&mut *conn)
                    .await?
            }
        }
    });
    let Some(item) = item else {
        tx.commit().await?;
        return Ok(None);
    };
    let item_id: Id = item.id;
    with_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO leases (item_id, annotator_id, project_id, expires_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (item_id, annotator_id) DO UPDATE SET expires_at = excluded.expires_at",
        )
        .bind(item_id)
        .bind(me)
        .bind(project_id)
        .bind(expires_at)
        .execute(conn)
        .await?;
    });
    tx.commit().await?;
    let version = |v: i64| u32::try_from(v).ok().filter(|v| *v > 0);
    Ok(Some(QueueLease {
        item: item_from_row(item),
        expires_at: expires_at.get(),
        annotation_ui_version: version(project.annotation_ui_version),
        guideline_version: version(project.guideline_version),
    }))
}
