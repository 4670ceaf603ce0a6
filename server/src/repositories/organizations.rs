//! Organizations: read through the caller's membership, and the statements
//! that create, rename and delete them.

use labelwell_transport::Organization;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{AccountPermit, InOrganization, OrgPermit, Policy, perm};
use crate::db::organizations::OrganizationRow;
use crate::db::types::DbRole;
use crate::db::{Conn, Db, Id, Ts, with_conn};
use crate::error::{Error, Result};

/// An organization joined with the caller's membership.
#[derive(Debug, sqlx::FromRow)]
struct OrganizationOfMemberRow {
    id: Id,
    name: String,
    role: DbRole,
    created_at: Ts,
    updated_at: Ts,
}

fn organization_from_row(row: OrganizationOfMemberRow, policy: &Policy) -> Organization {
    Organization {
        id: row.id.0,
        name: row.name,
        role: row.role.0,
        grantable_roles: policy.grantable_roles(row.role.0),
        created_at: row.created_at.get(),
        updated_at: row.updated_at.get(),
    }
}

/// The organization the permit acts in, as its caller sees it (any member
/// may: every role holds `organization:read`).
pub async fn find_organization(
    db: &Db,
    permit: &OrgPermit<impl InOrganization>,
) -> Result<Organization> {
    let row: Option<OrganizationOfMemberRow> =
        with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
            sqlx::query_as(
                "SELECT o.id, o.name, m.role, o.created_at, o.updated_at
             FROM organizations o JOIN memberships m ON m.organization_id = o.id
             WHERE o.id = $1 AND m.user_id = $2 AND m.accepted_at IS NOT NULL",
            )
            .bind(permit.organization_id())
            .bind(permit.user_id())
            .fetch_optional(conn)
            .await?
        });
    row.map(|row| organization_from_row(row, permit.policy()))
        .ok_or(Error::NotFound("organization"))
}

/// The organizations the caller belongs to, oldest first; only the bound one for
/// an organization-bound token. Pending memberships are not belonging yet.
pub async fn list_organizations_of_caller(
    db: &Db,
    policy: &Policy,
    permit: &AccountPermit<perm::AccountRead>,
    page: &PageRequest,
) -> Result<Page<Organization>> {
    let after: Option<Uuid> = page.after()?;
    let rows: Vec<OrganizationOfMemberRow> =
        with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
            sqlx::query_as(
                "SELECT o.id, o.name, m.role, o.created_at, o.updated_at
             FROM memberships m JOIN organizations o ON o.id = m.organization_id
             WHERE m.user_id = $1 AND m.accepted_at IS NOT NULL
               AND ($2 IS NULL OR o.id = $2)
               AND ($3 IS NULL OR o.id > $3)
             ORDER BY o.id
             LIMIT $4",
            )
            .bind(permit.user_id())
            .bind(permit.caller().bound_organization())
            .bind(after.map(Id))
            .bind(page.fetch_limit())
            .fetch_all(conn)
            .await?
        });
    Ok(page.page(
        rows,
        |row| row.id.0,
        |row| organization_from_row(row, policy),
    ))
}

/// An organization by id, as stored.
pub async fn find_organization_row(conn: Conn<'_>, id: Id) -> Result<Option<OrganizationRow>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as("SELECT id, name, created_at, updated_at FROM organizations WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Records a new organization.
pub async fn insert_organization(conn: Conn<'_>, id: Id, name: &str, now: Ts) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(id)
        .bind(name)
        .bind(now)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Renames an organization.
pub async fn rename_organization(conn: Conn<'_>, id: Id, name: &str, now: Ts) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("UPDATE organizations SET name = $1, updated_at = $2 WHERE id = $3")
            .bind(name)
            .bind(now)
            .bind(id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Deletes an organization (the database cascades to everything in it);
/// whether there was one.
pub async fn delete_organization(conn: Conn<'_>, id: Id) -> Result<bool> {
    let deleted = with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM organizations WHERE id = $1")
            .bind(id)
            .execute(conn)
            .await?
            .rows_affected()
    });
    Ok(deleted > 0)
}
