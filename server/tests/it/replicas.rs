//! A streaming replica for the reads that may lag (exports and statistics):
//! a private primary and its replica (`pg_basebackup -R -X stream`), the
//! binary started with both URLs. With the replica's replay paused, an
//! import is listed at once (primary) but exported and counted only once
//! replay resumes (replica); with the replica stopped, exports and
//! statistics read the primary and `/readyz` stays 200. With a bound on its
//! lag shorter than the pause, they read the primary once the replica is
//! further behind than the bound. A read the replica cancels for a recovery
//! conflict is one the server answers 503 to retry. PostgreSQL only.

use std::time::{Duration, Instant};

use axum::response::IntoResponse as _;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection as _;

use crate::common::TestBackend;
use crate::common::private_postgres::PrivateCluster;
use crate::common::processes::{Browser, ServerProcess};

/// Items of the export whose throughput is measured.
const MEASURED_ITEMS: usize = 50_000;

/// How long the replica may take to catch up, or the server to notice it gone.
const SETTLE: Duration = Duration::from_secs(15);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_and_statistics_read_the_replica_and_the_primary_when_it_is_gone() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let Replicated {
        _dir,
        primary: _primary,
        replica,
        server,
        owner,
        api,
        project,
    } = Replicated::start(&[]).await;
    let import = |lines: String| import(&owner, &api, &project, lines);

    // Replay paused: the replica stays where it is while the primary moves on.
    replay(&replica, "pause").await;
    import(ndjson("late", 0..5)).await;
    let (status, body) = owner
        .get(&format!(
            "{api}/projects/{project}/items?external_id=late-4"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["items"].as_array().map(Vec::len),
        Some(1),
        "the importer sees their items at once (read from the primary): {body}"
    );
    assert_eq!(
        export_lines(&owner, &api, &project).await,
        10,
        "the export reads the paused replica"
    );
    assert_eq!(stats_total(&owner, &api, &project).await, 10);

    replay(&replica, "resume").await;
    settles(
        "the export has the late items once replay resumes",
        || async { export_lines(&owner, &api, &project).await == 15 },
    )
    .await;
    assert_eq!(stats_total(&owner, &api, &project).await, 15);

    // The export's throughput from the replica while imports run on the primary.
    import(ndjson("bulk", 0..MEASURED_ITEMS)).await;
    let expected = MEASURED_ITEMS + 15;
    settles("the replica has the bulk import", || async {
        stats_total(&owner, &api, &project).await == expected as u64
    })
    .await;
    let importing = {
        let (owner, api, project) = (owner.clone(), api.clone(), project.clone());
        tokio::spawn(async move {
            let mut batches = 0;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(3) {
                let lines = ndjson(&format!("busy-{batches}"), 0..5_000);
                self::import(&owner, &api, &project, lines).await;
                batches += 1;
            }
            batches * 5_000
        })
    };
    let started = Instant::now();
    let (lines, bytes) = export(&owner, &api, &project).await;
    let took = started.elapsed();
    let imported = importing.await.expect("the imports");
    assert!(lines >= expected, "{lines} lines exported");
    eprintln!(
        "figures (replica export): {lines} items, {:.1} MB in {took:?}: {:.0} items/s, \
         {:.1} MB/s, while {imported} items were imported on the primary",
        bytes as f64 / 1e6,
        lines as f64 / took.as_secs_f64(),
        bytes as f64 / 1e6 / took.as_secs_f64()
    );

    // The replica gone: the same reads go to the primary, the instance stays ready.
    let log_before = server.log_text().len();
    replica.stop_immediately();
    settles("the server notices the replica is gone", || {
        replica_is(&server, "unavailable")
    })
    .await;
    let everything = expected + imported;
    assert_eq!(export_lines(&owner, &api, &project).await, everything);
    assert_eq!(stats_total(&owner, &api, &project).await, everything as u64);
    // Checked every second: more checks have failed by now, and none said it again.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let log = server.log_text().split_off(log_before);
    assert_eq!(
        log.matches("the replica does not answer").count(),
        1,
        "one warning for the change:\n{log}"
    );
}

