//! Making a dataset release: a named, immutable snapshot of a project's labels.

use labelwell_transport::{
    CreateReleaseRequest, Release, ReleaseResponse, ReviewStatus, WebhookEventType,
};
use serde_json::json;

use super::audit::{self, AuditRecord};
use super::webhooks;
use crate::authz::{ProjectPermit, perm};
use crate::db::{Db, Id, Ts};
use crate::error::{Error, Result};
use crate::repositories;

/// The longest release name.
const MAX_NAME_CHARS: usize = 64;
/// Tries at making one release, when others made at once get in its way.
const MAX_ATTEMPTS: u32 = 3;

/// Why a release name is refused, if it is.
fn name_problem(name: &str) -> Option<&'static str> {
    let mut chars = name.chars();
    match chars.next() {
        None => Some("must not be empty"),
        Some(_) if name.len() > MAX_NAME_CHARS => Some("must be at most 64 characters"),
        Some(first) if !first.is_ascii_alphanumeric() => {
            Some("must start with a letter or a digit")
        }
        Some(_) if !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) => {
            Some("may hold only letters, digits, `.`, `_` and `-`")
        }
        Some(_) => None,
    }
}

/// Freezes the permit's project as the release `request.name`: its items with
/// annotations of the chosen review statuses (accepted ones by default), the
/// annotation UI and guideline versions in force, the agreement measured
/// now, and the SHA-256 of its bytes. Items are read from one snapshot while
/// the release is written, so it holds a state the project was really in.
pub async fn create_release(
    db: &Db,
    permit: &ProjectPermit<perm::ReleaseCreate>,
    request: CreateReleaseRequest,
    items_per_chunk: u64,
) -> Result<ReleaseResponse> {
    if let Some(problem) = name_problem(&request.name) {
        return Err(Error::invalid("name", "invalid", problem));
    }
    let requested = request
        .review_statuses
        .unwrap_or_else(|| vec![ReviewStatus::Accepted]);
    if requested.is_empty() {
        return Err(Error::invalid(
            "review_statuses",
            "too_short",
            "name at least one review status",
        ));
    }
    if requested.len() > 3 {
        return Err(Error::invalid(
            "review_statuses",
            "too_long",
            "name each review status at most once",
        ));
    }
    let review_statuses: Vec<ReviewStatus> = [
        ReviewStatus::Pending,
        ReviewStatus::Accepted,
        ReviewStatus::Rejected,
    ]
    .into_iter()
    .filter(|status| requested.contains(status))
    .collect();
    let mut attempt = 1;
    loop {
        match freeze_release(db, permit, &request.name, &review_statuses, items_per_chunk).await {
            // Two releases of the project at once: the later one's snapshot
            // missed a chunk (or the name) the other stored; it starts over
            // from a snapshot that holds them.
            Err(error) if error.is_write_conflict() && attempt < MAX_ATTEMPTS => attempt += 1,
            made => return made,
        }
    }
}

/// Makes the release in one transaction (see [`create_release`]).
async fn freeze_release(
    db: &Db,
    permit: &ProjectPermit<perm::ReleaseCreate>,
    name: &str,
    review_statuses: &[ReviewStatus],
    items_per_chunk: u64,
) -> Result<ReleaseResponse> {
    let taken = || {
        Error::conflict(
            "release_exists",
            format!("the project already has a release named `{name}`"),
        )
    };
    let project_id = permit.project().id;
    let organization_id = permit.organization_id();
    let mut tx = db.begin_snapshot(permit.tenancy()).await?;
    match repositories::releases::release_named(tx.conn(), project_id, name).await {
        Ok(_) => return Err(taken()),
        Err(Error::NotFound(_)) => {}
        Err(error) => return Err(error),
    }
    let annotation_ui =
        repositories::versions::current_annotation_ui(tx.conn(), project_id).await?;
    let guideline_version =
        repositories::versions::latest_guideline_version(tx.conn(), project_id).await?;
    let agreement =
        repositories::stats::agreement_of_single_label_questions(tx.conn(), project_id).await?;
    let frozen = repositories::releases::freeze_items(
        tx.conn(),
        project_id,
        organization_id,
        review_statuses,
        items_per_chunk,
    )
    .await?;
    let release = Release {
        id: Id::new().0,
        project_id: project_id.0,
        name: name.to_owned(),
        review_statuses: review_statuses.to_vec(),
        annotation_ui_version: annotation_ui.as_ref().map(|ui| ui.version),
        guideline_version,
        item_count: frozen.item_count,
        annotation_count: frozen.annotation_count,
        byte_count: frozen.byte_count,
        content_hash: frozen.content_hash,
        agreement,
        created_by: Some(permit.user_id().0),
        created_at: Ts::now().get(),
    };
    if !repositories::releases::insert_release(tx.conn(), &release, &frozen.parts, organization_id)
        .await?
    {
        return Err(taken());
    }
    let record = AuditRecord {
        action: "releases.created",
        target_type: "release",
        target_id: Some(Id(release.id)),
        details: json!({
            "name": release.name,
            "items": release.item_count,
            "content_hash": release.content_hash,
        }),
    };
    audit::record(&mut tx, permit, record).await?;
    let data = json!({ "project_id": project_id.0, "release": release });
    webhooks::publish(
        &mut tx,
        organization_id,
        Some(project_id),
        WebhookEventType::ReleaseCreated,
        data,
    )
    .await?;
    tx.commit().await?;
    Ok(ReleaseResponse {
        release,
        annotation_ui,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_are_short_plain_words() {
        for good in ["v3", "2026-12-gold", "a", "v1.2_rc-1", &"x".repeat(64)] {
            assert_eq!(name_problem(good), None, "{good}");
        }
        for bad in ["", "-v3", ".hidden", "v 3", "v3/", "é", &"x".repeat(65)] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
    }
}
