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
use crate::db::annotations::{ANNOTATION_COLUMNS, AnnotationRow};
use crate::db::{Db, Id, Ts, with_tx};
use crate::error::{Error, Result};
use crate::repositories::review_queue::review_lease_in;

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
    let held_sql = format!(
        "SELECT {ANNOTATION_COLUMNS} FROM review_leases l JOIN annotations a ON a.id = l.annotation_id
         WHERE l.project_id = $1 AND l.reviewer_id = $2"
    );
    let next_sql = format!(
        "SELECT {ANNOTATION_COLUMNS} FROM annotations a
         WHERE a.project_id = $1 AND a.review_status = 'pending'
           AND (a.annotator_id IS NULL OR a.annotator_id <> $2)
           AND NOT EXISTS (SELECT 1 FROM review_skips s WHERE s.annotation_id = a.id AND s.reviewer_id = $2)
           AND NOT EXISTS (SELECT 1 FROM review_leases l WHERE l.annotation_id = a.id)
         ORDER BY a.project_id, a.review_status, a.id LIMIT 1"
    );
    let annotation: Option<AnnotationRow> = with_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM review_leases WHERE project_id = $1 AND expires_at <= $2")
            .bind(project_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        let held: Option<AnnotationRow> = sqlx::query_as(&held_sql)
            .bind(project_id)
            .bind(me)
            .fetch_optional(&mut *conn)
            .await?;
        match held {
            Some(annotation) => {
                sqlx::query("UPDATE review_leases SET expires_at = $1 WHERE annotation_id = $2")
                    .bind(expires_at)
                    .bind(annotation.id)
                    .execute(&mut *conn)
                    .await?;
                Some(annotation)
            }
            None => {
                let next: Option<AnnotationRow> = sqlx::query_as(&next_sql)
                    .bind(project_id)
                    .bind(me)
                    .fetch_optional(&mut *conn)
                    .await?;
                if let Some(annotation) = &next {
                    sqlx::query(
                        "INSERT INTO review_leases (annotation_id, reviewer_id, project_id, expires_at)
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(annotation.id)
                    .bind(me)
                    .bind(project_id)
                    .bind(expires_at)
                    .execute(&mut *conn)
                    .await?;
                }
                next
            }
        }
    });
    let lease = match annotation {
        Some(annotation) => Some(review_lease_in(&mut tx, &project, annotation, expires_at).await?),
        None => None,
    };
    tx.commit().await?;
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
    lock_writable_project(&mut tx, permit).await?;
    let annotator: Option<Option<Id>> = with_tx!(&mut tx, |conn| {
        sqlx::query_scalar("SELECT annotator_id FROM annotations WHERE id = $1 AND project_id = $2")
            .bind(annotation_id)
            .bind(project_id)
            .fetch_optional(conn)
            .await?
    });
    let annotator = annotator.ok_or(Error::NotFound("annotation"))?;
    if annotator == Some(me) {
        return Err(Error::forbidden(
            "cannot_review_own_annotation",
            "nobody reviews their own annotation",
        ));
    }
    with_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO review_skips (annotation_id, reviewer_id, project_id, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (annotation_id, reviewer_id) DO NOTHING",
        )
        .bind(annotation_id)
        .bind(me)
        .bind(project_id)
        .bind(Ts::now())
        .execute(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM review_leases WHERE annotation_id = $1 AND reviewer_id = $2")
            .bind(annotation_id)
            .bind(me)
            .execute(&mut *conn)
            .await?;
    });
    tx.commit().await?;
    Ok(())
}
