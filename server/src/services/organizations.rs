//! Creating, renaming and deleting organizations.

use labelwell_transport::{
    CreateOrganizationRequest, Organization, Role, UpdateOrganizationRequest,
};
use serde_json::json;

use super::audit::{self, AuditRecord};
use super::validation::{self, Checks};
use crate::authz::{AccountPermit, OrgPermit, perm};
use crate::db::types::DbRole;
use crate::db::{Db, Id, Ts, with_tx};
use crate::error::{Error, Result};

/// Creates an organization; the caller becomes its owner.
pub async fn create_organization(
    db: &Db,
    permit: &AccountPermit<perm::OrganizationCreate>,
    request: CreateOrganizationRequest,
) -> Result<Organization> {
    let mut checks = Checks::new();
    checks.check(validation::name("name", &request.name));
    checks.finish()?;
    let now = Ts::now();
    let id = Id::new();
    let name = request.name.trim().to_owned();

    let mut tx = db.begin().await?;
    with_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(id)
        .bind(&name)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO memberships (organization_id, user_id, role, seq, created_at, updated_at, accepted_at)
             VALUES ($1, $2, $3, $4, $5, $5, $5)",
        )
        .bind(id)
        .bind(permit.user_id())
        .bind(DbRole(Role::Owner))
        .bind(Id::new())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    });
    let record = AuditRecord {
        action: "organization.created",
        target_type: "organization",
        target_id: Some(id),
        details: json!({ "name": name }),
    };
    audit::record_for(&mut tx, id, permit.user_id(), record).await?;
    tx.commit().await?;
    Ok(Organization {
        id: id.0,
        name,
        role: Role::Owner,
        created_at: now.get(),
        updated_at: now.get(),
    })
}

/// Renames the permit's organization.
pub async fn rename_organization(
    db: &Db,
    permit: &OrgPermit<perm::OrganizationUpdate>,
    request: UpdateOrganizationRequest,
) -> Result<Organization> {
    let mut checks = Checks::new();
    checks.check(validation::name("name", &request.name));
    checks.finish()?;
    let name = request.name.trim().to_owned();
    let now = Ts::now();

    let mut tx = db.begin().await?;
    let previous: Option<(String, Ts)> = with_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT name, created_at FROM organizations WHERE id = $1")
            .bind(permit.organization_id())
            .fetch_optional(&mut *conn)
            .await?
    });
    let (previous_name, created_at) = previous.ok_or(Error::NotFound("organization"))?;
    if previous_name == name {
        drop(tx);
        return crate::repositories::organizations::find_organization(db, permit).await;
    }
    with_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE organizations SET name = $1, updated_at = $2 WHERE id = $3")
            .bind(&name)
            .bind(now)
            .bind(permit.organization_id())
            .execute(conn)
            .await?;
    });
    let record = AuditRecord {
        action: "organization.renamed",
        target_type: "organization",
        target_id: Some(permit.organization_id()),
        details: json!({ "from": previous_name, "to": name }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(Organization {
        id: permit.organization_id().0,
        name,
        role: permit.role(),
        created_at: created_at.get(),
        updated_at: now.get(),
    })
}

/// Deletes the permit's organization with everything in it: members,
/// invitations, tokens bound to it, projects and their data, its audit log.
pub async fn delete_organization(
    db: &Db,
    permit: &OrgPermit<perm::OrganizationDelete>,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let deleted = with_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM organizations WHERE id = $1")
            .bind(permit.organization_id())
            .execute(conn)
            .await?
            .rows_affected()
    });
    if deleted == 0 {
        return Err(Error::NotFound("organization"));
    }
    tx.commit().await?;
    tracing::info!(organization_id = %permit.organization_id().0, user_id = %permit.user_id().0, "organization deleted");
    Ok(())
}
