//! Reading annotations and reviews: annotators see only their own (blind labelling).

use std::collections::HashMap;

use labelwell_transport::{Annotation, AnnotationHistoryEntry, Review, ReviewStatus};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::items::item_from_row;
use super::{Page, PageRequest};
use crate::authz::{InProject, ProjectPermit, Scope, perm};
use crate::db::annotations::{
    ANNOTATION_COLUMNS, AnnotationRow, ItemAnnotationCounts, REVIEW_COLUMNS, ReviewRow,
};
use crate::db::items::{ITEM_COLUMNS, ItemRow};
use crate::db::types::{DbReviewStatus, DbVerdict};
use crate::db::{Conn, Db, Id, Ts, with_conn};
use crate::error::{Error, Result};

/// The transport form of an annotation row.
pub fn annotation_from_row(row: AnnotationRow) -> Annotation {
    Annotation {
        id: row.id.0,
        item_id: row.item_id.0,
        project_id: row.project_id.0,
        annotator_id: row.annotator_id.map(Into::into),
        value: row.value.0.into(),
        annotation_ui_version: u32::try_from(row.annotation_ui_version).unwrap_or_default(),
        guideline_version: row.guideline_version.and_then(|v| u32::try_from(v).ok()),
        time_spent_ms: row.time_spent_ms.and_then(|ms| u64::try_from(ms).ok()),
        review_status: row.review_status.0,
        prediction_id: row.prediction_id.map(Into::into),
        created_at: row.created_at.get(),
        updated_at: row.updated_at.get(),
    }
}

/// The transport form of a review row.
pub fn review_from_row(row: ReviewRow) -> Review {
    Review {
        id: row.id.0,
        annotation_id: row.annotation_id.0,
        reviewer_id: row.reviewer_id.map(Into::into),
        verdict: row.verdict.0,
        comment: row.comment,
        created_at: row.created_at.get(),
    }
}

/// Whose annotations the permit's caller may see: everyone's, or (scope `own`
/// of the permit's permission) their own.
fn only_annotator(permit: &ProjectPermit<impl InProject>) -> Option<Id> {
    (permit.scope() == Scope::Own).then(|| permit.user_id())
}

/// The annotations of an item the caller may see, oldest first.
pub async fn list_annotations_of_item(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationRead>,
    item_id: Id,
    page: &PageRequest,
) -> Result<Page<Annotation>> {
    let after: Option<Uuid> = page.after()?;
    let sql = format!(
        "SELECT {ANNOTATION_COLUMNS} FROM annotations a
         WHERE a.item_id = $1 AND a.project_id = $2 AND ($3 IS NULL OR a.annotator_id = $3)
           AND ($4 IS NULL OR a.id > $4)
         ORDER BY a.id LIMIT $5"
    );
    let rows: Vec<AnnotationRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(item_id)
            .bind(permit.project().id)
            .bind(only_annotator(permit))
            .bind(after.map(Id))
            .bind(page.fetch_limit())
            .fetch_all(conn)
            .await?
    });
    Ok(page.page(rows, |row| row.id.0, annotation_from_row))
}

/// One annotation the caller may see under the permit's scope: annotators
/// with scope `own` (of `annotation:read`, or of `review:read` for its
/// reviews) only their own.
pub async fn find_annotation(
    db: &Db,
    permit: &ProjectPermit<impl InProject>,
    annotation_id: Id,
) -> Result<Annotation> {
    let sql = format!(
        "SELECT {ANNOTATION_COLUMNS} FROM annotations a
         WHERE a.id = $1 AND a.project_id = $2 AND ($3 IS NULL OR a.annotator_id = $3)"
    );
    let row: Option<AnnotationRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(annotation_id)
            .bind(permit.project().id)
            .bind(only_annotator(permit))
            .fetch_optional(conn)
            .await?
    });
    row.map(annotation_from_row)
        .ok_or(Error::NotFound("annotation"))
}

