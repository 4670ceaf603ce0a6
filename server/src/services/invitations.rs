//! Inviting people by email, revoking invitations, accepting them.

use labelwell_transport::{CreateInvitationRequest, CreatedInvitation, Organization, Role};
use serde_json::json;
use time::Duration;

use super::audit::{self, AuditRecord};
use super::validation::{self, Checks};
use crate::authz::{AccountPermit, InOrganization, OrgPermit, Policy, Scope, perm};
use crate::db::OrConflict;
use crate::db::invitations::InvitationRow;
use crate::db::types::DbRole;
use crate::db::users::normalize_email;
use crate::db::{Db, Id, Ts, Tx, with_tx};
use crate::error::{Error, Result};
use crate::secrets::{self, INVITATION_PREFIX};

/// How long an invitation lasts when the request names no duration.
pub const DEFAULT_INVITATION_DAYS: u32 = 7;
/// The longest an invitation may last.
pub use labelwell_transport::limits::MAX_INVITATION_DAYS;

/// Invites an email to the permit's organization with a role. The answer holds
/// the invitation token, which only the invited email can use, once.
pub async fn create_invitation(
    db: &Db,
    permit: &OrgPermit<perm::InvitationCreate>,
    request: CreateInvitationRequest,
) -> Result<CreatedInvitation> {
    let mut checks = Checks::new();
    checks
        .check(validation::email("email", &request.email))
        .check(validation::days(
            "expires_in_days",
            request.expires_in_days,
            MAX_INVITATION_DAYS,
        ));
    checks.finish()?;
    permit.ensure_can_grant(request.role)?;
    let email = request.email.trim().to_owned();
    let email_normalized = normalize_email(&email);
    let now = Ts::now();
    let days = request.expires_in_days.unwrap_or(DEFAULT_INVITATION_DAYS);
    let row = InvitationRow {
        id: Id::new(),
        organization_id: permit.organization_id(),
        email,
        role: DbRole(request.role),
        invited_by: Some(permit.user_id()),
        created_at: now,
        expires_at: now + Duration::days(i64::from(days)),
        accepted_at: None,
        revoked_at: None,
    };
    let token = secrets::generate_secret(INVITATION_PREFIX);

    let mut tx = db.begin().await?;
    tx.lock_organization(permit.organization_id()).await?;
    let (members, pending): (i64, i64) = with_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT
                 (SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
                  WHERE m.organization_id = $1 AND u.email_normalized = $2),
                 (SELECT COUNT(*) FROM invitations
                  WHERE organization_id = $1 AND email_normalized = $2
                    AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3)",
        )
        .bind(permit.organization_id())
        .bind(&email_normalized)
        .bind(now)
        .fetch_one(conn)
        .await?
    });
    if members > 0 {
        return Err(Error::conflict(
            "already_member",
            "an account with this email is already a member (or added and yet to accept)",
        ));
    }
    if pending > 0 {
        return Err(Error::conflict(
            "invitation_pending",
            "this email already has a pending invitation; revoke it to invite again",
        ));
    }
    with_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO invitations
                 (id, organization_id, email, email_normalized, role, token_hash, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(row.id)
        .bind(row.organization_id)
        .bind(&row.email)
        .bind(&email_normalized)
        .bind(row.role)
        .bind(secrets::sha256_hex(&token))
        .bind(row.invited_by)
        .bind(row.created_at)
        .bind(row.expires_at)
        .execute(conn)
        .await?;
    });
    let record = AuditRecord {
        action: "invitation.created",
        target_type: "invitation",
        target_id: Some(row.id),
        details: json!({ "email": row.email, "role": row.role.0 }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(CreatedInvitation {
        invitation: row.into_invitation(now),
        token,
    })
}

/// Revokes a pending invitation; with scope `own`, only one the caller made.
pub async fn revoke_invitation(
    db: &Db,
    permit: &OrgPermit<perm::InvitationRevoke>,
    invitation_id: Id,
) -> Result<()> {
    let now = Ts::now();
    let mut tx = db.begin().await?;
    let row: Option<InvitationRow> = with_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT id, organization_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at
             FROM invitations WHERE id = $1 AND organization_id = $2",
        )
        .bind(invitation_id)
        .bind(permit.organization_id())
        .fetch_optional(conn)
        .await?
    });
    let row = row
        .filter(|row| permit.scope() == Scope::Any || row.invited_by == Some(permit.user_id()))
        .ok_or(Error::NotFound("invitation"))?;
    if row.accepted_at.is_some() {
        return Err(Error::conflict(
            "invitation_already_accepted",
            "the invitation was accepted already",
        ));
    }
    if row.revoked_at.is_some() {
        return Err(Error::conflict(
            "invitation_already_revoked",
            "the invitation was revoked already",
        ));
    }
    // Only while still pending: an acceptance that committed since the read
    // above wins, and this revocation changes nothing.
    if !revoke_if_pending(&mut tx, invitation_id, now).await? {
        let accepted: Option<Ts> = with_tx!(&mut tx, |conn| {
            sqlx::query_scalar("SELECT accepted_at FROM invitations WHERE id = $1")
                .bind(invitation_id)
                .fetch_one(conn)
                .await?
        });
        return Err(match accepted {
            Some(_) => Error::conflict(
                "invitation_already_accepted",
                "the invitation was accepted already",
            ),
            None => Error::conflict(
                "invitation_already_revoked",
                "the invitation was revoked already",
            ),
        });
    }
    let record = AuditRecord {
        action: "invitation.revoked",
        target_type: "invitation",
        target_id: Some(invitation_id),
        details: json!({ "email": row.email, "role": row.role.0 }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes invitation `id` if it is neither accepted nor revoked; answers
/// whether it did. The condition is checked by the UPDATE itself, so that an
/// acceptance and a revocation of one invitation never both succeed.
async fn revoke_if_pending(tx: &mut Tx, id: Id, now: Ts) -> Result<bool> {
    let revoked = with_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE invitations SET revoked_at = $1
             WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected()
    });
    Ok(revoked == 1)
}

