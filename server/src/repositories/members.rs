//! Reading the members of an organization.

use labelwell_transport::{Member, MemberStatus, MembershipAdder, PendingMembership, Role};
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{AccountPermit, InOrganization, OrgPermit, Scope, perm};
use crate::db::memberships::MemberRow;
use crate::db::types::DbRole;
use crate::db::{Db, Id, Ts, with_db};
use crate::error::Result;

/// The role of `user_id` in `organization_id`; `None` when not a member, or
/// while the membership is pending (it gives no access until accepted).
pub async fn find_role(db: &Db, organization_id: Id, user_id: Id) -> Result<Option<Role>> {
    let role: Option<DbRole> = with_db!(db, |pool| {
        sqlx::query_scalar(
            "SELECT role FROM memberships
             WHERE organization_id = $1 AND user_id = $2 AND accepted_at IS NOT NULL",
        )
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(pool)
        .await?
    });
    Ok(role.map(|role| role.0))
}

/// A member as the permit's caller may see them: callers with a scope narrower
/// than `any` see names and roles, not emails.
fn member_from_row(row: MemberRow, show_email: bool) -> Member {
    let (status, joined_at) = match row.accepted_at {
        Some(accepted_at) => (MemberStatus::Active, accepted_at),
        None => (MemberStatus::Pending, row.created_at),
    };
    Member {
        user_id: row.user_id.0,
        name: row.name,
        email: show_email.then_some(row.email),
        role: row.role.0,
        status,
        joined_at: joined_at.get(),
    }
}

/// The members of the permit's organization the caller may see, in joining order.
///
/// With scope `any`, every member, pending ones too. With scope `assigned`
/// (reviewers and annotators), the members who share a project with the
/// caller, and the caller.
pub async fn list_members_of_organization(
    db: &Db,
    permit: &OrgPermit<perm::MemberList>,
    page: &PageRequest,
) -> Result<Page<Member>> {
    let after: Option<Uuid> = page.after()?;
    let everyone = permit.scope() == Scope::Any;
    let rows: Vec<MemberRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT m.user_id, u.name, u.email, m.role, m.seq, m.created_at, m.accepted_at
             FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1
               AND ($2 OR m.user_id = $3 OR EXISTS (
                   SELECT 1 FROM project_members mine
                   JOIN projects p ON p.id = mine.project_id AND p.organization_id = $1
                   JOIN project_members theirs ON theirs.project_id = mine.project_id
                   WHERE mine.user_id = $3 AND theirs.user_id = m.user_id))
               AND ($4 IS NULL OR m.seq > $4)
             ORDER BY m.seq
             LIMIT $5",
        )
        .bind(permit.organization_id())
        .bind(everyone)
        .bind(permit.user_id())
        .bind(after.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(rows, |row| row.seq.0, |row| member_from_row(row, everyone)))
}

/// One member of the permit's organization, with their email.
pub async fn find_member(
    db: &Db,
    permit: &OrgPermit<impl InOrganization>,
    user_id: Id,
) -> Result<Option<Member>> {
    let row: Option<MemberRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT m.user_id, u.name, u.email, m.role, m.seq, m.created_at, m.accepted_at
             FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1 AND m.user_id = $2",
        )
        .bind(permit.organization_id())
        .bind(user_id)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|row| member_from_row(row, true)))
}

/// A pending membership of the caller, with its organization and adder.
#[derive(Debug, sqlx::FromRow)]
struct PendingMembershipRow {
    organization_id: Id,
    organization_name: String,
    role: DbRole,
    added_by: Option<Id>,
    added_by_name: Option<String>,
    added_by_email: Option<String>,
    created_at: Ts,
}

fn pending_membership_from_row(row: PendingMembershipRow) -> PendingMembership {
    let added_by = match (row.added_by, row.added_by_name, row.added_by_email) {
        (Some(user_id), Some(name), Some(email)) => Some(MembershipAdder {
            user_id: user_id.0,
            name,
            email,
        }),
        _ => None,
    };
    PendingMembership {
        organization_id: row.organization_id.0,
        organization_name: row.organization_name,
        role: row.role.0,
        added_by,
        added_at: row.created_at.get(),
    }
}

/// The memberships the caller was added to and has not accepted, by
/// organization id; only the bound organization's for an organization-bound
/// token.
pub async fn list_pending_memberships_of_caller(
    db: &Db,
    permit: &AccountPermit<perm::PendingMembershipList>,
    page: &PageRequest,
) -> Result<Page<PendingMembership>> {
    let after: Option<Uuid> = page.after()?;
    let rows: Vec<PendingMembershipRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT m.organization_id, o.name AS organization_name, m.role, m.added_by,
                    a.name AS added_by_name, a.email AS added_by_email, m.created_at
             FROM memberships m
             JOIN organizations o ON o.id = m.organization_id
             LEFT JOIN users a ON a.id = m.added_by
             WHERE m.user_id = $1 AND m.accepted_at IS NULL
               AND ($2 IS NULL OR m.organization_id = $2)
               AND ($3 IS NULL OR m.organization_id > $3)
             ORDER BY m.organization_id
             LIMIT $4",
        )
        .bind(permit.user_id())
        .bind(permit.caller().bound_organization())
        .bind(after.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(pool)
        .await?
    });
    Ok(page.page(
        rows,
        |row| row.organization_id.0,
        pending_membership_from_row,
    ))
}
