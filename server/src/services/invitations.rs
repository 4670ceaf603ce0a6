//! Inviting people by email, revoking invitations, accepting them.

use labelwell_transport::{CreateInvitationRequest, CreatedInvitation, Organization, Role};
use serde_json::json;
use time::Duration;

use super::audit::{self, AuditRecord};
use super::validation::{self, Checks};
use crate::authz::{AccountPermit, InOrganization, OrgPermit, Policy, Scope, perm};
use crate::db::invitations::InvitationRow;
use crate::db::types::DbRole;
use crate::db::users::normalize_email;
use crate::db::{Db, Id, OrConflict, Tenancy, Ts, Tx};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::members::NewMembership;
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
    check_invitation(&request)?;
    permit.ensure_can_grant(request.role)?;
    let now = Ts::now();
    let row = new_invitation(permit, request, now);
    let email_normalized = normalize_email(&row.email);
    let token = secrets::generate_secret(INVITATION_PREFIX);

    let mut tx = db.begin(permit.tenancy()).await?;
    tx.lock_organization(permit.organization_id()).await?;
    ensure_neither_member_nor_invited(&mut tx, permit, &email_normalized, now).await?;
    let token_hash = secrets::sha256_hex(&token);
    repositories::invitations::insert_invitation(tx.conn(), &row, &email_normalized, &token_hash)
        .await?;
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

/// The problems of an invitation's email and duration.
fn check_invitation(request: &CreateInvitationRequest) -> Result<()> {
    let mut checks = Checks::new();
    checks
        .check(validation::email("email", &request.email))
        .check(validation::days(
            "expires_in_days",
            request.expires_in_days,
            MAX_INVITATION_DAYS,
        ));
    checks.finish()
}

/// The invitation a request makes, sent by the permit's caller at `now`.
fn new_invitation(
    permit: &OrgPermit<perm::InvitationCreate>,
    request: CreateInvitationRequest,
    now: Ts,
) -> InvitationRow {
    let days = request.expires_in_days.unwrap_or(DEFAULT_INVITATION_DAYS);
    InvitationRow {
        id: Id::new(),
        organization_id: permit.organization_id(),
        email: request.email.trim().to_owned(),
        role: DbRole(request.role),
        invited_by: Some(permit.user_id()),
        created_at: now,
        expires_at: now + Duration::days(i64::from(days)),
        accepted_at: None,
        revoked_at: None,
    }
}

/// Fails with 409 when an account with the email is a member of the permit's
/// organization (or added and yet to accept), or when the email has a pending
/// invitation to it.
async fn ensure_neither_member_nor_invited(
    tx: &mut Tx,
    permit: &OrgPermit<perm::InvitationCreate>,
    email_normalized: &str,
    now: Ts,
) -> Result<()> {
    let (members, pending) = repositories::invitations::count_members_and_pending_invitations(
        tx.conn(),
        permit.organization_id(),
        email_normalized,
        now,
    )
    .await?;
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
    Ok(())
}