/// Why pending invitations are revoked without anyone revoking them.
#[derive(Debug, Clone, Copy)]
pub enum InviterChange {
    /// Their inviter was removed from the organization.
    Removed,
    /// Their inviter's role changed to this one.
    RoleChanged(Role),
}

/// Revokes the pending invitations that `inviter` made in the permit's
/// organization and could no longer make after `change`: all of them when
/// removed, those of a role the new role cannot invite with when re-roled.
/// Each is audited as revoked, by the permit's caller, with the reason.
pub(super) async fn revoke_invitations_of_inviter(
    tx: &mut Tx,
    permit: &OrgPermit<impl InOrganization>,
    inviter: Id,
    change: InviterChange,
) -> Result<()> {
    let now = Ts::now();
    let pending: Vec<(Id, String, DbRole)> = with_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT id, email, role FROM invitations
             WHERE organization_id = $1 AND invited_by = $2
               AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3
             ORDER BY id",
        )
        .bind(permit.organization_id())
        .bind(inviter)
        .bind(now)
        .fetch_all(conn)
        .await?
    });
    let reason = match change {
        InviterChange::Removed => "inviter_removed",
        InviterChange::RoleChanged(_) => "inviter_role_changed",
    };
    for (id, email, role) in pending {
        if let InviterChange::RoleChanged(new_role) = change
            && permit.policy().may_invite(new_role, role.0)
        {
            continue;
        }
        if !revoke_if_pending(tx, id, now).await? {
            continue;
        }
        let record = AuditRecord {
            action: "invitation.revoked",
            target_type: "invitation",
            target_id: Some(id),
            details: json!({ "email": email, "role": role.0, "reason": reason, "invited_by": inviter.0 }),
        };
        audit::record(tx, permit, record).await?;
    }
    Ok(())
}

/// Accepts an invitation for the caller: they join its organization with its role.
pub async fn accept_invitation(
    db: &Db,
    policy: &Policy,
    permit: &AccountPermit<perm::InvitationAccept>,
    token: &str,
) -> Result<Organization> {
    let mut checks = Checks::new();
    checks.check(validation::token("token", token));
    checks.finish()?;
    let mut tx = db.begin().await?;
    let email: Option<String> = with_tx!(&mut tx, |conn| {
        sqlx::query_scalar("SELECT email_normalized FROM users WHERE id = $1")
            .bind(permit.user_id())
            .fetch_optional(conn)
            .await?
    });
    let email = email.ok_or(Error::Unauthenticated("the account no longer exists"))?;
    let organization = accept_in(&mut tx, policy, token, permit.user_id(), &email).await?;
    tx.commit().await?;
    Ok(organization)
}

