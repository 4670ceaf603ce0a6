//! The review queue: handing pending annotations to reviewers, one at a time,
//! and letting them pass annotations over.
//!
//! Leasing takes the project lock, so two reviewers never hold the same
//! annotation; a review of an annotation another reviewer holds is refused
//! ([`create_review`](super::annotations::create_review)), so two reviewers
//! never review one at once. Nobody is handed their own annotation.

use labelwell_transport::ReviewLease;
use time::Duration;

use super::projects::lock_writable_project;
use crate::authz::{ProjectPermit, perm};
use crate::db::{Db, Id, Ts};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::review_queue;
use crate::telemetry;

/// Leases the next annotation the caller should review in the permit's
/// project, oldest first; `None` when none is left for them. Asking again
/// while holding an unexpired lease renews and returns it.
pub async fn lease_next_review(
    db: &Db,
    permit: &ProjectPermit<perm::ReviewCreate>,
) -> Result<Option<ReviewLease>> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let now = Ts::now();
    let mut tx = db.begin().await?;
    let project = lock_writable_project(&mut tx, permit).await?;
    let expires_at = now + Duration::seconds(project.lease_seconds);
    // Expired leases are deleted first, so every lease the queries see holds its annotation.
    let expired = review_queue::delete_expired_leases(tx.conn(), project_id, now).await?;
    let mut granted = 0;
    let annotation = match review_queue::find_held_annotation(tx.conn(), project_id, me).await? {
        Some(held) => {
            review_queue::renew_lease(tx.conn(), held.id, expires_at).await?;
            Some(held)
        }
        None => {
            let next = review_queue::find_next_annotation(tx.conn(), project_id, me).await?;
            if let Some(annotation) = &next {
                review_queue::insert_lease(
                    tx.conn(),
                    project.organization_id,
                    project_id,
                    annotation.id,
                    me,
                    expires_at,
                )
                .await?;
                granted = 1;
            }
            next
        }
    };
    let lease = match annotation {
        Some(annotation) => {
            Some(review_queue::review_lease(tx.conn(), &project, annotation, expires_at).await?)
        }
        None => None,
    };
    tx.commit().await?;
    // Counted once committed: a rolled-back lease was never handed out.
    let queue = ("queue", telemetry::REVIEW_QUEUE);
    metrics::counter!(telemetry::QUEUE_LEASES_EXPIRED, &[queue]).increment(expired);
    metrics::counter!(telemetry::QUEUE_LEASES_GRANTED, &[queue]).increment(granted);
    Ok(lease)
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
    let mut tx = db.begin().await?;
    let project = lock_writable_project(&mut tx, permit).await?;
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
