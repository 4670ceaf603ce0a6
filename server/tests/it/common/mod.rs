//! The harness of the HTTP test suites: a real server on a real port, over a
//! fresh database of either backend, driven with a real HTTP client.
//!
//! `backend_tests!` writes each test once and runs it on SQLite and on
//! PostgreSQL. PostgreSQL databases are created per test and dropped after it;
//! `LABELWELL_TEST_POSTGRES_URL` names the server (default: the local one), and
//! `LABELWELL_TEST_BACKENDS` (`sqlite,postgres` by default) which backends run.

pub mod expectations;
pub mod fixtures;
pub mod private_postgres;
pub mod processes;

use std::sync::Arc;

use labelwell_server::config::Config;
use labelwell_server::db::{Backend, Db};
use labelwell_server::state::AppState;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection as _;
use tokio::task::JoinHandle;

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("LABELWELL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Runs each named test function, `async fn name(server: TestServer)`, on
/// both backends, as the tests `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! backend_tests {
    (when $selected:ident => $($name:ident),* $(,)?) => {
        $( $crate::backend_test_pair!($name, |_| {}, super::$selected); )*
    };
    ($($name:ident),* $(,)?) => {
        $( $crate::backend_test_pair!($name, |_| {}, || true); )*
    };
}

/// As [`backend_tests!`], on servers whose configuration `$configure` (a
/// `fn(&mut Config)`) adjusts: `backend_tests_with_config!(short_timeouts => name, ...)`.
#[macro_export]
macro_rules! backend_tests_with_config {
    ($configure:ident => $($name:ident),* $(,)?) => {
        $( $crate::backend_test_pair!($name, super::$configure, || true); )*
    };
}

/// The two tests of one test function: its module with `sqlite` and `postgres`,
/// each skipped when `LABELWELL_TEST_BACKENDS` leaves its backend out or
/// `$selected()` is false.
#[doc(hidden)]
#[macro_export]
macro_rules! backend_test_pair {
    ($name:ident, $configure:expr, $selected:expr) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::common::run_on(
                    $crate::common::TestBackend::Sqlite,
                    $selected,
                    $configure,
                    super::$name,
                )
                .await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::common::run_on(
                    $crate::common::TestBackend::Postgres,
                    $selected,
                    $configure,
                    super::$name,
                )
                .await;
            }
        }
    };
}

/// Runs `test` on a fresh server of `backend`, unless the backend is not
/// selected or `selected()` says no.
pub async fn run_on<F: std::future::Future<Output = ()>>(
    backend: TestBackend,
    selected: impl FnOnce() -> bool,
    configure: impl FnOnce(&mut Config),
    test: impl FnOnce(TestServer) -> F,
) {
    if !backend.selected() || !selected() {
        return;
    }
    let server = TestServer::start_with(backend, configure).await;
    test(server.clone()).await;
    server.stop().await;
}

/// Whether `LABELWELL_TEST_SCALE=1` asks for the tests that move hundreds of
/// thousands of rows (`scale::`). They take minutes, so the inner loop leaves
/// them out; `scripts/test`, which CI runs, sets it.
pub fn scale_tests_selected() -> bool {
    let selected = std::env::var("LABELWELL_TEST_SCALE").is_ok_and(|value| value == "1");
    if !selected {
        notice_skipped(
            "LABELWELL_TEST_SCALE is not 1: the scale tests (scale::) pass without running",
        );
    }
    selected
}

/// `full` when `LABELWELL_TEST_SCALE=1` (CI), else `inner_loop`: for the
/// tests whose property holds at any size but which the issue asks to show at
/// a size that takes a minute.
pub fn at_scale(full: usize, inner_loop: usize) -> usize {
    if std::env::var("LABELWELL_TEST_SCALE").is_ok_and(|value| value == "1") {
        full
    } else {
        inner_loop
    }
}

