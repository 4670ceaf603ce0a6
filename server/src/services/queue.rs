//! The work queue: handing items to annotators, for a while, and letting them
//! pass items over.
//!
//! An item is handed out while its annotations plus the unexpired leases of
//! others stay below the project's overlap, never to an annotator who
//! annotated or skipped it; an expired lease frees its slot. Leasing takes the
//! lock of each item it leases ([`Tx::lock_item`](crate::db::Tx::lock_item)),
//! passing over items another transaction holds, and counts the item's slots
//! again once it holds the lock: two annotators never take the last free slot
//! of an item at once, and many annotators lease from one project at once.

use labelwell_transport::{Item, LeaseItemsRequest, QueueLease};
use time::Duration;

use super::projects::share_writable_project;
use crate::authz::{ProjectPermit, perm};
use crate::db::projects::ProjectRow;
use crate::db::{Db, Id, Ts};
use crate::error::{Error, Result};
use crate::repositories::queue::{self, HeldItems, NewLease};
use crate::telemetry;

/// The leases a caller holds when the request names no count: the item to
/// work on now and the next one, which the browser prefetches.
pub const DEFAULT_LEASES: u32 = 2;
/// The most leases one annotator holds in a project: each keeps an item from
/// the others, so prefetching stays short.
pub use labelwell_transport::limits::MAX_LEASES;

/// How many times a lease request looks for items: an item it picked may
/// lose its last free slot before its lock is granted, which the next look
/// sees. A bound, so that a request under heavy contention ends.
const MAX_LEASE_ROUNDS: usize = 2 * MAX_LEASES as usize + 2;

/// How many times a lease request runs when the database ends it to break a
/// deadlock (it waits for an item while holding others).
const MAX_LEASE_ATTEMPTS: u32 = 3;

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
    let mut attempt = 1;
    let leased = loop {
        match lease_in_transaction(db, permit, count).await {
            // Two requests that each waited for an item the other held: the
            // database ended one of them, which starts over.
            Err(error) if error.is_deadlock() && attempt < MAX_LEASE_ATTEMPTS => attempt += 1,
            leased => break leased?,
        }
    };
    // Counted once committed: a rolled-back lease was never handed out.
    let queue = ("queue", telemetry::ANNOTATION_QUEUE);
    metrics::counter!(telemetry::QUEUE_LEASES_EXPIRED, &[queue]).increment(leased.expired);
    metrics::counter!(telemetry::QUEUE_LEASES_GRANTED, &[queue]).increment(leased.granted);
    let version = |v: i64| u32::try_from(v).ok().filter(|v| *v > 0);
    let project = &leased.project;
    Ok(leased
        .items
        .into_iter()
        .map(|item| QueueLease {
            item,
            expires_at: leased.expires_at.get(),
            annotation_ui_version: version(project.annotation_ui_version),
            guideline_version: version(project.guideline_version),
        })
        .collect())
}

/// What one lease request's transaction did.
struct Leased {
    project: ProjectRow,
    /// The items the caller holds now, oldest lease first.
    items: Vec<Item>,
    expires_at: Ts,
    /// Leases of anyone's that had expired, ended.
    expired: u64,
    /// New leases.
    granted: u64,
}

async fn lease_in_transaction(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
    count: u32,
) -> Result<Leased> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    let expires_at = now + Duration::seconds(project.lease_seconds);
    let expired = queue::delete_expired_leases(tx.conn(), project_id, now).await?;
    let mut items = queue::list_held_items(tx.conn(), project_id, me, now).await?;
    queue::renew_leases(tx.conn(), project_id, me, now, expires_at).await?;
    let lease = |item_id| NewLease {
        project_id,
        organization_id: project.organization_id,
        item_id,
        annotator_id: me,
        leased_at: now,
        expires_at,
    };
    let mut granted = 0;
    let mut held = HeldItems::PassOver;
    for _ in 0..MAX_LEASE_ROUNDS {
        let wanted = i64::from(count).saturating_sub(items.len() as i64);
        if wanted <= 0 {
            break;
        }
        let limit = match held {
            HeldItems::PassOver => wanted,
            HeldItems::WaitFor => 1,
        };
        let candidates =
            queue::lock_next_items(tx.conn(), project_id, me, project.overlap, now, limit, held)
                .await?;
        if candidates.is_empty() {
            match held {
                // What is left, if anything, other transactions hold: wait
                // for the first of them, which may keep a slot free.
                HeldItems::PassOver => held = HeldItems::WaitFor,
                HeldItems::WaitFor => break,
            }
            continue;
        }
        for item in candidates {
            if queue::insert_lease_if_free(tx.conn(), &lease(Id(item.id)), project.overlap).await? {
                granted += 1;
                items.push(item);
            }
        }
        held = HeldItems::PassOver;
    }
    tx.commit().await?;
    Ok(Leased {
        project,
        items,
        expires_at,
        expired,
        granted,
    })
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
    let mut tx = db.begin(permit.tenancy()).await?;
    queue::release_lease(tx.conn(), project_id, item_id, permit.user_id()).await?;
    tx.commit().await?;
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
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    tx.lock_item(item_id).await?;
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
    queue::insert_skip(
        tx.conn(),
        project.organization_id,
        project_id,
        item_id,
        me,
        Ts::now(),
    )
    .await?;
    queue::delete_lease_of_item(tx.conn(), item_id, me).await?;
    tx.commit().await?;
    metrics::counter!(telemetry::QUEUE_ITEMS_SKIPPED, "queue" => telemetry::ANNOTATION_QUEUE)
        .increment(1);
    Ok(())
}