/// The reviews of an annotation the caller may see (annotators: of their own), oldest first.
pub async fn list_reviews_of_annotation(
    db: &Db,
    permit: &ProjectPermit<perm::ReviewRead>,
    annotation_id: Id,
    page: &PageRequest,
) -> Result<Page<Review>> {
    let after: Option<Uuid> = page.after()?;
    if only_annotator(permit).is_some() {
        // Annotators see the reviews of their own annotations only: others' are not
        // there for them. (Its permit has already found the annotation in the project.)
        find_annotation(db, permit, annotation_id).await?;
    }
    let rows: Vec<ReviewRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&format!(
            "SELECT {REVIEW_COLUMNS}
             FROM reviews r JOIN annotations a ON a.id = r.annotation_id
             WHERE r.annotation_id = $1 AND a.project_id = $2 AND ($3 IS NULL OR a.annotator_id = $3)
               AND ($4 IS NULL OR r.id > $4)
             ORDER BY r.id LIMIT $5"
        ))
        .bind(annotation_id)
        .bind(permit.project().id)
        .bind(only_annotator(permit))
        .bind(after.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(conn)
        .await?
    });
    Ok(page.page(rows, |row| row.id.0, review_from_row))
}

/// The caller's own annotations in the permit's project (whatever their
/// scope), newest first, each with its item and latest review; only those
/// with `review_status` when given.
pub async fn list_my_annotations(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationRead>,
    review_status: Option<ReviewStatus>,
    page: &PageRequest,
) -> Result<Page<AnnotationHistoryEntry>> {
    let before: Option<Uuid> = page.after()?;
    let sql = format!(
        "SELECT {ANNOTATION_COLUMNS} FROM annotations a
         WHERE a.project_id = $1 AND a.annotator_id = $2 AND ($3 IS NULL OR a.review_status = $3)
           AND ($4 IS NULL OR a.id < $4)
         ORDER BY a.id DESC LIMIT $5"
    );
    let rows: Vec<AnnotationRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(permit.project().id)
            .bind(permit.user_id())
            .bind(review_status.map(DbReviewStatus))
            .bind(before.map(Id))
            .bind(page.fetch_limit())
            .fetch_all(conn)
            .await?
    });
    let page = page.page(rows, |row| row.id.0, |row| row);
    if page.items.is_empty() {
        return Ok(Page {
            items: Vec::new(),
            next_cursor: page.next_cursor,
            limit: page.limit,
        });
    }
    // The page's items and latest reviews, each in one query by id.
    let mut tx = db.read(permit.tenancy()).await?;
    let item_ids: Vec<Id> = page.items.iter().map(|row| row.item_id).collect();
    let mut items = items_by_id(tx.conn(), &item_ids).await?;
    let annotation_ids: Vec<Id> = page.items.iter().map(|row| row.id).collect();
    let mut reviews = latest_reviews_by_annotation(tx.conn(), &annotation_ids).await?;
    let mut entries = Vec::with_capacity(page.items.len());
    for row in page.items {
        // An item deleted since the page was read takes its annotation along.
        let Some(item) = items.remove(&row.item_id) else {
            continue;
        };
        entries.push(AnnotationHistoryEntry {
            latest_review: reviews.remove(&row.id).map(review_from_row),
            item: item_from_row(item),
            annotation: annotation_from_row(row),
        });
    }
    Ok(Page {
        items: entries,
        next_cursor: page.next_cursor,
        limit: page.limit,
    })
}

/// The items with these ids (at most a page of them), by id.
async fn items_by_id(conn: Conn<'_>, ids: &[Id]) -> Result<HashMap<Id, ItemRow>> {
    let items: Vec<ItemRow> = with_conn!(conn, |conn| {
        let mut sql = QueryBuilder::new(format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE i.id IN ("
        ));
        let mut separated = sql.separated(", ");
        for id in ids {
            separated.push_bind(*id);
        }
        sql.push(")");
        sql.build_query_as().fetch_all(conn).await?
    });
    Ok(items.into_iter().map(|item| (item.id, item)).collect())
}

/// The latest review of each of these annotations (at most a page of them)
/// that has one, by annotation id.
async fn latest_reviews_by_annotation(
    conn: Conn<'_>,
    annotation_ids: &[Id],
) -> Result<HashMap<Id, ReviewRow>> {
    let reviews: Vec<ReviewRow> = with_conn!(conn, |conn| {
        let mut sql = QueryBuilder::new(format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews r
             WHERE NOT EXISTS (SELECT 1 FROM reviews later WHERE later.annotation_id = r.annotation_id AND later.id > r.id)
               AND r.annotation_id IN ("
        ));
        let mut separated = sql.separated(", ");
        for id in annotation_ids {
            separated.push_bind(*id);
        }
        sql.push(")");
        sql.build_query_as().fetch_all(conn).await?
    });
    Ok(reviews
        .into_iter()
        .map(|review| (review.annotation_id, review))
        .collect())
}