/// Revokes a pending invitation; with scope `own`, only one the caller made.
pub async fn revoke_invitation(
    db: &Db,
    permit: &OrgPermit<perm::InvitationRevoke>,
    invitation_id: Id,
) -> Result<()> {
    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    let row = repositories::invitations::find_invitation(
        tx.conn(),
        permit.organization_id(),
        invitation_id,
    )
    .await?;
    let row = row
        .filter(|row| permit.scope() == Scope::Any || row.invited_by == Some(permit.user_id()))
        .ok_or(Error::NotFound("invitation"))?;
    if row.accepted_at.is_some() {
        return Err(already_accepted());
    }
    if row.revoked_at.is_some() {
        return Err(Error::conflict(
            "invitation_already_revoked",
            "the invitation was revoked already",
        ));
    }
    // Only while still pending: an acceptance that committed since the read
    // above wins, and this revocation changes nothing.
    if !repositories::invitations::revoke_if_pending(tx.conn(), invitation_id, now).await? {
        let accepted = repositories::invitations::get_invitation(tx.conn(), invitation_id)
            .await?
            .accepted_at;
        return Err(match accepted {
            Some(_) => already_accepted(),
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
    let pending = repositories::invitations::list_pending_invitations_of_inviter(
        tx.conn(),
        permit.organization_id(),
        inviter,
        now,
    )
    .await?;
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
        if !repositories::invitations::revoke_if_pending(tx.conn(), id, now).await? {
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
    let tenancy = Tenancy::OrganizationOfInvitation(secrets::sha256_hex(token));
    let mut tx = db.begin(tenancy).await?;
    let email = repositories::users::find_normalized_email(tx.conn(), permit.user_id()).await?;
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
    let invitation = usable_invitation(tx, token, email_normalized, now).await?;
    ensure_inviter_may_still_invite(tx, policy, &invitation).await?;
    join(tx, &invitation, user_id, now).await?;
    let organization =
        repositories::organizations::find_organization_row(tx.conn(), invitation.organization_id)
            .await?
            .ok_or(Error::NotFound("organization"))?;
    let record = AuditRecord {
        action: "invitation.accepted",
        target_type: "member",
        target_id: Some(user_id),
        details: json!({ "invitation_id": invitation.id.0, "role": invitation.role.0 }),
    };
    audit::record_for(tx, invitation.organization_id, user_id, record).await?;
    Ok(Organization {
        id: organization.id.0,
        name: organization.name,
        role: invitation.role.0,
        grantable_roles: policy.grantable_roles(invitation.role.0),
        created_at: organization.created_at.get(),
        updated_at: organization.updated_at.get(),
    })
}

/// The invitation `token` names, when the account with `email_normalized`
/// may accept it at `now`: neither revoked (404, as an unknown token), nor
/// accepted (409), nor expired (410), and for this email (403).
async fn usable_invitation(
    tx: &mut Tx,
    token: &str,
    email_normalized: &str,
    now: Ts,
) -> Result<InvitationRow> {
    let token_hash = secrets::sha256_hex(token);
    let row = repositories::invitations::find_invitation_by_token_hash(tx.conn(), &token_hash)
        .await?
        .ok_or(Error::NotFound("invitation"))?;
    if row.revoked_at.is_some() {
        return Err(Error::NotFound("invitation"));
    }
    if row.accepted_at.is_some() {
        return Err(already_accepted());
    }
    if row.expires_at <= now {
        return Err(Error::Gone {
            code: "invitation_expired",
            detail: "the invitation has expired".to_owned(),
        });
    }
    if normalize_email(&row.email) != email_normalized {
        return Err(Error::forbidden(
            "invitation_for_another_email",
            "the invitation is for another email address than this account's",
        ));
    }
    Ok(row)
}

/// Fails with 410 `invitation_withdrawn` unless whoever sent the invitation
/// is still an active member whose role may invite with its role.
async fn ensure_inviter_may_still_invite(
    tx: &mut Tx,
    policy: &Policy,
    invitation: &InvitationRow,
) -> Result<()> {
    let inviter_role = match invitation.invited_by {
        Some(inviter) => {
            repositories::members::find_role(tx.conn(), invitation.organization_id, inviter).await?
        }
        None => None,
    };
    if !inviter_role.is_some_and(|inviter| policy.may_invite(inviter, invitation.role.0)) {
        return Err(Error::Gone {
            code: "invitation_withdrawn",
            detail: format!(
                "whoever sent the invitation can no longer invite with the {} role",
                invitation.role.0
            ),
        });
    }
    Ok(())
}

/// Claims the invitation for `user_id` and makes them a member with its role.
/// Only while it is still pending: a revocation or another acceptance that
/// committed since it was read wins, and this one changes nothing.
async fn join(tx: &mut Tx, invitation: &InvitationRow, user_id: Id, now: Ts) -> Result<()> {
    if !repositories::invitations::accept_if_pending(tx.conn(), invitation.id, user_id, now).await?
    {
        let revoked = repositories::invitations::get_invitation(tx.conn(), invitation.id)
            .await?
            .revoked_at;
        return Err(match revoked {
            Some(_) => Error::NotFound("invitation"),
            None => already_accepted(),
        });
    }
    let membership = NewMembership {
        organization_id: invitation.organization_id,
        user_id,
        role: invitation.role.0,
        added_by: invitation.invited_by,
        accepted: true,
        created_at: now,
    };
    repositories::members::insert_membership(tx.conn(), &membership)
        .await
        .or_conflict(
            "already_member",
            "you are already a member of this organization",
        )
}

fn already_accepted() -> Error {
    Error::conflict(
        "invitation_already_accepted",
        "the invitation was accepted already",
    )
}
