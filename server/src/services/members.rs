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
use crate::db::Db;
use crate::db::OrConflict;
use crate::db::types::DbRole;
use crate::db::users::{UserRow, normalize_email};
use crate::db::{Id, Ts, Tx, with_tx};
use crate::error::{Error, Result};

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

    let mut tx = db.begin().await?;
    let user: Option<UserRow> = with_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT id, email, name, password_hash, created_at FROM users WHERE email_normalized = $1")
            .bind(normalize_email(&request.email))
            .fetch_optional(conn)
            .await?
    });
    let user = user.ok_or_else(|| {
        Error::invalid(
            "email",
            "unknown_account",
            "no account has this email; invite it instead",
        )
    })?;
    let inserted = with_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO memberships (organization_id, user_id, role, seq, created_at, updated_at, added_by)
             VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(permit.organization_id())
        .bind(user.id)
        .bind(DbRole(request.role))
        .bind(Id::new())
        .bind(now)
        .bind(permit.user_id())
        .execute(conn)
        .await
        .map(|_| ())
    });
    inserted.or_conflict("already_member", "this account is already a member")?;
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
    let mut tx = db.begin().await?;
    tx.lock_organization(permit.organization_id()).await?;
    let (current, status) = membership_of(&mut tx, permit, user_id).await?;
    permit.ensure_can_grant(current)?;
    permit.ensure_can_grant(request.role)?;
    if status == MemberStatus::Pending {
        return Err(Error::conflict(
            "member_pending",
            "the account has not accepted the membership yet; remove it and add the account again with the other role",
        ));
    }
    if current == request.role {
        drop(tx);
        let member = crate::repositories::members::find_member(db, permit, user_id).await?;
        return member.ok_or(Error::NotFound("member"));
    }
    if current == Role::Owner && request.role != Role::Owner {
        ensure_another_owner(&mut tx, permit).await?;
    }
    let now = Ts::now();
    let member: Option<(String, String, Option<Ts>)> = with_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE memberships SET role = $1, updated_at = $2 WHERE organization_id = $3 AND user_id = $4",
        )
        .bind(DbRole(request.role))
        .bind(now)
        .bind(permit.organization_id())
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query_as(
            "SELECT u.name, u.email, m.accepted_at FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1 AND m.user_id = $2",
        )
        .bind(permit.organization_id())
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?
    });
    let (name, email, accepted_at) = member.ok_or(Error::NotFound("member"))?;
    let joined_at = accepted_at.ok_or(Error::NotFound("member"))?;
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
    Ok(Member {
        user_id: user_id.0,
        name,
        email: Some(email),
        role: request.role,
        status: MemberStatus::Active,
        joined_at: joined_at.get(),
    })
}

/// Removes a member from the permit's organization; for a pending member,
/// cancels the membership.
pub async fn remove_member(
    db: &Db,
    permit: &OrgPermit<perm::MemberRemove>,
    user_id: Id,
) -> Result<()> {
    let mut tx = db.begin().await?;
    tx.lock_organization(permit.organization_id()).await?;
    let (current, status) = membership_of(&mut tx, permit, user_id).await?;
    permit.ensure_can_grant(current)?;
    if status == MemberStatus::Active && current == Role::Owner {
        ensure_another_owner(&mut tx, permit).await?;
    }
    with_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2")
            .bind(permit.organization_id())
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
        // Their assignments and leases (of items, of annotations to review) in
        // this organization's projects go too; their annotations stay, as the
        // organization's data.
        sqlx::query(
            "DELETE FROM project_members WHERE user_id = $1
             AND project_id IN (SELECT id FROM projects WHERE organization_id = $2)",
        )
        .bind(user_id)
        .bind(permit.organization_id())
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "DELETE FROM leases WHERE annotator_id = $1
             AND project_id IN (SELECT id FROM projects WHERE organization_id = $2)",
        )
        .bind(user_id)
        .bind(permit.organization_id())
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "DELETE FROM review_leases WHERE reviewer_id = $1
             AND project_id IN (SELECT id FROM projects WHERE organization_id = $2)",
        )
        .bind(user_id)
        .bind(permit.organization_id())
        .execute(&mut *conn)
        .await?;
    });
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
    let membership: Option<(DbRole, Option<Ts>)> = with_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT role, accepted_at FROM memberships WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(permit.organization_id())
        .bind(user_id)
        .fetch_optional(conn)
        .await?
    });
    let (role, accepted_at) = membership.ok_or(Error::NotFound("member"))?;
    let status = match accepted_at {
        Some(_) => MemberStatus::Active,
        None => MemberStatus::Pending,
    };
    Ok((role.0, status))
}

