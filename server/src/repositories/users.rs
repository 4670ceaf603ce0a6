//! Accounts: reading them, and recording a new one.

use labelwell_transport::User;

use crate::db::users::UserRow;
use crate::db::{Conn, Db, Id, Tenancy, with_conn};
use crate::error::Result;

/// The account with this id.
pub async fn find_user_by_id(db: &Db, id: Id) -> Result<Option<User>> {
    let row: Option<UserRow> = with_conn!(db.read(Tenancy::AccountTables).await?.conn(), |conn| {
        sqlx::query_as("SELECT id, email, name, password_hash, created_at FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    });
    Ok(row.map(User::from))
}

/// The account with this normalized email, with its password hash.
pub async fn find_user_credentials_by_email(
    conn: Conn<'_>,
    email_normalized: &str,
) -> Result<Option<UserRow>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT id, email, name, password_hash, created_at FROM users WHERE email_normalized = $1",
        )
        .bind(email_normalized)
        .fetch_optional(conn)
        .await?
    }))
}

/// The normalized email of the account with this id.
pub async fn find_normalized_email(conn: Conn<'_>, id: Id) -> Result<Option<String>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_scalar("SELECT email_normalized FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Records an account; a unique violation when the email is taken.
pub async fn insert_user(conn: Conn<'_>, user: &UserRow, email_normalized: &str) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO users (id, email, email_normalized, name, password_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(user.id)
        .bind(&user.email)
        .bind(email_normalized)
        .bind(&user.name)
        .bind(&user.password_hash)
        .bind(user.created_at)
        .execute(conn)
        .await?;
    });
    Ok(())
}
