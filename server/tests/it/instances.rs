//! Several instances of the real binary over one PostgreSQL database, behind
//! HAProxy run from the committed `deploy/haproxy.cfg`: whatever instance a
//! request reaches, it sees the same sessions, memberships, queue and login
//! throttle, because all of them live in the database. PostgreSQL only:
//! SQLite is one file for one server.

use std::collections::HashMap;
use std::net::IpAddr;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection as _;

use crate::common::processes::{Browser, HaProxy, ServerProcess};
use crate::common::{PASSWORD, PostgresDatabase, TestBackend};

/// Three instances on one fresh PostgreSQL database, HAProxy in front.
struct Fleet {
    // Declared first, dropped first: the proxy and the servers go before their database.
    haproxy: HaProxy,
    instances: Vec<ServerProcess>,
    database: PostgresDatabase,
    _dir: tempfile::TempDir,
}

/// What every instance is started with: a small pool (three of them share the
/// test server with other tests), and HAProxy, on 127.0.0.1, as the trusted
/// proxy whose `X-Forwarded-For` names the client.
const INSTANCE_SETTINGS: &[(&str, &str)] = &[
    ("LABELWELL_DATABASE_MAX_CONNECTIONS", "4"),
    ("LABELWELL_TRUSTED_PROXIES", "127.0.0.1"),
];