/// With `LABELWELL_DATABASE_REPLICA_MAX_LAG_SECONDS=1`, a replica whose replay
/// is paused behind new writes is passed over once it is more than a second
/// behind: exports and statistics have the new items (read from the
/// primary), `/readyz` says `lagging`, and the server warns once. Once replay
/// resumes and the replica catches up, exports read it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_read_the_primary_while_the_replica_lags_more_than_its_bound() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let Replicated {
        _dir,
        primary: _primary,
        replica,
        server,
        owner,
        api,
        project,
    } = Replicated::start(&[
        ("LABELWELL_LOG", "info"),
        ("LABELWELL_DATABASE_REPLICA_MAX_LAG_SECONDS", "1"),
        ("LABELWELL_METRICS_ADDR", "127.0.0.1:0"),
    ])
    .await;
    replay(&replica, "pause").await;
    import(&owner, &api, &project, ndjson("late", 0..5)).await;
    let imported = Instant::now();
    settles("the replica is found lagging", || {
        replica_is(&server, "lagging")
    })
    .await;
    let found_lagging = imported.elapsed();
    let lag = replica_lag(&server).await;
    assert!(lag > 1.0, "the gauge has the lag past the bound: {lag}");
    assert_eq!(
        export_lines(&owner, &api, &project).await,
        15,
        "the export reads the primary while the replica lags"
    );
    assert_eq!(stats_total(&owner, &api, &project).await, 15);

    replay(&replica, "resume").await;
    let resumed = Instant::now();
    settles("the replica is taken again once it catches up", || {
        replica_is(&server, "ready")
    })
    .await;
    let lag = replica_lag(&server).await;
    assert!(lag <= 1.0, "the gauge has the lag within the bound: {lag}");
    eprintln!(
        "figures (replica lag bound of 1 s): lagging reported {found_lagging:?} after the \
         import, ready again {:?} after replay resumed",
        resumed.elapsed()
    );
    // An export ends its read-only transaction with a rollback: the
    // replica counts one more of them once an export reads it again.
    let rollbacks = || async {
        let mut on_replica = sqlx::PgConnection::connect(&replica.url())
            .await
            .expect("the replica");
        let count: i64 = sqlx::query_scalar(
            "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()",
        )
        .fetch_one(&mut on_replica)
        .await
        .expect("the replica's statistics");
        count
    };
    let before = rollbacks().await;
    settles(
        "the export reads the replica, which has every item",
        || async { export_lines(&owner, &api, &project).await == 15 },
    )
    .await;
    settles("the replica counts the export's transaction", || async {
        rollbacks().await > before
    })
    .await;

    let log = server.log_text();
    assert_eq!(
        log.matches("the replica lags behind more than").count(),
        1,
        "one warning when the lag passed the bound:\n{log}"
    );
    assert_eq!(
        log.matches("the replica caught up").count(),
        1,
        "one line when it came back within it:\n{log}"
    );
}

/// A read the replica cancels because replay must go on (a recovery
/// conflict, with `max_standby_streaming_delay = 0`: the primary truncates a
/// table the read holds) fails with SQLSTATE 40001, which the server answers
/// 503 `database_busy` with `Retry-After`: the same read may succeed again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_cancelled_by_a_recovery_conflict_is_answered_503_to_retry() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let primary = PrivateCluster::start_primary(false);
    let replica = primary.start_replica();
    let mut on_primary = sqlx::PgConnection::connect(&primary.url())
        .await
        .expect("the primary");
    let mut on_replica = sqlx::PgConnection::connect(&replica.url())
        .await
        .expect("the replica");
    for statement in [
        "ALTER SYSTEM SET max_standby_streaming_delay = 0",
        "SELECT pg_reload_conf()",
    ] {
        sqlx::query(statement)
            .execute(&mut on_replica)
            .await
            .expect("the replica cancels conflicting reads at once");
    }
    sqlx::query("CREATE TABLE conflicting AS SELECT 1 AS n")
        .execute(&mut on_primary)
        .await
        .expect("a table");
    settles("the replica has the table", || async {
        sqlx::query("SELECT n FROM conflicting")
            .execute(
                &mut sqlx::PgConnection::connect(&replica.url())
                    .await
                    .expect("the replica"),
            )
            .await
            .is_ok()
    })
    .await;

    let reading = tokio::spawn(async move {
        sqlx::query("SELECT pg_sleep(60) FROM conflicting")
            .execute(&mut on_replica)
            .await
    });
    settles("the read runs on the replica", || async {
        let mut watcher = sqlx::PgConnection::connect(&replica.url())
            .await
            .expect("the replica");
        let running: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(60)%'",
        )
        .fetch_one(&mut watcher)
        .await
        .expect("pg_stat_activity");
        running == 1
    })
    .await;
    sqlx::query("TRUNCATE conflicting")
        .execute(&mut on_primary)
        .await
        .expect("the primary truncates");
    let error = reading
        .await
        .expect("the read's task")
        .expect_err("the replica cancels the read");
    let sqlstate = error
        .as_database_error()
        .and_then(|error| error.code())
        .map(|code| code.into_owned());
    assert_eq!(sqlstate.as_deref(), Some("40001"), "{error}");
    assert!(
        error.to_string().contains("conflict with recovery"),
        "{error}"
    );

    let answer = labelwell_server::error::Error::Database(error).into_response();
    assert_eq!(answer.status(), 503);
    assert_eq!(answer.headers()["retry-after"], "1");
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
    let body = axum::body::to_bytes(answer.into_body(), 64 * 1024)
        .await
        .expect("the body");
    let problem: Value = serde_json::from_slice(&body).expect("problem+json");
    assert_eq!(problem["code"], "database_busy", "{problem}");
}

