//! Reading projects and their assignments.

use labelwell_transport::{Project, ProjectMember};
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{Permit, ProjectRef, Scope};
use crate::db::projects::{PROJECT_COLUMNS, ProjectMemberRow, ProjectRow};
use crate::db::{Db, Id, with_db};
use crate::error::{Error, Result};

/// The transport form of a project row.
pub fn project_from_row(row: ProjectRow) -> Project {
    let version = |v: i64| u32::try_from(v).ok().filter(|v| *v > 0);
    Project {
        id: row.id.0,
        organization_id: row.organization_id.0,
        name: row.name,
        description: row.description,
        overlap: u32::try_from(row.overlap).unwrap_or(1),
        lease_seconds: u32::try_from(row.lease_seconds).unwrap_or(600),
        annotation_ui_version: version(row.annotation_ui_version),
        guideline_version: version(row.guideline_version),
        created_by: row.created_by.map(Into::into),
        archived: row.archived_at.is_some(),
        created_at: row.created_at.get(),
        updated_at: row.updated_at.get(),
    }
}

const SCOPE_COLUMNS: &str =
    "p.id, p.organization_id, p.created_by, p.archived_at IS NOT NULL AS archived";

/// The organization and ownership of a project, for the guard.
pub async fn find_scope(db: &Db, project_id: Id) -> Result<Option<ProjectRef>> {
    let sql = format!("SELECT {SCOPE_COLUMNS} FROM projects p WHERE p.id = $1");
    Ok(with_db!(db, |pool| sqlx::query_as(&sql)
        .bind(project_id)
        .fetch_optional(pool)
        .await?))
}

/// The project of an item, for the guard.
pub async fn find_scope_of_item(db: &Db, item_id: Id) -> Result<Option<ProjectRef>> {
    let sql = format!(
        "SELECT {SCOPE_COLUMNS} FROM items i JOIN projects p ON p.id = i.project_id WHERE i.id = $1"
    );
    Ok(with_db!(db, |pool| sqlx::query_as(&sql)
        .bind(item_id)
        .fetch_optional(pool)
        .await?))
}

/// The project of an annotation, for the guard.
pub async fn find_scope_of_annotation(db: &Db, annotation_id: Id) -> Result<Option<ProjectRef>> {
    let sql = format!(
        "SELECT {SCOPE_COLUMNS} FROM annotations a JOIN projects p ON p.id = a.project_id WHERE a.id = $1"
    );
    Ok(with_db!(db, |pool| sqlx::query_as(&sql)
        .bind(annotation_id)
        .fetch_optional(pool)
        .await?))
}

/// Whether `user_id` is assigned to the project.
pub async fn is_assigned(db: &Db, project_id: Id, user_id: Id) -> Result<bool> {
    Ok(with_db!(db, |pool| {
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2)",
        )
        .bind(project_id)
        .bind(user_id)
        .fetch_one(pool)
        .await?
    }))
}

/// The permit's project.
pub async fn find_project(db: &Db, permit: &Permit) -> Result<Project> {
    let sql = format!(
        "SELECT {PROJECT_COLUMNS} FROM projects p WHERE p.id = $1 AND p.organization_id = $2"
    );
    let row: Option<ProjectRow> = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(permit.project()?.id)
            .bind(permit.organization_id())
            .fetch_optional(pool)
            .await?
    });
    row.map(project_from_row).ok_or(Error::NotFound("project"))
}

/// The projects of the permit's organization the caller may see, oldest first:
/// all of them with scope `any`, the assigned ones with scope `assigned`.
pub async fn list_projects_of_organization(
    db: &Db,
    permit: &Permit,
    page: &PageRequest,
    include_archived: bool,
) -> Result<Page<Project>> {
    let after: Option<Uuid> = page.after()?;
    let only_assigned = permit.scope() != Scope::Any;
    let sql = format!(
        "SELECT {PROJECT_COLUMNS} FROM projects p
         WHERE p.organization_id = $1
           AND ($2 OR p.archived_at IS NULL)
           AND (NOT $3 OR EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $4))
           AND ($5 IS NULL OR p.id > $5)
         ORDER BY p.id
         LIMIT $6"
    );
    let rows: Vec<ProjectRow> = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(permit.organization_id())
            .bind(include_archived)
            .bind(only_assigned)
            .bind(permit.user_id())
            .bind(after.map(Id))
            .bind(page.fetch_limit())
            .fetch_all(pool)
            .await?
    });
    Ok(page.page(rows, |row| row.id.0, project_from_row))
}

/// The transport form of an assignment row.
pub fn project_member_from_row(row: ProjectMemberRow) -> ProjectMember {
    ProjectMember {
        user_id: row.user_id.0,
        name: row.name,
        role: row.role.0,
        assigned_at: row.created_at.get(),
    }
}

/// The members assigned to the permit's project, in assignment order.
pub async fn list_project_members(
    db: &Db,
    permit: &Permit,
    page: &PageRequest,
) -> Result<Page<ProjectMember>> {
    let after: Option<Uuid> = page.after()?;
    let rows: Vec<ProjectMemberRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT pm.user_id, u.name, m.role, pm.seq, pm.created_at
             FROM project_members pm
             JOIN users u ON u.id = pm.user_id
             JOIN memberships m ON m.user_id = pm.user_id AND m.organization_id = $1
             WHERE pm.project_id = $2 AND ($3 IS NULL OR pm.seq > $3)
             ORDER BY pm.seq
             LIMIT $4",
        )
        .bind(permit.organization_id())
        .bind(permit.project()?.id)
        .bind(after.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(rows, |row| row.seq.0, project_member_from_row))
}
