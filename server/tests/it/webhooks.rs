//! Webhooks through the real stack: events written in the transaction of
//! their change, delivered by the worker to a real local receiver (an axum
//! server), signed as Standard Webhooks says, retried while the receiver is
//! down, logged, redeliverable; the same outbox surviving a restart and
//! served by two instances at once without a delivery made twice.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use labelwell_server::config::Config;
use labelwell_server::webhook_delivery::sign;
use serde_json::{Value, json};

use crate::common::fixtures::{
    assign, import_texts, label, project_with_ui, review, sentiment_schema,
};
use crate::common::{Client, PostgresDatabase, TestServer};

backend_tests_with_config![
    quick_deliveries =>
    every_event_arrives_signed_once_and_is_in_the_log,
    a_receiver_down_for_a_while_gets_every_event_afterwards_and_none_twice,
    a_rotated_secret_signs_beside_the_new_one_until_the_overlap_ends,
    a_redelivery_sends_the_same_event_again_and_is_logged,
    a_paused_or_other_projects_webhook_gets_nothing,
];

backend_tests![
    private_targets_are_refused_by_default,
    bad_webhooks_are_refused_with_the_field_named,
    another_organizations_webhooks_are_not_found,
];

/// Deliveries at once in tests: the worker looks every 50 ms, the first
/// retry comes after 100 ms, and the receiver is on loopback.
fn quick_deliveries(config: &mut Config) {
    config.webhooks.webhook_allow_private_targets = true;
    config.webhooks.webhook_poll_ms = 50;
    config.webhooks.webhook_first_retry_ms = 100;
}

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    body: String,
    /// The status the receiver answered.
    answered: u16,
}

impl Received {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    fn payload(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON payload")
    }

    /// Whether one of the request's signatures is `secret`'s, recomputed here.
    fn signed_with(&self, secret: &str) -> bool {
        let expected = sign(
            secret,
            self.header("webhook-id"),
            self.header("webhook-timestamp"),
            &self.body,
        );
        self.header("webhook-signature")
            .split(' ')
            .any(|signature| signature == expected)
    }
}

/// A real HTTP receiver on loopback: records what it gets, answers `status`.
#[derive(Clone)]
struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    address: SocketAddr,
}

impl Receiver {
    async fn start() -> Receiver {
        let received = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let state = (received.clone(), status.clone());
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the receiver serves");
        });
        Receiver {
            received,
            status,
            address,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.address)
    }

    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("the log").clone()
    }

    /// Waits until `done` holds of what was received (60 s at most: an
    /// attempt cut off by a stopped server is due again when its claim ends).
    async fn wait_for(&self, what: &str, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "waited 60 s for {what}; received {received:#?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until `events` requests were answered 200, then a while more:
    /// nothing else comes, and no event (by `webhook-id`) was answered 200
    /// twice. What was received, in order.
    async fn settle_with_each_event_answered_once(&self, events: usize) -> Vec<Received> {
        let answered_ok = |r: &[Received]| r.iter().filter(|r| r.answered == 200).count();
        let received = self
            .wait_for("every event answered 200", |r| answered_ok(r) >= events)
            .await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let settled = self.received();
        assert_eq!(
            settled.len(),
            received.len(),
            "nothing after every event succeeded"
        );
        let mut succeeded: Vec<&str> = settled
            .iter()
            .filter(|r| r.answered == 200)
            .map(|r| r.header("webhook-id"))
            .collect();
        assert_eq!(succeeded.len(), events, "{events} answered 200");
        succeeded.sort_unstable();
        succeeded.dedup();
        assert_eq!(succeeded.len(), events, "each event answered 200 once");
        settled
    }
}

type ReceiverState = (Arc<Mutex<Vec<Received>>>, Arc<AtomicU16>);

async fn receive(
    State((received, status)): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let answered = status.load(Ordering::SeqCst);
    received.lock().expect("the log").push(Received {
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        answered,
    });
    StatusCode::from_u16(answered).unwrap_or(StatusCode::OK)
}

