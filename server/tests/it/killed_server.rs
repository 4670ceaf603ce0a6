//! A server killed with SIGKILL (`kill -9`: no shutdown, no cleanup) in the
//! middle of a 100,000-line NDJSON import (20,000 lines unless
//! `LABELWELL_TEST_SCALE=1`) and of an export, on both backends:
//! the import's transaction leaves nothing behind, the same file imports
//! whole on the next process over the same database, and each client sees its
//! stream break, never a clean answer.

use std::str::FromStr as _;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::Connection as _;

use crate::common::TestBackend;
use crate::common::processes::{Browser, ProcessDatabase, ServerProcess};

/// The lines of the import: 100,000 in CI, 20,000 in the inner loop (still
/// a few hundred batches and an export of more than a megabyte).
fn lines() -> usize {
    crate::common::at_scale(100_000, 20_000)
}

/// Small import batches: the import's transaction writes in a hundred
/// statements or so, which leaves time to kill the server between two of them.
const SETTINGS: &[(&str, &str)] = &[
    ("LABELWELL_IMPORT_BATCH_BYTES", "262144"),
    ("LABELWELL_IMPORT_MAX_LINE_BYTES", "65536"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    if TestBackend::Sqlite.selected() {
        a_killed_import_writes_nothing_and_a_killed_export_breaks(TestBackend::Sqlite).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    if TestBackend::Postgres.selected() {
        a_killed_import_writes_nothing_and_a_killed_export_breaks(TestBackend::Postgres).await;
    }
}

/// Waits until a transaction of the server has written to `database` and
/// not committed: on PostgreSQL a server backend holding a transaction id,
/// on SQLite the write lock taken (a probe finds it busy).
async fn wait_for_an_open_write(database: &ProcessDatabase) {
    let deadline = Instant::now() + Duration::from_secs(120);
    match database.backend() {
        TestBackend::Sqlite => {
            let url = database.url();
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                .expect("the URL")
                .busy_timeout(Duration::ZERO);
            let mut probe = sqlx::SqliteConnection::connect_with(&options)
                .await
                .expect("the database file");
            loop {
                assert!(Instant::now() < deadline, "the import never began writing");
                match sqlx::query("BEGIN IMMEDIATE").execute(&mut probe).await {
                    Err(_) => return,
                    Ok(_) => {
                        sqlx::query("ROLLBACK")
                            .execute(&mut probe)
                            .await
                            .expect("rollback");
                    }
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        TestBackend::Postgres => {
            let mut probe = database.postgres().await;
            loop {
                assert!(Instant::now() < deadline, "the import never began writing");
                let writing: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND application_name = 'labelwell'
                       AND backend_xid IS NOT NULL",
                )
                .fetch_one(&mut probe)
                .await
                .expect("pg_stat_activity");
                if writing > 0 {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }
}
/// `lines()` NDJSON lines of about 100 bytes.
fn ndjson() -> Vec<u8> {
    (0..lines())
        .map(|i| {
            format!(
                "{{\"external_id\":\"ticket-{i}\",\"data\":{{\"text\":\"Ticket {i}: {}\"}}}}\n",
                "the app crashes when I open the settings page."
            )
        })
        .collect::<String>()
        .into_bytes()
}

async fn a_killed_import_writes_nothing_and_a_killed_export_breaks(backend: TestBackend) {
    let database = ProcessDatabase::create(backend).await;
    let mut server = database.start(SETTINGS, "first").await;
    let owner = Browser::sign_up(&server.url(""), "owner").await;
    let (status, body) = owner
        .post(&server.url("/organizations"), json!({ "name": "Acme" }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let org = body["organization"]["id"].as_str().expect("id").to_owned();
    let (status, body) = owner
        .post(
            &server.url(&format!("/organizations/{org}/projects")),
            json!({ "name": "Tickets" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let project = body["project"]["id"].as_str().expect("id").to_owned();
    let (status, body) = owner
        .send(
            Method::PUT,
            &server.url(&format!("/projects/{project}/annotation-ui")),
            Some(json!({ "schema": crate::common::fixtures::sentiment_schema() })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let file = ndjson();
    let import = |server: &ServerProcess| {
        owner
            .http()
            .post(server.url(&format!("/projects/{project}/items")))
            .header("x-csrf-token", owner.csrf_token())
            .header("content-type", "application/x-ndjson")
            .body(file.clone())
            .send()
    };

    // Killed while the import's transaction writes its batches.
    let killed_import = tokio::spawn(import(&server));
    wait_for_an_open_write(&database).await;
    server.kill();
    let answer = killed_import.await.expect("the import's task");
    assert!(
        answer.is_err(),
        "the client of a killed import sees its request fail, not {:?}",
        answer.map(|answer| answer.status())
    );
    assert_eq!(
        database.count_items().await,
        0,
        "nothing of the import was written"
    );

    // A new process over the same database: the same session, the same file, all of it.
    let mut server = database.start(SETTINGS, "second").await;
    let answer = import(&server).await.expect("an answer");
    assert_eq!(answer.status(), StatusCode::OK);
    let counts: serde_json::Value = answer.json().await.expect("the counts");
    assert_eq!(counts, json!({ "created": lines(), "updated": 0 }));
    assert_eq!(database.count_items().await, lines() as i64);

    // Killed while an export streams: read a megabyte, kill, read on.
    let export_url = server.url(&format!("/projects/{project}/export?format=jsonl"));
    let mut export = owner
        .http()
        .get(&export_url)
        .send()
        .await
        .expect("the export starts");
    assert_eq!(export.status(), StatusCode::OK);
    let mut received = 0;
    while received < 1 << 20 {
        let chunk = export
            .chunk()
            .await
            .expect("the export streams")
            .expect("more than a megabyte");
        received += chunk.len();
    }
    server.kill();
    let broken = loop {
        match export.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => break false,
            Err(_) => break true,
        }
    };
    assert!(
        broken,
        "the export of a killed server ended cleanly after {received} bytes"
    );

    // The next process exports everything.
    let server = database.start(SETTINGS, "third").await;
    let whole = owner
        .http()
        .get(server.url(&format!("/projects/{project}/export?format=jsonl")))
        .send()
        .await
        .expect("the export starts")
        .bytes()
        .await
        .expect("the whole export");
    let exported = whole
        .split(|byte| *byte == b'\n')
        .filter(|line| !line.is_empty())
        .count();
    assert_eq!(exported, lines());
    assert!(
        received < whole.len(),
        "the killed export had sent {received} of {} bytes",
        whole.len()
    );
}
