//! Writing the audit log, inside the transaction of the change it records.

pub use crate::db::audit_log::AuditRecord;

use crate::authz::MemberPermit;
use crate::db::{Id, Tx};
use crate::error::Result;
use crate::repositories;

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
    repositories::audit_log::insert_entry(tx.conn(), organization_id, actor_id, record).await
}
