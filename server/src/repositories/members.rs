//! The members of an organization: reading them, and the statements that
//! add, re-role, accept and remove memberships.

use labelwell_transport::{Member, MemberStatus, MembershipAdder, PendingMembership, Role};
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{AccountPermit, OrgPermit, Scope, perm};
use crate::db::memberships::{MemberRow, MembershipRow};
use crate::db::types::DbRole;
use crate::db::{Conn, Db, Id, Ts, with_conn};
use crate::error::Result;

/// The role of `user_id` in `organization_id`; `None` when not a member, or
/// while the membership is pending (it gives no access until accepted).
pub async fn find_role(conn: Conn<'_>, organization_id: Id, user_id: Id) -> Result<Option<Role>> {
    let role: Option<DbRole> = with_conn!(conn, |conn| {
        sqlx::query_scalar(
            "SELECT role FROM memberships
             WHERE organization_id = $1 AND user_id = $2 AND accepted_at IS NOT NULL",
        )
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(conn)
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
    let rows: Vec<MemberRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
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
        .fetch_all(conn)
        .await?
    });
    Ok(page.page(rows, |row| row.seq.0, |row| member_from_row(row, everyone)))
}

/// One member (pending or not) of an organization, with their email.
pub async fn find_member(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
) -> Result<Option<Member>> {
    let row: Option<MemberRow> = with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT m.user_id, u.name, u.email, m.role, m.seq, m.created_at, m.accepted_at
             FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1 AND m.user_id = $2",
        )
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(conn)
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
    let rows: Vec<PendingMembershipRow> =
        with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
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
            .fetch_all(conn)
            .await?
        });
    Ok(page.page(
        rows,
        |row| row.organization_id.0,
        pending_membership_from_row,
    ))
}

/// The membership of `user_id` in `organization_id`, pending or not.
pub async fn find_membership(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
) -> Result<Option<MembershipRow>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT role, added_by, accepted_at FROM memberships
             WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await?
    }))
}

/// A membership to write by [`insert_membership`].
#[derive(Debug)]
pub struct NewMembership {
    /// The organization.
    pub organization_id: Id,
    /// The member.
    pub user_id: Id,
    /// Their role.
    pub role: Role,
    /// Who added them (or sent the invitation they accepted).
    pub added_by: Option<Id>,
    /// Whether the membership is in force at once; else it is pending.
    pub accepted: bool,
    /// When.
    pub created_at: Ts,
}

/// Records a membership; a unique violation when the account is a member
/// (or pending) already.
pub async fn insert_membership(conn: Conn<'_>, membership: &NewMembership) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO memberships (organization_id, user_id, role, seq, created_at, updated_at, accepted_at, added_by)
             VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
        )
        .bind(membership.organization_id)
        .bind(membership.user_id)
        .bind(DbRole(membership.role))
        .bind(Id::new())
        .bind(membership.created_at)
        .bind(membership.accepted.then_some(membership.created_at))
        .bind(membership.added_by)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Changes a member's role.
pub async fn update_role(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
    role: Role,
    now: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE memberships SET role = $1, updated_at = $2 WHERE organization_id = $3 AND user_id = $4",
        )
        .bind(DbRole(role))
        .bind(now)
        .bind(organization_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// How many active owners an organization has (a pending owner is not one yet).
pub async fn count_active_owners(conn: Conn<'_>, organization_id: Id) -> Result<i64> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships
             WHERE organization_id = $1 AND role = $2 AND accepted_at IS NOT NULL",
        )
        .bind(organization_id)
        .bind(DbRole(Role::Owner))
        .fetch_one(conn)
        .await?
    }))
}

/// Deletes a membership, pending or not.
pub async fn delete_membership(conn: Conn<'_>, organization_id: Id, user_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2")
            .bind(organization_id)
            .bind(user_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Puts a pending membership in force at `now`.
pub async fn accept_membership(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
    now: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE memberships SET accepted_at = $1, updated_at = $1
             WHERE organization_id = $2 AND user_id = $3 AND accepted_at IS NULL",
        )
        .bind(now)
        .bind(organization_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Deletes a membership while it is pending.
pub async fn delete_pending_membership(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "DELETE FROM memberships
             WHERE organization_id = $1 AND user_id = $2 AND accepted_at IS NULL",
        )
        .bind(organization_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// The name and role of an active member of an organization.
pub async fn find_active_name_and_role(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
) -> Result<Option<(String, DbRole)>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = $1 AND m.user_id = $2 AND m.accepted_at IS NOT NULL",
        )
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await?
    }))
}
