//! Reading projects and their assignments.

use labelwell_transport::{Project, ProjectMember};
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{OrgPermit, ProjectPermit, Scope, perm};
use crate::db::projects::{PROJECT_COLUMNS, ProjectMemberRow, ProjectRow};
use crate::db::{Conn, Db, Id, Ts, with_conn};
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
        show_predictions: row.show_predictions,
        created_at: row.created_at.get(),
        updated_at: row.updated_at.get(),
    }
}

/// The permit's project.
pub async fn find_project(db: &Db, permit: &ProjectPermit<perm::ProjectRead>) -> Result<Project> {
    let sql = format!(
        "SELECT {PROJECT_COLUMNS} FROM projects p WHERE p.id = $1 AND p.organization_id = $2"
    );
    let row: Option<ProjectRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(permit.project().id)
            .bind(permit.organization_id())
            .fetch_optional(conn)
            .await?
    });
    row.map(project_from_row).ok_or(Error::NotFound("project"))
}

/// The projects of the permit's organization the caller may see, oldest first:
/// all of them with scope `any`, the assigned ones with scope `assigned`.
pub async fn list_projects_of_organization(
    db: &Db,
    permit: &OrgPermit<perm::ProjectRead>,
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
    let rows: Vec<ProjectRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(permit.organization_id())
            .bind(include_archived)
            .bind(only_assigned)
            .bind(permit.user_id())
            .bind(after.map(Id))
            .bind(page.fetch_limit())
            .fetch_all(conn)
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
    permit: &ProjectPermit<perm::ProjectRead>,
    page: &PageRequest,
) -> Result<Page<ProjectMember>> {
    let after: Option<Uuid> = page.after()?;
    let rows: Vec<ProjectMemberRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
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
        .bind(permit.project().id)
        .bind(after.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(conn)
        .await?
    });
    Ok(page.page(rows, |row| row.seq.0, project_member_from_row))
}

/// Unassigns a user from every project of an organization.
pub async fn unassign_from_organization(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "DELETE FROM project_members WHERE user_id = $1
             AND project_id IN (SELECT id FROM projects WHERE organization_id = $2)",
        )
        .bind(user_id)
        .bind(organization_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Records a new project.
pub async fn insert_project(conn: Conn<'_>, row: &ProjectRow) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO projects (id, organization_id, name, description, overlap, lease_seconds, created_by,
                                   created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(row.id)
        .bind(row.organization_id)
        .bind(&row.name)
        .bind(&row.description)
        .bind(row.overlap)
        .bind(row.lease_seconds)
        .bind(row.created_by)
        .bind(row.created_at)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// A project of an organization, as stored.
pub async fn find_project_row(
    conn: Conn<'_>,
    organization_id: Id,
    project_id: Id,
) -> Result<Option<ProjectRow>> {
    let sql = format!(
        "SELECT {PROJECT_COLUMNS} FROM projects p WHERE p.id = $1 AND p.organization_id = $2"
    );
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(project_id)
            .bind(organization_id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Writes a project's settings and archive time as `row` holds them.
pub async fn update_project(conn: Conn<'_>, row: &ProjectRow) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE projects SET name = $1, description = $2, overlap = $3, lease_seconds = $4,
                                 archived_at = $5, updated_at = $6, show_predictions = $7
             WHERE id = $8",
        )
        .bind(&row.name)
        .bind(&row.description)
        .bind(row.overlap)
        .bind(row.lease_seconds)
        .bind(row.archived_at)
        .bind(row.updated_at)
        .bind(row.show_predictions)
        .bind(row.id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// How many items and annotations a project holds.
pub async fn count_items_and_annotations(conn: Conn<'_>, project_id: Id) -> Result<(i64, i64)> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM items WHERE project_id = $1),
                    (SELECT COUNT(*) FROM annotations WHERE project_id = $1)",
        )
        .bind(project_id)
        .fetch_one(conn)
        .await?
    }))
}

/// Deletes a project of an organization; the database cascades to everything in it.
pub async fn delete_project(conn: Conn<'_>, organization_id: Id, project_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM projects WHERE id = $1 AND organization_id = $2")
            .bind(project_id)
            .bind(organization_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Assigns a user to a project; a unique violation when assigned already.
pub async fn insert_project_member(
    conn: Conn<'_>,
    organization_id: Id,
    project_id: Id,
    user_id: Id,
    seq: Id,
    now: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO project_members (project_id, user_id, seq, created_at, organization_id)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(project_id)
        .bind(user_id)
        .bind(seq)
        .bind(now)
        .bind(organization_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Unassigns a user from a project; whether they were assigned.
pub async fn delete_project_member(conn: Conn<'_>, project_id: Id, user_id: Id) -> Result<bool> {
    let removed = with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM project_members WHERE project_id = $1 AND user_id = $2")
            .bind(project_id)
            .bind(user_id)
            .execute(conn)
            .await?
            .rows_affected()
    });
    Ok(removed > 0)
}
