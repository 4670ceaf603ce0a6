//! Failover of the database behind one stable address: a private primary and
//! a synchronous streaming replica behind HAProxy run from the committed
//! `deploy/haproxy-postgres.cfg` (which sends connections to whichever node
//! is the primary), the binary pointed at HAProxy. A writer imports items
//! one by one while the primary is killed (`pg_ctl stop -m immediate`) and
//! the replica promoted: writes resume within seconds, nothing is answered
//! but 2xx or 503 with `Retry-After`, and every acknowledged write is there
//! afterwards. PostgreSQL only.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestBackend;
use crate::common::private_postgres::PrivateCluster;
use crate::common::processes::{Browser, HaProxy, ServerProcess};

/// How soon writes must succeed again once the primary is killed.
const RESUMED: Duration = Duration::from_secs(10);

/// The server's own acquire timeout (the harness raises it for other tests):
/// what a request waits for a connection during the failover.
const SETTINGS: &[(&str, &str)] = &[
    ("LABELWELL_DATABASE_ACQUIRE_TIMEOUT_MS", "1000"),
    ("LABELWELL_DATABASE_MAX_CONNECTIONS", "4"),
];

/// One write of the writer: when it was sent, its external id, how it was
/// answered (`None`: no answer) and whether the answer said when to retry.
struct Write {
    sent: Instant,
    external_id: String,
    status: Option<StatusCode>,
    retry_after: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_primary_is_replaced_by_its_promoted_replica_without_losing_a_write() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let primary = PrivateCluster::start_primary(true);
    let replica = primary.start_replica();
    let haproxy = HaProxy::start_postgres(&[primary.port(), replica.port()], dir.path()).await;
    let server =
        ServerProcess::start(&haproxy.postgres_url(), SETTINGS, dir.path(), "server").await;
    let api = server.url("");
    let owner = Browser::sign_up(&api, "owner").await;
    let project = owner.project_with_annotation_ui(&api).await;

    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(write_until(
        owner.clone(),
        format!("{api}/projects/{project}/items"),
        stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let killed = Instant::now();
    primary.stop_immediately();
    replica.promote();
    let promoted = killed.elapsed();
    let deadline = killed + RESUMED + Duration::from_secs(5);
    while !haproxy.reaches_the_primary().await {
        assert!(
            Instant::now() < deadline,
            "HAProxy never took the new primary"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let switched = killed.elapsed();
    // A second of writes on the new primary.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    let writes = writer.await.expect("the writer");

    let before = writes.iter().filter(|w| w.sent < killed).count();
    let acknowledged: Vec<&Write> = writes
        .iter()
        .filter(|w| w.status.is_some_and(|s| s.is_success()))
        .collect();
    for write in &writes {
        match write.status {
            Some(status) if status.is_success() => {}
            Some(StatusCode::SERVICE_UNAVAILABLE) => assert!(
                write.retry_after,
                "503 without Retry-After for {}",
                write.external_id
            ),
            other => panic!(
                "{} was answered {other:?}:\n{}",
                write.external_id,
                server.log_text()
            ),
        }
    }
    let first_after = acknowledged
        .iter()
        .find(|w| w.sent > killed)
        .expect("writes succeed again after the failover");
    let gap = first_after.sent - killed;
    let refused = writes
        .iter()
        .filter(|w| w.status.is_some_and(|s| !s.is_success()))
        .count();
    assert!(gap < RESUMED, "writes resumed {gap:?} after the kill");
    assert!(before > 0, "writes before the kill");

    // Every acknowledged write, read back through the API from the new primary.
    let export = owner
        .http()
        .get(format!("{api}/projects/{project}/export?format=jsonl"))
        .send()
        .await
        .expect("the export starts");
    assert_eq!(export.status(), StatusCode::OK);
    let body = export.text().await.expect("the whole export");
    let exported: HashSet<String> = body
        .lines()
        .map(|line| {
            let item: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            item["external_id"]
                .as_str()
                .expect("an external id")
                .to_owned()
        })
        .collect();
    let lost: Vec<&str> = acknowledged
        .iter()
        .map(|w| w.external_id.as_str())
        .filter(|id| !exported.contains(*id))
        .collect();
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    eprintln!(
        "figures (failover): {} writes, {} acknowledged ({before} before the kill), \
         {refused} answered 503; promoted {promoted:?} and taken by HAProxy {switched:?} \
         after the kill; first write acknowledged after the kill sent {gap:?} after it",
        writes.len(),
        acknowledged.len()
    );
}

/// Imports one item at a time into `items_url` until `stop`, recording each.
async fn write_until(owner: Browser, items_url: String, stop: Arc<AtomicBool>) -> Vec<Write> {
    let mut writes = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let external_id = format!("write-{}", writes.len());
        let line = json!({ "external_id": external_id, "data": { "text": "A ticket." } });
        let sent = Instant::now();
        let answer = owner
            .http()
            .post(&items_url)
            .header("x-csrf-token", owner.csrf_token())
            .header("content-type", "application/x-ndjson")
            .timeout(Duration::from_secs(10))
            .body(format!("{line}\n"))
            .send()
            .await;
        let (status, retry_after) = match answer {
            Ok(answer) => (
                Some(answer.status()),
                answer.headers().contains_key("retry-after"),
            ),
            Err(_) => (None, false),
        };
        writes.push(Write {
            sent,
            external_id,
            status,
            retry_after,
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    writes
}
