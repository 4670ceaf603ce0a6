//! Annotating items, changing and deleting annotations, reviewing them.
//!
//! An item never gets more annotations than the project's overlap: creating
//! one takes the item's lock and counts the item's annotations plus the
//! unexpired queue leases of other annotators, unless the caller holds a lease.
//! Every change of who works on an item takes that lock, so annotators of
//! different items never wait for each other; the project is only shared,
//! which keeps its settings and annotation UI as they are meanwhile.
//! Likewise an annotation the review queue leased to one reviewer takes no
//! review from another until the lease ends.

use labelwell_transport::{
    Annotation, AnnotationUiSchema, CreateAnnotationRequest, CreateReviewRequest,
    MAX_TIME_SPENT_MS, Review, ReviewStatus, UpdateAnnotationRequest, Verdict, WebhookEventType,
};
use serde_json::{Value, json};

use super::annotation_ui;
use super::projects::share_writable_project;
use super::webhooks;
use crate::authz::{InProject, ProjectPermit, Scope, perm};
use crate::db::annotations::AnnotationRow;
use crate::db::projects::ProjectRow;
use crate::db::types::DbReviewStatus;
use crate::db::{Conn, Db, Id, Json, OrConflict, Tenancy, Ts, Tx};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::annotations::annotation_from_row;

/// The longest review comment, in characters.
pub use labelwell_transport::limits::MAX_COMMENT_CHARS;

/// The version and schema of the annotation UI in force, or 409 when the
/// project has none yet.
async fn current_schema(conn: Conn<'_>, project_id: Id) -> Result<(u32, AnnotationUiSchema)> {
    let ui = repositories::versions::current_annotation_ui(conn, project_id).await?;
    ui.map(|ui| (ui.version, ui.schema))
        .ok_or_else(no_annotation_ui)
}

fn no_annotation_ui() -> Error {
    Error::conflict(
        "no_annotation_ui",
        "the project has no annotation UI yet: publish one first",
    )
}

/// The guideline version an annotation records: the one named, which must be
/// published, or the latest.
fn guideline_version(project: &ProjectRow, named: Option<u32>) -> Result<Option<i64>> {
    match named {
        Some(version) if version == 0 || i64::from(version) > project.guideline_version => {
            Err(Error::invalid(
                "guideline_version",
                "unknown_version",
                "is not a published guideline version of this project",
            ))
        }
        Some(version) => Ok(Some(i64::from(version))),
        None => Ok((project.guideline_version > 0).then_some(project.guideline_version)),
    }
}

/// The data of an item of the project, for checking spans against it.
async fn item_data(conn: Conn<'_>, project_id: Id, item_id: Id) -> Result<Value> {
    repositories::items::find_item_data(conn, project_id, item_id)
        .await?
        .ok_or(Error::NotFound("item"))
}

/// What a value was checked against: the annotation UI version in force and
/// the data of the item it annotates.
#[derive(Debug, PartialEq)]
struct CheckedAgainst {
    ui_version: u32,
    data: Value,
}

/// Checks a value against the annotation UI in force and its item, read
/// without a transaction: however long the check of a large value takes, it
/// holds up no other writer of the project (nor, on SQLite, of the database).
async fn check_value_unlocked(
    db: &Db,
    tenancy: Tenancy,
    project_id: Id,
    item_id: Id,
    value: &Value,
) -> Result<CheckedAgainst> {
    let mut tx = db.read(tenancy).await?;
    let (ui_version, schema) = current_schema(tx.conn(), project_id).await?;
    let data = item_data(tx.conn(), project_id, item_id).await?;
    check_value(&schema, value, &data)?;
    Ok(CheckedAgainst { ui_version, data })
}

/// Under the project's share: the annotation UI version in force, with the value
/// checked again only when the UI or the item changed since
/// [`check_value_unlocked`] (a publish or an item edit in between).
async fn recheck_value_locked(
    tx: &mut Tx,
    project_id: Id,
    item_id: Id,
    value: &Value,
    checked: CheckedAgainst,
) -> Result<u32> {
    let (ui_version, schema) = current_schema(tx.conn(), project_id).await?;
    let data = item_data(tx.conn(), project_id, item_id).await?;
    let now = CheckedAgainst { ui_version, data };
    if now != checked {
        check_value(&schema, value, &now.data)?;
    }
    Ok(ui_version)
}