/// Says once per run, past the test harness's output capture, that some tests
/// return without running and why.
pub fn notice_skipped(reason: &'static str) {
    use std::io::Write as _;
    static SAID: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !said.contains(&reason) {
        said.push(reason);
        // Straight to stderr: `eprintln!` would be captured, and shown only on failure.
        let _ = writeln!(std::io::stderr(), "note: {reason}");
    }
}

/// Which backend a test server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    /// A temporary SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

impl TestBackend {
    /// Whether `LABELWELL_TEST_BACKENDS` (`sqlite,postgres` when unset, as for
    /// the SDK's and the web app's tests) selects this backend. A test on a
    /// backend left out returns at once, passing, and a note says so once.
    pub fn selected(self) -> bool {
        let name = match self {
            TestBackend::Sqlite => "sqlite",
            TestBackend::Postgres => "postgres",
        };
        let chosen = std::env::var("LABELWELL_TEST_BACKENDS")
            .unwrap_or_else(|_| "sqlite,postgres".to_owned());
        let selected = chosen.split(',').any(|backend| backend.trim() == name);
        if !selected {
            notice_skipped(match self {
                TestBackend::Sqlite => {
                    "LABELWELL_TEST_BACKENDS leaves out sqlite: its tests pass without running"
                }
                TestBackend::Postgres => {
                    "LABELWELL_TEST_BACKENDS leaves out postgres: its tests pass without running"
                }
            });
        }
        selected
    }
}

/// A running server over a fresh database.
#[derive(Clone)]
pub struct TestServer {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    state: AppState,
    owner: Db,
    task: JoinHandle<()>,
    database: TestDatabase,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Before the database goes: the server would answer from a dropped one.
        self.task.abort();
    }
}

/// A test's database, removed when dropped: when the test ends, passing or
/// panicking.
enum TestDatabase {
    /// The directory of the SQLite file.
    Sqlite {
        _directory: tempfile::TempDir,
    },
    Postgres(PostgresDatabase),
    /// A database the test owns (a private cluster, say).
    Elsewhere,
}

/// A database on the test PostgreSQL server, dropped with this guard.
pub struct PostgresDatabase {
    name: String,
}

impl PostgresDatabase {
    /// Creates a fresh, empty database.
    pub async fn create() -> PostgresDatabase {
        let name = format!("labelwell_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
            .await
            .expect("PostgreSQL is reachable");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create database");
        let _ = admin.close().await;
        PostgresDatabase { name }
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The URL to connect to it.
    pub fn url(&self) -> String {
        database_url_for(&self.name)
    }

    /// Whether a database named `name` exists on the test PostgreSQL server.
    pub async fn exists(name: &str) -> bool {
        let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
            .await
            .expect("PostgreSQL is reachable");
        let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
            .bind(name)
            .fetch_one(&mut admin)
            .await
            .expect("pg_database");
        let _ = admin.close().await;
        found > 0
    }
}

impl Drop for PostgresDatabase {
    /// Drops the database, also while a panicking test unwinds, so no failed
    /// test leaves one behind. On a thread of its own with its own runtime: the
    /// test's runtime may be the one unwinding, and this may run inside it.
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.name);
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| error.to_string())?;
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                    .await
                    .map_err(|error| error.to_string())?;
                // FORCE: the server's pool may still hold connections to it.
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .map_err(|error| format!("{name}: {error}"))?;
                let _ = admin.close().await;
                Ok::<(), String>(())
            })
        })
        .join();
        // No panic here: a panic while a failing test unwinds aborts the whole run.
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("the test database was not dropped: {error}"),
            Err(_) => eprintln!("the test database was not dropped: its thread panicked"),
        }
    }
}

impl TestServer {
    /// Starts a server with the default configuration.
    pub async fn start(backend: TestBackend) -> TestServer {
        TestServer::start_with(backend, |_| {}).await
    }

