//! The access query: what the policy needs to know about the caller and the
//! resource a path names, read from the database on every request (memberships
//! are never copied into Casbin, so several server instances always agree).
//! Written once, here, for sessions and tokens alike.

use labelwell_transport::Role;

use super::permit::ProjectRef;
use crate::db::types::DbRole;
use crate::db::{Db, Id, PathRow, Tenancy, with_conn};
use crate::error::Result;
use crate::repositories;

/// What names a project in a path: the project itself, or one of its items or
/// annotations.
#[derive(Debug, Clone, Copy)]
pub enum ProjectKey {
    /// `{project_id}`.
    Project(Id),
    /// `{item_id}`.
    Item(Id),
    /// `{annotation_id}`.
    Annotation(Id),
}

impl ProjectKey {
    /// The id the key holds.
    fn id(self) -> Id {
        match self {
            ProjectKey::Project(id) | ProjectKey::Item(id) | ProjectKey::Annotation(id) => id,
        }
    }

    /// The row the key names, whose organization the access query's
    /// transaction is opened for.
    fn row(self) -> PathRow {
        match self {
            ProjectKey::Project(id) => PathRow::Project(id),
            ProjectKey::Item(id) => PathRow::Item(id),
            ProjectKey::Annotation(id) => PathRow::Annotation(id),
        }
    }

    /// The tables that lead to the project `p` the key names, and the column
    /// that equals the key's id.
    fn source(self) -> (&'static str, &'static str) {
        match self {
            ProjectKey::Project(_) => ("projects p", "p.id"),
            ProjectKey::Item(_) => ("(items k JOIN projects p ON p.id = k.project_id)", "k.id"),
            ProjectKey::Annotation(_) => (
                "(annotations k JOIN projects p ON p.id = k.project_id)",
                "k.id",
            ),
        }
    }
}

/// A project a path names, with the caller's standing in its organization.
#[derive(Debug, Clone)]
pub struct ProjectAccess {
    /// The project.
    pub project: ProjectRef,
    /// The caller's role in the project's organization; `None` when not a member.
    pub role: Option<Role>,
    /// Whether the caller is assigned to the project.
    pub assigned: bool,
}

#[derive(sqlx::FromRow)]
struct ProjectAccessRow {
    id: Id,
    organization_id: Id,
    created_by: Option<Id>,
    archived: bool,
    role: Option<DbRole>,
    assigned: bool,
}

/// The role of `user_id` in `organization_id`; `None` when not a member, or
/// while the membership is pending (it gives no access until accepted).
pub async fn organization_role(db: &Db, organization_id: Id, user_id: Id) -> Result<Option<Role>> {
    let mut tx = db.read(Tenancy::Organization(organization_id)).await?;
    repositories::members::find_role(tx.conn(), organization_id, user_id).await
}

/// The project `key` names, the role of `user_id` in its organization (from
/// an accepted membership only) and whether they are assigned to it, in one
/// query; `None` when no such project.
pub async fn project_access(
    db: &Db,
    key: ProjectKey,
    user_id: Id,
) -> Result<Option<ProjectAccess>> {
    let (from, key_column) = key.source();
    let sql = format!(
        "SELECT p.id, p.organization_id, p.created_by, p.archived_at IS NOT NULL AS archived, m.role,
                EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $2) AS assigned
         FROM {from}
         LEFT JOIN memberships m ON m.organization_id = p.organization_id AND m.user_id = $2
             AND m.accepted_at IS NOT NULL
         WHERE {key_column} = $1"
    );
    // Row-level security shows the transaction the organization of the row
    // the key names, and nothing when there is no such row.
    let mut tx = db.read(Tenancy::OrganizationOfRow(key.row())).await?;
    let row: Option<ProjectAccessRow> = with_conn!(tx.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(key.id())
            .bind(user_id)
            .fetch_optional(conn)
            .await?
    });
    Ok(row.map(|row| ProjectAccess {
        project: ProjectRef {
            id: row.id,
            organization_id: row.organization_id,
            created_by: row.created_by,
            archived: row.archived,
        },
        role: row.role.map(|role| role.0),
        assigned: row.assigned,
    }))
}
