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

/// The query of `GET /organizations/{org_id}/audit-log`: a page, and the
/// filters, exact matches both; a value nothing matches gives an empty page.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditLogQuery {
    /// Page size, 1 to 1000; 50 when absent.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only entries of this action (`resource.verb`, e.g. `member.role_changed`).
    #[cfg_attr(feature = "openapi", param(example = "member.role_changed"))]
    pub action: Option<String>,
    /// Only entries of this actor (a user id).
    pub actor_id: Option<Uuid>,
}

envelope! {
    /// `GET /organizations/{org_id}/audit-log`.
    pub struct AuditLog {
        /// The entries, newest first.
        pub entries: Vec<AuditEntry>,
        pagination,
    }
}
