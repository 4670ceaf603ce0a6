//! The audit log: who did what in an organization.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::JsonValue;
use crate::wire::envelope;

/// One recorded action.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The entry's id.
    pub id: Uuid,
    /// Who acted; `null` when that account is gone.
    pub actor_id: Option<Uuid>,
    /// The actor's display name at the time of reading; `null` when the account is gone.
    pub actor_name: Option<String>,
    /// What was done, as `resource.verb`.
    #[cfg_attr(feature = "openapi", schema(example = "member.role_changed"))]
    pub action: String,
    /// The kind of thing acted on.
    #[cfg_attr(feature = "openapi", schema(example = "member"))]
    pub target_type: String,
    /// The id of the thing acted on.
    pub target_id: Option<Uuid>,
    /// What changed, e.g. `{"from": "annotator", "to": "reviewer"}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: JsonValue,
    /// When it was done.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

envelope! {
    /// `GET /organizations/{org_id}/audit-log`.
    pub struct AuditLog {
        /// The entries, newest first.
        pub entries: Vec<AuditEntry>,
        pagination,
    }
}
