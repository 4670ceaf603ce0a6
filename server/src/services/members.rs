//! Adding members, changing their roles, removing them; accepting and
//! declining a membership one was added to.
//!
//! Invariants: an organization always keeps an (active) owner; nobody changes
//! their own role; changing or removing a member needs the grant of both the
//! member's current role and (for a change) the new one, so admins manage only
//! roles below admin and managers only reviewers and annotators. A member's
//! pending invitations go when they are removed, and those their new role
//! could not make when they are re-roled.
//!
//! An account added by email is a pending member, with no access, until it
//! accepts: nobody joins an organization without consent. Like an invitation,
//! the membership lasts only as long as whoever added the account could still
//! add it with that role.

use labelwell_transport::{
    AddMemberRequest, Member, MemberStatus, Organization, Role, UpdateMemberRequest,
};
use serde_json::json;

use super::audit::{self, AuditRecord};
use super::invitations::{self, InviterChange};
use super::validation::{self, Checks};
use crate::authz::{AccountPermit, InOrganization, OnAccount, OrgPermit, Policy, perm};
use crate::db::users::normalize_email;
use crate::db::{Db, Id, OrConflict, Tenancy, Ts, Tx};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::members::NewMembership;

/// Adds an existing account to the permit's organization with a role, as a
/// pending member until the account accepts.
pub async fn add_member(
    db: &Db,
    permit: &OrgPermit<perm::MemberAdd>,
    request: AddMemberRequest,
) -> Result<Member> {
    let mut checks = Checks::new();
    checks.check(validation::email("email", &request.email));
    checks.finish()?;
    permit.ensure_can_grant(request.role)?;
    let now = Ts::now();

    let mut tx = db.begin(permit.tenancy()).await?;
    let user = repositories::users::find_user_credentials_by_email(
        tx.conn(),
        &normalize_email(&request.email),
    )
    .await?
    .ok_or_else(|| {
        Error::invalid(
            "email",
            "unknown_account",
            "no account has this email; invite it instead",
        )
    })?;
    let membership = NewMembership {
        organization_id: permit.organization_id(),
        user_id: user.id,
        role: request.role,
        added_by: Some(permit.user_id()),
        accepted: false,
        created_at: now,
    };
    repositories::members::insert_membership(tx.conn(), &membership)
        .await
        .or_conflict("already_member", "this account is already a member")?;
    let record = AuditRecord {
        action: "member.added",
        target_type: "member",
        target_id: Some(user.id),
        details: json!({ "email": user.email, "role": request.role, "status": MemberStatus::Pending }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(Member {
        user_id: user.id.0,
        name: user.name,
        email: Some(user.email),
        role: request.role,
        status: MemberStatus::Pending,
        joined_at: now.get(),
    })
}

/// Changes an active member's role; a pending one's is refused (cancel the
/// membership and add the account again).
pub async fn change_member_role(
    db: &Db,
    permit: &OrgPermit<perm::MemberUpdateRole>,
    user_id: Id,
    request: UpdateMemberRequest,
) -> Result<Member> {
    if user_id == permit.user_id() {
        return Err(Error::forbidden(
            "cannot_change_own_role",
            "nobody can change their own role",
        ));
    }
    let mut tx = db.begin(permit.tenancy()).await?;
    tx.lock_organization(permit.organization_id()).await?;
    let (current, status) = membership_of(&mut tx, permit, user_id).await?;
    ensure_may_change_role(permit, current, status, request.role)?;
    if current == request.role {
        let member =
            repositories::members::find_member(tx.conn(), permit.organization_id(), user_id)
                .await?;
        return member.ok_or(Error::NotFound("member"));
    }
    if current == Role::Owner && request.role != Role::Owner {
        ensure_another_owner(&mut tx, permit).await?;
    }
    let now = Ts::now();
    let organization_id = permit.organization_id();
    repositories::members::update_role(tx.conn(), organization_id, user_id, request.role, now)
        .await?;
    let member = repositories::members::find_member(tx.conn(), organization_id, user_id)
        .await?
        .filter(|member| member.status == MemberStatus::Active)
        .ok_or(Error::NotFound("member"))?;
    let record = AuditRecord {
        action: "member.role_changed",
        target_type: "member",
        target_id: Some(user_id),
        details: json!({ "from": current, "to": request.role }),
    };
    audit::record(&mut tx, permit, record).await?;
    invitations::revoke_invitations_of_inviter(
        &mut tx,
        permit,
        user_id,
        InviterChange::RoleChanged(request.role),
    )
    .await?;
    tx.commit().await?;
    Ok(member)
}

/// Fails unless the caller may grant both the member's role and the new one
/// (403), and the membership is in force (409: a pending one is cancelled and
/// added again instead).
fn ensure_may_change_role(
    permit: &OrgPermit<perm::MemberUpdateRole>,
    current: Role,
    status: MemberStatus,
    new: Role,
) -> Result<()> {
    permit.ensure_can_grant(current)?;
    permit.ensure_can_grant(new)?;
    if status == MemberStatus::Pending {
        return Err(Error::conflict(
            "member_pending",
            "the account has not accepted the membership yet; remove it and add the account again with the other role",
        ));
    }
    Ok(())
}

/// Removes a member from the permit's organization; for a pending member,
/// cancels the membership.
pub async fn remove_member(
    db: &Db,
    permit: &OrgPermit<perm::MemberRemove>,
    user_id: Id,
) -> Result<()> {
    let mut tx = db.begin(permit.tenancy()).await?;
    tx.lock_organization(permit.organization_id()).await?;
    let (current, status) = membership_of(&mut tx, permit, user_id).await?;
    permit.ensure_can_grant(current)?;
    if status == MemberStatus::Active && current == Role::Owner {
        ensure_another_owner(&mut tx, permit).await?;
    }
    let organization_id = permit.organization_id();
    repositories::members::delete_membership(tx.conn(), organization_id, user_id).await?;
    // Their assignments and leases (of items, of annotations to review) in
    // this organization's projects go too; their annotations stay, as the
    // organization's data.
    repositories::projects::unassign_from_organization(tx.conn(), organization_id, user_id).await?;
    repositories::queue::delete_leases_in_organization(tx.conn(), organization_id, user_id).await?;
    repositories::review_queue::delete_leases_in_organization(tx.conn(), organization_id, user_id)
        .await?;
    let record = AuditRecord {
        action: "member.removed",
        target_type: "member",
        target_id: Some(user_id),
        details: json!({ "role": current, "status": status }),
    };
    audit::record(&mut tx, permit, record).await?;
    invitations::revoke_invitations_of_inviter(&mut tx, permit, user_id, InviterChange::Removed)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The role of a member (pending or not) of the permit's organization, and
/// whether the membership is in force.
async fn membership_of(
    tx: &mut Tx,
    permit: &OrgPermit<impl InOrganization>,
    user_id: Id,
) -> Result<(Role, MemberStatus)> {
    let membership =
        repositories::members::find_membership(tx.conn(), permit.organization_id(), user_id)
            .await?
            .ok_or(Error::NotFound("member"))?;
    let (role, accepted_at) = (membership.role, membership.accepted_at);
    let status = match accepted_at {
        Some(_) => MemberStatus::Active,
        None => MemberStatus::Pending,
    };
    Ok((role.0, status))
}

/// Fails with 409 when the organization has a single active owner: it must
/// keep one (a pending owner is not one yet).
async fn ensure_another_owner(tx: &mut Tx, permit: &OrgPermit<impl InOrganization>) -> Result<()> {
    let owners =
        repositories::members::count_active_owners(tx.conn(), permit.organization_id()).await?;
    if owners <= 1 {
        return Err(Error::conflict(
            "last_owner",
            "an organization must keep at least one owner",
        ));
    }
    Ok(())
}

/// Accepts the caller's pending membership of `organization_id`: from now on
/// the caller is a member with its role. Only while whoever added the caller
/// is still an active member whose role may add that role (410
/// `membership_withdrawn` otherwise).
pub async fn accept_membership(
    db: &Db,
    policy: &Policy,
    permit: &AccountPermit<perm::PendingMembershipAccept>,
    organization_id: Id,
) -> Result<Organization> {
    let now = Ts::now();
    let mut tx = db
        .begin(tenancy_of_membership(permit, organization_id))
        .await?;
    tx.lock_organization(organization_id).await?;
    let (role, added_by) = pending_membership_of(&mut tx, permit, organization_id).await?;
    let adder_role = match added_by {
        Some(adder) => repositories::members::find_role(tx.conn(), organization_id, adder).await?,
        None => None,
    };
    if !adder_role.is_some_and(|adder| policy.may_add_member(adder, role)) {
        return Err(Error::Gone {
            code: "membership_withdrawn",
            detail: format!(
                "whoever added you can no longer add members with the {role} role; decline the membership"
            ),
        });
    }
    repositories::members::accept_membership(tx.conn(), organization_id, permit.user_id(), now)
        .await?;
    let organization =
        repositories::organizations::find_organization_row(tx.conn(), organization_id)
            .await?
            .ok_or(Error::NotFound("organization"))?;
    let record = AuditRecord {
        action: "member.accepted",
        target_type: "member",
        target_id: Some(permit.user_id()),
        details: json!({ "role": role, "added_by": added_by.map(|id| id.0) }),
    };
    audit::record_for(&mut tx, organization_id, permit.user_id(), record).await?;
    tx.commit().await?;
    Ok(Organization {
        id: organization_id.0,
        name: organization.name,
        role,
        grantable_roles: policy.grantable_roles(role),
        created_at: organization.created_at.get(),
        updated_at: organization.updated_at.get(),
    })
}

/// Declines the caller's pending membership of `organization_id`: it is gone,
/// and the organization may add the account again.
pub async fn decline_membership(
    db: &Db,
    permit: &AccountPermit<perm::PendingMembershipDecline>,
    organization_id: Id,
) -> Result<()> {
    let mut tx = db
        .begin(tenancy_of_membership(permit, organization_id))
        .await?;
    tx.lock_organization(organization_id).await?;
    let (role, added_by) = pending_membership_of(&mut tx, permit, organization_id).await?;
    repositories::members::delete_pending_membership(tx.conn(), organization_id, permit.user_id())
        .await?;
    let record = AuditRecord {
        action: "member.declined",
        target_type: "member",
        target_id: Some(permit.user_id()),
        details: json!({ "role": role, "added_by": added_by.map(|id| id.0) }),
    };
    audit::record_for(&mut tx, organization_id, permit.user_id(), record).await?;
    tx.commit().await?;
    Ok(())
}

/// What accepting or declining a membership may see: the organization, only
/// when the caller has a membership of it.
fn tenancy_of_membership<P: OnAccount>(permit: &AccountPermit<P>, organization_id: Id) -> Tenancy {
    Tenancy::MembershipOf {
        account: permit.user_id(),
        organization: organization_id,
    }
}

/// The role and adder of the caller's pending membership of
/// `organization_id`: 404 when there is none, 409 when it is accepted already.
async fn pending_membership_of<P: OnAccount>(
    tx: &mut Tx,
    permit: &AccountPermit<P>,
    organization_id: Id,
) -> Result<(Role, Option<Id>)> {
    let membership =
        repositories::members::find_membership(tx.conn(), organization_id, permit.user_id())
            .await?
            .map(|row| (row.role, row.added_by, row.accepted_at));
    match membership {
        None => Err(Error::NotFound("pending membership")),
        Some((_, _, Some(_))) => Err(Error::conflict(
            "already_member",
            "you are a member of this organization already",
        )),
        Some((role, added_by, None)) => Ok((role.0, added_by)),
    }
}