    /// Starts a server whose configuration `configure` adjusts.
    pub async fn start_with(
        backend: TestBackend,
        configure: impl FnOnce(&mut Config),
    ) -> TestServer {
        let (url, database) = match backend {
            TestBackend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}", dir.path().join("labelwell.db").display());
                (url, TestDatabase::Sqlite { _directory: dir })
            }
            TestBackend::Postgres => {
                let database = PostgresDatabase::create().await;
                (database.url(), TestDatabase::Postgres(database))
            }
        };
        TestServer::serve(&url, database, configure).await
    }

    /// Starts a server on the database at `url`, which the test owns.
    pub async fn start_on(url: &str, configure: impl FnOnce(&mut Config)) -> TestServer {
        TestServer::serve(url, TestDatabase::Elsewhere, configure).await
    }

    async fn serve(
        url: &str,
        database: TestDatabase,
        configure: impl FnOnce(&mut Config),
    ) -> TestServer {
        let mut config = Config::with_defaults(url);
        config.database.database_max_connections = 8;
        // Tests run side by side on a loaded machine, where a burst of
        // concurrent requests may wait longer than the default second for a
        // connection: the outage tests set the default back.
        config.database.database_acquire_timeout_ms = 10_000;
        configure(&mut config);
        let state = labelwell_server::prepare(config)
            .await
            .expect("the server prepares");
        // The tests' own checks read and write past row-level security, as
        // the URL's role (a superuser) without the server's.
        let mut as_owner = state.config.database.with_max_connections(2);
        as_owner.database_url = as_owner.migration_url().to_owned();
        as_owner.database_role = String::new();
        let owner = match &state.db {
            Db::Sqlite(_) => state.db.clone(),
            Db::Postgres(_) => Db::connect(&as_owner)
                .await
                .expect("the database as its owner"),
        };
        let app = labelwell_server::build_app(state.clone()).expect("the app builds");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let webhooks = labelwell_server::webhook_delivery::deliver_webhooks(
            state.db.clone(),
            state.config.webhooks.clone(),
            state.lifecycle.clone(),
        );
        let task = tokio::spawn(async move {
            tokio::select! {
                served = labelwell_server::serve(listener, app, std::future::pending()) => {
                    served.expect("serve");
                }
                () = webhooks => {}
            }
        });
        TestServer {
            inner: Arc::new(Inner {
                base_url,
                state,
                owner,
                task,
                database,
            }),
        }
    }

    /// Stops the server and closes its pool; its database goes with the last
    /// handle on the server (see [`PostgresDatabase`]'s `Drop`).
    pub async fn stop(self) {
        self.inner.task.abort();
        self.inner.state.db.close().await;
        self.inner.owner.close().await;
    }

    /// The name of the server's PostgreSQL database; `None` on SQLite.
    pub fn postgres_database(&self) -> Option<&str> {
        match &self.inner.database {
            TestDatabase::Postgres(database) => Some(database.name()),
            TestDatabase::Sqlite { .. } | TestDatabase::Elsewhere => None,
        }
    }

    /// The server's base URL, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The URL of an API path (`/me` -> `http://.../api/v1/me`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.inner.base_url)
    }

    /// The server's own pool, whose sessions act as the server's role.
    pub fn db(&self) -> &Db {
        &self.inner.state.db
    }

    /// The server's database as the role that owns it, past row-level
    /// security: to check what a request did (or did not) write, and to set
    /// up states a client cannot reach.
    pub fn owner_db(&self) -> &Db {
        &self.inner.owner
    }

    /// The configuration the server runs with.
    pub fn config(&self) -> Arc<Config> {
        self.inner.state.config.clone()
    }

    /// Which backend the server runs on.
    pub fn backend(&self) -> Backend {
        self.inner.state.db.backend()
    }

    /// A client with no credentials.
    pub fn anonymous(&self) -> Client {
        Client::new(self.clone(), Auth::None)
    }

    /// Signs up a new account named `name` (email `name@example.com`) and
    /// returns its signed-in browser session.
    pub async fn sign_up(&self, name: &str) -> Client {
        let email = format!("{name}@example.com");
        let client = self.anonymous().with_cookies();
        let response = client
            .post(
                "/auth/signup",
                json!({ "email": email, "password": PASSWORD, "name": name }),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "signup of {name}: {}",
            response.body
        );
        client.signed_in(&response.body)
    }

    /// Signs up `name` and makes them a member of `organization_id` with `role`:
    /// added by `admin` (who must be allowed to grant it), then accepted.
    pub async fn member(
        &self,
        admin: &Client,
        organization_id: &str,
        name: &str,
        role: &str,
    ) -> Client {
        let member = self.sign_up(name).await;
        let response = admin
            .post(
                &format!("/organizations/{organization_id}/members"),
                json!({ "email": member.email(), "role": role }),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "adding {name} as {role}: {}",
            response.body
        );
        let accepted = member
            .post(
                &format!("/me/pending-memberships/{organization_id}/accept"),
                json!({}),
            )
            .await;
        assert_eq!(
            accepted.status,
            StatusCode::OK,
            "{name} accepting the membership: {}",
            accepted.body
        );
        member
    }

    /// Creates an organization owned by `owner` and returns its id.
    pub async fn organization(&self, owner: &Client, name: &str) -> String {
        let response = owner.post("/organizations", json!({ "name": name })).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        response.id("organization")
    }

    /// Runs a statement on the server's database, to set up states a client
    /// cannot reach in a test's time (an expired token or session).
    pub async fn exec(&self, sql: &str) {
        match self.owner_db() {
            Db::Sqlite(pool) => {
                sqlx::query(sql).execute(pool).await.expect("statement");
            }
            Db::Postgres(pool) => {
                sqlx::query(sql).execute(pool).await.expect("statement");
            }
        }
    }

    /// Counts the rows `sql` (a `SELECT COUNT(*) ...`) finds.
    pub async fn count(&self, sql: &str) -> i64 {
        match self.owner_db() {
            Db::Sqlite(pool) => sqlx::query_scalar(sql)
                .fetch_one(pool)
                .await
                .expect("count"),
            Db::Postgres(pool) => sqlx::query_scalar(sql)
                .fetch_one(pool)
                .await
                .expect("count"),
        }
    }
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("base_url", &self.inner.base_url)
            .finish()
    }
}