impl Fleet {
    /// Starts the fleet, or `None` when PostgreSQL is not among the selected backends.
    async fn start() -> Option<Fleet> {
        if !TestBackend::Postgres.selected() {
            return None;
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let database = PostgresDatabase::create().await;
        let mut instances: Vec<ServerProcess> = (1..=3)
            .map(|n| {
                ServerProcess::spawn(
                    &database.url(),
                    INSTANCE_SETTINGS,
                    dir.path(),
                    &format!("app{n}"),
                )
            })
            .collect();
        for instance in &mut instances {
            instance.wait_ready().await;
        }
        let ports: Vec<u16> = instances.iter().map(ServerProcess::port).collect();
        let haproxy = HaProxy::start(&ports, dir.path()).await;
        Some(Fleet {
            haproxy,
            instances,
            database,
            _dir: dir,
        })
    }

    /// The API base URL of instance `n` (0, 1 or 2), bypassing HAProxy.
    fn instance(&self, n: usize) -> String {
        self.instances[n].url("")
    }

    /// The API base URL through HAProxy.
    fn proxy(&self) -> String {
        self.haproxy.url("")
    }

    async fn connect(&self) -> sqlx::PgConnection {
        sqlx::PgConnection::connect(&self.database.url())
            .await
            .expect("the test database")
    }
}

/// Signs up `name` at `api` and makes them `role` in `org`, added by `admin`.
async fn member(api: &str, admin: &Browser, org: &str, name: &str, role: &str) -> Browser {
    let member = Browser::sign_up(api, name).await;
    let (status, body) = admin
        .post(
            &format!("{api}/organizations/{org}/members"),
            json!({ "email": member.email(), "role": role }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "adding {name}: {body}");
    let (status, body) = member
        .post(
            &format!("{api}/me/pending-memberships/{org}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{name} accepting: {body}");
    member
}

async fn organization(api: &str, owner: &Browser) -> String {
    let (status, body) = owner
        .post(&format!("{api}/organizations"), json!({ "name": "Fleet" }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["organization"]["id"].as_str().expect("id").to_owned()
}

async fn create_project(
    api: &str,
    creator: &Browser,
    org: &str,
    overlap: u32,
) -> (StatusCode, Value) {
    creator
        .post(
            &format!("{api}/organizations/{org}/projects"),
            json!({ "name": "Tickets", "overlap": overlap }),
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_signed_in_on_one_instance_is_used_on_the_others() {
    let Some(fleet) = Fleet::start().await else {
        return;
    };
    // Signed up (and so signed in) on the first instance ...
    let ada = Browser::sign_up(&fleet.instance(0), "ada").await;
    // ... a write on the second needs the session and its CSRF token, which
    // the second instance finds in the database ...
    let (status, body) = ada
        .post(
            &format!("{}/organizations", fleet.instance(1)),
            json!({ "name": "Acme" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let forged = ada
        .http()
        .post(format!("{}/organizations", fleet.instance(2)))
        .header("x-csrf-token", "not the session's token")
        .json(&json!({ "name": "Forged" }))
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        forged.status(),
        StatusCode::FORBIDDEN,
        "another token is refused"
    );
    // ... and reads on the third and, through HAProxy, on each in turn.
    for api in [
        fleet.instance(2),
        fleet.proxy(),
        fleet.proxy(),
        fleet.proxy(),
    ] {
        let (status, body) = ada.get(&format!("{api}/me/organizations")).await;
        assert_eq!(status, StatusCode::OK, "{api}: {body}");
        assert_eq!(body["organizations"][0]["name"], "Acme", "{api}: {body}");
    }
    // Signed out on the third instance, the session is gone on the first,
    // even for a client that kept its cookie.
    let kept_cookie = ada
        .cookie_header(&fleet.instance(0))
        .expect("the session cookie");
    let (status, _) = ada
        .post(&format!("{}/auth/logout", fleet.instance(2)), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let answer = reqwest::Client::new()
        .get(format!("{}/me", fleet.instance(0)))
        .header("cookie", kept_cookie)
        .send()
        .await
        .expect("an answer");
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_demoted_on_one_instance_is_refused_on_the_others_at_their_next_request() {
    let Some(fleet) = Fleet::start().await else {
        return;
    };
    let api = fleet.instance(0);
    let owner = Browser::sign_up(&api, "owner").await;
    let org = organization(&api, &owner).await;
    let grace = member(&api, &owner, &org, "grace", "manager").await;
    // As a manager, Grace creates projects on the second and third instances.
    for n in [1, 2] {
        let (status, body) = create_project(&fleet.instance(n), &grace, &org, 1).await;
        assert_eq!(status, StatusCode::CREATED, "instance {n}: {body}");
    }
    let (status, body) = owner
        .send(
            Method::PATCH,
            &format!("{api}/organizations/{org}/members/{}", grace.user_id()),
            Some(json!({ "role": "annotator" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Demoted on the first, she is refused by the others at once.
    for n in [1, 2] {
        let (status, body) = create_project(&fleet.instance(n), &grace, &org, 1).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "instance {n}: {body}");
        assert_eq!(body["code"], "permission_denied", "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_annotators_spread_over_the_instances_never_over_annotate() {
    const ANNOTATORS: usize = 20;
    const ITEMS: usize = 30;
    const OVERLAP: i64 = 3;
    let Some(fleet) = Fleet::start().await else {
        return;
    };
    let api = fleet.proxy();
    let owner = Browser::sign_up(&api, "owner").await;
    let org = organization(&api, &owner).await;
    let (status, body) = create_project(&api, &owner, &org, OVERLAP as u32).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let project = body["project"]["id"].as_str().expect("id").to_owned();
    let (status, body) = owner
        .send(
            Method::PUT,
            &format!("{api}/projects/{project}/annotation-ui"),
            Some(json!({ "schema": crate::common::fixtures::sentiment_schema() })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let items: Vec<Value> = (0..ITEMS)
        .map(|i| json!({ "external_id": format!("t{i}"), "data": { "text": format!("ticket {i}") } }))
        .collect();
    let (status, body) = owner
        .post(
            &format!("{api}/projects/{project}/items"),
            json!({ "items": items }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut annotators = Vec::new();
    for n in 0..ANNOTATORS {
        let annotator = member(&api, &owner, &org, &format!("annotator{n}"), "annotator").await;
        let (status, body) = owner
            .post(
                &format!("{api}/projects/{project}/members"),
                json!({ "user_id": annotator.user_id() }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        annotators.push(annotator);
    }
    let before = fleet.haproxy.requests_per_server();
    // Every annotator works the queue through HAProxy until it is empty for
    // them: their lease taken on one instance, their answer sent to the next.
    let work: Vec<_> = annotators
        .into_iter()
        .map(|annotator| {
            let api = api.clone();
            let project = project.clone();
            tokio::spawn(async move {
                let mut done = 0;
                loop {
                    let (status, body) = annotator
                        .post(&format!("{api}/projects/{project}/queue/next"), json!({}))
                        .await;
                    if status == StatusCode::NO_CONTENT {
                        return done;
                    }
                    assert_eq!(status, StatusCode::OK, "queue/next: {body}");
                    let item = body["item"]["id"].as_str().expect("item.id").to_owned();
                    let (status, body) = annotator
                        .post(
                            &format!("{api}/items/{item}/annotations"),
                            json!({ "value": { "sentiment": "positive" } }),
                        )
                        .await;
                    assert_eq!(status, StatusCode::CREATED, "annotating {item}: {body}");
                    done += 1;
                }
            })
        })
        .collect();
    let mut annotated = 0;
    for annotator in work {
        annotated += annotator.await.expect("an annotator's work");
    }
    assert_eq!(
        annotated,
        ITEMS as i64 * OVERLAP,
        "every item was annotated OVERLAP times"
    );
    // Counted in the database: exactly OVERLAP annotations per item, each by
    // another annotator.
    let mut connection = fleet.connect().await;
    let per_item: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT i.external_id, COUNT(a.id), COUNT(DISTINCT a.annotator_id)
         FROM items i LEFT JOIN annotations a ON a.item_id = i.id
         GROUP BY i.external_id ORDER BY i.external_id",
    )
    .fetch_all(&mut connection)
    .await
    .expect("annotations per item");
    assert_eq!(per_item.len(), ITEMS);
    for (external_id, annotations, annotators) in per_item {
        assert_eq!(
            annotations, OVERLAP,
            "{external_id} has {annotations} annotations"
        );
        assert_eq!(
            annotators, OVERLAP,
            "{external_id} is annotated by {annotators} annotators"
        );
    }
    // And the work was spread: each instance took a share of it.
    let after = fleet.haproxy.requests_per_server();
    assert_eq!(after.len(), 3, "{after:?}");
    for ((server, before), (_, after)) in before.iter().zip(&after) {
        assert!(
            after - before >= annotated as u64 / 2,
            "{server} took {} of the {} requests",
            after - before,
            annotated * 2
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_throttle_counts_the_failures_every_instance_saw() {
    let Some(fleet) = Fleet::start().await else {
        return;
    };
    let api = fleet.proxy();
    let ada = Browser::sign_up(&api, "ada").await;
    // Two clients on their own addresses; HAProxy appends each one's to
    // X-Forwarded-For, and the instances trust HAProxy.
    let from = |address: [u8; 4]| {
        reqwest::Client::builder()
            .local_address(IpAddr::from(address))
            .build()
            .expect("a client")
    };
    let attacker = from([127, 0, 0, 2]);
    let owner = from([127, 0, 0, 3]);
    let log_in = |client: &reqwest::Client, password: &str| {
        client
            .post(format!("{api}/auth/login"))
            .json(&json!({ "email": ada.email(), "password": password }))
            .send()
    };
    // Five failures (LABELWELL_LOGIN_MAX_FAILURES), spread round robin over
    // three instances: none of them saw five.
    for attempt in 1..=5 {
        let answer = log_in(&attacker, "wrong password!")
            .await
            .expect("an answer");
        assert_eq!(
            answer.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    // The next attempts are refused by each instance in turn, even with the
    // right password.
    let before = fleet.haproxy.requests_per_server();
    for password in ["wrong password!", "wrong password!", PASSWORD] {
        let answer = log_in(&attacker, password).await.expect("an answer");
        assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(answer.headers().contains_key("retry-after"));
    }
    let after = fleet.haproxy.requests_per_server();
    for ((server, before), (_, after)) in before.iter().zip(&after) {
        assert_eq!(after - before, 1, "{server} refused one of the three");
    }
    // From another address the owner still gets in.
    let answer = log_in(&owner, PASSWORD).await.expect("an answer");
    assert_eq!(answer.status(), StatusCode::OK);
    let mut connection = fleet.connect().await;
    let counted: Vec<(String, i64)> = sqlx::query_as(
        "SELECT client_address, failures FROM login_failures WHERE email_normalized <> '' ORDER BY 1",
    )
    .fetch_all(&mut connection)
    .await
    .expect("login_failures");
    assert_eq!(
        counted,
        vec![("127.0.0.2".to_owned(), 8)],
        "one count, of the attacker's address"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_behind_haproxy_is_stepped_around_at_once() {
    let Some(mut fleet) = Fleet::start().await else {
        return;
    };
    let api = fleet.proxy();
    let ada = Browser::sign_up(&api, "ada").await;
    fleet.instances[1].kill();
    // Before the health check has noticed (it needs two failed checks), the
    // requests HAProxy would have given the dead instance find its port
    // closed and go to another one: no client sees an error.
    for request in 0..12 {
        let (status, body) = ada.get(&format!("{api}/me")).await;
        assert_eq!(status, StatusCode::OK, "request {request}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_started_at_once_on_an_empty_database_migrate_it_once() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = PostgresDatabase::create().await;
    let mut instances: Vec<ServerProcess> = (1..=3)
        .map(|n| {
            ServerProcess::spawn(
                &database.url(),
                INSTANCE_SETTINGS,
                dir.path(),
                &format!("app{n}"),
            )
        })
        .collect();
    for instance in &mut instances {
        instance.wait_ready().await;
    }
    let migrations = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../migrations/postgres"
    ))
    .expect("the migrations")
    .count();
    let mut connection = sqlx::PgConnection::connect(&database.url())
        .await
        .expect("the test database");
    let applied: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT version, COUNT(*) FROM _sqlx_migrations WHERE success GROUP BY version",
    )
    .fetch_all(&mut connection)
    .await
    .expect("_sqlx_migrations")
    .into_iter()
    .collect();
    assert_eq!(
        applied.len(),
        migrations,
        "every migration applied: {applied:?}"
    );
    assert!(
        applied.values().all(|&times| times == 1),
        "each once: {applied:?}"
    );
    for instance in &instances {
        let log = instance.log_text();
        assert!(
            !log.contains("ERROR"),
            "an instance logged an error:\n{log}"
        );
    }
}
