//! The review queue: handing pending annotations to reviewers, one at a time,
//! and letting them pass annotations over.
//!
//! Leasing shares the project and takes the lock of the item whose
//! annotation it leases ([`Tx::lock_item`](crate::db::Tx::lock_item)),
//! passing over the items another transaction holds, and checks again under
//! that lock that nobody holds the annotation: two reviewers never hold the
//! same annotation, and reviewers and annotators of one project work at once.
//! A review of an annotation another reviewer holds is refused under the same
//! lock ([`create_review`](super::annotations::create_review)), so two
//! reviewers never review one at once. Nobody is handed their own annotation.

use labelwell_transport::ReviewLease;
use time::Duration;

use super::annotations::lock_item_of_annotation;
use super::projects::share_writable_project;
use crate::authz::{ProjectPermit, perm};
use crate::db::{Db, Id, Ts};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::queue::HeldItems;
use crate::repositories::review_queue;
use crate::telemetry;

/// How many times a lease request looks for an annotation: the one it picked
/// may be leased by another reviewer before its item's lock is granted,
/// which the next look sees. Each look that fails is another reviewer's
/// lease; a bound, so that a request under heavy contention ends.
const MAX_LEASE_ROUNDS: usize = 16;

/// How many times a lease request runs when the database ends it to break a
/// deadlock (it waits for an item while holding another).
const MAX_LEASE_ATTEMPTS: u32 = 3;

/// Leases the next annotation the caller should review in the permit's
/// project, oldest first; `None` when none is left for them. Asking again
/// while holding an unexpired lease renews and returns it.
pub async fn lease_next_review(
    db: &Db,
    permit: &ProjectPermit<perm::ReviewCreate>,
) -> Result<Option<ReviewLease>> {
    let mut attempt = 1;
    let leased = loop {
        match lease_in_transaction(db, permit).await {
            // Two requests that each waited for an item the other held: the
            // database ended one of them, which starts over.
            Err(error) if error.is_deadlock() && attempt < MAX_LEASE_ATTEMPTS => attempt += 1,
            leased => break leased?,
        }
    };
    // Counted once committed: a rolled-back lease was never handed out.
    let queue = ("queue", telemetry::REVIEW_QUEUE);
    metrics::counter!(telemetry::QUEUE_LEASES_EXPIRED, &[queue]).increment(leased.expired);
    metrics::counter!(telemetry::QUEUE_LEASES_GRANTED, &[queue]).increment(leased.granted);
    Ok(leased.lease)
}

/// What one lease request's transaction did.
struct Leased {
    lease: Option<ReviewLease>,
    /// Leases of anyone's that had expired, ended.
    expired: u64,
    /// New leases (0 or 1).
    granted: u64,
}

async fn lease_in_transaction(
    db: &Db,
    permit: &ProjectPermit<perm::ReviewCreate>,
) -> Result<Leased> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    let expires_at = now + Duration::seconds(project.lease_seconds);
    let expired = review_queue::delete_expired_leases(tx.conn(), project_id, now).await?;
    let mut granted = 0;
    let mut leased = None;
    let mut held = HeldItems::PassOver;
    for _ in 0..MAX_LEASE_ROUNDS {
        // The caller's own lease comes first; looked for again after a lease
        // that was refused, which may be one their own request running
        // alongside just took. Renewed under its item's lock, unless a
        // review ended it meanwhile.
        if let Some((annotation_id, item_id)) =
            review_queue::find_held_annotation(tx.conn(), project_id, me, now).await?
        {
            tx.lock_item(item_id).await?;
            if review_queue::renew_lease(tx.conn(), annotation_id, me, now, expires_at).await? {
                leased = Some(annotation_id);
                break;
            }
        }
        let Some(next) =
            review_queue::lock_next_annotation(tx.conn(), project_id, me, held).await?
        else {
            match held {
                // What is left, if anything, other transactions hold: wait
                // for the first of them, whose annotation may stay free.
                HeldItems::PassOver => {
                    held = HeldItems::WaitFor;
                    continue;
                }
                HeldItems::WaitFor => break,
            }
        };
        if review_queue::insert_lease_if_free(
            tx.conn(),
            project.organization_id,
            project_id,
            next,
            me,
            expires_at,
        )
        .await?
        {
            granted = 1;
            leased = Some(next);
            break;
        }
        held = HeldItems::PassOver;
    }
    let lease = match leased {
        // Read under its item's lock: what the reviewer is shown is current.
        Some(annotation_id) => {
            let annotation = repositories::annotations::find_annotation_row(
                tx.conn(),
                project_id,
                annotation_id,
            )
            .await?
            .ok_or(Error::NotFound("annotation"))?;
            Some(review_queue::review_lease(tx.conn(), &project, annotation, expires_at).await?)
        }
        None => None,
    };
    tx.commit().await?;
    Ok(Leased {
        lease,
        expired,
        granted,
    })
}

/// Passes an annotation of the permit's project over for the caller: their
/// review lease on it goes, and the review queue never offers it to them again.
pub async fn skip_review(
    db: &Db,
    permit: &ProjectPermit<perm::ReviewCreate>,
    annotation_id: Id,
) -> Result<()> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    lock_item_of_annotation(&mut tx, project_id, annotation_id).await?;
    // Read again under the lock: the annotation may have been deleted meanwhile.
    let (_, annotator) =
        repositories::annotations::find_item_and_annotator(tx.conn(), project_id, annotation_id)
            .await?
            .ok_or(Error::NotFound("annotation"))?;
    if annotator == Some(me) {
        return Err(Error::forbidden(
            "cannot_review_own_annotation",
            "nobody reviews their own annotation",
        ));
    }
    review_queue::insert_skip(
        tx.conn(),
        project.organization_id,
        project_id,
        annotation_id,
        me,
        Ts::now(),
    )
    .await?;
    review_queue::delete_lease_of_reviewer(tx.conn(), annotation_id, me).await?;
    tx.commit().await?;
    metrics::counter!(telemetry::QUEUE_ITEMS_SKIPPED, "queue" => telemetry::REVIEW_QUEUE)
        .increment(1);
    Ok(())
}