/// The URL of a database on the test PostgreSQL server.
fn database_url_for(name: &str) -> String {
    let admin = postgres_admin_url();
    match admin.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => format!("{admin}/{name}"),
    }
}

/// The password of every test account.
pub const PASSWORD: &str = "correct horse battery staple";

/// How a client authenticates.
#[derive(Clone, Debug)]
pub enum Auth {
    /// Not at all.
    None,
    /// With the session cookie, repeating the CSRF token on unsafe requests.
    Session {
        /// The session's CSRF token.
        csrf_token: String,
    },
    /// With an API token.
    Bearer(String),
}

/// An HTTP client acting as one caller.
#[derive(Clone, Debug)]
pub struct Client {
    server: TestServer,
    http: reqwest::Client,
    auth: Auth,
    user: Option<Value>,
}

/// An answer: its status, headers and body (JSON, or a string when not JSON).
#[derive(Debug)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as JSON; `Value::Null` when empty; a JSON string when not JSON.
    pub body: Value,
}

impl Answer {
    /// The `id` of the wrapped object `key` (`{"<key>": {"id": ...}}`).
    pub fn id(&self, key: &str) -> String {
        self.body[key]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no {key}.id in {}", self.body))
            .to_owned()
    }

    /// The problem `code` of an error answer.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "unexpected status; body: {}",
            self.body
        );
        self
    }

    /// Asserts an error's status and problem code, and that it is problem+json.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> &Self {
        self.assert_status(status);
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{}",
            self.body
        );
        assert_eq!(self.code(), code, "{}", self.body);
        assert_eq!(self.body["status"], status, "{}", self.body);
        self
    }
}

impl Client {
    fn new(server: TestServer, auth: Auth) -> Client {
        let http = reqwest::Client::builder().build().expect("client");
        Client {
            server,
            http,
            auth,
            user: None,
        }
    }

