//! The `labelwell` binary and HAProxy as separate processes, as an operator
//! runs them: instances that can be killed (`kill -9`) and restarted on the
//! same database, and a load balancer in front of several of them. Every
//! process is killed when its guard drops, also when a test panics.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection as _;

use super::{PostgresDatabase, TestBackend};

/// The database of a test that runs the binary, of either backend, removed
/// after it: a SQLite file in a temporary folder, or a PostgreSQL database
/// of its own (dropped with this guard). The folder also takes the servers' logs.
pub struct ProcessDatabase {
    backend: TestBackend,
    url: String,
    folder: tempfile::TempDir,
    _postgres: Option<PostgresDatabase>,
}

impl ProcessDatabase {
    /// A new, empty database of `backend`.
    pub async fn create(backend: TestBackend) -> ProcessDatabase {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let (url, postgres) = match backend {
            TestBackend::Sqlite => {
                let path = folder.path().join("labelwell.db");
                (format!("sqlite://{}", path.display()), None)
            }
            TestBackend::Postgres => {
                let database = PostgresDatabase::create().await;
                (database.url(), Some(database))
            }
        };
        ProcessDatabase {
            backend,
            url,
            folder,
            _postgres: postgres,
        }
    }

    /// Its backend.
    pub fn backend(&self) -> TestBackend {
        self.backend
    }

    /// The URL servers are given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The temporary folder: the SQLite file, and the servers' logs.
    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// Starts `labelwell serve` on it with `settings` and waits until it is
    /// ready; its log is `name.log` in [`ProcessDatabase::folder`].
    pub async fn start(&self, settings: &[(&str, &str)], name: &str) -> ServerProcess {
        ServerProcess::start(&self.url, settings, self.folder(), name).await
    }

    /// Runs one statement on a connection of the test's own, beside the servers.
    pub async fn exec(&self, statement: &str) {
        match self.backend {
            TestBackend::Sqlite => {
                let mut connection = self.sqlite().await;
                sqlx::query(statement)
                    .execute(&mut connection)
                    .await
                    .map(drop)
            }
            TestBackend::Postgres => {
                let mut connection = self.postgres().await;
                sqlx::query(statement)
                    .execute(&mut connection)
                    .await
                    .map(drop)
            }
        }
        .expect("executed");
    }

    /// The items of every project, counted by a connection of the test's own.
    pub async fn count_items(&self) -> i64 {
        let query = "SELECT COUNT(*) FROM items";
        match self.backend {
            TestBackend::Sqlite => {
                let mut connection = self.sqlite().await;
                sqlx::query_scalar(query).fetch_one(&mut connection).await
            }
            TestBackend::Postgres => {
                let mut connection = self.postgres().await;
                sqlx::query_scalar(query).fetch_one(&mut connection).await
            }
        }
        .expect("the items counted")
    }

    /// A connection of the test's own to the SQLite file.
    pub async fn sqlite(&self) -> sqlx::SqliteConnection {
        sqlx::SqliteConnection::connect(&self.url)
            .await
            .expect("the SQLite file")
    }

    /// A connection of the test's own to the PostgreSQL database.
    pub async fn postgres(&self) -> sqlx::PgConnection {
        sqlx::PgConnection::connect(&self.url)
            .await
            .expect("the PostgreSQL database")
    }
}

/// How long a process may take to start listening and answer ready.
const START_DEADLINE: Duration = Duration::from_secs(60);

/// One running `labelwell serve`, its output in a log file.
pub struct ServerProcess {
    child: Child,
    base_url: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts `labelwell serve` on a port of its choosing over `database_url`,
    /// with the environment `settings` besides, and waits until it is ready
    /// (`GET /readyz` answers 200). Its output goes to `name.log` in `log_dir`.
    pub async fn start(
        database_url: &str,
        settings: &[(&str, &str)],
        log_dir: &Path,
        name: &str,
    ) -> ServerProcess {
        let mut server = ServerProcess::spawn(database_url, settings, log_dir, name);
        server.wait_ready().await;
        server
    }

