//! Creating, changing, archiving and deleting projects; assigning members to them.

use labelwell_transport::limits::{MAX_LEASE_SECONDS, MIN_LEASE_SECONDS};
use labelwell_transport::{
    AssignProjectMemberRequest, CreateProjectRequest, Project, ProjectMember, UpdateProjectRequest,
};
use serde_json::json;

use super::audit::{self, AuditRecord};
use super::validation::{self, Checks};
use crate::authz::{InProject, OrgPermit, ProjectPermit, ProjectRef, Scope, perm};
use crate::db::projects::{ProjectMemberRow, ProjectRow};
use crate::db::{Db, Id, OrConflict, Ts, Tx};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::projects::{project_from_row, project_member_from_row};

/// Annotations needed per item when the request names none.
pub const DEFAULT_OVERLAP: u32 = 1;
/// The most annotations an item can need.
pub use labelwell_transport::limits::MAX_OVERLAP;
/// Queue lease time when the request names none.
pub const DEFAULT_LEASE_SECONDS: u32 = 600;
/// The shortest and longest queue lease.
pub const LEASE_SECONDS_RANGE: std::ops::RangeInclusive<u32> =
    MIN_LEASE_SECONDS..=MAX_LEASE_SECONDS;
/// The longest project description.
pub use labelwell_transport::limits::MAX_DESCRIPTION_CHARS;

fn check_settings(checks: &mut Checks, overlap: Option<u32>, lease_seconds: Option<u32>) {
    if overlap.is_some_and(|overlap| !(1..=MAX_OVERLAP).contains(&overlap)) {
        checks.add(
            "overlap",
            "out_of_range",
            format!("must be between 1 and {MAX_OVERLAP}"),
        );
    }
    if lease_seconds.is_some_and(|seconds| !LEASE_SECONDS_RANGE.contains(&seconds)) {
        checks.add(
            "lease_seconds",
            "out_of_range",
            format!(
                "must be between {} and {}",
                LEASE_SECONDS_RANGE.start(),
                LEASE_SECONDS_RANGE.end()
            ),
        );
    }
}

fn check_description(checks: &mut Checks, description: &str) {
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        checks.add(
            "description",
            "too_long",
            format!("must be at most {MAX_DESCRIPTION_CHARS} characters"),
        );
    }
}

