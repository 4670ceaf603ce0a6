//! Writing the audit log, inside the transaction of the change it records.

use serde_json::Value;
use sqlx::types::Json;

use crate::authz::MemberPermit;
use crate::db::{Id, Ts, Tx, with_tx};
use crate::error::Result;

/// One change to record.
#[derive(Debug)]
pub struct AuditRecord<'a> {
    /// What was done, as `resource.verb`.
    pub action: &'a str,
    /// The kind of thing acted on.
    pub target_type: &'a str,
    /// The id of the thing acted on.
    pub target_id: Option<Id>,
    /// What changed.
    pub details: Value,
}

/// Records a change made under `permit`, in the transaction that makes it.
pub async fn record(
    tx: &mut Tx,
    permit: &impl MemberPermit,
    record: AuditRecord<'_>,
) -> Result<()> {
    record_for(tx, permit.organization_id(), permit.user_id(), record).await
}

/// Records a change to `organization_id` by `actor_id`, for changes that are not
/// made under an organization permit (creating an organization, joining one).
pub(super) async fn record_for(
    tx: &mut Tx,
    organization_id: Id,
    actor_id: Id,
    record: AuditRecord<'_>,
) -> Result<()> {
    with_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO audit_log (id, organization_id, actor_id, action, target_type, target_id, details, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(Id::new())
        .bind(organization_id)
        .bind(actor_id)
        .bind(record.action)
        .bind(record.target_type)
        .bind(record.target_id)
        .bind(Json(record.details))
        .bind(Ts::now())
        .execute(conn)
        .await?;
    });
    Ok(())
}
