//! API tokens, for the SDK and scripts.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::wire::envelope;

/// An API token; its secret is never shown again after creation.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    /// The token's id.
    pub id: Uuid,
    /// What the token is for, chosen by its owner.
    #[cfg_attr(feature = "openapi", schema(example = "training pipeline"))]
    pub name: String,
    /// The first characters of the secret, to recognize it.
    #[cfg_attr(feature = "openapi", schema(example = "lw_3kTq9"))]
    pub prefix: String,
    /// When set, the token works only in this organization.
    pub organization_id: Option<Uuid>,
    /// A read-only token may only read (GET), whatever its user's role.
    pub read_only: bool,
    /// When the token was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the token was last used (updated at most once a minute).
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// When the token stops working; `null` for never.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

/// `POST /me/tokens`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    /// What the token is for, 1 to 200 characters, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "training pipeline",
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub name: String,
    /// Bind the token to one organization the caller belongs to.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    /// Limit the token to reading.
    #[serde(default)]
    pub read_only: bool,
    /// Days until the token expires, 1 to 3650; never when absent. A token
    /// created with another token expires no later than that one (with it,
    /// when absent).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 90, minimum = 1, maximum = 3650))]
    pub expires_in_days: Option<u32>,
}

/// The answer to `POST /me/tokens`: the token and, this once only, its secret.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    /// The new token.
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`. Store it now: it is never shown again.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "lw_3kTq9cH1V8yQ0aZ2mW5xL7pR4sN6dF8gJ1bK3")
    )]
    pub secret: String,
}

envelope! {
    /// `GET /me/tokens`.
    pub struct TokenList {
        /// The caller's tokens that are neither revoked nor expired, oldest first.
        pub tokens: Vec<ApiToken>,
        pagination,
    }
}