/// Creates a project in the permit's organization.
pub async fn create_project(
    db: &Db,
    permit: &OrgPermit<perm::ProjectCreate>,
    request: CreateProjectRequest,
) -> Result<Project> {
    let mut checks = Checks::new();
    checks.check(validation::name("name", &request.name));
    check_description(&mut checks, &request.description);
    check_settings(&mut checks, request.overlap, request.lease_seconds);
    checks.finish()?;
    let now = Ts::now();
    let row = ProjectRow {
        id: Id::new(),
        organization_id: permit.organization_id(),
        name: request.name.trim().to_owned(),
        description: request.description,
        overlap: i64::from(request.overlap.unwrap_or(DEFAULT_OVERLAP)),
        lease_seconds: i64::from(request.lease_seconds.unwrap_or(DEFAULT_LEASE_SECONDS)),
        annotation_ui_version: 0,
        guideline_version: 0,
        created_by: Some(permit.user_id()),
        archived_at: None,
        show_predictions: false,
        created_at: now,
        updated_at: now,
    };
    let mut tx = db.begin(permit.tenancy()).await?;
    repositories::projects::insert_project(tx.conn(), &row).await?;
    let record = AuditRecord {
        action: "project.created",
        target_type: "project",
        target_id: Some(row.id),
        details: json!({ "name": row.name }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(project_from_row(row))
}

/// Changes the permit's project's settings (and restores it with `archived: false`).
pub async fn update_project(
    db: &Db,
    permit: &ProjectPermit<perm::ProjectUpdate>,
    request: UpdateProjectRequest,
) -> Result<Project> {
    check_update(&request)?;
    let project_id = permit.project().id;
    let mut tx = db.begin(permit.tenancy()).await?;
    let mut row = lock_project(&mut tx, permit).await?;
    let archive = archive_change(permit, &row, request.archived)?;
    let before = project_from_row(row.clone());
    apply_update(&mut row, request, archive);
    repositories::projects::update_project(tx.conn(), &row).await?;
    if archive == ArchiveChange::Archive {
        // Nobody works in an archived project: its queues' leases end now.
        repositories::queue::delete_leases_of_project(tx.conn(), project_id).await?;
        repositories::review_queue::delete_leases_of_project(tx.conn(), project_id).await?;
    }
    if i64::from(before.overlap) != row.overlap {
        // A new overlap changes which items count as fully annotated.
        repositories::items::refresh_statuses_of_project(
            tx.conn(),
            project_id,
            row.overlap,
            row.updated_at,
        )
        .await?;
    }
    let after = project_from_row(row);
    let record = AuditRecord {
        action: match archive {
            ArchiveChange::Archive => "project.archived",
            ArchiveChange::Restore => "project.restored",
            ArchiveChange::None => "project.updated",
        },
        target_type: "project",
        target_id: Some(project_id),
        details: json!({ "before": settings(&before), "after": settings(&after) }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(after)
}

/// Every problem of the fields an update names.
fn check_update(request: &UpdateProjectRequest) -> Result<()> {
    let mut checks = Checks::new();
    if let Some(name) = &request.name {
        checks.check(validation::name("name", name));
    }
    if let Some(description) = &request.description {
        check_description(&mut checks, description);
    }
    check_settings(&mut checks, request.overlap, request.lease_seconds);
    checks.finish()
}

/// Whether an update archives or restores its project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArchiveChange {
    /// Neither.
    None,
    /// It archives a project in use.
    Archive,
    /// It restores an archived project.
    Restore,
}

/// What an update asking for `archived` does to the project in `row`: an
/// archived project takes no other change than its restoring (409), and only
/// who may delete the project archives or restores it.
fn archive_change(
    permit: &ProjectPermit<perm::ProjectUpdate>,
    row: &ProjectRow,
    archived: Option<bool>,
) -> Result<ArchiveChange> {
    let change = match (row.archived_at.is_some(), archived) {
        (true, Some(false)) => ArchiveChange::Restore,
        (true, _) => {
            return Err(Error::conflict(
                "project_archived",
                "the project is archived; restore it to change it",
            ));
        }
        (false, Some(true)) => ArchiveChange::Archive,
        (false, _) => ArchiveChange::None,
    };
    if change != ArchiveChange::None {
        ensure_delete_scope(permit, permit.project(), "archive or restore")?;
    }
    Ok(change)
}

/// The project in `row` as the update leaves it, changed now.
fn apply_update(row: &mut ProjectRow, request: UpdateProjectRequest, archive: ArchiveChange) {
    if let Some(name) = request.name {
        row.name = name.trim().to_owned();
    }
    if let Some(description) = request.description {
        row.description = description;
    }
    if let Some(overlap) = request.overlap {
        row.overlap = i64::from(overlap);
    }
    if let Some(lease_seconds) = request.lease_seconds {
        row.lease_seconds = i64::from(lease_seconds);
    }
    if let Some(show_predictions) = request.show_predictions {
        row.show_predictions = show_predictions;
    }
    row.updated_at = Ts::now();
    match archive {
        ArchiveChange::Archive => row.archived_at = Some(row.updated_at),
        ArchiveChange::Restore => row.archived_at = None,
        ArchiveChange::None => {}
    }
}

fn settings(project: &Project) -> serde_json::Value {
    json!({
        "name": project.name,
        "overlap": project.overlap,
        "lease_seconds": project.lease_seconds,
        "archived": project.archived,
        "show_predictions": project.show_predictions,
    })
}

/// Deletes the permit's project with everything in it: items, annotations,
/// reviews, leases, skips, annotation UI and guideline versions, assignments
/// (the database cascades from the project's row). The organization's audit
/// log keeps a record of it. Managers delete only the projects they created.
pub async fn delete_project(db: &Db, permit: &ProjectPermit<perm::ProjectDelete>) -> Result<()> {
    let project = permit.project();
    ensure_delete_scope(permit, project, "delete")?;
    let mut tx = db.begin(permit.tenancy()).await?;
    let row = lock_project(&mut tx, permit).await?;
    let (items, annotations) =
        repositories::projects::count_items_and_annotations(tx.conn(), project.id).await?;
    repositories::projects::delete_project(tx.conn(), permit.organization_id(), project.id).await?;
    let record = AuditRecord {
        action: "project.deleted",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "name": row.name, "items": items, "annotations": annotations }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(())
}

/// Fails with 403 unless the caller may `doing` (delete, or archive or
/// restore) the project: by the scope of their `project:delete`, with `own`
/// (managers) only the projects they created. Restoring undoes an archive, so
/// whoever may not archive a project may not restore it.
fn ensure_delete_scope(
    permit: &ProjectPermit<impl InProject>,
    project: &ProjectRef,
    doing: &str,
) -> Result<()> {
    match permit.scope_for::<perm::ProjectDelete>() {
        Some(Scope::Own) if project.created_by != Some(permit.user_id()) => Err(Error::forbidden(
            "not_project_creator",
            format!("a manager may {doing} only the projects they created"),
        )),
        Some(_) => Ok(()),
        None => Err(Error::forbidden(
            "permission_denied",
            format!("a {} may not {doing} projects", permit.role()),
        )),
    }
}

/// Locks the permit's project row until the transaction ends (see
/// [`Tx::lock_project`]) and reads it.
pub(super) async fn lock_project(
    tx: &mut Tx,
    permit: &ProjectPermit<impl InProject>,
) -> Result<ProjectRow> {
    let project_id = permit.project().id;
    tx.lock_project(project_id).await?;
    repositories::projects::find_project_row(tx.conn(), permit.organization_id(), project_id)
        .await?
        .ok_or(Error::NotFound("project"))
}

/// Locks the permit's project like [`lock_project`], for a change inside it:
/// 409 when the project was archived meanwhile (the permit's view of it is
/// from before the lock).
pub(super) async fn lock_writable_project(
    tx: &mut Tx,
    permit: &ProjectPermit<impl InProject>,
) -> Result<ProjectRow> {
    let row = lock_project(tx, permit).await?;
    ensure_not_archived(&row)?;
    Ok(row)
}

fn ensure_not_archived(project: &ProjectRow) -> Result<()> {
    match project.archived_at {
        Some(_) => Err(Error::conflict(
            "project_archived",
            "the project is archived; restore it to change it",
        )),
        None => Ok(()),
    }
}

/// Shares the permit's project (see [`Tx::share_project`]) for work on its
/// items, and reads it: 409 when the project was archived meanwhile.
pub(super) async fn share_writable_project(
    tx: &mut Tx,
    permit: &ProjectPermit<impl InProject>,
) -> Result<ProjectRow> {
    let project_id = permit.project().id;
    tx.share_project(project_id).await?;
    let row =
        repositories::projects::find_project_row(tx.conn(), permit.organization_id(), project_id)
            .await?
            .ok_or(Error::NotFound("project"))?;
    ensure_not_archived(&row)?;
    Ok(row)
}

/// Assigns an active member of the organization to the permit's project (a
/// pending one has no access to assign).
pub async fn assign_member(
    db: &Db,
    permit: &ProjectPermit<perm::ProjectAssignMembers>,
    request: AssignProjectMemberRequest,
) -> Result<ProjectMember> {
    let project = permit.writable_project()?;
    let user_id = Id(request.user_id);
    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    let member = repositories::members::find_active_name_and_role(
        tx.conn(),
        permit.organization_id(),
        user_id,
    )
    .await?;
    let (name, role) = member.ok_or_else(|| {
        Error::invalid(
            "user_id",
            "not_a_member",
            "is not an active member of the project's organization (a pending member must accept first)",
        )
    })?;
    let seq = Id::new();
    repositories::projects::insert_project_member(
        tx.conn(),
        project.organization_id,
        project.id,
        user_id,
        seq,
        now,
    )
    .await
    .or_conflict(
        "already_assigned",
        "the member is already assigned to this project",
    )?;
    let record = AuditRecord {
        action: "project.member_assigned",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "user_id": user_id.0, "role": role.0 }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(project_member_from_row(ProjectMemberRow {
        user_id,
        name,
        role,
        seq,
        created_at: now,
    }))
}

/// Unassigns a member from the permit's project; their annotations stay, their
/// leases of items and annotations go. An archived project's assignments stay as they are.
pub async fn unassign_member(
    db: &Db,
    permit: &ProjectPermit<perm::ProjectAssignMembers>,
    user_id: Id,
) -> Result<()> {
    let project = permit.writable_project()?;
    let mut tx = db.begin(permit.tenancy()).await?;
    if !repositories::projects::delete_project_member(tx.conn(), project.id, user_id).await? {
        return Err(Error::NotFound("project member"));
    }
    repositories::queue::delete_leases_of_annotator(tx.conn(), project.id, user_id).await?;
    repositories::review_queue::delete_leases_of_reviewer(tx.conn(), project.id, user_id).await?;
    let record = AuditRecord {
        action: "project.member_unassigned",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "user_id": user_id.0 }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(())
}
