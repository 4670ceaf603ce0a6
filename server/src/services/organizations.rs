//! Creating, renaming and deleting organizations.

use labelwell_transport::{
    CreateOrganizationRequest, Organization, Role, UpdateOrganizationRequest,
};
use serde_json::json;

use super::audit::{self, AuditRecord};
use super::validation::{self, Checks};
use crate::authz::{AccountPermit, OrgPermit, Policy, perm};
use crate::db::{Db, Id, Tenancy, Ts};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::members::NewMembership;

/// Creates an organization; the caller becomes its owner.
pub async fn create_organization(
    db: &Db,
    policy: &Policy,
    permit: &AccountPermit<perm::OrganizationCreate>,
    request: CreateOrganizationRequest,
) -> Result<Organization> {
    let mut checks = Checks::new();
    checks.check(validation::name("name", &request.name));
    checks.finish()?;
    let now = Ts::now();
    let id = Id::new();
    let name = request.name.trim().to_owned();

    let mut tx = db.begin(Tenancy::Organization(id)).await?;
    repositories::organizations::insert_organization(tx.conn(), id, &name, now).await?;
    let owner = NewMembership {
        organization_id: id,
        user_id: permit.user_id(),
        role: Role::Owner,
        added_by: None,
        accepted: true,
        created_at: now,
    };
    repositories::members::insert_membership(tx.conn(), &owner).await?;
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
        grantable_roles: policy.grantable_roles(Role::Owner),
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

    let mut tx = db.begin(permit.tenancy()).await?;
    let previous =
        repositories::organizations::find_organization_row(tx.conn(), permit.organization_id())
            .await?
            .ok_or(Error::NotFound("organization"))?;
    if previous.name == name {
        drop(tx);
        return repositories::organizations::find_organization(db, permit).await;
    }
    repositories::organizations::rename_organization(
        tx.conn(),
        permit.organization_id(),
        &name,
        now,
    )
    .await?;
    let record = AuditRecord {
        action: "organization.renamed",
        target_type: "organization",
        target_id: Some(permit.organization_id()),
        details: json!({ "from": previous.name, "to": name }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(Organization {
        id: permit.organization_id().0,
        name,
        role: permit.role(),
        grantable_roles: permit.policy().grantable_roles(permit.role()),
        created_at: previous.created_at.get(),
        updated_at: now.get(),
    })
}

/// Deletes the permit's organization with everything in it: members,
/// invitations, tokens bound to it, projects and their data, its audit log.
pub async fn delete_organization(
    db: &Db,
    permit: &OrgPermit<perm::OrganizationDelete>,
) -> Result<()> {
    let mut tx = db.begin(permit.tenancy()).await?;
    if !repositories::organizations::delete_organization(tx.conn(), permit.organization_id())
        .await?
    {
        return Err(Error::NotFound("organization"));
    }
    tx.commit().await?;
    tracing::info!(organization_id = %permit.organization_id().0, user_id = %permit.user_id().0, "organization deleted");
    Ok(())
}
