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
use crate::db::{Db, Id, Ts};
use crate::error::{Error, Result};
use crate::repositories::queue::{self, NewLease};
use crate::telemetry;

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
    let expired = queue::delete_expired_leases(tx.conn(), project_id, now).await?;
    let mut items = queue::list_held_items(tx.conn(), project_id, me).await?;
    queue::renew_leases(tx.conn(), project_id, me, expires_at).await?;
    let wanted = i64::from(count).saturating_sub(items.len() as i64);
    let mut granted = 0;
    if wanted > 0 {
        let fresh =
            queue::list_next_items(tx.conn(), project_id, me, project.overlap, wanted).await?;
        for item in &fresh {
            let lease = NewLease {
                project_id,
                item_id: Id(item.id),
                annotator_id: me,
                leased_at: now,
                expires_at,
            };
            queue::insert_lease(tx.conn(), &lease).await?;
        }
        granted = fresh.len() as u64;
        items.extend(fresh);
    }
    tx.commit().await?;
    // Counted once committed: a rolled-back lease was never handed out.
    let queue = ("queue", telemetry::ANNOTATION_QUEUE);
    metrics::counter!(telemetry::QUEUE_LEASES_EXPIRED, &[queue]).increment(expired);
    metrics::counter!(telemetry::QUEUE_LEASES_GRANTED, &[queue]).increment(granted);
    let version = |v: i64| u32::try_from(v).ok().filter(|v| *v > 0);
    Ok(items
        .into_iter()
        .map(|item| QueueLease {
            item,
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
    queue::release_lease(
        db.acquire().await?.conn(),
        project_id,
        item_id,
        permit.user_id(),
    )
    .await?;
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
    let (items, annotated) =
        queue::count_item_and_annotation_of(tx.conn(), project_id, item_id, me).await?;
    if items == 0 {
        return Err(Error::NotFound("item"));
    }
    if annotated > 0 {
        return Err(Error::conflict(
            "already_annotated",
            "you annotated this item already; change that annotation instead",
        ));
    }
    queue::insert_skip(tx.conn(), project_id, item_id, me, Ts::now()).await?;
    queue::delete_lease_of_item(tx.conn(), item_id, me).await?;
    tx.commit().await?;
    metrics::counter!(telemetry::QUEUE_ITEMS_SKIPPED, "queue" => telemetry::ANNOTATION_QUEUE)
        .increment(1);
    Ok(())
}