    /// Starts `labelwell serve` without waiting for it: see [`ServerProcess::wait_ready`].
    pub fn spawn(
        database_url: &str,
        settings: &[(&str, &str)],
        log_dir: &Path,
        name: &str,
    ) -> ServerProcess {
        let log = log_dir.join(format!("{name}.log"));
        let output = std::fs::File::create(&log).expect("the log file");
        let errors = output.try_clone().expect("the log file, twice");
        let child = Command::new(env!("CARGO_BIN_EXE_labelwell"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("LABELWELL_DATABASE_URL", database_url)
            .env("LABELWELL_LOG", "warn")
            // As the in-process test servers: a loaded test machine may keep
            // a burst of requests waiting longer than the default second.
            .env("LABELWELL_DATABASE_ACQUIRE_TIMEOUT_MS", "10000")
            .envs(settings.iter().copied())
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .spawn()
            .expect("the labelwell binary starts");
        ServerProcess {
            child,
            base_url: String::new(),
            log,
        }
    }

    /// Waits until the server says where it listens and answers `GET /readyz`
    /// with 200; panics with its log if it ends or the deadline passes first.
    pub async fn wait_ready(&mut self) {
        const LISTENING: &str = "Labelwell is listening on http://";
        let deadline = Instant::now() + START_DEADLINE;
        let http = reqwest::Client::new();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server ended with {status}:\n{}", self.log_text());
            }
            if Instant::now() > deadline {
                panic!("the server was not ready in time:\n{}", self.log_text());
            }
            if self.base_url.is_empty()
                && let Some((_, rest)) = self.log_text().split_once(LISTENING)
            {
                let address = rest.split_whitespace().next().unwrap_or_default();
                self.base_url = format!("http://{address}");
            }
            if !self.base_url.is_empty() {
                let ready = http.get(format!("{}/readyz", self.base_url)).send().await;
                if ready.is_ok_and(|answer| answer.status() == reqwest::StatusCode::OK) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.base_url
            .rsplit_once(':')
            .and_then(|(_, port)| port.parse().ok())
            .expect("a started server has a port")
    }

    /// The URL of an API path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base_url)
    }

    /// The URL of its Prometheus metrics, which it serves with
    /// `LABELWELL_METRICS_ADDR` and names in its log.
    pub fn metrics_url(&self) -> String {
        self.log_text()
            .split_once("Labelwell serves metrics on ")
            .and_then(|(_, rest)| rest.split_whitespace().next().map(str::to_owned))
            .expect("the server says where it serves metrics")
    }

    /// What the server has written to its log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The address it listens on.
    pub fn address(&self) -> std::net::SocketAddr {
        let address = self.base_url.trim_start_matches("http://");
        address.parse().expect("a started server has an address")
    }

    /// Tells the server to stop, as systemd does (SIGTERM).
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "the signal is sent");
    }

    /// Waits for the server to exit, and fails the test with its log when it
    /// does not within `within`.
    pub fn exits_within(&mut self, within: Duration) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the process") {
                return status;
            }
            assert!(
                started.elapsed() < within,
                "still running after {within:?}:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server with SIGKILL (`kill -9`): no shutdown of any kind.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// HAProxy in front of some servers, run from the committed
/// `deploy/haproxy.cfg` with the test's ports.
pub struct HaProxy {
    child: Child,
    base_url: String,
    stats_socket: PathBuf,
}

impl HaProxy {
    /// Starts HAProxy on a free port in front of `servers` (their ports), with
    /// its configuration and stats socket in `dir`, and waits until it
    /// forwards `GET /readyz` to a ready server.
    pub async fn start(servers: &[u16], dir: &Path) -> HaProxy {
        let port = free_port();
        let stats_socket = dir.join("haproxy.sock");
        let committed = include_str!("../../../../deploy/haproxy.cfg");
        let config_text = haproxy_config(committed, port, "app", servers, &stats_socket);
        let (child, log) = spawn_haproxy(&config_text, dir);
        let mut haproxy = HaProxy {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            stats_socket,
        };
        let deadline = Instant::now() + START_DEADLINE;
        let http = reqwest::Client::new();
        loop {
            haproxy.still_runs(&log);
            assert!(Instant::now() < deadline, "HAProxy was not ready in time");
            let ready = http
                .get(format!("{}/readyz", haproxy.base_url))
                .send()
                .await;
            if ready.is_ok_and(|answer| answer.status() == reqwest::StatusCode::OK) {
                return haproxy;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Starts HAProxy from the committed `deploy/haproxy-postgres.cfg` on a
    /// free port in front of PostgreSQL `nodes` (their ports), with its
    /// configuration and stats socket in `dir`, and waits until it forwards a
    /// connection to the primary ([`HaProxy::postgres_url`]).
    pub async fn start_postgres(nodes: &[u16], dir: &Path) -> HaProxy {
        let port = free_port();
        let stats_socket = dir.join("haproxy.sock");
        let committed = include_str!("../../../../deploy/haproxy-postgres.cfg");
        let config_text = haproxy_config(committed, port, "pg", nodes, &stats_socket);
        let (child, log) = spawn_haproxy(&config_text, dir);
        let mut haproxy = HaProxy {
            child,
            base_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            stats_socket,
        };
        let deadline = Instant::now() + START_DEADLINE;
        loop {
            haproxy.still_runs(&log);
            assert!(Instant::now() < deadline, "HAProxy was not ready in time");
            if haproxy.reaches_the_primary().await {
                return haproxy;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The `postgres://` URL of the primary behind HAProxy.
    pub fn postgres_url(&self) -> String {
        self.base_url.clone()
    }

    /// Whether a connection through HAProxy reaches a primary.
    pub async fn reaches_the_primary(&self) -> bool {
        let Ok(mut connection) = sqlx::PgConnection::connect(&self.base_url).await else {
            return false;
        };
        let in_recovery: Result<bool, _> = sqlx::query_scalar("SELECT pg_is_in_recovery()")
            .fetch_one(&mut connection)
            .await;
        matches!(in_recovery, Ok(false))
    }

    /// Fails the test with HAProxy's log when it has ended.
    fn still_runs(&mut self, log: &Path) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "HAProxy ended with {status}:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
    }

    /// The URL of an API path through HAProxy.
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base_url)
    }

    /// How many requests HAProxy has passed to each server so far (the
    /// `stot` column of `show stat`), by server name (`app1`, `app2`, ...).
    pub fn requests_per_server(&self) -> Vec<(String, u64)> {
        use std::io::{Read as _, Write as _};
        let mut socket =
            std::os::unix::net::UnixStream::connect(&self.stats_socket).expect("the stats socket");
        socket.write_all(b"show stat\n").expect("show stat");
        let mut text = String::new();
        socket.read_to_string(&mut text).expect("the statistics");
        let mut lines = text.lines();
        let header: Vec<&str> = lines
            .next()
            .unwrap_or_default()
            .trim_start_matches("# ")
            .split(',')
            .collect();
        let column = |name: &str| {
            header
                .iter()
                .position(|column| *column == name)
                .unwrap_or_else(|| panic!("no column {name} in {text}"))
        };
        let (proxy, server, total) = (column("pxname"), column("svname"), column("stot"));
        lines
            .map(|line| line.split(',').collect::<Vec<_>>())
            .filter(|row| {
                row.len() > total
                    && row[proxy] == "labelwell"
                    && row[server] != "BACKEND"
                    && row[server] != "FRONTEND"
            })
            .map(|row| (row[server].to_owned(), row[total].parse().unwrap_or(0)))
            .collect()
    }
}

impl Drop for HaProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The HAProxy binary: `LABELWELL_TEST_HAPROXY`, or Debian's.
fn haproxy_binary() -> String {
    std::env::var("LABELWELL_TEST_HAPROXY").unwrap_or_else(|_| "/usr/sbin/haproxy".to_owned())
}

/// Runs HAProxy in the foreground (`-db`, so that the guard's kill ends it)
/// with `config`, written to `dir`; its output goes to `haproxy.log` there.
fn spawn_haproxy(config: &str, dir: &Path) -> (Child, PathBuf) {
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config).expect("the HAProxy configuration is written");
    let log = dir.join("haproxy.log");
    let output = std::fs::File::create(&log).expect("the HAProxy log");
    let errors = output.try_clone().expect("the HAProxy log, twice");
    let child = Command::new(haproxy_binary())
        .arg("-db")
        .arg("-f")
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(output)
        .stderr(errors)
        .spawn()
        .expect("HAProxy starts");
    (child, log)
}

/// A committed HAProxy configuration (`deploy/haproxy*.cfg`) for the test:
/// its `bind` on `port` of 127.0.0.1, one `server` line per port of `servers`
/// (named `prefix1`, `prefix2`, ...) in place of its own, the external
/// check's program from the repository's `deploy/`, the stats socket at
/// `stats_socket`, its log on standard output (HAProxy's log file), and
/// without the lines about the host (the chroot, the user to become, going to
/// the background).
fn haproxy_config(
    committed: &str,
    port: u16,
    prefix: &str,
    servers: &[u16],
    stats_socket: &Path,
) -> String {
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy");
    let mut config = String::new();
    let mut servers_written = false;
    for line in committed.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["bind", ..] => config.push_str(&format!("{indent}bind 127.0.0.1:{port}\n")),
            ["server", ..] => {
                if !servers_written {
                    for (index, server) in servers.iter().enumerate() {
                        config.push_str(&format!(
                            "{indent}server {prefix}{} 127.0.0.1:{server}\n",
                            index + 1
                        ));
                    }
                    servers_written = true;
                }
            }
            ["external-check", "command", command] => {
                let program = Path::new(command).file_name().expect("a program");
                config.push_str(&format!(
                    "{indent}external-check command {}\n",
                    deploy.join(program).display()
                ));
            }
            ["stats", "socket", ..] => config.push_str(&format!(
                "{indent}stats socket {} mode 600 level admin\n",
                stats_socket.display()
            )),
            ["log", target, ..] if *target != "global" => {
                config.push_str(&format!("{indent}log stdout format raw local0\n"));
            }
            ["chroot" | "user" | "group" | "daemon", ..] => {}
            _ => {
                config.push_str(line);
                config.push('\n');
            }
        }
    }
    assert!(
        servers_written,
        "the committed configuration lists its servers"
    );
    config
}

/// A port nobody listens on now (the OS picks it; it is free again at once).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A browser's session with servers run as processes: one cookie jar for
/// every server on 127.0.0.1 (cookies do not tell ports apart, as they do not
/// tell apart the instances behind one host name), and the session's CSRF token.
#[derive(Clone)]
pub struct Browser {
    http: reqwest::Client,
    cookies: std::sync::Arc<reqwest::cookie::Jar>,
    csrf_token: String,
    user: serde_json::Value,
}

impl Browser {
    /// Signs up `name` (`name@example.com`) at `api` (an API base URL, e.g.
    /// `http://127.0.0.1:40123/api/v1`) and returns the signed-in browser.
    pub async fn sign_up(api: &str, name: &str) -> Browser {
        let cookies = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(cookies.clone())
            .build()
            .expect("client");
        let answer = http
            .post(format!("{api}/auth/signup"))
            .json(&serde_json::json!({
                "email": format!("{name}@example.com"),
                "password": super::PASSWORD,
                "name": name,
            }))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(
            answer.status(),
            reqwest::StatusCode::CREATED,
            "signup of {name}"
        );
        let session: serde_json::Value = answer.json().await.expect("the session");
        Browser {
            http,
            cookies,
            csrf_token: session["csrf_token"]
                .as_str()
                .expect("csrf_token")
                .to_owned(),
            user: session["user"].clone(),
        }
    }

    /// The signed-in user's id.
    pub fn user_id(&self) -> String {
        self.user["id"].as_str().expect("user.id").to_owned()
    }

    /// The signed-in user's email.
    pub fn email(&self) -> String {
        self.user["email"].as_str().expect("user.email").to_owned()
    }

    /// The underlying HTTP client, with the session's cookie.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The `Cookie` header this browser sends to `url`, if any.
    pub fn cookie_header(&self, url: &str) -> Option<reqwest::header::HeaderValue> {
        use reqwest::cookie::CookieStore as _;
        self.cookies.cookies(&url.parse().expect("a URL"))
    }

    /// The session's CSRF token.
    pub fn csrf_token(&self) -> &str {
        &self.csrf_token
    }

    /// Sends `method` to `url` with the CSRF token and an optional JSON body;
    /// returns the status and the body (JSON, `Null` when empty).
    pub async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Option<serde_json::Value>,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let mut request = self
            .http
            .request(method, url)
            .header("x-csrf-token", &self.csrf_token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.expect("the server answers");
        let status = answer.status();
        let bytes = answer.bytes().await.expect("a body");
        let body = if bytes.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned())
            })
        };
        (status, body)
    }

    /// A project "Tickets" of a new organization "Acme" of this user's, at
    /// `api`, with the sentiment annotation UI: ready for items.
    pub async fn project_with_annotation_ui(&self, api: &str) -> String {
        let (status, body) = self
            .post(
                &format!("{api}/organizations"),
                serde_json::json!({ "name": "Acme" }),
            )
            .await;
        assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
        let org = body["organization"]["id"].as_str().expect("id").to_owned();
        let (status, body) = self
            .post(
                &format!("{api}/organizations/{org}/projects"),
                serde_json::json!({ "name": "Tickets" }),
            )
            .await;
        assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
        let project = body["project"]["id"].as_str().expect("id").to_owned();
        let schema = super::fixtures::sentiment_schema();
        let (status, body) = self
            .send(
                reqwest::Method::PUT,
                &format!("{api}/projects/{project}/annotation-ui"),
                Some(serde_json::json!({ "schema": schema })),
            )
            .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
        project
    }

    /// Imports the NDJSON `lines` into `project` at `api`: the status and
    /// the answer (JSON, `Null` when it is not).
    pub async fn import(
        &self,
        api: &str,
        project: &str,
        lines: impl Into<reqwest::Body>,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let answer = self
            .http
            .post(format!("{api}/projects/{project}/items"))
            .header("x-csrf-token", &self.csrf_token)
            .header("content-type", "application/x-ndjson")
            .body(lines)
            .send()
            .await
            .expect("the server answers");
        let status = answer.status();
        (
            status,
            answer.json().await.unwrap_or(serde_json::Value::Null),
        )
    }

    /// GET `url`.
    pub async fn get(&self, url: &str) -> (reqwest::StatusCode, serde_json::Value) {
        self.send(reqwest::Method::GET, url, None).await
    }

    /// POST JSON to `url`.
    pub async fn post(
        &self,
        url: &str,
        body: serde_json::Value,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        self.send(reqwest::Method::POST, url, Some(body)).await
    }
}
