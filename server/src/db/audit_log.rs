//! The `audit_log` table.

use labelwell_transport::AuditEntry;
use sqlx::types::Json;

use super::{Id, Ts};

/// A row of `audit_log`, joined with the actor's current name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntryRow {
    /// Primary key; time-ordered, the keyset of the log.
    pub id: Id,
    /// Who acted.
    pub actor_id: Option<Id>,
    /// The actor's name.
    pub actor_name: Option<String>,
    /// `resource.verb`.
    pub action: String,
    /// The kind of thing acted on.
    pub target_type: String,
    /// The id of the thing acted on.
    pub target_id: Option<Id>,
    /// What changed.
    pub details: Json<serde_json::Value>,
    /// When.
    pub created_at: Ts,
}

impl From<AuditEntryRow> for AuditEntry {
    fn from(row: AuditEntryRow) -> Self {
        AuditEntry {
            id: row.id.0,
            actor_id: row.actor_id.map(Into::into),
            actor_name: row.actor_name,
            action: row.action,
            target_type: row.target_type,
            target_id: row.target_id.map(Into::into),
            details: row.details.0.into(),
            created_at: row.created_at.get(),
        }
    }
}

/// One change to record in `audit_log`.
#[derive(Debug)]
pub struct AuditRecord<'a> {
    /// What was done, as `resource.verb`.
    pub action: &'a str,
    /// The kind of thing acted on.
    pub target_type: &'a str,
    /// The id of the thing acted on.
    pub target_id: Option<Id>,
    /// What changed.
    pub details: serde_json::Value,
}
