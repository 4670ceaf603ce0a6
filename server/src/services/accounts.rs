//! Signing up and logging in.

use labelwell_transport::{LoginRequest, SignupRequest, User};
use time::Duration;

use super::invitations;
use super::validation::{self, Checks};
use crate::config::{Config, SignupMode};
use crate::db::OrConflict;
use crate::db::users::{UserRow, normalize_email};
use crate::db::{Db, Id, Ts, with_db, with_tx};
use crate::error::{Error, Result};
use crate::repositories;
use crate::secrets;

/// Creates an account; with an invitation token, joins its organization in the
/// same transaction (both happen, or neither).
pub async fn sign_up(db: &Db, signup: SignupMode, request: SignupRequest) -> Result<User> {
    let mut checks = Checks::new();
    checks
        .check(validation::email("email", &request.email))
        .check(validation::password("password", &request.password))
        .check(validation::name("name", &request.name))
        .check(
            request
                .invitation_token
                .as_deref()
                .and_then(|token| validation::token("invitation_token", token)),
        );
    checks.finish()?;
    if signup == SignupMode::Invite && request.invitation_token.is_none() {
        return Err(Error::forbidden(
            "signup_requires_invitation",
            "this server creates accounts by invitation only: send `invitation_token`",
        ));
    }
    let password_hash = secrets::hash_password(request.password).await?;
    let now = Ts::now();
    let user = UserRow {
        id: Id::new(),
        email: request.email.trim().to_owned(),
        name: request.name.trim().to_owned(),
        password_hash,
        created_at: now,
    };
    let email_normalized = normalize_email(&user.email);

    let mut tx = db.begin().await?;
    let inserted = with_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO users (id, email, email_normalized, name, password_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(user.id)
        .bind(&user.email)
        .bind(&email_normalized)
        .bind(&user.name)
        .bind(&user.password_hash)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    });
    inserted.or_conflict("email_taken", "an account with this email already exists")?;
    if let Some(token) = &request.invitation_token {
        invitations::accept_in(&mut tx, token, user.id, &email_normalized).await?;
    }
    tx.commit().await?;
    Ok(User::from(user))
}

/// Checks an email and password; repeated attempts for one email are refused
/// with 429 for a while, and a failure never tells whether the email exists.
/// What no account can have (a malformed email, an overlong password) is 422
/// before anything is counted or stored.
pub async fn log_in(db: &Db, config: &Config, request: LoginRequest) -> Result<User> {
    let mut checks = Checks::new();
    checks
        .check(validation::email("email", &request.email))
        .check(validation::password_to_verify(
            "password",
            &request.password,
        ));
    checks.finish()?;
    let email_normalized = normalize_email(&request.email);
    let now = Ts::now();
    count_attempt(db, config, &email_normalized, now).await?;
    let account =
        repositories::users::find_user_credentials_by_email(db, &email_normalized).await?;
    let hash = account.as_ref().map(|user| user.password_hash.clone());
    if !secrets::verify_password(request.password, hash).await? {
        return Err(Error::Unauthenticated("the email or the password is wrong"));
    }
    with_db!(db, |pool| {
        sqlx::query("DELETE FROM login_failures WHERE email_normalized = $1")
            .bind(&email_normalized)
            .execute(pool)
            .await?;
    });
    account
        .map(User::from)
        .ok_or(Error::Unauthenticated("the email or the password is wrong"))
}

/// Counts a login attempt for the email before the password is checked (a
/// success clears the count), so concurrent guesses cannot slip past the limit.
async fn count_attempt(db: &Db, config: &Config, email_normalized: &str, now: Ts) -> Result<()> {
    let window = Duration::seconds(i64::from(config.login_lockout_seconds));
    let (attempts, first_at): (i64, Ts) = with_db!(db, |pool| {
        sqlx::query_as(
            "INSERT INTO login_failures (email_normalized, failures, first_failure_at) VALUES ($1, 1, $2)
             ON CONFLICT (email_normalized) DO UPDATE SET
                 failures = CASE WHEN login_failures.first_failure_at <= $3 THEN 1
                                 ELSE login_failures.failures + 1 END,
                 first_failure_at = CASE WHEN login_failures.first_failure_at <= $3 THEN $2
                                         ELSE login_failures.first_failure_at END
             RETURNING failures, first_failure_at",
        )
        .bind(email_normalized)
        .bind(now)
        .bind(now - window)
        .fetch_one(pool)
        .await?
    });
    if attempts > i64::from(config.login_max_failures) {
        let retry_after = ((first_at + window).get() - now.get())
            .whole_seconds()
            .max(1);
        return Err(Error::TooManyRequests {
            retry_after: u64::try_from(retry_after).unwrap_or(1),
            detail: "too many failed logins for this email; try again later".to_owned(),
        });
    }
    Ok(())
}
