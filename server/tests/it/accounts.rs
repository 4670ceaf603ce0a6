//! Accounts, sessions and API tokens over HTTP: signup, login, logout, session
//! fixation, CSRF, throttled logins, token revocation, expiry and limits.

use crate::common::{PASSWORD, TestBackend, TestServer};
use labelwell_server::config::Config;
use reqwest::StatusCode;
use serde_json::{Value, json};

backend_tests![
    tokens_on_project_routes_are_checked_like_everywhere_else,
    signup_signs_in_and_me_shows_the_user,
    emails_are_unique_whatever_their_case,
    login_accepts_any_case_and_rejects_without_revealing_the_email,
    the_session_id_changes_at_login_and_the_old_one_is_dead,
    the_session_cookie_is_http_only_and_same_site_lax,
    logout_deletes_the_session_on_the_server,
    an_expired_session_is_refused,
    cookie_requests_that_change_state_need_the_csrf_token,
    bearer_requests_need_no_csrf_token,
    token_secrets_are_shown_once_and_only_hashed_in_the_database,
    a_revoked_token_stops_working_on_the_next_request,
    an_expired_token_is_refused,
    unknown_and_malformed_tokens_are_refused,
    a_read_only_token_reads_but_never_writes,
    an_organization_bound_token_sees_only_its_organization,
    a_token_cannot_be_bound_to_an_organization_its_user_is_not_in,
    a_token_has_no_more_rights_than_its_users_role,
    a_token_bound_to_an_organization_lists_only_the_tokens_bound_to_it,
    a_token_cannot_create_a_token_that_outlives_it,
];

backend_tests_with_config![
    behind_a_trusted_proxy =>
    a_throttled_email_still_logs_in_from_another_address,
    one_address_failing_on_many_accounts_is_throttled_and_no_other_address_is,
    successful_logins_do_not_count_against_their_address,
];

backend_tests_with_config![
    with_low_login_limits =>
    forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy,
];

async fn signup_signs_in_and_me_shows_the_user(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let me = ada.get("/me").await;
    me.assert_status(200);
    assert_eq!(me.body["user"]["email"], "ada@example.com");
    assert_eq!(me.body["user"]["name"], "ada");
    assert!(me.body["csrf_token"].is_string());
    assert!(me.body["user"].get("password_hash").is_none());
}

async fn emails_are_unique_whatever_their_case(server: TestServer) {
    server.sign_up("ada").await;
    let again = server
        .anonymous()
        .post(
            "/auth/signup",
            json!({ "email": " ADA@Example.com ", "password": PASSWORD, "name": "Ada 2" }),
        )
        .await;
    again.assert_problem(409, "email_taken");
    assert_eq!(server.count("SELECT COUNT(*) FROM users").await, 1);
}

async fn login_accepts_any_case_and_rejects_without_revealing_the_email(server: TestServer) {
    server.sign_up("ada").await;
    let anonymous = server.anonymous().with_cookies();
    let ok = anonymous
        .post(
            "/auth/login",
            json!({ "email": "ADA@example.com", "password": PASSWORD }),
        )
        .await;
    ok.assert_status(200);
    assert_eq!(ok.body["user"]["email"], "ada@example.com");
    let wrong_password = anonymous
        .post(
            "/auth/login",
            json!({ "email": "ada@example.com", "password": "nope nope nope" }),
        )
        .await;
    let unknown_email = anonymous
        .post(
            "/auth/login",
            json!({ "email": "bob@example.com", "password": "nope nope nope" }),
        )
        .await;
    wrong_password.assert_problem(401, "unauthenticated");
    unknown_email.assert_problem(401, "unauthenticated");
    assert_eq!(wrong_password.body["detail"], unknown_email.body["detail"]);
}