/// An organization with a project (overlap 1), an annotator and a reviewer.
struct Shop {
    owner: Client,
    org: String,
    project: String,
    annotator: Client,
    reviewer: Client,
}

async fn shop(server: &TestServer) -> Shop {
    let owner = server.sign_up("owner").await;
    let org = server.organization(&owner, "Acme").await;
    let annotator = server.member(&owner, &org, "ann", "annotator").await;
    let reviewer = server.member(&owner, &org, "rev", "reviewer").await;
    let project = project_with_ui(&owner, &org, "P", 1, sentiment_schema()).await;
    assign(&owner, &project, &annotator).await;
    assign(&owner, &project, &reviewer).await;
    Shop {
        owner,
        org,
        project,
        annotator,
        reviewer,
    }
}

/// Subscribes `url` to `events`; the webhook's id and secret.
async fn subscribe(shop: &Shop, url: &str, events: Value) -> (String, String) {
    let created = shop
        .owner
        .post(
            &format!("/organizations/{}/webhooks", shop.org),
            json!({ "url": url, "events": events }),
        )
        .await;
    created.assert_status(201);
    let secret = created.body["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (created.id("webhook"), secret)
}

fn types_of(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| r.payload()["type"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn every_event_arrives_signed_once_and_is_in_the_log(server: TestServer) {
    let receiver = Receiver::start().await;
    let shop = shop(&server).await;
    let all = json!([
        "annotation.created",
        "annotation.updated",
        "review.created",
        "item.completed",
        "import.finished",
        "release.created"
    ]);
    let (webhook, secret) = subscribe(&shop, &receiver.url(), all).await;

    let items = import_texts(&shop.owner, &shop.project, &[("t1", "good"), ("t2", "bad")]).await;
    let annotation = label(&shop.annotator, &items[0], "positive").await;
    shop.annotator
        .patch(
            &format!("/annotations/{annotation}"),
            json!({ "value": { "sentiment": "negative" } }),
        )
        .await
        .assert_status(200);
    review(&shop.reviewer, &annotation, "accept", "")
        .await
        .assert_status(201);
    shop.owner
        .post(
            &format!("/projects/{}/releases", shop.project),
            json!({ "name": "v1" }),
        )
        .await
        .assert_status(201);

    let expected = [
        "import.finished",
        "annotation.created",
        "item.completed",
        "annotation.updated",
        "review.created",
        "release.created",
    ];
    let received = receiver
        .wait_for("six events", |r| r.len() >= expected.len())
        .await;
    let mut types = types_of(&received);
    types.sort();
    let mut sorted = expected.map(str::to_owned).to_vec();
    sorted.sort();
    assert_eq!(types, sorted, "each event once");
    for request in &received {
        assert!(request.signed_with(&secret), "signed: {request:?}");
        assert_eq!(request.header("content-type"), "application/json");
        let timestamp: i64 = request
            .header("webhook-timestamp")
            .parse()
            .expect("seconds");
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        assert!((now - timestamp).abs() < 60, "a current timestamp");
        assert!(!request.signed_with("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }
    let by_type: HashMap<String, &Received> = received
        .iter()
        .map(|r| {
            (
                r.payload()["type"].as_str().unwrap_or_default().to_owned(),
                r,
            )
        })
        .collect();
    let completed = by_type["item.completed"].payload();
    assert_eq!(completed["data"]["external_id"], "t1");
    assert_eq!(completed["data"]["item_id"], items[0].as_str());
    assert_eq!(completed["data"]["status"], "annotated");
    let created = by_type["annotation.created"].payload();
    assert_eq!(created["data"]["annotation"]["id"], annotation.as_str());
    assert_eq!(
        by_type["annotation.updated"].payload()["data"]["annotation"]["value"]["sentiment"],
        "negative"
    );
    assert_eq!(
        by_type["review.created"].payload()["data"]["review"]["verdict"],
        "accept"
    );
    assert_eq!(
        by_type["release.created"].payload()["data"]["release"]["name"],
        "v1"
    );
    assert_eq!(by_type["import.finished"].payload()["data"]["created"], 2);

    // The log: every delivery succeeded at its first attempt, with the
    // `webhook-id` the receiver got.
    let log = format!("/organizations/{}/webhooks/{webhook}/deliveries", shop.org);
    let deadline = Instant::now() + Duration::from_secs(20);
    let deliveries = loop {
        let listed = shop.owner.get(&format!("{log}?status=succeeded")).await;
        listed.assert_status(200);
        let deliveries = listed.body["deliveries"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if deliveries.len() == expected.len() || Instant::now() > deadline {
            break deliveries;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(deliveries.len(), expected.len());
    for delivery in &deliveries {
        assert_eq!(delivery["attempt_count"], 1);
        assert_eq!(delivery["last_response_status"], 200);
        assert_eq!(delivery["next_attempt_at"], Value::Null);
        let event = delivery["event_id"].as_str().expect("an id");
        assert!(
            received.iter().any(|r| r.header("webhook-id") == event),
            "the receiver got {event}"
        );
        let one = shop.owner.get(&format!("{log}/{event}")).await;
        one.assert_status(200);
        let attempts = one.body["attempts"].as_array().expect("attempts");
        assert_eq!(attempts.len(), 1);
        assert_eq!(attempts[0]["succeeded"], true);
        assert_eq!(attempts[0]["response_status"], 200);
        assert!(attempts[0]["latency_ms"].is_u64());
    }
    // Newest first.
    let ids: Vec<&str> = deliveries
        .iter()
        .filter_map(|d| d["event_id"].as_str())
        .collect();
    let mut newest_first = ids.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, newest_first);
    let pending = shop.owner.get(&format!("{log}?status=pending")).await;
    assert_eq!(pending.body["deliveries"], json!([]));
}

async fn a_receiver_down_for_a_while_gets_every_event_afterwards_and_none_twice(
    server: TestServer,
) {
    let receiver = Receiver::start().await;
    receiver.answer(503);
    let shop = shop(&server).await;
    let (webhook, secret) = subscribe(&shop, &receiver.url(), json!(["annotation.created"])).await;
    let items = import_texts(
        &shop.owner,
        &shop.project,
        &[("a", "1"), ("b", "2"), ("c", "3")],
    )
    .await;
    for item in &items {
        label(&shop.annotator, item, "positive").await;
    }
    // Down: each event is tried again and again.
    receiver
        .wait_for("retries of the three events", |r| r.len() >= 9)
        .await;
    receiver.answer(200);
    let settled = receiver.settle_with_each_event_answered_once(3).await;
    let mut ids: Vec<&str> = settled.iter().map(|r| r.header("webhook-id")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "one id per event across its retries");
    assert!(settled.iter().all(|r| r.signed_with(&secret)));
    let log = format!("/organizations/{}/webhooks/{webhook}/deliveries", shop.org);
    let listed = shop.owner.get(&log).await;
    for delivery in listed.body["deliveries"].as_array().expect("deliveries") {
        assert_eq!(delivery["status"], "succeeded");
        let event = delivery["event_id"].as_str().expect("an id");
        let one = shop.owner.get(&format!("{log}/{event}")).await;
        let attempts = one.body["attempts"].as_array().expect("attempts");
        let (last, failed) = attempts.split_last().expect("attempts");
        assert!(!failed.is_empty(), "failed attempts first");
        assert!(
            failed
                .iter()
                .all(|a| a["response_status"] == 503 && a["succeeded"] == false)
        );
        assert_eq!(last["response_status"], 200);
        assert_eq!(one.body["delivery"]["attempt_count"], attempts.len());
        // The waits grow: each retry comes later than the one before.
        let times: Vec<time::OffsetDateTime> = attempts
            .iter()
            .map(|a| {
                time::OffsetDateTime::parse(
                    a["attempted_at"].as_str().expect("a time"),
                    &time::format_description::well_known::Rfc3339,
                )
                .expect("RFC 3339")
            })
            .collect();
        // Each retry waits at least twice as long as the one before (100 ms
        // first): a lower bound, which a loaded machine only lengthens.
        let gaps: Vec<time::Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
        for (n, gap) in gaps.iter().enumerate() {
            let least = time::Duration::milliseconds(100 << n);
            assert!(
                *gap >= least,
                "retry {n} waited {gap}, less than {least}: {gaps:?}"
            );
        }
    }
}

async fn a_rotated_secret_signs_beside_the_new_one_until_the_overlap_ends(server: TestServer) {
    let receiver = Receiver::start().await;
    let shop = shop(&server).await;
    let (webhook, old) = subscribe(&shop, &receiver.url(), json!(["import.finished"])).await;
    let rotate = format!(
        "/organizations/{}/webhooks/{webhook}/rotate-secret",
        shop.org
    );
    let rotated = shop
        .owner
        .post(&rotate, json!({ "overlap_seconds": 3600 }))
        .await;
    rotated.assert_status(200);
    let new = rotated.body["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    assert_ne!(new, old);
    assert!(rotated.body["webhook"]["previous_secret_expires_at"].is_string());
    import_texts(&shop.owner, &shop.project, &[("x", "1")]).await;
    let received = receiver.wait_for("the import", |r| !r.is_empty()).await;
    assert!(received[0].signed_with(&new), "the new secret signs");
    assert!(received[0].signed_with(&old), "the old one still does");

    let rotated = shop
        .owner
        .post(&rotate, json!({ "overlap_seconds": 0 }))
        .await;
    rotated.assert_status(200);
    let newest = rotated.body["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    assert_eq!(
        rotated.body["webhook"]["previous_secret_expires_at"],
        Value::Null
    );
    import_texts(&shop.owner, &shop.project, &[("y", "2")]).await;
    let received = receiver
        .wait_for("the second import", |r| r.len() >= 2)
        .await;
    assert!(received[1].signed_with(&newest));
    assert!(
        !received[1].signed_with(&new),
        "the retired secret no longer signs"
    );
    assert!(!received[1].signed_with(&old));
    assert_eq!(
        received[1].header("webhook-signature").split(' ').count(),
        1
    );
    let past = shop
        .owner
        .post(&rotate, json!({ "overlap_seconds": 604_801 }))
        .await;
    past.assert_status(422);
}

async fn a_redelivery_sends_the_same_event_again_and_is_logged(server: TestServer) {
    let receiver = Receiver::start().await;
    let shop = shop(&server).await;
    let (webhook, _) = subscribe(&shop, &receiver.url(), json!(["import.finished"])).await;
    import_texts(&shop.owner, &shop.project, &[("x", "1")]).await;
    let first = receiver.wait_for("the import", |r| !r.is_empty()).await;
    let event = first[0].header("webhook-id").to_owned();
    let log = format!("/organizations/{}/webhooks/{webhook}/deliveries", shop.org);
    let deadline = Instant::now() + Duration::from_secs(20);
    while shop.owner.get(&format!("{log}/{event}")).await.body["delivery"]["status"] != "succeeded"
    {
        assert!(Instant::now() < deadline, "the first attempt is recorded");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let again = shop
        .owner
        .post(&format!("{log}/{event}/redeliver"), json!({}))
        .await;
    again.assert_status(202);
    assert_eq!(again.body["delivery"]["status"], "pending");
    let received = receiver.wait_for("the redelivery", |r| r.len() >= 2).await;
    assert_eq!(received[1].header("webhook-id"), event);
    assert_eq!(received[1].body, received[0].body, "the same payload");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let one = shop.owner.get(&format!("{log}/{event}")).await;
        if one.body["attempts"].as_array().map(Vec::len) == Some(2) {
            assert_eq!(one.body["delivery"]["status"], "succeeded");
            break;
        }
        assert!(Instant::now() < deadline, "the redelivery is logged");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let unknown = uuid::Uuid::now_v7();
    shop.owner
        .post(&format!("{log}/{unknown}/redeliver"), json!({}))
        .await
        .assert_status(404);
}

async fn a_paused_or_other_projects_webhook_gets_nothing(server: TestServer) {
    let receiver = Receiver::start().await;
    let shop = shop(&server).await;
    let other = project_with_ui(&shop.owner, &shop.org, "Other", 1, sentiment_schema()).await;
    let created = shop
        .owner
        .post(
            &format!("/organizations/{}/webhooks", shop.org),
            json!({ "url": receiver.url(), "events": ["import.finished"], "project_id": other }),
        )
        .await;
    created.assert_status(201);
    let (paused, _) = subscribe(&shop, &receiver.url(), json!(["import.finished"])).await;
    shop.owner
        .patch(
            &format!("/organizations/{}/webhooks/{paused}", shop.org),
            json!({ "active": false }),
        )
        .await
        .assert_status(200);
    // An event of P: neither the other project's webhook nor the paused one wants it.
    import_texts(&shop.owner, &shop.project, &[("x", "1")]).await;
    // An event of the other project: its webhook gets it.
    import_texts(&shop.owner, &other, &[("y", "1")]).await;
    let received = receiver
        .wait_for("the other project's import", |r| !r.is_empty())
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received_now = receiver.received();
    assert_eq!(received_now.len(), 1, "{received:?}");
    assert_eq!(
        received_now[0].payload()["data"]["project_id"],
        other.as_str()
    );
}

async fn private_targets_are_refused_by_default(server: TestServer) {
    let shop = shop(&server).await;
    let path = format!("/organizations/{}/webhooks", shop.org);
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ] {
        let refused = shop
            .owner
            .post(&path, json!({ "url": url, "events": ["import.finished"] }))
            .await;
        refused.assert_status(422);
        assert_eq!(refused.body["errors"][0]["field"], "url", "{url}");
        assert_eq!(refused.body["errors"][0]["code"], "private_target", "{url}");
    }
    // A name that resolves to loopback is taken, and refused at each attempt.
    let (webhook, _) =
        subscribe(&shop, "http://localhost:9/hook", json!(["import.finished"])).await;
    import_texts(&shop.owner, &shop.project, &[("x", "1")]).await;
    let log = format!("{path}/{webhook}/deliveries");
    let deadline = Instant::now() + Duration::from_secs(20);
    let attempt = loop {
        let listed = shop.owner.get(&log).await;
        if let Some(event) = listed.body["deliveries"][0]["event_id"].as_str() {
            let one = shop.owner.get(&format!("{log}/{event}")).await;
            if let Some(attempt) = one.body["attempts"].get(0) {
                break attempt.clone();
            }
        }
        assert!(Instant::now() < deadline, "an attempt is logged");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(attempt["succeeded"], false);
    assert_eq!(attempt["response_status"], Value::Null);
    let error = attempt["error"].as_str().expect("why");
    assert!(error.contains("loopback"), "{error}");
}

async fn bad_webhooks_are_refused_with_the_field_named(server: TestServer) {
    let shop = shop(&server).await;
    let path = format!("/organizations/{}/webhooks", shop.org);
    for (body, field) in [
        (
            json!({ "url": "ftp://example.com/", "events": ["import.finished"] }),
            "url",
        ),
        (
            json!({ "url": "not a url", "events": ["import.finished"] }),
            "url",
        ),
        (
            json!({ "url": "https://user:pw@example.com/", "events": ["import.finished"] }),
            "url",
        ),
        (
            json!({ "url": "https://example.com/", "events": [] }),
            "events",
        ),
        (
            json!({ "url": "https://example.com/", "events": ["import.finished"], "project_id": uuid::Uuid::now_v7() }),
            "project_id",
        ),
        (
            json!({ "url": "https://example.com/", "events": ["import.finished"], "description": "x".repeat(501) }),
            "description",
        ),
    ] {
        let refused = shop.owner.post(&path, body.clone()).await;
        refused.assert_status(422);
        assert_eq!(refused.body["errors"][0]["field"], field, "{body}");
    }
    let unknown_event = shop
        .owner
        .post(
            &path,
            json!({ "url": "https://example.com/", "events": ["item.exploded"] }),
        )
        .await;
    unknown_event.assert_status(422);
    let listed = shop.owner.get(&path).await;
    assert_eq!(listed.body["webhooks"], json!([]), "nothing half-made");
    // The secret is shown once: never in a read.
    let (webhook, secret) =
        subscribe(&shop, "https://example.com/", json!(["import.finished"])).await;
    let read = shop.owner.get(&format!("{path}/{webhook}")).await;
    read.assert_status(200);
    assert!(!read.body.to_string().contains(&secret));
    let listed = shop.owner.get(&path).await;
    assert!(!listed.body.to_string().contains(&secret));
    assert_eq!(
        listed.body["webhooks"][0]["events"],
        json!(["import.finished"])
    );
    shop.owner
        .delete(&format!("{path}/{webhook}"))
        .await
        .assert_status(204);
    shop.owner
        .get(&format!("{path}/{webhook}"))
        .await
        .assert_status(404);
}

async fn another_organizations_webhooks_are_not_found(server: TestServer) {
    let a = shop(&server).await;
    let rival = server.sign_up("rival").await;
    let org_b = server.organization(&rival, "B").await;
    let (webhook, _) = subscribe(&a, "https://example.com/", json!(["import.finished"])).await;
    for path in [
        format!("/organizations/{org_b}/webhooks/{webhook}"),
        format!("/organizations/{org_b}/webhooks/{webhook}/deliveries"),
    ] {
        rival.get(&path).await.assert_status(404);
    }
    // A project of another organization is no project to subscribe to.
    let b_project = project_with_ui(&rival, &org_b, "PB", 1, sentiment_schema()).await;
    let refused = a
        .owner
        .post(
            &format!("/organizations/{}/webhooks", a.org),
            json!({ "url": "https://example.com/", "events": ["import.finished"], "project_id": b_project }),
        )
        .await;
    refused.assert_status(422);
    assert_eq!(refused.body["errors"][0]["code"], "unknown_project");
}

/// The outbox outlives the server, and two instances on one PostgreSQL
/// database deliver each event once: events made while the receiver is down
/// are still due when their server stops, and the two instances started next
/// share them out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_survives_a_restart_and_two_instances_deliver_each_event_once() {
    if !crate::common::TestBackend::Postgres.selected() {
        return;
    }
    let database = PostgresDatabase::create().await;
    let receiver = Receiver::start().await;
    receiver.answer(503);
    let first = TestServer::start_on(&database.url(), quick_deliveries).await;
    let shop = shop(&first).await;
    let (_, secret) = subscribe(&shop, &receiver.url(), json!(["annotation.created"])).await;
    let texts: Vec<(String, String)> = (0..40)
        .map(|n| (format!("t{n}"), format!("text {n}")))
        .collect();
    let texts: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    for item in import_texts(&shop.owner, &shop.project, &texts).await {
        label(&shop.annotator, &item, "positive").await;
    }
    receiver
        .wait_for("a failed attempt", |r| !r.is_empty())
        .await;
    first.stop().await;

    let one = TestServer::start_on(&database.url(), quick_deliveries).await;
    let two = TestServer::start_on(&database.url(), quick_deliveries).await;
    receiver.answer(200);
    let received_now = receiver.settle_with_each_event_answered_once(40).await;
    assert!(received_now.iter().all(|r| r.signed_with(&secret)));
    let logged = one
        .count("SELECT COUNT(*) FROM webhook_attempts WHERE succeeded")
        .await;
    assert_eq!(logged, 40, "one successful attempt per event in the log");
    one.stop().await;
    two.stop().await;
}
