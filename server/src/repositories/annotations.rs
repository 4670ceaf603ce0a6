//! Reading annotations and reviews: annotators see only their own (blind labelling).

use std::collections::HashMap;

use labelwell_transport::{Annotation, AnnotationHistoryEntry, Review, ReviewStatus};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::items::item_from_row;
use super::{Page, PageRequest};
use crate::authz::{InProject, ProjectPermit, Scope, perm};
use crate::db::annotations::{ANNOTATION_COLUMNS, AnnotationRow, REVIEW_COLUMNS, ReviewRow};
use crate::db::items::{ITEM_COLUMNS, ItemRow};
use crate::db::types::DbReviewStatus;
use crate::db::{Db, Id, with_db};
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
    let rows: Vec<AnnotationRow> = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(item_id)
            .bind(permit.project().id)
            .bind(only_annotator(permit))
            .bind(after.map(Id))
            .bind(page.fetch_limit())
            .fetch_all(pool)
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
    let row: Option<AnnotationRow> = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(annotation_id)
            .bind(permit.project().id)
            .bind(only_annotator(permit))
            .fetch_optional(pool)
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
    let rows: Vec<ReviewRow> = with_db!(db, |pool| {
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
        .fetch_all(pool)
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
    let rows: Vec<AnnotationRow> = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(permit.project().id)
            .bind(permit.user_id())
            .bind(review_status.map(DbReviewStatus))
            .bind(before.map(Id))
            .bind(page.fetch_limit())
            .fetch_all(pool)
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
    let items: Vec<ItemRow> = with_db!(db, |pool| {
        let mut sql = QueryBuilder::new(format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE i.id IN ("
        ));
        let mut ids = sql.separated(", ");
        for row in &page.items {
            ids.push_bind(row.item_id);
        }
        sql.push(")");
        sql.build_query_as().fetch_all(pool).await?
    });
    let reviews: Vec<ReviewRow> = with_db!(db, |pool| {
        let mut sql = QueryBuilder::new(format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews r
             WHERE NOT EXISTS (SELECT 1 FROM reviews later WHERE later.annotation_id = r.annotation_id AND later.id > r.id)
               AND r.annotation_id IN ("
        ));
        let mut ids = sql.separated(", ");
        for row in &page.items {
            ids.push_bind(row.id);
        }
        sql.push(")");
        sql.build_query_as().fetch_all(pool).await?
    });
    let mut items: HashMap<Id, ItemRow> = items.into_iter().map(|item| (item.id, item)).collect();
    let mut reviews: HashMap<Id, ReviewRow> = reviews
        .into_iter()
        .map(|review| (review.annotation_id, review))
        .collect();
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
