//! Reading the members of an organization.

use labelwell_transport::{Member, Role};
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{InOrganization, OrgPermit, Scope, perm};
use crate::db::memberships::MemberRow;
use crate::db::types::DbRole;
use crate::db::{Db, Id, with_db};
use crate::error::Result;

/// The role of `user_id` in `organization_id`; `None` when not a member.
pub async fn find_role(db: &Db, organization_id: Id, user_id: Id) -> Result<Option<Role>> {
    let role: Option<DbRole> = with_db!(db, |pool| {
        sqlx::query_scalar(
            "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
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
    Member {
        user_id: row.user_id.0,
        name: row.name,
        email: show_email.then_some(row.email),
        role: row.role.0,
        joined_at: row.created_at.get(),
    }
}

/// The members of the permit's organization the caller may see, in joining order.
///
/// With scope `any`, every member. With scope `assigned` (reviewers and
/// annotators), the members who share a project with the caller, and the caller.
pub async fn list_members_of_organization(
    db: &Db,
    permit: &OrgPermit<perm::MemberList>,
    page: &PageRequest,
) -> Result<Page<Member>> {
    let after: Option<Uuid> = page.after()?;
    let everyone = permit.scope() == Scope::Any;
    let rows: Vec<MemberRow> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT m.user_id, u.name, u.email, m.role, m.seq, m.created_at
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
            "SELECT m.user_id, u.name, u.email, m.role, m.seq, m.created_at
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
