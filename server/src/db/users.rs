//! The `users` table.

use labelwell_transport::User;

use super::{Id, Ts};

/// A row of `users`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    /// Primary key.
    pub id: Id,
    /// The email as the user typed it.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The argon2id PHC string of the password.
    pub password_hash: String,
    /// Creation time.
    pub created_at: Ts,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id.0,
            email: row.email,
            name: row.name,
            created_at: row.created_at.get(),
        }
    }
}

/// An email as compared for uniqueness and login: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}
