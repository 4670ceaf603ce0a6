//! Publishing versions of a project's annotation UI and guideline.
//!
//! A version number is taken by bumping the project's counter inside the
//! publishing transaction, with the project row locked: concurrent publishes
//! get 1, 2, 3, ... with no gap and no duplicate, on both backends.

use labelwell_transport::{
    AnnotationUi, AnnotationUiSchema, FieldError, Guideline, PublishAnnotationUiRequest,
    PublishGuidelineRequest,
};
use serde_json::json;

use super::annotation_ui;
use super::audit::{self, AuditRecord};
use super::projects::lock_writable_project;
use crate::authz::{ProjectPermit, perm};
use crate::db::{Db, Id, Ts, Tx};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::items::items_lacking_field;
use crate::repositories::versions::NewGuideline;

/// The longest guideline, in characters.
pub use labelwell_transport::limits::MAX_GUIDELINE_CHARS;

/// Publishes a new annotation UI version; it is in force from now on. Refused
/// (422) when existing items lack a field it shows.
pub async fn publish_annotation_ui(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUiPublish>,
    request: PublishAnnotationUiRequest,
) -> Result<AnnotationUi> {
    let errors = annotation_ui::check_schema(&request.schema, "schema");
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let project = permit.writable_project()?;
    let mut tx = db.begin(permit.tenancy()).await?;
    // After the imports running now: the check below must see their items.
    tx.lock_annotation_ui(project.id).await?;
    lock_writable_project(&mut tx, permit).await?;
    ensure_items_show_fields(&mut tx, project.id, &request.schema).await?;
    let now = Ts::now();
    let version = repositories::versions::insert_annotation_ui_version(
        tx.conn(),
        project.id,
        &request.schema,
        permit.user_id(),
        now,
    )
    .await?;
    let version = u32::try_from(version).map_err(|e| Error::Internal(e.into()))?;
    let record = AuditRecord {
        action: "annotation_ui.published",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "version": version }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(AnnotationUi {
        version,
        schema: request.schema,
        created_by: Some(permit.user_id().0),
        created_at: now.get(),
    })
}

/// Fails with 422 naming each field of `schema` that items of the project
/// lack or hold another kind of value in, with up to ten of those items.
async fn ensure_items_show_fields(
    tx: &mut Tx,
    project_id: Id,
    schema: &AnnotationUiSchema,
) -> Result<()> {
    let mut errors = Vec::new();
    for (i, field) in schema.fields.iter().enumerate() {
        let lacking =
            items_lacking_field(tx.conn(), project_id, &field.name, field.kind, 10).await?;
        if !lacking.is_empty() {
            errors.push(FieldError::new(
                format!("schema.fields[{i}]"),
                "missing_in_items",
                format!(
                    "items lack `{}` or hold another kind of value, e.g. {}",
                    field.name,
                    lacking.join(", ")
                ),
            ));
        }
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(Error::Validation(errors)),
    }
}

/// Publishes a new guideline version for a published annotation UI version.
pub async fn publish_guideline(
    db: &Db,
    permit: &ProjectPermit<perm::GuidelinePublish>,
    request: PublishGuidelineRequest,
) -> Result<Guideline> {
    if request.text.chars().count() > MAX_GUIDELINE_CHARS {
        return Err(Error::invalid(
            "text",
            "too_long",
            format!("must be at most {MAX_GUIDELINE_CHARS} characters"),
        ));
    }
    if request.text.trim().is_empty() {
        return Err(Error::invalid("text", "required", "must not be empty"));
    }
    let project = permit.writable_project()?;
    let mut tx = db.begin(permit.tenancy()).await?;
    let row = lock_writable_project(&mut tx, permit).await?;
    if request.annotation_ui_version == 0
        || i64::from(request.annotation_ui_version) > row.annotation_ui_version
    {
        return Err(Error::invalid(
            "annotation_ui_version",
            "unknown_version",
            "is not a published annotation UI version of this project",
        ));
    }
    let now = Ts::now();
    let guideline = NewGuideline {
        text: &request.text,
        annotation_ui_version: request.annotation_ui_version,
        created_by: permit.user_id(),
        created_at: now,
    };
    let version =
        repositories::versions::insert_guideline_version(tx.conn(), project.id, &guideline).await?;
    let version = u32::try_from(version).map_err(|e| Error::Internal(e.into()))?;
    let record = AuditRecord {
        action: "guideline.published",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "version": version, "annotation_ui_version": request.annotation_ui_version }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(Guideline {
        version,
        text: request.text,
        annotation_ui_version: request.annotation_ui_version,
        created_by: Some(permit.user_id().0),
        created_at: now.get(),
    })
}