/// Accepts an invitation for `user_id` inside `tx`; shared by signup and accept.
/// The inviter must still be a member whose role could make the invitation
/// now: one made by someone since removed or demoted admits nobody.
pub(super) async fn accept_in(
    tx: &mut Tx,
    policy: &Policy,
    token: &str,
    user_id: Id,
    email_normalized: &str,
) -> Result<Organization> {
    let now = Ts::now();
    let invitation: Option<(InvitationRow, String)> = with_tx!(&mut *tx, |conn| {
        sqlx::query_as::<_, InvitationRow>(
            "SELECT id, organization_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at
             FROM invitations WHERE token_hash = $1",
        )
        .bind(secrets::sha256_hex(token))
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| {
            let normalized = normalize_email(&row.email);
            (row, normalized)
        })
    });
    let not_found = || Error::NotFound("invitation");
    let (row, invited_email) = invitation.ok_or_else(not_found)?;
    if row.revoked_at.is_some() {
        return Err(not_found());
    }
    if row.accepted_at.is_some() {
        return Err(Error::conflict(
            "invitation_already_accepted",
            "the invitation was accepted already",
        ));
    }
    if row.expires_at <= now {
        return Err(Error::Gone {
            code: "invitation_expired",
            detail: "the invitation has expired".to_owned(),
        });
    }
    if invited_email != email_normalized {
        return Err(Error::forbidden(
            "invitation_for_another_email",
            "the invitation is for another email address than this account's",
        ));
    }
    let inviter_role: Option<DbRole> = match row.invited_by {
        Some(inviter) => with_tx!(&mut *tx, |conn| {
            sqlx::query_scalar(
                "SELECT role FROM memberships
                 WHERE organization_id = $1 AND user_id = $2 AND accepted_at IS NOT NULL",
            )
            .bind(row.organization_id)
            .bind(inviter)
            .fetch_optional(conn)
            .await?
        }),
        None => None,
    };
    if !inviter_role.is_some_and(|inviter| policy.may_invite(inviter.0, row.role.0)) {
        return Err(Error::Gone {
            code: "invitation_withdrawn",
            detail: format!(
                "whoever sent the invitation can no longer invite with the {} role",
                row.role.0
            ),
        });
    }
    let joined = with_tx!(&mut *tx, |conn| {
        // Only while still pending: a revocation or another acceptance that
        // committed since the read above wins, and this one changes nothing.
        let claimed = sqlx::query(
            "UPDATE invitations SET accepted_at = $1, accepted_by = $2
             WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(row.id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if claimed == 0 {
            let revoked: Option<Ts> =
                sqlx::query_scalar("SELECT revoked_at FROM invitations WHERE id = $1")
                    .bind(row.id)
                    .fetch_one(&mut *conn)
                    .await?;
            return Err(match revoked {
                Some(_) => not_found(),
                None => Error::conflict(
                    "invitation_already_accepted",
                    "the invitation was accepted already",
                ),
            });
        }
        sqlx::query(
            "INSERT INTO memberships (organization_id, user_id, role, seq, created_at, updated_at, accepted_at, added_by)
             VALUES ($1, $2, $3, $4, $5, $5, $5, $6)",
        )
        .bind(row.organization_id)
        .bind(user_id)
        .bind(row.role)
        .bind(Id::new())
        .bind(now)
        .bind(row.invited_by)
        .execute(&mut *conn)
        .await
        .map(|_| ())
    });
    joined.or_conflict(
        "already_member",
        "you are already a member of this organization",
    )?;
    let organization: (String, Ts, Ts) = with_tx!(&mut *tx, |conn| {
        sqlx::query_as("SELECT name, created_at, updated_at FROM organizations WHERE id = $1")
            .bind(row.organization_id)
            .fetch_one(conn)
            .await?
    });
    let record = AuditRecord {
        action: "invitation.accepted",
        target_type: "member",
        target_id: Some(user_id),
        details: json!({ "invitation_id": row.id.0, "role": row.role.0 }),
    };
    audit::record_for(tx, row.organization_id, user_id, record).await?;
    let (name, created_at, updated_at) = organization;
    Ok(Organization {
        id: row.organization_id.0,
        name,
        role: row.role.0,
        created_at: created_at.get(),
        updated_at: updated_at.get(),
    })
}
