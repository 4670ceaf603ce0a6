//! The `api_tokens` table.

use labelwell_transport::ApiToken;

use super::{Id, Ts};

/// A row of `api_tokens`, without its secret's hash.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiTokenRow {
    /// Primary key.
    pub id: Id,
    /// What the token is for.
    pub name: String,
    /// The first characters of the secret.
    pub prefix: String,
    /// The organization the token is bound to, if any.
    pub organization_id: Option<Id>,
    /// Whether the token may only read.
    pub read_only: bool,
    /// Creation time.
    pub created_at: Ts,
    /// Last use, at a minute's precision.
    pub last_used_at: Option<Ts>,
    /// When the token stops working.
    pub expires_at: Option<Ts>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(row: ApiTokenRow) -> Self {
        ApiToken {
            id: row.id.0,
            name: row.name,
            prefix: row.prefix,
            organization_id: row.organization_id.map(Into::into),
            read_only: row.read_only,
            created_at: row.created_at.get(),
            last_used_at: row.last_used_at.map(Ts::get),
            expires_at: row.expires_at.map(Ts::get),
        }
    }
}