/// An item's annotations and leases as they bear on `annotator_id` adding one at `now`.
pub async fn count_annotations_of_item(
    conn: Conn<'_>,
    item_id: Id,
    annotator_id: Id,
    now: Ts,
) -> Result<ItemAnnotationCounts> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT
                 (SELECT COUNT(*) FROM annotations WHERE item_id = $1) AS annotations,
                 (SELECT COUNT(*) FROM annotations WHERE item_id = $1 AND annotator_id = $2) AS mine,
                 (SELECT COUNT(*) FROM leases WHERE item_id = $1 AND annotator_id = $2 AND expires_at > $3)
                     AS leased_to_me,
                 (SELECT COUNT(*) FROM leases WHERE item_id = $1 AND annotator_id <> $2 AND expires_at > $3)
                     AS leased_to_others",
        )
        .bind(item_id)
        .bind(annotator_id)
        .bind(now)
        .fetch_one(conn)
        .await?
    }))
}

/// Records an annotation; a unique violation when its annotator annotated the item already.
pub async fn insert_annotation(conn: Conn<'_>, row: &AnnotationRow) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO annotations (id, item_id, project_id, organization_id, annotator_id, value,
                                      annotation_ui_version, guideline_version, time_spent_ms, review_status,
                                      prediction_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(row.id)
        .bind(row.item_id)
        .bind(row.project_id)
        .bind(row.organization_id)
        .bind(row.annotator_id)
        .bind(&row.value)
        .bind(row.annotation_ui_version)
        .bind(row.guideline_version)
        .bind(row.time_spent_ms)
        .bind(row.review_status)
        .bind(row.prediction_id)
        .bind(row.created_at)
        .bind(row.updated_at)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// An annotation of a project, as stored.
pub async fn find_annotation_row(
    conn: Conn<'_>,
    project_id: Id,
    annotation_id: Id,
) -> Result<Option<AnnotationRow>> {
    let sql = format!(
        "SELECT {ANNOTATION_COLUMNS} FROM annotations a WHERE a.id = $1 AND a.project_id = $2"
    );
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(annotation_id)
            .bind(project_id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Writes an annotation's value, versions, time spent and review status as `row` holds them.
pub async fn update_annotation(conn: Conn<'_>, row: &AnnotationRow) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE annotations SET value = $1, annotation_ui_version = $2, guideline_version = $3,
                                    time_spent_ms = $4, review_status = $5, updated_at = $6
             WHERE id = $7",
        )
        .bind(&row.value)
        .bind(row.annotation_ui_version)
        .bind(row.guideline_version)
        .bind(row.time_spent_ms)
        .bind(row.review_status)
        .bind(row.updated_at)
        .bind(row.id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// The item an annotation of a project annotates; with `only_of`, only if
/// that user made the annotation.
pub async fn find_item_of_annotation(
    conn: Conn<'_>,
    project_id: Id,
    annotation_id: Id,
    only_of: Option<Id>,
) -> Result<Option<Id>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_scalar(
            "SELECT item_id FROM annotations
             WHERE id = $1 AND project_id = $2 AND ($3 IS NULL OR annotator_id = $3)",
        )
        .bind(annotation_id)
        .bind(project_id)
        .bind(only_of)
        .fetch_optional(conn)
        .await?
    }))
}

/// The item and the annotator of an annotation of a project.
pub async fn find_item_and_annotator(
    conn: Conn<'_>,
    project_id: Id,
    annotation_id: Id,
) -> Result<Option<(Id, Option<Id>)>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT item_id, annotator_id FROM annotations WHERE id = $1 AND project_id = $2",
        )
        .bind(annotation_id)
        .bind(project_id)
        .fetch_optional(conn)
        .await?
    }))
}

/// Deletes an annotation; the database cascades to its reviews.
pub async fn delete_annotation(conn: Conn<'_>, annotation_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM annotations WHERE id = $1")
            .bind(annotation_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Records a review made at `now` of an annotation of `organization_id`.
pub async fn insert_review(
    conn: Conn<'_>,
    organization_id: Id,
    review: &Review,
    now: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO reviews (id, organization_id, annotation_id, reviewer_id, verdict, comment, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Id(review.id))
        .bind(organization_id)
        .bind(Id(review.annotation_id))
        .bind(review.reviewer_id.map(Id))
        .bind(DbVerdict(review.verdict))
        .bind(&review.comment)
        .bind(now)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Sets the review status of an annotation.
pub async fn set_review_status(
    conn: Conn<'_>,
    annotation_id: Id,
    status: ReviewStatus,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("UPDATE annotations SET review_status = $1 WHERE id = $2")
            .bind(DbReviewStatus(status))
            .bind(annotation_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}