/// Fails with 409 when the organization has a single active owner: it must
/// keep one (a pending owner is not one yet).
async fn ensure_another_owner(tx: &mut Tx, permit: &OrgPermit<impl InOrganization>) -> Result<()> {
    let owners: i64 = with_tx!(tx, |conn| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships
             WHERE organization_id = $1 AND role = $2 AND accepted_at IS NOT NULL",
        )
        .bind(permit.organization_id())
        .bind(DbRole(Role::Owner))
        .fetch_one(conn)
        .await?
    });
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
    let mut tx = db.begin().await?;
    tx.lock_organization(organization_id).await?;
    let (role, added_by) = pending_membership_of(&mut tx, permit, organization_id).await?;
    let adder_role: Option<DbRole> = match added_by {
        Some(adder) => with_tx!(&mut tx, |conn| {
            sqlx::query_scalar(
                "SELECT role FROM memberships
                 WHERE organization_id = $1 AND user_id = $2 AND accepted_at IS NOT NULL",
            )
            .bind(organization_id)
            .bind(adder)
            .fetch_optional(conn)
            .await?
        }),
        None => None,
    };
    if !adder_role.is_some_and(|adder| policy.may_add_member(adder.0, role)) {
        return Err(Error::Gone {
            code: "membership_withdrawn",
            detail: format!(
                "whoever added you can no longer add members with the {role} role; decline the membership"
            ),
        });
    }
    let organization: (String, Ts, Ts) = with_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE memberships SET accepted_at = $1, updated_at = $1
             WHERE organization_id = $2 AND user_id = $3 AND accepted_at IS NULL",
        )
        .bind(now)
        .bind(organization_id)
        .bind(permit.user_id())
        .execute(&mut *conn)
        .await?;
        sqlx::query_as("SELECT name, created_at, updated_at FROM organizations WHERE id = $1")
            .bind(organization_id)
            .fetch_one(&mut *conn)
            .await?
    });
    let record = AuditRecord {
        action: "member.accepted",
        target_type: "member",
        target_id: Some(permit.user_id()),
        details: json!({ "role": role, "added_by": added_by.map(|id| id.0) }),
    };
    audit::record_for(&mut tx, organization_id, permit.user_id(), record).await?;
    tx.commit().await?;
    let (name, created_at, updated_at) = organization;
    Ok(Organization {
        id: organization_id.0,
        name,
        role,
        created_at: created_at.get(),
        updated_at: updated_at.get(),
    })
}

/// Declines the caller's pending membership of `organization_id`: it is gone,
/// and the organization may add the account again.
pub async fn decline_membership(
    db: &Db,
    permit: &AccountPermit<perm::PendingMembershipDecline>,
    organization_id: Id,
) -> Result<()> {
    let mut tx = db.begin().await?;
    tx.lock_organization(organization_id).await?;
    let (role, added_by) = pending_membership_of(&mut tx, permit, organization_id).await?;
    with_tx!(&mut tx, |conn| {
        sqlx::query(
            "DELETE FROM memberships
             WHERE organization_id = $1 AND user_id = $2 AND accepted_at IS NULL",
        )
        .bind(organization_id)
        .bind(permit.user_id())
        .execute(conn)
        .await?;
    });
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

/// The role and adder of the caller's pending membership of
/// `organization_id`: 404 when there is none, 409 when it is accepted already.
async fn pending_membership_of<P: OnAccount>(
    tx: &mut Tx,
    permit: &AccountPermit<P>,
    organization_id: Id,
) -> Result<(Role, Option<Id>)> {
    let membership: Option<(DbRole, Option<Id>, Option<Ts>)> = with_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT role, added_by, accepted_at FROM memberships
             WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(organization_id)
        .bind(permit.user_id())
        .fetch_optional(conn)
        .await?
    });
    match membership {
        None => Err(Error::NotFound("pending membership")),
        Some((_, _, Some(_))) => Err(Error::conflict(
            "already_member",
            "you are a member of this organization already",
        )),
        Some((role, added_by, None)) => Ok((role.0, added_by)),
    }
}
