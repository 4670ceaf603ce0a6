//! Reading accounts.

use labelwell_transport::User;

use crate::db::users::UserRow;
use crate::db::{Db, Id, with_db};
use crate::error::Result;

/// The account with this id.
pub async fn find_user_by_id(db: &Db, id: Id) -> Result<Option<User>> {
    let row: Option<UserRow> = with_db!(db, |pool| {
        sqlx::query_as("SELECT id, email, name, password_hash, created_at FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.map(User::from))
}

/// The account with this normalized email, with its password hash, for login.
pub async fn find_user_credentials_by_email(
    db: &Db,
    email_normalized: &str,
) -> Result<Option<UserRow>> {
    Ok(with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT id, email, name, password_hash, created_at FROM users WHERE email_normalized = $1",
        )
        .bind(email_normalized)
        .fetch_optional(pool)
        .await?
    }))
}
