//! `labelwell serve` told to stop (SIGTERM), as a load balancer's instance is:
//! `/readyz` turns 503 at once while requests are still served for the drain
//! delay, then the listener closes, requests in flight finish within the
//! deadline, those past it are ended so that their client can tell (an export
//! cut off before its end, an import answered 503 and written not at all),
//! and the process exits 0; a second and a third SIGTERM cut the delay and
//! the deadline short. The real binary, on both backends.

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::common::processes::{ProcessDatabase, ServerProcess};
use crate::common::{PASSWORD, TestBackend};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_then_finishes_the_requests_in_flight_on_sqlite() {
    drains_then_finishes_the_requests_in_flight(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_then_finishes_the_requests_in_flight_on_postgres() {
    drains_then_finishes_the_requests_in_flight(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_deadline_an_export_is_cut_off_and_an_import_writes_nothing_on_sqlite() {
    past_the_deadline_requests_end_detectably(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_deadline_an_export_is_cut_off_and_an_import_writes_nothing_on_postgres() {
    past_the_deadline_requests_end_detectably(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_further_sigterm_moves_the_shutdown_on_on_sqlite() {
    further_signals_move_the_shutdown_on(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_further_sigterm_moves_the_shutdown_on_on_postgres() {
    further_signals_move_the_shutdown_on(TestBackend::Postgres).await;
}

/// The drain delay of the first test: long enough to check a few requests in it.
const DRAIN_SECONDS: u64 = 3;

async fn drains_then_finishes_the_requests_in_flight(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let database = ProcessDatabase::create(backend).await;
    let mut server = start(&database, DRAIN_SECONDS, 20).await;
    let ada = sign_up(&server).await;
    let project = ada.project().await;
    assert_eq!(probe(&server, "/readyz").await, Some(StatusCode::OK));

    // An import whose client is still sending when the signal comes.
    let (lines, body) = mpsc::channel::<Result<String, std::io::Error>>(16);
    for line in item_lines("first", 3, 10) {
        lines.send(Ok(line)).await.expect("the body is read");
    }
    let import = tokio::spawn(ada.import(&project, body));
    tokio::time::sleep(Duration::from_millis(300)).await;

    let signalled = Instant::now();
    server.terminate();
    let readiness = wait_for(Duration::from_secs(1), || async {
        probe(&server, "/readyz").await == Some(StatusCode::SERVICE_UNAVAILABLE)
    })
    .await;
    assert!(readiness, "/readyz is 503 at once:\n{}", server.log_text());
    let not_ready = signalled.elapsed();
    assert_eq!(probe(&server, "/healthz").await, Some(StatusCode::OK));
    let me = ada
        .http
        .get(ada.url("/me/organizations"))
        .send()
        .await
        .expect("served");
    assert_eq!(me.status(), StatusCode::OK, "the API still serves");
    assert!(
        signalled.elapsed() < Duration::from_secs(DRAIN_SECONDS),
        "checked within the drain delay (took {:?})",
        signalled.elapsed()
    );

    // Past the delay the listener is closed; the import is still running.
    let closed = wait_for(Duration::from_secs(DRAIN_SECONDS + 2), || async {
        probe(&server, "/healthz").await.is_none()
    })
    .await;
    assert!(
        closed,
        "no new connection is accepted after the drain delay"
    );
    assert!(!import.is_finished(), "the import is still in flight");
    for line in item_lines("last", 3, 10) {
        lines.send(Ok(line)).await.expect("the body is read");
    }
    drop(lines);
    let (status, body) = import.await.expect("the import's task");
    assert_eq!(status, StatusCode::OK, "the import finishes: {body}");
    assert_eq!(body["created"], 6);

    let status = server.exits_within(Duration::from_secs(10));
    assert!(
        status.success(),
        "exit status {status}:\n{}",
        server.log_text()
    );
    assert_eq!(database.count_items().await, 6);
    eprintln!("figure: /readyz 503 {not_ready:?} after SIGTERM");
}

async fn past_the_deadline_requests_end_detectably(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let database = ProcessDatabase::create(backend).await;
    let mut server = start(&database, 0, 1).await;
    let ada = sign_up(&server).await;
    let exported = ada.project().await;
    let (lines, body) = mpsc::channel(EXPORTED_ITEMS);
    for line in item_lines("big", EXPORTED_ITEMS, 2000) {
        lines.send(Ok(line)).await.expect("the body is read");
    }
    drop(lines);
    let (status, answer) = ada.import(&exported, body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let imported = ada.project().await;

    // An export whose client reads its first bytes, then nothing for a while:
    // a small receive buffer keeps most of the export on the server's side.
    let token = ada.token().await;
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.set_recv_buffer_size(4096).expect("a small buffer");
    let mut export = socket.connect(server.address()).await.expect("connects");
    let request = format!(
        "GET /api/v1/projects/{exported}/export?format=jsonl HTTP/1.1\r\nHost: labelwell\r\nAuthorization: Bearer {token}\r\n\r\n"
    );
    export.write_all(request.as_bytes()).await.expect("sent");
    let mut received = vec![0; 4096];
    let mut length = 0;
    while !received[..length].windows(4).any(|w| w == b"\r\n\r\n") {
        let read = export.read(&mut received[length..]).await.expect("read");
        assert!(read > 0, "the export answers");
        length += read;
    }
    received.truncate(length);
    let head = String::from_utf8_lossy(&received).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );

    // An import whose client stops sending halfway.
    let (lines, body) = mpsc::channel(16);
    for line in item_lines("half", 5, 10) {
        lines.send(Ok(line)).await.expect("the body is read");
    }
    let import = tokio::spawn(ada.import(&imported, body));
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.terminate();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (status, answer) = import.await.expect("the import's task");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_eq!(answer["code"], "shutting_down", "{answer}");
    drop(lines);

    // The export's client reads on: the stream ends without its last chunk.
    let read_the_rest = async {
        let mut rest = Vec::new();
        let _ = export.read_to_end(&mut rest).await;
        received.extend_from_slice(&rest);
    };
    tokio::time::timeout(Duration::from_secs(10), read_the_rest)
        .await
        .expect("the connection ends");
    assert!(
        !received.ends_with(b"\r\n0\r\n\r\n"),
        "the export is cut off, not ended cleanly ({} bytes)",
        received.len()
    );
    assert!(
        received.len() < EXPORTED_ITEMS * 2000,
        "the export was cut short ({} bytes)",
        received.len()
    );

    let status = server.exits_within(Duration::from_secs(15));
    assert!(
        status.success(),
        "exit status {status}:\n{}",
        server.log_text()
    );
    assert_eq!(
        database.count_items().await,
        EXPORTED_ITEMS as i64,
        "the cut import wrote nothing"
    );
}

/// A drain delay and a deadline of a minute each: a second SIGTERM ends the
/// drain delay at once (the listener closes), a third ends the deadline (the
/// import still in flight is answered 503 and writes nothing), and the
/// process exits 0 within seconds.
async fn further_signals_move_the_shutdown_on(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let database = ProcessDatabase::create(backend).await;
    let mut server = start(&database, 60, 60).await;
    let ada = sign_up(&server).await;
    let project = ada.project().await;
    let (lines, body) = mpsc::channel(16);
    for line in item_lines("stuck", 3, 10) {
        lines.send(Ok(line)).await.expect("the body is read");
    }
    let import = tokio::spawn(ada.import(&project, body));
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.terminate();
    let draining = wait_for(Duration::from_secs(2), || async {
        probe(&server, "/readyz").await == Some(StatusCode::SERVICE_UNAVAILABLE)
    })
    .await;
    assert!(draining, "/readyz is 503 at once:\n{}", server.log_text());

    server.terminate();
    let closed = wait_for(Duration::from_secs(5), || async {
        probe(&server, "/healthz").await.is_none()
    })
    .await;
    assert!(
        closed,
        "a second SIGTERM closes the listener without the minute's drain delay:\n{}",
        server.log_text()
    );
    assert!(!import.is_finished(), "the import is still in flight");

    server.terminate();
    let (status, answer) = tokio::time::timeout(Duration::from_secs(5), import)
        .await
        .expect("a third SIGTERM ends the import without the minute's deadline")
        .expect("the import's task");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_eq!(answer["code"], "shutting_down", "{answer}");
    drop(lines);
    let status = server.exits_within(Duration::from_secs(10));
    assert!(
        status.success(),
        "exit status {status}:\n{}",
        server.log_text()
    );
    assert_eq!(
        database.count_items().await,
        0,
        "the ended import wrote nothing"
    );
}

/// Items of the export past the deadline: a few megabytes, more than the
/// socket buffers between the server and its client hold.
const EXPORTED_ITEMS: usize = 2000;

/// NDJSON lines of `count` items named `prefix`-n, with `text_bytes` of text each.
fn item_lines(prefix: &str, count: usize, text_bytes: usize) -> Vec<String> {
    let text = "x".repeat(text_bytes);
    (0..count)
        .map(|n| {
            let item = json!({ "external_id": format!("{prefix}-{n}"), "data": { "text": text } });
            format!("{item}\n")
        })
        .collect()
}

/// Polls `check` every 50 ms until it holds or `within` has passed.
async fn wait_for<F: std::future::Future<Output = bool>>(
    within: Duration,
    mut check: impl FnMut() -> F,
) -> bool {
    let started = Instant::now();
    loop {
        if check().await {
            return true;
        }
        if started.elapsed() > within {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Starts `labelwell serve` on `database` with the given drain delay and
/// deadline, and waits until it is ready.
async fn start(
    database: &ProcessDatabase,
    drain_seconds: u64,
    deadline_seconds: u64,
) -> ServerProcess {
    let drain = drain_seconds.to_string();
    let deadline = deadline_seconds.to_string();
    let settings = [
        ("LABELWELL_SHUTDOWN_DRAIN_DELAY_SECONDS", drain.as_str()),
        ("LABELWELL_SHUTDOWN_DEADLINE_SECONDS", deadline.as_str()),
        ("LABELWELL_LOG", "info"),
    ];
    database.start(&settings, "server").await
}

/// The status of `path` on a new connection; `None` when none is accepted.
async fn probe(server: &ServerProcess, path: &str) -> Option<StatusCode> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a client");
    let url = format!("http://{}{path}", server.address());
    client.get(url).send().await.ok().map(|r| r.status())
}

/// Signs up Ada, with her organization.
async fn sign_up(server: &ServerProcess) -> User {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("a client");
    let base = server.url("");
    let signup = json!({ "email": "ada@example.com", "password": PASSWORD, "name": "Ada" });
    let session: Value = http
        .post(format!("{base}/auth/signup"))
        .json(&signup)
        .send()
        .await
        .expect("signed up")
        .json()
        .await
        .expect("a session");
    let csrf = session["csrf_token"].as_str().expect("a CSRF token");
    let mut user = User {
        http,
        base,
        csrf: csrf.to_owned(),
        organization: String::new(),
    };
    let created = user.post("/organizations", json!({ "name": "Acme" })).await;
    user.organization = created["organization"]["id"]
        .as_str()
        .expect("an organization")
        .to_owned();
    user
}

/// A signed-in user of a server.
struct User {
    http: reqwest::Client,
    base: String,
    csrf: String,
    organization: String,
}

impl User {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(self.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .expect("answered");
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json().await.expect("JSON")
    }

    /// A new project of the organization.
    async fn project(&self) -> String {
        let path = format!("/organizations/{}/projects", self.organization);
        let created = self
            .post(
                &path,
                json!({ "name": uuid::Uuid::now_v7().to_string(), "overlap": 1 }),
            )
            .await;
        created["project"]["id"]
            .as_str()
            .expect("a project")
            .to_owned()
    }

    /// An API token's secret.
    async fn token(&self) -> String {
        let created = self.post("/me/tokens", json!({ "name": "export" })).await;
        created["secret"].as_str().expect("a secret").to_owned()
    }

    /// Imports the NDJSON lines `body` sends: the status and answer.
    fn import(
        &self,
        project: &str,
        body: mpsc::Receiver<Result<String, std::io::Error>>,
    ) -> impl std::future::Future<Output = (StatusCode, Value)> + Send + 'static {
        let request = self
            .http
            .post(self.url(&format!("/projects/{project}/items")))
            .header("x-csrf-token", &self.csrf)
            .header("content-type", "application/x-ndjson")
            .body(reqwest::Body::wrap_stream(
                ReceiverStream::new(body).map(|line| line.map(String::into_bytes)),
            ));
        async move {
            let response = request.send().await.expect("answered");
            let status = response.status();
            (status, response.json().await.unwrap_or(Value::Null))
        }
    }
}
