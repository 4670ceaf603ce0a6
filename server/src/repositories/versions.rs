//! Reading the versions of a project's annotation UI and guideline.

use labelwell_transport::{AnnotationUi, AnnotationUiSchema, Guideline};

use super::{Page, PageRequest};
use crate::authz::{ProjectPermit, perm};
use crate::db::versions::{AnnotationUiRow, GuidelineRow};
use crate::db::{Db, Id, Tx, with_db, with_tx};
use crate::error::{Error, Result};

fn version_number(version: i64) -> u32 {
    u32::try_from(version).unwrap_or_default()
}

/// The transport form of an annotation UI row.
pub fn annotation_ui_from_row(row: AnnotationUiRow) -> AnnotationUi {
    AnnotationUi {
        version: version_number(row.version),
        schema: row.schema.0,
        created_by: row.created_by.map(Into::into),
        created_at: row.created_at.get(),
    }
}

/// The transport form of a guideline row.
pub fn guideline_from_row(row: GuidelineRow) -> Guideline {
    Guideline {
        version: version_number(row.version),
        text: row.text,
        annotation_ui_version: version_number(row.annotation_ui_version),
        created_by: row.created_by.map(Into::into),
        created_at: row.created_at.get(),
    }
}

const CURRENT_ANNOTATION_UI: &str =
    "SELECT version, schema, created_by, created_at FROM annotation_ui_versions
     WHERE project_id = $1 ORDER BY version DESC LIMIT 1";

/// The annotation UI version in force in a project (the latest); `None` before the first.
pub async fn find_current_annotation_ui(db: &Db, project_id: Id) -> Result<Option<AnnotationUi>> {
    let row: Option<AnnotationUiRow> = with_db!(db, |pool| {
        sqlx::query_as(CURRENT_ANNOTATION_UI)
            .bind(project_id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.map(annotation_ui_from_row))
}

/// The schema in force in a project, read inside a transaction (which must not
/// wait for a second connection of the pool while it holds locks).
pub async fn current_schema_in(
    tx: &mut Tx,
    project_id: Id,
) -> Result<Option<(u32, AnnotationUiSchema)>> {
    let row: Option<AnnotationUiRow> = with_tx!(tx, |conn| {
        sqlx::query_as(CURRENT_ANNOTATION_UI)
            .bind(project_id)
            .fetch_optional(conn)
            .await?
    });
    Ok(row
        .map(annotation_ui_from_row)
        .map(|ui| (ui.version, ui.schema)))
}

/// The schema in force in the permit's project; 404 before the first version.
pub async fn get_current_annotation_ui(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUiRead>,
) -> Result<AnnotationUi> {
    find_current_annotation_ui(db, permit.project().id)
        .await?
        .ok_or(Error::NotFound("annotation UI"))
}

/// One annotation UI version of the permit's project.
pub async fn get_annotation_ui_version(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUiRead>,
    version: u32,
) -> Result<AnnotationUi> {
    let row: Option<AnnotationUiRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT version, schema, created_by, created_at FROM annotation_ui_versions
             WHERE project_id = $1 AND version = $2",
        )
        .bind(permit.project().id)
        .bind(i64::from(version))
        .fetch_optional(pool)
        .await?
    });
    row.map(annotation_ui_from_row)
        .ok_or(Error::NotFound("annotation UI version"))
}

/// The current schema of a project, if any: what items and values are checked against.
pub async fn current_schema(db: &Db, project_id: Id) -> Result<Option<(u32, AnnotationUiSchema)>> {
    Ok(find_current_annotation_ui(db, project_id)
        .await?
        .map(|ui| (ui.version, ui.schema)))
}

/// Every annotation UI version of the permit's project, oldest first.
pub async fn list_annotation_uis(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUiRead>,
    page: &PageRequest,
) -> Result<Page<AnnotationUi>> {
    let after: Option<i64> = page.after()?;
    let rows: Vec<AnnotationUiRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT version, schema, created_by, created_at FROM annotation_ui_versions
             WHERE project_id = $1 AND ($2 IS NULL OR version > $2)
             ORDER BY version LIMIT $3",
        )
        .bind(permit.project().id)
        .bind(after)
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(rows, |row| row.version, annotation_ui_from_row))
}

/// The latest guideline of the permit's project; 404 before the first.
pub async fn get_latest_guideline(
    db: &Db,
    permit: &ProjectPermit<perm::GuidelineRead>,
) -> Result<Guideline> {
    let row: Option<GuidelineRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT version, text, annotation_ui_version, created_by, created_at FROM guideline_versions
             WHERE project_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(permit.project().id)
        .fetch_optional(pool)
        .await?
    });
    row.map(guideline_from_row)
        .ok_or(Error::NotFound("guideline"))
}

/// One guideline version of the permit's project.
pub async fn get_guideline_version(
    db: &Db,
    permit: &ProjectPermit<perm::GuidelineRead>,
    version: u32,
) -> Result<Guideline> {
    let row: Option<GuidelineRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT version, text, annotation_ui_version, created_by, created_at FROM guideline_versions
             WHERE project_id = $1 AND version = $2",
        )
        .bind(permit.project().id)
        .bind(i64::from(version))
        .fetch_optional(pool)
        .await?
    });
    row.map(guideline_from_row)
        .ok_or(Error::NotFound("guideline version"))
}

/// Every guideline version of the permit's project, oldest first.
pub async fn list_guidelines(
    db: &Db,
    permit: &ProjectPermit<perm::GuidelineRead>,
    page: &PageRequest,
) -> Result<Page<Guideline>> {
    let after: Option<i64> = page.after()?;
    let rows: Vec<GuidelineRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT version, text, annotation_ui_version, created_by, created_at FROM guideline_versions
             WHERE project_id = $1 AND ($2 IS NULL OR version > $2)
             ORDER BY version LIMIT $3",
        )
        .bind(permit.project().id)
        .bind(after)
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(rows, |row| row.version, guideline_from_row))
}