/// A private primary and its streaming replica, the binary started on the
/// primary with the replica and `settings` besides, and a project of ten
/// items, which the replica has.
struct Replicated {
    /// The server's log.
    _dir: tempfile::TempDir,
    primary: PrivateCluster,
    replica: PrivateCluster,
    server: ServerProcess,
    owner: Browser,
    api: String,
    project: String,
}

impl Replicated {
    async fn start(settings: &[(&str, &str)]) -> Replicated {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let primary = PrivateCluster::start_primary(false);
        let replica = primary.start_replica();
        let replica_url = replica.url();
        let mut all = vec![("LABELWELL_DATABASE_REPLICA_URL", replica_url.as_str())];
        all.extend_from_slice(settings);
        let server = ServerProcess::start(&primary.url(), &all, dir.path(), "server").await;
        settles("the replica is taken once it answers", || {
            replica_is(&server, "ready")
        })
        .await;
        let api = server.url("");
        let owner = Browser::sign_up(&api, "owner").await;
        let project = owner.project_with_annotation_ui(&api).await;
        import(&owner, &api, &project, ndjson("early", 0..10)).await;
        settles("the replica has the first items", || async {
            export_lines(&owner, &api, &project).await == 10
        })
        .await;
        Replicated {
            _dir: dir,
            primary,
            replica,
            server,
            owner,
            api,
            project,
        }
    }
}

/// Pauses or resumes (`action`) the replica's replay of what the primary writes.
async fn replay(replica: &PrivateCluster, action: &str) {
    let mut on_replica = sqlx::PgConnection::connect(&replica.url())
        .await
        .expect("the replica");
    sqlx::query(&format!("SELECT pg_wal_replay_{action}()"))
        .execute(&mut on_replica)
        .await
        .unwrap_or_else(|error| panic!("replay {action}: {error}"));
}

/// Whether `/readyz` answers 200 ready with the replica `status`.
async fn replica_is(server: &ServerProcess, status: &str) -> bool {
    readiness(server).await
        == (
            StatusCode::OK,
            json!({ "status": "ready", "replica": status }),
        )
}

/// Waits until `condition` holds, failing the test after [`SETTLE`].
async fn settles<F, Fut>(what: &str, condition: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !condition().await {
        assert!(started.elapsed() < SETTLE, "{what}: not after {SETTLE:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `GET /readyz`: its status and body.
async fn readiness(server: &ServerProcess) -> (StatusCode, Value) {
    let url = server.url("").replace("/api/v1", "/readyz");
    let answer = reqwest::get(url).await.expect("the server answers");
    let status = answer.status();
    (status, answer.json().await.expect("JSON"))
}

/// NDJSON items `prefix-N` for each N of `numbers`.
fn ndjson(prefix: &str, numbers: std::ops::Range<usize>) -> String {
    numbers
        .map(|i| {
            format!(
                "{{\"external_id\":\"{prefix}-{i}\",\"data\":{{\"text\":\"Ticket {i}: {}\"}}}}\n",
                "the app crashes when I open the settings page."
            )
        })
        .collect()
}

/// Imports `lines`, asserting that it succeeds.
async fn import(owner: &Browser, api: &str, project: &str, lines: String) {
    let (status, body) = owner.import(api, project, lines).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The project's JSONL export: its lines and bytes.
async fn export(owner: &Browser, api: &str, project: &str) -> (usize, usize) {
    let answer = owner
        .http()
        .get(format!("{api}/projects/{project}/export?format=jsonl"))
        .send()
        .await
        .expect("the export starts");
    assert_eq!(answer.status(), StatusCode::OK);
    let body = answer.bytes().await.expect("the whole export");
    let lines = body
        .split(|byte| *byte == b'\n')
        .filter(|line| !line.is_empty())
        .count();
    (lines, body.len())
}

/// How many items the project's export holds.
async fn export_lines(owner: &Browser, api: &str, project: &str) -> usize {
    export(owner, api, project).await.0
}

/// The replica's lag in seconds, as the server's metrics give it.
async fn replica_lag(server: &ServerProcess) -> f64 {
    let metrics = reqwest::get(server.metrics_url())
        .await
        .expect("scraped")
        .text()
        .await
        .expect("the metrics");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("labelwell_db_replica_lag_seconds "))
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("a lag among the metrics:\n{metrics}"))
}

/// How many items the project's statistics count.
async fn stats_total(owner: &Browser, api: &str, project: &str) -> u64 {
    let (status, body) = owner.get(&format!("{api}/projects/{project}/stats")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["stats"]["items"]["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("a total: {body}"))
}
