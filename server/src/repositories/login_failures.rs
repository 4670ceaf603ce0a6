//! The counts of failed logins, per (client address, email) and per client
//! address (the empty email), that throttle password guessing.

use crate::db::{Conn, Ts, with_conn};
use crate::error::Result;

/// Counts an attempt for the email from the address and for the address
/// alone: a count whose window started at or before `window_start` starts
/// over at one. Answers each count as (email, or `""` for the address's
/// own; failures; when its window started).
pub async fn count_attempt(
    conn: Conn<'_>,
    address: &str,
    email_normalized: &str,
    now: Ts,
    window_start: Ts,
) -> Result<Vec<(String, i64, Ts)>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "INSERT INTO login_failures (client_address, email_normalized, failures, first_failure_at)
             VALUES ($1, $2, 1, $3), ($1, '', 1, $3)
             ON CONFLICT (client_address, email_normalized) DO UPDATE SET
                 failures = CASE WHEN login_failures.first_failure_at <= $4 THEN 1
                                 ELSE login_failures.failures + 1 END,
                 first_failure_at = CASE WHEN login_failures.first_failure_at <= $4 THEN $3
                                         ELSE login_failures.first_failure_at END
             RETURNING email_normalized, failures, first_failure_at",
        )
        .bind(address)
        .bind(email_normalized)
        .bind(now)
        .bind(window_start)
        .fetch_all(conn)
        .await?
    }))
}

/// Clears the email's count from the address, and every count whose window
/// started at or before `window_start` (so the table holds only live counts).
pub async fn clear_failures(
    conn: Conn<'_>,
    address: &str,
    email_normalized: &str,
    window_start: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "DELETE FROM login_failures
             WHERE (client_address = $1 AND email_normalized = $2) OR first_failure_at <= $3",
        )
        .bind(address)
        .bind(email_normalized)
        .bind(window_start)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Takes back one attempt counted for the address alone.
pub async fn uncount_address_attempt(conn: Conn<'_>, address: &str) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE login_failures SET failures = failures - 1
             WHERE client_address = $1 AND email_normalized = '' AND failures > 0",
        )
        .bind(address)
        .execute(conn)
        .await?;
    });
    Ok(())
}