fn check_value(schema: &AnnotationUiSchema, value: &Value, data: &Value) -> Result<()> {
    let errors = annotation_ui::check_value(schema, value, data, "value");
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

/// The time spent as stored, at most [`MAX_TIME_SPENT_MS`].
fn milliseconds(ms: Option<u64>) -> Result<Option<i64>> {
    ms.map(|ms| {
        i64::try_from(ms)
            .ok()
            .filter(|_| ms <= MAX_TIME_SPENT_MS)
            .ok_or_else(|| {
                Error::invalid(
                    "time_spent_ms",
                    "out_of_range",
                    format!("must be at most {MAX_TIME_SPENT_MS} (a day)"),
                )
            })
    })
    .transpose()
}

/// Annotates an item as the caller, against the annotation UI in force.
pub async fn create_annotation(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
    item_id: Id,
    request: CreateAnnotationRequest,
) -> Result<Annotation> {
    let project_id = permit.writable_project()?.id;
    let me = permit.user_id();
    let time_spent_ms = milliseconds(request.time_spent_ms)?;
    let checked =
        check_value_unlocked(db, permit.tenancy(), project_id, item_id, &request.value).await?;
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    tx.lock_item(item_id).await?;
    let ui_version =
        recheck_value_locked(&mut tx, project_id, item_id, &request.value, checked).await?;
    let guideline_version = guideline_version(&project, request.guideline_version)?;
    let now = Ts::now();
    ensure_room_for_annotation(&mut tx, &project, item_id, me, now).await?;
    let prediction_id = request.prediction_id.map(Id);
    if let Some(prediction_id) = prediction_id
        && !repositories::predictions::is_prediction_of_item(tx.conn(), item_id, prediction_id)
            .await?
    {
        return Err(Error::invalid(
            "prediction_id",
            "unknown_prediction",
            "is not a prediction of this item",
        ));
    }
    let row = AnnotationRow {
        id: Id::new(),
        item_id,
        project_id,
        organization_id: project.organization_id,
        annotator_id: Some(me),
        value: Json(request.value.0),
        annotation_ui_version: i64::from(ui_version),
        guideline_version,
        time_spent_ms,
        review_status: DbReviewStatus(ReviewStatus::Pending),
        prediction_id,
        created_at: now,
        updated_at: now,
    };
    repositories::annotations::insert_annotation(tx.conn(), &row)
        .await
        .or_conflict("already_annotated", "you annotated this item already")?;
    // The lease has served; a skip the annotator changed their mind about goes too.
    repositories::queue::delete_lease_of_item(tx.conn(), item_id, me).await?;
    repositories::queue::delete_skip_of_item(tx.conn(), item_id, me).await?;
    let annotation = annotation_from_row(row);
    publish_annotation(
        &mut tx,
        &project,
        WebhookEventType::AnnotationCreated,
        &annotation,
    )
    .await?;
    refresh_item(&mut tx, &project, item_id, now).await?;
    tx.commit().await?;
    Ok(annotation)
}

/// Fails with 409 when the caller annotated the item already, or when the
/// item has (or has reserved for other annotators' leases) all the
/// annotations it needs, unless the caller holds a lease of it.
async fn ensure_room_for_annotation(
    tx: &mut Tx,
    project: &ProjectRow,
    item_id: Id,
    annotator_id: Id,
    now: Ts,
) -> Result<()> {
    let counts =
        repositories::annotations::count_annotations_of_item(tx.conn(), item_id, annotator_id, now)
            .await?;
    if counts.mine > 0 {
        return Err(Error::conflict(
            "already_annotated",
            "you annotated this item already; change that annotation instead",
        ));
    }
    if counts.leased_to_me == 0 && counts.annotations + counts.leased_to_others >= project.overlap {
        return Err(Error::conflict(
            "item_fully_annotated",
            "the item has (or has reserved) all the annotations it needs",
        ));
    }
    Ok(())
}

/// The annotation as the caller may change it: annotators (scope `own`) only
/// their own, and only until a review accepts it.
async fn annotation_to_change(
    tx: &mut Tx,
    permit: &ProjectPermit<impl InProject>,
    annotation_id: Id,
) -> Result<AnnotationRow> {
    let row = repositories::annotations::find_annotation_row(
        tx.conn(),
        permit.project().id,
        annotation_id,
    )
    .await?;
    let row = row.ok_or(Error::NotFound("annotation"))?;
    if permit.scope() == Scope::Own {
        if row.annotator_id != Some(permit.user_id()) {
            return Err(Error::NotFound("annotation"));
        }
        if row.review_status.0 == ReviewStatus::Accepted {
            return Err(Error::conflict(
                "annotation_accepted",
                "an accepted annotation can no longer be changed",
            ));
        }
    }
    Ok(row)
}

/// Changes an annotation; a new value is checked against the annotation UI in
/// force and makes the annotation pending review again.
pub async fn update_annotation(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUpdate>,
    annotation_id: Id,
    request: UpdateAnnotationRequest,
) -> Result<Annotation> {
    let project_id = permit.writable_project()?.id;
    let time_spent_ms = milliseconds(request.time_spent_ms)?;
    let checked = match &request.value {
        Some(value) => {
            let item_id = item_of_annotation(db, permit, annotation_id).await?;
            Some(check_value_unlocked(db, permit.tenancy(), project_id, item_id, value).await?)
        }
        None => None,
    };
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    lock_item_of_annotation(&mut tx, project_id, annotation_id).await?;
    let mut row = annotation_to_change(&mut tx, permit, annotation_id).await?;
    if let (Some(value), Some(checked)) = (request.value, checked) {
        let ui_version =
            recheck_value_locked(&mut tx, project_id, row.item_id, &value, checked).await?;
        row.value = Json(value.0);
        row.annotation_ui_version = i64::from(ui_version);
        row.review_status = DbReviewStatus(ReviewStatus::Pending);
    }
    if request.guideline_version.is_some() {
        row.guideline_version = guideline_version(&project, request.guideline_version)?;
    }
    if time_spent_ms.is_some() {
        row.time_spent_ms = time_spent_ms;
    }
    row.updated_at = Ts::now();
    repositories::annotations::update_annotation(tx.conn(), &row).await?;
    refresh_item(&mut tx, &project, row.item_id, row.updated_at).await?;
    let annotation = annotation_from_row(row);
    publish_annotation(
        &mut tx,
        &project,
        WebhookEventType::AnnotationUpdated,
        &annotation,
    )
    .await?;
    tx.commit().await?;
    Ok(annotation)
}

/// The item an annotation the caller may change annotates (an annotation
/// never moves to another item); annotators (scope `own`) find only their own.
async fn item_of_annotation(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUpdate>,
    annotation_id: Id,
) -> Result<Id> {
    let only_of = (permit.scope() == Scope::Own).then(|| permit.user_id());
    let item_id = repositories::annotations::find_item_of_annotation(
        db.read(permit.tenancy()).await?.conn(),
        permit.project().id,
        annotation_id,
        only_of,
    )
    .await?;
    item_id.ok_or(Error::NotFound("annotation"))
}

/// Deletes an annotation with its reviews; its item needs an annotation again.
pub async fn delete_annotation(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationDelete>,
    annotation_id: Id,
) -> Result<()> {
    let project_id = permit.writable_project()?.id;
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    lock_item_of_annotation(&mut tx, project_id, annotation_id).await?;
    let row = annotation_to_change(&mut tx, permit, annotation_id).await?;
    repositories::annotations::delete_annotation(tx.conn(), row.id).await?;
    refresh_item(&mut tx, &project, row.item_id, Ts::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Reviews an annotation: accept it, or reject it with a comment telling its
/// annotator what to fix. Nobody reviews their own annotation, nor one the
/// review queue has leased to another reviewer; the caller's lease on it ends.
pub async fn create_review(
    db: &Db,
    permit: &ProjectPermit<perm::ReviewCreate>,
    annotation_id: Id,
    request: CreateReviewRequest,
) -> Result<Review> {
    check_review(&request)?;
    let project_id = permit.writable_project()?.id;
    let mut tx = db.begin(permit.tenancy()).await?;
    let project = share_writable_project(&mut tx, permit).await?;
    lock_item_of_annotation(&mut tx, project_id, annotation_id).await?;
    let now = Ts::now();
    let item_id = annotation_to_review(&mut tx, permit, annotation_id, now).await?;
    let review = Review {
        id: Id::new().0,
        annotation_id: annotation_id.0,
        reviewer_id: Some(permit.user_id().0),
        verdict: request.verdict,
        comment: request.comment,
        created_at: now.get(),
    };
    let status = match request.verdict {
        Verdict::Accept => ReviewStatus::Accepted,
        Verdict::Reject => ReviewStatus::Rejected,
    };
    repositories::annotations::insert_review(tx.conn(), project.organization_id, &review, now)
        .await?;
    repositories::annotations::set_review_status(tx.conn(), annotation_id, status).await?;
    repositories::review_queue::delete_leases_of_annotation(tx.conn(), annotation_id, now).await?;
    refresh_item(&mut tx, &project, item_id, now).await?;
    let data = json!({
        "project_id": project_id.0,
        "item_id": item_id.0,
        "annotation_id": annotation_id.0,
        "review": review,
    });
    webhooks::publish(
        &mut tx,
        project.organization_id,
        Some(project_id),
        WebhookEventType::ReviewCreated,
        data,
    )
    .await?;
    tx.commit().await?;
    Ok(review)
}

/// The problems of a review's comment: too long, or missing from a rejection.
fn check_review(request: &CreateReviewRequest) -> Result<()> {
    if request.comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(Error::invalid(
            "comment",
            "too_long",
            format!("must be at most {MAX_COMMENT_CHARS} characters"),
        ));
    }
    if request.verdict == Verdict::Reject && request.comment.trim().is_empty() {
        return Err(Error::invalid(
            "comment",
            "required",
            "a rejection needs a comment telling the annotator what to fix",
        ));
    }
    Ok(())
}

/// The item of an annotation of the permit's project the caller may review
/// now: not their own (403), not leased to another reviewer (409).
async fn annotation_to_review(
    tx: &mut Tx,
    permit: &ProjectPermit<perm::ReviewCreate>,
    annotation_id: Id,
    now: Ts,
) -> Result<Id> {
    let (item_id, annotator_id) = repositories::annotations::find_item_and_annotator(
        tx.conn(),
        permit.project().id,
        annotation_id,
    )
    .await?
    .ok_or(Error::NotFound("annotation"))?;
    if annotator_id == Some(permit.user_id()) {
        return Err(Error::forbidden(
            "cannot_review_own_annotation",
            "nobody reviews their own annotation",
        ));
    }
    let leased_to_others = repositories::review_queue::count_leases_to_others(
        tx.conn(),
        annotation_id,
        permit.user_id(),
        now,
    )
    .await?;
    if leased_to_others > 0 {
        return Err(Error::conflict(
            "annotation_under_review",
            "the review queue has given this annotation to another reviewer",
        ));
    }
    Ok(item_id)
}

/// Takes the lock of the item an annotation of the project annotates (an
/// annotation never moves to another item); 404 when there is no such
/// annotation. What the caller reads of the annotation after it is current.
pub(super) async fn lock_item_of_annotation(
    tx: &mut Tx,
    project_id: Id,
    annotation_id: Id,
) -> Result<()> {
    let item_id = repositories::annotations::find_item_of_annotation(
        tx.conn(),
        project_id,
        annotation_id,
        None,
    )
    .await?
    .ok_or(Error::NotFound("annotation"))?;
    tx.lock_item(item_id).await?;
    Ok(())
}

/// Recomputes an item's count and status after its annotations or reviews
/// changed; an item that just got all the annotations it needs is published
/// as `item.completed`.
async fn refresh_item(tx: &mut Tx, project: &ProjectRow, item_id: Id, now: Ts) -> Result<()> {
    let refreshed =
        repositories::items::refresh_item(tx.conn(), item_id, project.overlap, now).await?;
    if refreshed.completed() {
        let data = json!({
            "project_id": project.id.0,
            "item_id": item_id.0,
            "external_id": refreshed.external_id,
            "status": refreshed.is,
        });
        webhooks::publish(
            tx,
            project.organization_id,
            Some(project.id),
            WebhookEventType::ItemCompleted,
            data,
        )
        .await?;
    }
    Ok(())
}

/// Publishes an annotation's creation or change.
async fn publish_annotation(
    tx: &mut Tx,
    project: &ProjectRow,
    event_type: WebhookEventType,
    annotation: &Annotation,
) -> Result<()> {
    let data = json!({
        "project_id": project.id.0,
        "item_id": annotation.item_id,
        "annotation": annotation,
    });
    webhooks::publish(
        tx,
        project.organization_id,
        Some(project.id),
        event_type,
        data,
    )
    .await
}
