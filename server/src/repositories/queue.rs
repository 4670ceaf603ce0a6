//! Reading the work queue: where an annotator stands in a project.

use labelwell_transport::QueueProgress;

use crate::authz::{ProjectPermit, perm};
use crate::db::{Db, with_db};
use crate::error::Result;

/// The items of project `$1` its queue still hands out: new and partly
/// annotated ones, and rejected ones below the overlap. The status tells all
/// but the last, so most of the count reads the status index alone.
const OPEN_ITEM: &str = "(i.status IN ('new', 'in_progress')
     OR (i.status = 'rejected' AND i.annotation_count < (SELECT p.overlap FROM projects p WHERE p.id = $1)))";

/// The caller's progress in the permit's project's work queue.
pub async fn queue_progress(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
) -> Result<QueueProgress> {
    let project = permit.project();
    // Items left = open items, less the open ones the caller annotated or
    // skipped (never both: a skip refuses an annotated item, an annotation
    // clears the skip), counted from the caller's own work rather than by
    // probing every open item.
    let sql = format!(
        "SELECT
             (SELECT COUNT(*) FROM annotations a WHERE a.project_id = $1 AND a.annotator_id = $2),
             (SELECT COUNT(*) FROM annotations a
              WHERE a.project_id = $1 AND a.annotator_id = $2 AND a.review_status = 'rejected'),
             (SELECT COUNT(*) FROM item_skips s WHERE s.project_id = $1 AND s.annotator_id = $2),
             (SELECT COUNT(*) FROM items i WHERE i.project_id = $1 AND {OPEN_ITEM}),
             (SELECT COUNT(*) FROM annotations a JOIN items i ON i.id = a.item_id
              WHERE a.project_id = $1 AND a.annotator_id = $2 AND {OPEN_ITEM}),
             (SELECT COUNT(*) FROM item_skips s JOIN items i ON i.id = s.item_id
              WHERE s.project_id = $1 AND s.annotator_id = $2 AND {OPEN_ITEM})"
    );
    let (annotated, rejected, skipped, open, open_annotated, open_skipped): (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(project.id)
            .bind(permit.user_id())
            .fetch_one(pool)
            .await?
    });
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok(QueueProgress {
        annotated: count(annotated),
        skipped: count(skipped),
        left: count(open - open_annotated - open_skipped),
        rejected: count(rejected),
    })
}
