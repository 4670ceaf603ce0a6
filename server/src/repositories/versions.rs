//! Reading the versions of a project's annotation UI and guideline.

use labelwell_transport::{AnnotationUi, AnnotationUiSchema, Guideline};
use sqlx::types::Json;

use super::{Page, PageRequest};
use crate::authz::{ProjectPermit, perm};
use crate::db::versions::{AnnotationUiRow, GuidelineRow};
use crate::db::{Conn, Db, Id, Ts, with_conn};
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

/// The annotation UI version in force in a project (the latest); `None` before
/// the first. What items and values are checked against.
pub async fn current_annotation_ui(conn: Conn<'_>, project_id: Id) -> Result<Option<AnnotationUi>> {
    let row: Option<AnnotationUiRow> = with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT version, schema, created_by, created_at FROM annotation_ui_versions
             WHERE project_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(project_id)
        .fetch_optional(conn)
        .await?
    });
    Ok(row.map(annotation_ui_from_row))
}

/// One annotation UI version of the permit's project.
pub async fn get_annotation_ui_version(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUiRead>,
    version: u32,
) -> Result<AnnotationUi> {
    let mut tx = db.read(permit.tenancy()).await?;
    annotation_ui_version(tx.conn(), permit.project().id, version)
        .await?
        .ok_or(Error::NotFound("annotation UI version"))
}

/// One annotation UI version of a project, if it was published.
pub async fn annotation_ui_version(
    conn: Conn<'_>,
    project_id: Id,
    version: u32,
) -> Result<Option<AnnotationUi>> {
    let row: Option<AnnotationUiRow> = with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT version, schema, created_by, created_at FROM annotation_ui_versions
             WHERE project_id = $1 AND version = $2",
        )
        .bind(project_id)
        .bind(i64::from(version))
        .fetch_optional(conn)
        .await?
    });
    Ok(row.map(annotation_ui_from_row))
}

/// The number of the latest guideline version of a project, if any.
pub async fn latest_guideline_version(conn: Conn<'_>, project_id: Id) -> Result<Option<u32>> {
    let version: Option<i64> = with_conn!(conn, |conn| {
        sqlx::query_scalar("SELECT MAX(version) FROM guideline_versions WHERE project_id = $1")
            .bind(project_id)
            .fetch_one(conn)
            .await?
    });
    Ok(version.and_then(|v| u32::try_from(v).ok()))
}

/// Every annotation UI version of the permit's project, oldest first.
pub async fn list_annotation_uis(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationUiRead>,
    page: &PageRequest,
) -> Result<Page<AnnotationUi>> {
    let after: Option<i64> = page.after()?;
    let rows: Vec<AnnotationUiRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(
            "SELECT version, schema, created_by, created_at FROM annotation_ui_versions
             WHERE project_id = $1 AND ($2 IS NULL OR version > $2)
             ORDER BY version LIMIT $3",
        )
        .bind(permit.project().id)
        .bind(after)
        .bind(page.fetch_limit())
        .fetch_all(conn)
        .await?
    });
    Ok(page.page(rows, |row| row.version, annotation_ui_from_row))
}

/// The latest guideline of the permit's project; 404 before the first.
pub async fn get_latest_guideline(
    db: &Db,
    permit: &ProjectPermit<perm::GuidelineRead>,
) -> Result<Guideline> {
    let row: Option<GuidelineRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(
            "SELECT version, text, annotation_ui_version, created_by, created_at FROM guideline_versions
             WHERE project_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(permit.project().id)
        .fetch_optional(conn)
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
    let row: Option<GuidelineRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(
            "SELECT version, text, annotation_ui_version, created_by, created_at FROM guideline_versions
             WHERE project_id = $1 AND version = $2",
        )
        .bind(permit.project().id)
        .bind(i64::from(version))
        .fetch_optional(conn)
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
    let rows: Vec<GuidelineRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(
            "SELECT version, text, annotation_ui_version, created_by, created_at FROM guideline_versions
             WHERE project_id = $1 AND ($2 IS NULL OR version > $2)
             ORDER BY version LIMIT $3",
        )
        .bind(permit.project().id)
        .bind(after)
        .bind(page.fetch_limit())
        .fetch_all(conn)
        .await?
    });
    Ok(page.page(rows, |row| row.version, guideline_from_row))
}

/// Takes the project's next annotation UI version number (the project row
/// must be locked) and records the version under it; returns the number.
pub async fn insert_annotation_ui_version(
    conn: Conn<'_>,
    project_id: Id,
    schema: &AnnotationUiSchema,
    created_by: Id,
    now: Ts,
) -> Result<i64> {
    Ok(with_conn!(conn, |conn| {
        let (version, organization_id): (i64, Id) = sqlx::query_as(
            "UPDATE projects SET annotation_ui_version = annotation_ui_version + 1 WHERE id = $1
             RETURNING annotation_ui_version, organization_id",
        )
        .bind(project_id)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO annotation_ui_versions (project_id, version, schema, created_by, created_at, organization_id)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(project_id)
        .bind(version)
        .bind(Json(schema))
        .bind(created_by)
        .bind(now)
        .bind(organization_id)
        .execute(&mut *conn)
        .await?;
        version
    }))
}

/// A guideline version to record by [`insert_guideline_version`].
#[derive(Debug)]
pub struct NewGuideline<'a> {
    /// The Markdown text.
    pub text: &'a str,
    /// The annotation UI version it goes with.
    pub annotation_ui_version: u32,
    /// Who publishes it.
    pub created_by: Id,
    /// When.
    pub created_at: Ts,
}

/// Takes the project's next guideline version number (the project row must
/// be locked) and records the version under it; returns the number.
pub async fn insert_guideline_version(
    conn: Conn<'_>,
    project_id: Id,
    guideline: &NewGuideline<'_>,
) -> Result<i64> {
    Ok(with_conn!(conn, |conn| {
        let (version, organization_id): (i64, Id) = sqlx::query_as(
            "UPDATE projects SET guideline_version = guideline_version + 1 WHERE id = $1
             RETURNING guideline_version, organization_id",
        )
        .bind(project_id)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO guideline_versions (project_id, version, text, annotation_ui_version, created_by, created_at, organization_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(project_id)
        .bind(version)
        .bind(guideline.text)
        .bind(i64::from(guideline.annotation_ui_version))
        .bind(guideline.created_by)
        .bind(guideline.created_at)
        .bind(organization_id)
        .execute(&mut *conn)
        .await?;
        version
    }))
}
