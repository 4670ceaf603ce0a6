//! The work queue: handing items to annotators, for a while, and letting them
//! pass items over.
//!
//! Leasing takes the project lock, so two annotators never take the last free
//! slot of an item at once. An item is handed out while its annotations plus
//! the unexpired leases of others stay below the project's overlap, never to
//! an annotator who annotated or skipped it; an expired lease frees its slot.

use labelwell_transport::{LeaseItemsRequest, QueueLease};
use time::Duration;

use super::projects::lock_writable_project;
use crate::authz::{ProjectPermit, perm};
use crate::db::items::{BY_PROJECT_AND_ID, ITEM_COLUMNS, ItemRow, OF_PROJECT};
use crate::db::{Db, Id, Ts, with_db, with_tx};
use crate::error::{Error, Result};
use crate::repositories::items::item_from_row;

/// The leases a caller holds when the request names no count: the item to
/// work on now and the next one, which the browser prefetches.
pub const DEFAULT_LEASES: u32 = 2;
/// The most leases one annotator holds in a project: each keeps an item from
/// the others, so prefetching stays short.
pub use labelwell_transport::limits::MAX_LEASES;

/// Leases the next item the caller should annotate in the permit's project;
/// `None` when nothing is left for them. Asking again while holding an
/// unexpired lease renews and returns the oldest one.
pub async fn lease_next_item(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
) -> Result<Option<QueueLease>> {
    Ok(hold_leases(db, permit, 1).await?.into_iter().next())
}

/// Every unexpired lease of the caller in the permit's project, oldest first,
/// topped up with new ones to `count` (while items are left), all renewed.
pub async fn lease_items(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
    request: LeaseItemsRequest,
) -> Result<Vec<QueueLease>> {
    let count = request.count.unwrap_or(DEFAULT_LEASES);
    if !(1..=MAX_LEASES).contains(&count) {
        return Err(Error::invalid(
            "count",
            "out_of_range",
            format!("must be between 1 and {MAX_LEASES}"),
        ));
    }
    hold_leases(db, permit, count).await
}

async fn hold_leases(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
    count: u32,
) -> Result<Vec<QueueLease>> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let now = Ts::now();
    let mut tx = db.begin().await?;
    let project = lock_writable_project(&mut tx, permit).await?;
    let expires_at = now + Duration::seconds(project.lease_seconds);
    // Expired leases are deleted first, so every lease the queries see holds a slot.
    let held_sql = format!(
        "SELECT {ITEM_COLUMNS} FROM leases l JOIN items i ON i.id = l.item_id
         WHERE l.project_id = $1 AND l.annotator_id = $2
         ORDER BY l.leased_at, l.item_id"
    );
    let next_sql = format!(
        "SELECT {ITEM_COLUMNS} FROM items i
         WHERE {OF_PROJECT}
           AND i.status IN ('new', 'in_progress', 'rejected')
           AND i.annotation_count < $3
           AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id AND a.annotator_id = $2)
           AND NOT EXISTS (SELECT 1 FROM item_skips s WHERE s.item_id = i.id AND s.annotator_id = $2)
           AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.item_id = i.id AND l.annotator_id = $2)
           AND i.annotation_count + (SELECT COUNT(*) FROM leases l WHERE l.item_id = i.id) < $3
         {BY_PROJECT_AND_ID} LIMIT $4"
    );
    let items: Vec<ItemRow> = with_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM leases WHERE project_id = $1 AND expires_at <= $2")
            .bind(project_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        let mut items: Vec<ItemRow> = sqlx::query_as(&held_sql)
            .bind(project_id)
            .bind(me)
            .fetch_all(&mut *conn)
            .await?;
        sqlx::query(
            "UPDATE leases SET expires_at = $1 WHERE project_id = $2 AND annotator_id = $3",
        )
        .bind(expires_at)
        .bind(project_id)
        .bind(me)
        .execute(&mut *conn)
        .await?;
        let wanted = i64::from(count).saturating_sub(items.len() as i64);
        if wanted > 0 {
            let fresh: Vec<ItemRow> = sqlx::query_as(&next_sql)
                .bind(project_id)
                .bind(me)
                .bind(project.overlap)
                .bind(wanted)
                .fetch_all(&mut *conn)
                .await?;
            for item in &fresh {
                sqlx::query(
                    "INSERT INTO leases (item_id, annotator_id, project_id, leased_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(item.id)
                .bind(me)
                .bind(project_id)
                .bind(now)
                .bind(expires_at)
                .execute(&mut *conn)
                .await?;
            }
            items.extend(fresh);
        }
        items
    });
    tx.commit().await?;
    let version = |v: i64| u32::try_from(v).ok().filter(|v| *v > 0);
    Ok(items
        .into_iter()
        .map(|item| QueueLease {
            item: item_from_row(item),
            expires_at: expires_at.get(),
            annotation_ui_version: version(project.annotation_ui_version),
            guideline_version: version(project.guideline_version),
        })
        .collect())
}

/// Gives up the caller's lease on an item of the permit's project, if they
/// hold one: the item's slot is free for others at once.
pub async fn release_lease(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
    item_id: Id,
) -> Result<()> {
    let project_id = permit.writable_project()?.id;
    // No project lock: dropping one's own lease only frees a slot, which no
    // invariant forbids at any moment.
    with_db!(db, |pool| {
        sqlx::query(
            "DELETE FROM leases WHERE item_id = $1 AND annotator_id = $2 AND project_id = $3",
        )
        .bind(item_id)
        .bind(permit.user_id())
        .bind(project_id)
        .execute(pool)
        .await?;
    });
    Ok(())
}

/// Passes an item of the permit's project over for the caller: their lease on
/// it goes, and the queue never offers it to them again; others still get it.
pub async fn skip_item(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
    item_id: Id,
) -> Result<()> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let mut tx = db.begin().await?;
    lock_writable_project(&mut tx, permit).await?;
    let (items, annotated): (i64, i64) = with_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT
                 (SELECT COUNT(*) FROM items WHERE id = $1 AND project_id = $3),
                 (SELECT COUNT(*) FROM annotations WHERE item_id = $1 AND annotator_id = $2)",
        )
        .bind(item_id)
        .bind(me)
        .bind(project_id)
        .fetch_one(conn)
        .await?
    });
    if items == 0 {
        return Err(Error::NotFound("item"));
    }
    if annotated > 0 {
        return Err(Error::conflict(
            "already_annotated",
            "you annotated this item already; change that annotation instead",
        ));
    }
    with_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO item_skips (item_id, annotator_id, project_id, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (item_id, annotator_id) DO NOTHING",
        )
        .bind(item_id)
        .bind(me)
        .bind(project_id)
        .bind(Ts::now())
        .execute(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM leases WHERE item_id = $1 AND annotator_id = $2")
            .bind(item_id)
            .bind(me)
            .execute(&mut *conn)
            .await?;
    });
    tx.commit().await?;
    Ok(())
}
