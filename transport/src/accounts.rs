//! Accounts and browser sessions: signup, login, the caller's own user.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A user account.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// The user's id.
    pub id: Uuid,
    /// The email address the user signs in with, as they typed it.
    #[cfg_attr(feature = "openapi", schema(example = "ada@example.com"))]
    pub email: String,
    /// The name shown to other members.
    #[cfg_attr(feature = "openapi", schema(example = "Ada Lovelace"))]
    pub name: String,
    /// When the account was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `POST /auth/signup`: create an account (and, with `invitation_token`, join an organization).
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    /// Email address, up to 254 characters; unique across accounts, compared case-insensitively.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "ada@example.com",
            min_length = 3,
            max_length = 254,
            pattern = "^[^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+@[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]([^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])?$"
        )
    )]
    pub email: String,
    /// 10 to 1024 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "correct horse battery staple",
            min_length = 10,
            max_length = 1024,
            pattern = "^[^\\u0000]*$"
        )
    )]
    pub password: String,
    /// Display name, 1 to 200 characters, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Ada Lovelace",
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub name: String,
    /// An invitation to accept at once; required when the server's signup is by invitation only.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^[^\\u0000]*[^\\u0000\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
        )
    )]
    pub invitation_token: Option<String>,
}

/// `POST /auth/login`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's email address, in any letter case.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "ada@example.com",
            min_length = 3,
            max_length = 254,
            pattern = "^[^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+@[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]([^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])?$"
        )
    )]
    pub email: String,
    /// The account's password.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "correct horse battery staple",
            min_length = 1,
            max_length = 1024,
            pattern = "^[^\\u0000]*$"
        )
    )]
    pub password: String,
}

/// The answer to signup and login: the signed-in user and the session's CSRF token.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    /// The signed-in user.
    pub user: User,
    /// Send this in the `X-CSRF-Token` header of every POST, PUT, PATCH and DELETE
    /// made with the session cookie.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "q4pUKrY7tqXWlB0sQ2lqJg1nG9kCq8bS")
    )]
    pub csrf_token: String,
}

/// `GET /me`: the caller.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    /// The user the session or token belongs to.
    pub user: User,
    /// The session's CSRF token, so a reloaded page can recover it; `null` for API tokens.
    pub csrf_token: Option<String>,
}