async fn the_session_id_changes_at_login_and_the_old_one_is_dead(server: TestServer) {
    server.sign_up("ada").await;
    let browser = server.anonymous().with_cookies();
    let first = browser
        .post(
            "/auth/login",
            json!({ "email": "ada@example.com", "password": PASSWORD }),
        )
        .await;
    first.assert_status(200);
    let old_cookie = session_cookie(&first);
    let second = browser
        .post(
            "/auth/login",
            json!({ "email": "ada@example.com", "password": PASSWORD }),
        )
        .await;
    second.assert_status(200);
    let new_cookie = session_cookie(&second);
    assert_ne!(old_cookie, new_cookie, "login must cycle the session id");
    let with_old = reqwest::Client::new()
        .get(server.url("/me"))
        .header("cookie", format!("labelwell_session={old_cookie}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(with_old.status(), StatusCode::UNAUTHORIZED);
    let with_new = reqwest::Client::new()
        .get(server.url("/me"))
        .header("cookie", format!("labelwell_session={new_cookie}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(with_new.status(), StatusCode::OK);
}

async fn the_session_cookie_is_http_only_and_same_site_lax(server: TestServer) {
    server.sign_up("ada").await;
    let login = server
        .anonymous()
        .post(
            "/auth/login",
            json!({ "email": "ada@example.com", "password": PASSWORD }),
        )
        .await;
    let cookie = login
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("set-cookie")
        .to_owned();
    assert!(cookie.starts_with("labelwell_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "not secure unless configured: {cookie}"
    );
}

async fn logout_deletes_the_session_on_the_server(server: TestServer) {
    let ada = server.sign_up("ada").await;
    assert_eq!(server.count("SELECT COUNT(*) FROM sessions").await, 1);
    let cookie = ada
        .http()
        .get(server.url("/me"))
        .send()
        .await
        .expect("answer");
    assert_eq!(cookie.status(), StatusCode::OK);
    ada.post("/auth/logout", json!({})).await.assert_status(204);
    assert_eq!(server.count("SELECT COUNT(*) FROM sessions").await, 0);
    ada.get("/me").await.assert_problem(401, "unauthenticated");
}

async fn an_expired_session_is_refused(server: TestServer) {
    let ada = server.sign_up("ada").await;
    match server.backend() {
        labelwell_server::db::Backend::Sqlite => {
            server.exec("UPDATE sessions SET expiry_date = 0").await
        }
        labelwell_server::db::Backend::Postgres => {
            server
                .exec("UPDATE sessions SET expiry_date = '2000-01-01T00:00:00Z'")
                .await;
        }
    }
    ada.get("/me").await.assert_problem(401, "unauthenticated");
}

async fn cookie_requests_that_change_state_need_the_csrf_token(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let without = ada
        .with_csrf(None)
        .post("/organizations", json!({ "name": "Acme" }))
        .await;
    without.assert_problem(403, "csrf_token_mismatch");
    let wrong = ada
        .with_csrf(Some("not-the-token"))
        .post("/organizations", json!({ "name": "Acme" }))
        .await;
    wrong.assert_problem(403, "csrf_token_mismatch");
    assert_eq!(server.count("SELECT COUNT(*) FROM organizations").await, 0);
    ada.with_csrf(None)
        .get("/me/organizations")
        .await
        .assert_status(200);
    ada.post("/organizations", json!({ "name": "Acme" }))
        .await
        .assert_status(201);
}

async fn bearer_requests_need_no_csrf_token(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let token = ada.token(json!({})).await;
    token
        .post("/organizations", json!({ "name": "Acme" }))
        .await
        .assert_status(201);
}

async fn token_secrets_are_shown_once_and_only_hashed_in_the_database(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let created = ada
        .post(
            "/me/tokens",
            json!({ "name": "pipeline", "expires_in_days": 30 }),
        )
        .await;
    created.assert_status(201);
    let secret = created.body["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("lw_"));
    assert_eq!(created.body["token"]["prefix"], secret[..8]);
    assert!(created.body["token"]["expires_at"].is_string());
    let listed = ada.get("/me/tokens").await;
    listed.assert_status(200);
    assert_eq!(listed.body["tokens"].as_array().map(Vec::len), Some(1));
    assert!(!listed.body.to_string().contains(&secret));
    let stored = server
        .count(&format!(
            "SELECT COUNT(*) FROM api_tokens WHERE secret_hash = '{secret}'"
        ))
        .await;
    assert_eq!(stored, 0, "the secret itself is never stored");
    let me = ada.with_token(&secret).get("/me").await;
    me.assert_status(200);
    assert!(me.body["csrf_token"].is_null());
    let used = ada.get("/me/tokens").await;
    assert!(used.body["tokens"][0]["last_used_at"].is_string());
}

async fn a_revoked_token_stops_working_on_the_next_request(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let created = ada.post("/me/tokens", json!({ "name": "pipeline" })).await;
    let token = ada.with_token(created.body["secret"].as_str().expect("secret"));
    token.get("/me").await.assert_status(200);
    let id = created.id("token");
    ada.delete(&format!("/me/tokens/{id}"))
        .await
        .assert_status(204);
    token
        .get("/me")
        .await
        .assert_problem(401, "unauthenticated");
    ada.delete(&format!("/me/tokens/{id}"))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        ada.get("/me/tokens").await.body["tokens"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

async fn an_expired_token_is_refused(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let created = ada
        .post(
            "/me/tokens",
            json!({ "name": "short", "expires_in_days": 1 }),
        )
        .await;
    let token = ada.with_token(created.body["secret"].as_str().expect("secret"));
    token.get("/me").await.assert_status(200);
    server
        .exec(&format!(
            "UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE id = '{}'",
            created.id("token")
        ))
        .await;
    token
        .get("/me")
        .await
        .assert_problem(401, "unauthenticated");
}

async fn unknown_and_malformed_tokens_are_refused(server: TestServer) {
    let anonymous = server.anonymous();
    anonymous
        .with_token("lw_not-a-real-token")
        .get("/me")
        .await
        .assert_problem(401, "unauthenticated");
    anonymous
        .with_token("garbage")
        .get("/me")
        .await
        .assert_problem(401, "unauthenticated");
    let basic = reqwest::Client::new()
        .get(server.url("/me"))
        .header("authorization", "Basic YWRhOnB3")
        .send()
        .await
        .expect("answer");
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
    assert!(basic.headers().contains_key("www-authenticate"));
}

async fn a_read_only_token_reads_but_never_writes(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let read_only = ada.token(json!({ "read_only": true })).await;
    read_only
        .get(&format!("/organizations/{org}"))
        .await
        .assert_status(200);
    read_only
        .patch(
            &format!("/organizations/{org}"),
            json!({ "name": "Renamed" }),
        )
        .await
        .assert_problem(403, "token_read_only");
    read_only
        .post("/organizations", json!({ "name": "Other" }))
        .await
        .assert_problem(403, "token_read_only");
    read_only
        .post("/me/tokens", json!({ "name": "escalate" }))
        .await
        .assert_problem(403, "token_read_only");
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM organizations WHERE name <> 'Acme'")
            .await,
        0
    );
}

async fn an_organization_bound_token_sees_only_its_organization(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let acme = server.organization(&ada, "Acme").await;
    let globex = server.organization(&ada, "Globex").await;
    let bound = ada.token(json!({ "organization_id": acme })).await;
    bound
        .get(&format!("/organizations/{acme}"))
        .await
        .assert_status(200);
    bound
        .get(&format!("/organizations/{globex}"))
        .await
        .assert_problem(404, "not_found");
    let mine = bound.get("/me/organizations").await;
    assert_eq!(mine.body["organizations"].as_array().map(Vec::len), Some(1));
    assert_eq!(mine.body["organizations"][0]["id"], acme.as_str());
    bound
        .post("/organizations", json!({ "name": "Escape" }))
        .await
        .assert_problem(403, "token_bound_to_organization");
    bound
        .post("/me/tokens", json!({ "name": "escape" }))
        .await
        .assert_problem(403, "token_bound_to_organization");
}

async fn a_token_cannot_be_bound_to_an_organization_its_user_is_not_in(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let bob = server.sign_up("bob").await;
    let bobs = server.organization(&bob, "Bob's").await;
    let refused = ada
        .post(
            "/me/tokens",
            json!({ "name": "sneaky", "organization_id": bobs }),
        )
        .await;
    refused.assert_problem(422, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "organization_id");
}

async fn a_token_has_no_more_rights_than_its_users_role(server: TestServer) {
    let owner = server.sign_up("owner").await;
    let org = server.organization(&owner, "Acme").await;
    let viewer = server.member(&owner, &org, "viewer", "viewer").await;
    let token = viewer.token(json!({ "organization_id": org })).await;
    token
        .get(&format!("/organizations/{org}"))
        .await
        .assert_status(200);
    token
        .patch(&format!("/organizations/{org}"), json!({ "name": "Mine" }))
        .await
        .assert_problem(403, "permission_denied");
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failed_logins_are_throttled_with_429_even_with_the_right_password() {
    if !TestBackend::Sqlite.selected() {
        return;
    }
    let server =
        TestServer::start_with(TestBackend::Sqlite, |config| config.login_max_failures = 3).await;
    server.sign_up("ada").await;
    let anonymous = server.anonymous();
    for _ in 0..3 {
        anonymous
            .post(
                "/auth/login",
                json!({ "email": "ada@example.com", "password": "wrong password!" }),
            )
            .await
            .assert_problem(401, "unauthenticated");
    }
    let throttled = anonymous
        .post(
            "/auth/login",
            json!({ "email": "ada@example.com", "password": PASSWORD }),
        )
        .await;
    throttled.assert_problem(429, "too_many_requests");
    let retry_after: u64 = throttled
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(retry_after > 0 && retry_after <= 900);
    let unknown = anonymous
        .post(
            "/auth/login",
            json!({ "email": "nobody@example.com", "password": "wrong password!" }),
        )
        .await;
    unknown.assert_problem(401, "unauthenticated");
    server
        .exec("UPDATE login_failures SET first_failure_at = '2000-01-01T00:00:00.000000Z'")
        .await;
    anonymous
        .post(
            "/auth/login",
            json!({ "email": "ada@example.com", "password": PASSWORD }),
        )
        .await
        .assert_status(200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_shared_by_server_instances_on_postgres() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let first = TestServer::start_with(TestBackend::Postgres, |config| {
        config.login_max_failures = 2
    })
    .await;
    first.sign_up("ada").await;
    for _ in 0..2 {
        first
            .anonymous()
            .post(
                "/auth/login",
                json!({ "email": "ada@example.com", "password": "wrong password!" }),
            )
            .await
            .assert_status(401);
    }
    // A second instance on the same database refuses the next attempt too.
    let config = (*first.config()).clone();
    let state = labelwell_server::prepare(config).await.expect("prepare");
    let app = labelwell_server::build_app(state.clone()).expect("app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/api/v1/auth/login",
        listener.local_addr().expect("addr")
    );
    let task = tokio::spawn(labelwell_server::serve(
        listener,
        app,
        std::future::pending(),
    ));
    let answer = reqwest::Client::new()
        .post(url)
        .json(&json!({ "email": "ada@example.com", "password": PASSWORD }))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    task.abort();
    state.db.close().await;
    first.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_only_signup_refuses_accounts_without_an_invitation() {
    if !TestBackend::Sqlite.selected() {
        return;
    }
    let server = TestServer::start_with(TestBackend::Sqlite, |config| {
        config.signup = labelwell_server::config::SignupMode::Invite;
    })
    .await;
    let refused = server
        .anonymous()
        .post(
            "/auth/signup",
            json!({ "email": "ada@example.com", "password": PASSWORD, "name": "Ada" }),
        )
        .await;
    refused.assert_problem(403, "signup_requires_invitation");
    assert_eq!(server.count("SELECT COUNT(*) FROM users").await, 0);
    server.stop().await;
}

fn session_cookie(answer: &crate::common::Answer) -> String {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("labelwell_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

async fn tokens_on_project_routes_are_checked_like_everywhere_else(server: TestServer) {
    // Project routes authenticate a token and read the project in one query:
    // the same answers as the two-step way.
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let project = ada
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "P" }),
        )
        .await
        .id("project");
    let created = ada.post("/me/tokens", json!({ "name": "pipeline" })).await;
    let token = ada.with_token(created.body["secret"].as_str().expect("secret"));
    token
        .get(&format!("/projects/{project}"))
        .await
        .assert_status(200);
    token
        .get(&format!("/projects/{}", uuid::Uuid::now_v7()))
        .await
        .assert_problem(404, "not_found");
    token
        .get(&format!("/items/{}", uuid::Uuid::now_v7()))
        .await
        .assert_problem(404, "not_found");
    let stranger = server.sign_up("stranger").await;
    let theirs = stranger.token(json!({})).await;
    theirs
        .get(&format!("/projects/{project}"))
        .await
        .assert_problem(404, "not_found");
    ada.with_token("lw_unknown")
        .get(&format!("/projects/{project}"))
        .await
        .assert_problem(401, "unauthenticated");
    ada.delete(&format!("/me/tokens/{}", created.id("token")))
        .await
        .assert_status(204);
    token
        .get(&format!("/projects/{project}"))
        .await
        .assert_problem(401, "unauthenticated");
}

async fn a_token_bound_to_an_organization_lists_only_the_tokens_bound_to_it(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let acme = server.organization(&ada, "Acme").await;
    let globex = server.organization(&ada, "Globex").await;
    let bound = ada
        .token(json!({ "name": "acme ci", "organization_id": acme }))
        .await;
    ada.token(json!({ "name": "acme reader", "organization_id": acme, "read_only": true }))
        .await;
    ada.token(json!({ "name": "globex ci", "organization_id": globex }))
        .await;
    ada.token(json!({ "name": "laptop" })).await;
    let names = |answer: &crate::common::Answer| -> Vec<String> {
        answer.body["tokens"]
            .as_array()
            .expect("tokens")
            .iter()
            .map(|token| token["name"].as_str().expect("name").to_owned())
            .collect()
    };
    let seen_by_bound = bound.get("/me/tokens").await;
    seen_by_bound.assert_status(200);
    assert_eq!(names(&seen_by_bound), ["acme ci", "acme reader"]);
    let seen_by_session = ada.get("/me/tokens").await;
    assert_eq!(
        names(&seen_by_session),
        ["acme ci", "acme reader", "globex ci", "laptop"]
    );
}

async fn a_token_cannot_create_a_token_that_outlives_it(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let expiring = ada
        .token(json!({ "name": "three days", "expires_in_days": 3 }))
        .await;
    let parent = ada.get("/me/tokens").await;
    let parent_expiry = parent.body["tokens"][0]["expires_at"].clone();
    assert!(parent_expiry.is_string(), "{}", parent.body);

    let longer = expiring
        .post(
            "/me/tokens",
            json!({ "name": "forever", "expires_in_days": 30 }),
        )
        .await;
    longer.assert_problem(422, "validation_failed");
    assert_eq!(longer.body["errors"][0]["field"], "expires_in_days");
    assert_eq!(longer.body["errors"][0]["code"], "beyond_token_expiry");

    let unlimited = expiring
        .post("/me/tokens", json!({ "name": "no expiry asked" }))
        .await;
    unlimited.assert_status(201);
    assert_eq!(
        unlimited.body["token"]["expires_at"], parent_expiry,
        "a token made without an expiry expires with the token that made it"
    );
    let shorter = expiring
        .post(
            "/me/tokens",
            json!({ "name": "one day", "expires_in_days": 1 }),
        )
        .await;
    shorter.assert_status(201);
    assert!(shorter.body["token"]["expires_at"].as_str() < parent_expiry.as_str());
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM api_tokens WHERE expires_at IS NULL")
            .await,
        0
    );

    // A session, or a token that never expires, is not limited.
    let forever = ada.token(json!({ "name": "forever" })).await;
    let made = forever
        .post("/me/tokens", json!({ "name": "also forever" }))
        .await;
    made.assert_status(201);
    assert_eq!(made.body["token"]["expires_at"], Value::Null);
}

/// Low login limits: 3 failures per email and address, 5 per address.
fn with_low_login_limits(config: &mut Config) {
    config.login_max_failures = 3;
    config.login_max_failures_per_address = 5;
}

/// Low login limits, behind a proxy on the loopback address (the test client's
/// peer address), whose `X-Forwarded-For` says who the client is.
fn behind_a_trusted_proxy(config: &mut Config) {
    with_low_login_limits(config);
    config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("a network")];
}

/// A login as the proxy forwards it: `forwarded_for` as `X-Forwarded-For`.
/// Answers the status and `Retry-After`, if any.
async fn log_in_via(
    server: &TestServer,
    forwarded_for: &str,
    email: &str,
    password: &str,
) -> (StatusCode, Option<u64>) {
    let answer = reqwest::Client::new()
        .post(server.url("/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("the server answers");
    let retry_after = answer
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok());
    (answer.status(), retry_after)
}

async fn a_throttled_email_still_logs_in_from_another_address(server: TestServer) {
    server.sign_up("ada").await;
    // The attacker writes a new address into the header each time; the proxy
    // appends the one it was reached from, which is the one counted.
    for spoofed in ["10.9.9.1", "10.9.9.2", "10.9.9.3"] {
        let forwarded = format!("{spoofed}, 203.0.113.7");
        let (status, _) =
            log_in_via(&server, &forwarded, "ada@example.com", "wrong password!").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, retry_after) = log_in_via(
        &server,
        "10.9.9.4, 203.0.113.7",
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after.is_some_and(|seconds| seconds > 0 && seconds <= 900));
    // Ada, from her own address, gets in.
    let (status, _) = log_in_via(&server, "198.51.100.20", "ada@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    // The attacker's address stays refused for Ada's email.
    let (status, _) = log_in_via(&server, "203.0.113.7", "ada@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

async fn one_address_failing_on_many_accounts_is_throttled_and_no_other_address_is(
    server: TestServer,
) {
    server.sign_up("ada").await;
    for victim in ["bob", "cy", "dee", "eve", "fay"] {
        server.sign_up(victim).await;
        let email = format!("{victim}@example.com");
        let (status, _) = log_in_via(&server, "203.0.113.7", &email, "Spring2026!").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{victim}");
    }
    // The sixth failure from that address, on an account it never tried, and
    // even a right password from it, are refused.
    let (status, retry_after) =
        log_in_via(&server, "203.0.113.7", "gus@example.com", "Spring2026!").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after.is_some_and(|seconds| seconds > 0 && seconds <= 900));
    let (status, _) = log_in_via(&server, "203.0.113.7", "ada@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Everyone else logs in, the sprayed accounts too.
    let (status, _) = log_in_via(&server, "198.51.100.20", "ada@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = log_in_via(&server, "2001:db8::1", "bob@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    // The counts live in the database: for the address, one of all its
    // attempts and one per email it tried.
    let from_attacker = server
        .count("SELECT COUNT(*) FROM login_failures WHERE client_address = '203.0.113.7'")
        .await;
    assert_eq!(from_attacker, 8);
}

async fn successful_logins_do_not_count_against_their_address(server: TestServer) {
    server.sign_up("ada").await;
    // An office behind one address: many logins, a few typos among them.
    for round in 0..4 {
        let (status, _) = log_in_via(
            &server,
            "198.51.100.20",
            "ada@example.com",
            "wrong password!",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "round {round}");
        for _ in 0..2 {
            let (status, _) =
                log_in_via(&server, "198.51.100.20", "ada@example.com", PASSWORD).await;
            assert_eq!(status, StatusCode::OK, "round {round}");
        }
    }
    // Four failures from the address in all, under its limit of five; one
    // more still fails as a wrong password, not as throttled.
    let (status, _) = log_in_via(
        &server,
        "198.51.100.20",
        "ada@example.com",
        "wrong password!",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(server: TestServer) {
    server.sign_up("ada").await;
    // No trusted proxy: every request is from its peer, the loopback address,
    // whatever `X-Forwarded-For` says.
    for (n, victim) in ["bob", "cy", "dee", "eve", "fay"].into_iter().enumerate() {
        let email = format!("{victim}@example.com");
        let forwarded = format!("203.0.113.{n}");
        let (status, _) = log_in_via(&server, &forwarded, &email, "Spring2026!").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{victim}");
    }
    let (status, _) = log_in_via(&server, "198.51.100.20", "ada@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let stored = server
        .count("SELECT COUNT(*) FROM login_failures WHERE client_address = '127.0.0.1'")
        .await;
    assert_eq!(stored, 7);
}