    /// The same caller with a cookie store (for sessions).
    pub fn with_cookies(&self) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        Client {
            server: self.server.clone(),
            http,
            auth: self.auth.clone(),
            user: self.user.clone(),
        }
    }

    /// This client, signed in with the answer of signup or login.
    pub fn signed_in(&self, session: &Value) -> Client {
        let csrf_token = session["csrf_token"]
            .as_str()
            .expect("csrf_token")
            .to_owned();
        Client {
            server: self.server.clone(),
            http: self.http.clone(),
            auth: Auth::Session { csrf_token },
            user: Some(session["user"].clone()),
        }
    }

    /// A client for the same user, authenticating with `secret`.
    pub fn with_token(&self, secret: &str) -> Client {
        Client {
            server: self.server.clone(),
            http: reqwest::Client::new(),
            auth: Auth::Bearer(secret.to_owned()),
            user: self.user.clone(),
        }
    }

    /// The same session, with another CSRF token (or none) on unsafe requests.
    pub fn with_csrf(&self, csrf_token: Option<&str>) -> Client {
        let auth = match csrf_token {
            Some(token) => Auth::Session {
                csrf_token: token.to_owned(),
            },
            None => Auth::None,
        };
        Client {
            auth,
            ..self.clone()
        }
    }

    /// The signed-in user's id.
    pub fn user_id(&self) -> String {
        self.user
            .as_ref()
            .and_then(|u| u["id"].as_str())
            .expect("a signed-in client")
            .to_owned()
    }

    /// The signed-in user's email.
    pub fn email(&self) -> String {
        self.user
            .as_ref()
            .and_then(|u| u["email"].as_str())
            .expect("a signed-in client")
            .to_owned()
    }

    /// How this client authenticates.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// Creates an API token for this (session) client with the given request
    /// fields, and returns a client using it.
    pub async fn token(&self, fields: Value) -> Client {
        let mut body = json!({ "name": "test token" });
        if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
            body.extend(fields.clone());
        }
        let response = self.post("/me/tokens", body).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        self.with_token(response.body["secret"].as_str().expect("secret"))
    }

    /// Sends a request to an API path with an optional JSON body.
    pub async fn request(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut builder = self.http.request(method.clone(), self.server.url(path));
        builder = match &self.auth {
            Auth::None => builder,
            Auth::Session { csrf_token } => builder.header("x-csrf-token", csrf_token),
            Auth::Bearer(secret) => builder.bearer_auth(secret),
        };
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        into_answer(builder.send().await.expect("the server answers")).await
    }

    /// Sends a raw body with a content type to an API path.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        self.send_body(method, path, content_type, body.into())
            .await
    }

    /// Sends a body (a stream, say) with a content type to an API path.
    pub async fn send_body(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: reqwest::Body,
    ) -> Answer {
        let mut builder = self
            .http
            .request(method, self.server.url(path))
            .header("content-type", content_type)
            .body(body);
        builder = match &self.auth {
            Auth::None => builder,
            Auth::Session { csrf_token } => builder.header("x-csrf-token", csrf_token),
            Auth::Bearer(secret) => builder.bearer_auth(secret),
        };
        into_answer(builder.send().await.expect("the server answers")).await
    }

    /// GET an API path.
    pub async fn get(&self, path: &str) -> Answer {
        self.request(Method::GET, path, None).await
    }

    /// POST JSON to an API path.
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.request(Method::POST, path, Some(body)).await
    }

    /// PATCH JSON to an API path.
    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.request(Method::PATCH, path, Some(body)).await
    }

    /// PUT JSON to an API path.
    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.request(Method::PUT, path, Some(body)).await
    }

    /// DELETE an API path.
    pub async fn delete(&self, path: &str) -> Answer {
        self.request(Method::DELETE, path, None).await
    }

    /// The underlying HTTP client (with this client's cookies, if any).
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

async fn into_answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Answer {
        status,
        headers,
        body,
    }
}
