//! The database gone: stopped as by a crash, or hanging. The API answers 503
//! `database_unavailable` with `Retry-After` within 2 s, `/readyz` turns 503
//! within 1 s, `/healthz` stays 200, and the server recovers by itself once
//! the database is back. On a private PostgreSQL cluster, never the shared one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::common::private_postgres::PrivateCluster;
use crate::common::{Client, TestBackend, TestServer};
use labelwell_server::db::Tenancy;

/// How soon an API request must be answered once the database is gone.
const API_ANSWER: Duration = Duration::from_secs(2);
/// How soon `/readyz` must say so.
const READINESS_ANSWER: Duration = Duration::from_secs(1);
/// How long the server may take to recover once the database is back.
const RECOVERY: Duration = Duration::from_secs(15);

/// The server's default acquire timeout, which the harness raises for other tests.
fn default_acquire_timeout(config: &mut labelwell_server::config::Config) {
    config.database.database_acquire_timeout_ms = 1000;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_database_is_answered_503_at_once_and_the_server_recovers_by_itself() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let cluster = PrivateCluster::start();
    let server = TestServer::start_on(&cluster.url(), default_acquire_timeout).await;
    let ada = server.sign_up("ada").await;
    server.organization(&ada, "Acme").await;
    ada.get("/me/organizations").await.assert_status(200);

    cluster.stop_immediately();
    let outage = the_outage_is_answered_at_once(&server, &ada).await;

    cluster.start_again();
    let recovery = recovers(&server, &ada).await;
    eprintln!("figures (stopped database): {outage}, recovery {recovery:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_database_is_answered_503_within_the_same_times() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let cluster = PrivateCluster::start();
    let proxy = FreezingProxy::start(cluster.port()).await;
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", proxy.port);
    let server = TestServer::start_on(&url, default_acquire_timeout).await;
    let ada = server.sign_up("ada").await;
    server.organization(&ada, "Acme").await;
    ada.get("/me/organizations").await.assert_status(200);

    proxy.freeze();
    let outage = the_outage_is_answered_at_once(&server, &ada).await;

    proxy.thaw();
    let recovery = recovers(&server, &ada).await;
    eprintln!("figures (hanging database): {outage}, recovery {recovery:?}");
    server.stop().await;
}

/// Asserts what a client sees while the database is gone, and says how long
/// each answer took.
async fn the_outage_is_answered_at_once(server: &TestServer, ada: &Client) -> String {
    // Signed in: the session is read from the database first.
    let started = Instant::now();
    let answer = ada.get("/me/organizations").await;
    let signed_in = started.elapsed();
    answer.assert_problem(503, "database_unavailable");
    assert!(
        answer.headers.contains_key("retry-after"),
        "503 says when to try again: {:?}",
        answer.headers
    );
    assert!(signed_in < API_ANSWER, "answered after {signed_in:?}");

    // Anonymous, on a route that reads the database.
    let started = Instant::now();
    let answer = server
        .anonymous()
        .post(
            "/auth/login",
            serde_json::json!({ "email": "ada@example.com", "password": "not the password" }),
        )
        .await;
    let anonymous = started.elapsed();
    answer.assert_problem(503, "database_unavailable");
    assert!(anonymous < API_ANSWER, "answered after {anonymous:?}");

    let started = Instant::now();
    let readiness = probe(server, "/readyz").await;
    let not_ready = started.elapsed();
    assert_eq!(readiness, StatusCode::SERVICE_UNAVAILABLE);
    assert!(not_ready < READINESS_ANSWER, "/readyz after {not_ready:?}");
    assert_eq!(probe(server, "/healthz").await, StatusCode::OK);
    format!(
        "503 after {signed_in:?} (signed in) and {anonymous:?} (login), /readyz 503 after {not_ready:?}"
    )
}

/// Waits until the server answers again, without a restart; how long it took.
async fn recovers(server: &TestServer, ada: &Client) -> Duration {
    let started = Instant::now();
    loop {
        let answer = ada.get("/me/organizations").await;
        if answer.status == StatusCode::OK {
            assert_eq!(answer.body["organizations"][0]["name"], "Acme");
            break;
        }
        answer.assert_problem(503, "database_unavailable");
        assert!(started.elapsed() < RECOVERY, "still 503 after {RECOVERY:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovered = started.elapsed();
    assert_eq!(probe(server, "/readyz").await, StatusCode::OK);
    recovered
}

/// The status of an operations endpoint.
async fn probe(server: &TestServer, path: &str) -> StatusCode {
    reqwest::get(format!("{}{path}", server.base_url()))
        .await
        .expect("the server answers")
        .status()
}

/// A TCP proxy to the cluster that can stop forwarding, as a database that
/// hangs (or a network that drops everything) would: connections stay open,
/// nothing comes back.
struct FreezingProxy {
    port: u16,
    frozen: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl FreezingProxy {
    async fn start(upstream: u16) -> FreezingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let frozen = Arc::new(AtomicBool::new(false));
        let flag = frozen.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    continue;
                };
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::spawn(forward(client_read, server_write, flag.clone()));
                tokio::spawn(forward(server_read, client_write, flag.clone()));
            }
        });
        FreezingProxy { port, frozen, task }
    }

    /// From now on, nothing read is passed on, on any connection.
    fn freeze(&self) {
        self.frozen.store(true, Ordering::SeqCst);
    }

    /// New connections are forwarded again; those caught frozen stay dead.
    fn thaw(&self) {
        self.frozen.store(false, Ordering::SeqCst);
    }
}

impl Drop for FreezingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies one direction of a connection until either side closes; once the
/// proxy is frozen, holds what it read and the connection forever.
async fn forward(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    frozen: Arc<AtomicBool>,
) {
    let mut buffer = vec![0; 16 * 1024];
    loop {
        let read = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => read,
        };
        if frozen.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
        if to.write_all(&buffer[..read]).await.is_err() {
            return;
        }
    }
}

/// A pool whose every connection is busy is not a database gone: `/readyz`
/// asks on a connection of its own and stays 200, so a load balancer keeps an
/// instance that is merely busy, while the requests that find no connection
/// within the acquire timeout are answered 503.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_pool_keeps_the_instance_ready() {
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        if !backend.selected() {
            continue;
        }
        let server = TestServer::start_with(backend, |config| {
            default_acquire_timeout(config);
            config.database.database_max_connections = 1;
        })
        .await;
        let ada = server.sign_up("ada").await;
        let held = server
            .db()
            .read(Tenancy::AccountTables)
            .await
            .expect("the pool's one connection");

        assert_eq!(
            probe(&server, "/readyz").await,
            StatusCode::OK,
            "{backend:?}"
        );
        let busy = ada.get("/me/organizations").await;
        busy.assert_status(503);
        assert_eq!(busy.body["code"], "database_unavailable", "{backend:?}");

        drop(held);
        ada.get("/me/organizations").await.assert_status(200);
        assert_eq!(
            probe(&server, "/readyz").await,
            StatusCode::OK,
            "{backend:?}"
        );
        server.stop().await;
    }
}
