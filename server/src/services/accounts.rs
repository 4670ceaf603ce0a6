//! Signing up and logging in.

use std::net::{IpAddr, Ipv6Addr};

use labelwell_transport::{LoginRequest, SignupRequest, User};
use time::Duration;

use super::invitations;
use super::validation::{self, Checks};
use crate::authz::Policy;
use crate::config::{Config, SignupMode};
use crate::db::OrConflict;
use crate::db::users::{UserRow, normalize_email};
use crate::db::{Db, Id, Tenancy, Ts};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::login_failures;
use crate::secrets;
use crate::telemetry;

/// Creates an account; with an invitation token, joins its organization in the
/// same transaction (both happen, or neither).
pub async fn sign_up(
    db: &Db,
    policy: &Policy,
    signup: SignupMode,
    request: SignupRequest,
) -> Result<User> {
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

    // With an invitation, the transaction acts in its organization.
    let tenancy = match &request.invitation_token {
        Some(token) => Tenancy::OrganizationOfInvitation(secrets::sha256_hex(token)),
        None => Tenancy::AccountTables,
    };
    let mut tx = db.begin(tenancy).await?;
    repositories::users::insert_user(tx.conn(), &user, &email_normalized)
        .await
        .or_conflict("email_taken", "an account with this email already exists")?;
    if let Some(token) = &request.invitation_token {
        invitations::accept_in(&mut tx, policy, token, user.id, &email_normalized).await?;
    }
    tx.commit().await?;
    Ok(User::from(user))
}

/// Checks an email and password; repeated failures are refused with 429 for
/// a while, counted per (email, client address) and per client address, so
/// that failing an account's logins from one address locks nobody out from
/// another, and one address cannot try a password on account after account.
/// A failure never tells whether the email exists. What no account can have
/// (a malformed email, an overlong password) is 422 before anything is
/// counted or stored.
pub async fn log_in(
    db: &Db,
    config: &Config,
    request: LoginRequest,
    client: IpAddr,
) -> Result<User> {
    let mut checks = Checks::new();
    checks
        .check(validation::email("email", &request.email))
        .check(validation::password_to_verify(
            "password",
            &request.password,
        ));
    checks.finish()?;
    let email_normalized = normalize_email(&request.email);
    let address = throttled_address(client);
    let now = Ts::now();
    count_attempt(db, config, &address, &email_normalized, now).await?;
    let account = repositories::users::find_user_credentials_by_email(
        db.read(Tenancy::AccountTables).await?.conn(),
        &email_normalized,
    )
    .await?;
    let hash = account.as_ref().map(|user| user.password_hash.clone());
    if !secrets::verify_password(request.password, hash).await? {
        metrics::counter!(telemetry::LOGIN_FAILURES).increment(1);
        return Err(Error::Unauthenticated("the email or the password is wrong"));
    }
    let window = Duration::seconds(i64::from(config.login_lockout_seconds));
    let mut tx = db.begin(Tenancy::AccountTables).await?;
    // The email's count from this address is cleared, and counts whose
    // window has passed go.
    login_failures::clear_failures(tx.conn(), &address, &email_normalized, now - window).await?;
    // This attempt, counted for the address before the password was
    // checked, was no failure. The address's count is not cleared: one
    // account of one's own must not reset the spraying of others.
    login_failures::uncount_address_attempt(tx.conn(), &address).await?;
    tx.commit().await?;
    account
        .map(User::from)
        .ok_or(Error::Unauthenticated("the email or the password is wrong"))
}

/// How a client address is counted: an IPv4 address (also one mapped into
/// IPv6) as itself, an IPv6 address by its /64 network, the least a single
/// IPv6 client is given, so that it cannot step around its count.
fn throttled_address(client: IpAddr) -> String {
    match client {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                format!("{}/64", Ipv6Addr::from(network))
            }
        },
    }
}

/// Counts a login attempt for the email from the address, and for the address
/// alone, before the password is checked (a success takes it back), so
/// concurrent guesses cannot slip past the limits.
async fn count_attempt(
    db: &Db,
    config: &Config,
    address: &str,
    email_normalized: &str,
    now: Ts,
) -> Result<()> {
    let window = Duration::seconds(i64::from(config.login_lockout_seconds));
    let mut tx = db.begin(Tenancy::AccountTables).await?;
    let counts =
        login_failures::count_attempt(tx.conn(), address, email_normalized, now, now - window)
            .await?;
    tx.commit().await?;
    let mut refusal: Option<(i64, &str)> = None;
    for (email, attempts, first_at) in counts {
        let (limit, detail) = if email.is_empty() {
            (
                config.login_max_failures_per_address,
                "too many failed logins from this address; try again later",
            )
        } else {
            (
                config.login_max_failures,
                "too many failed logins for this email from this address; try again later",
            )
        };
        if attempts > i64::from(limit) {
            let retry_after = ((first_at + window).get() - now.get())
                .whole_seconds()
                .max(1);
            if refusal.is_none_or(|(longest, _)| retry_after > longest) {
                refusal = Some((retry_after, detail));
            }
        }
    }
    match refusal {
        Some((retry_after, detail)) => Err(Error::TooManyRequests {
            retry_after: u64::try_from(retry_after).unwrap_or(1),
            detail: detail.to_owned(),
        }),
        None => Ok(()),
    }
}
