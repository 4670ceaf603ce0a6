//! Adding members, changing their roles, removing them.
//!
//! Invariants: an organization always keeps an owner; nobody changes their own
//! role; changing or removing a member needs the grant of both the member's
//! current role and (for a change) the new one, so admins manage only roles
//! below admin and managers only reviewers and annotators. A member's pending
//! invitations go when they are removed, and those their new role could not
//! make when they are re-roled.

use labelwell_transport::{AddMemberRequest, Member, Role, UpdateMemberRequest};
use serde_json::json;

use super::audit::{self, AuditRecord};
use super::invitations::{self, InviterChange};
use super::validation::{self, Checks};
use crate::authz::{InOrganization, OrgPermit, perm};
use crate::db::Db;
use crate::db::OrConflict;
use crate::db::types::DbRole;
use crate::db::users::{UserRow, normalize_email};
use crate::db::{Id, Ts, Tx, with_tx};
use crate::error::{Error, Result};

/// Adds an existing account to the permit's organization with a role.
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
            "INSERT INTO memberships (organization_id, user_id, role, seq, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(permit.organization_id())
        .bind(user.id)
        .bind(DbRole(request.role))
        .bind(Id::new())
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    });
    inserted.or_conflict("already_member", "this account is already a member")?;
    let record = AuditRecord {
        action: "member.added",
        target_type: "member",
        target_id: Some(user.id),
        details: json!({ "email": user.email, "role": request.role }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(Member {
        user_id: user.id.0,
        name: user.name,
        email: Some(user.email),
        role: request.role,
        joined_at: now.get(),
    })
}

/// Changes a member's role.
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
    let current = role_of(&mut tx, permit, user_id).await?;
    permit.ensure_can_grant(current)?;
    permit.ensure_can_grant(request.role)?;
    if current == request.role {
        drop(tx);
        let member = crate::repositories::members::find_member(db, permit, user_id).await?;
        return member.ok_or(Error::NotFound("member"));
    }
    if current == Role::Owner && request.role != Role::Owner {
        ensure_another_owner(&mut tx, permit).await?;
    }
    let now = Ts::now();
    let member: Option<(String, String, Ts)> = with_tx!(&mut tx, |conn| {
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
            "SELECT u.name, u.email, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1 AND m.user_id = $2",
        )
        .bind(permit.organization_id())
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?
    });
    let (name, email, joined_at) = member.ok_or(Error::NotFound("member"))?;
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
        joined_at: joined_at.get(),
    })
}

/// Removes a member from the permit's organization.
pub async fn remove_member(
    db: &Db,
    permit: &OrgPermit<perm::MemberRemove>,
    user_id: Id,
) -> Result<()> {
    let mut tx = db.begin().await?;
    tx.lock_organization(permit.organization_id()).await?;
    let current = role_of(&mut tx, permit, user_id).await?;
    permit.ensure_can_grant(current)?;
    if current == Role::Owner {
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
        details: json!({ "role": current }),
    };
    audit::record(&mut tx, permit, record).await?;
    invitations::revoke_invitations_of_inviter(&mut tx, permit, user_id, InviterChange::Removed)
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn role_of(
    tx: &mut Tx,
    permit: &OrgPermit<impl InOrganization>,
    user_id: Id,
) -> Result<Role> {
    let role: Option<DbRole> = with_tx!(tx, |conn| {
        sqlx::query_scalar(
            "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(permit.organization_id())
        .bind(user_id)
        .fetch_optional(conn)
        .await?
    });
    role.map(|role| role.0).ok_or(Error::NotFound("member"))
}

/// Fails with 409 when the organization has a single owner: it must keep one.
async fn ensure_another_owner(tx: &mut Tx, permit: &OrgPermit<impl InOrganization>) -> Result<()> {
    let owners: i64 = with_tx!(tx, |conn| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = $2",
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
