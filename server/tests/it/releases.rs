//! Dataset releases over HTTP on both backends: a release holds the labels
//! of the chosen review statuses as they were, pulls the same bytes (whose
//! SHA-256 its manifest records) whatever happens to the project afterwards,
//! shares the chunks it has in common with earlier releases, and compares
//! with another release item by item.

use std::collections::HashMap;

use labelwell_server::config::Config;
use labelwell_server::db::Db;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::fixtures::{assign, item_ids, label, project_with_ui, review, sentiment_schema};
use crate::common::{Client, TestServer};

backend_tests![
    a_release_keeps_its_labels_and_bytes_whatever_happens_to_the_project_after,
    release_names_and_statuses_are_checked_and_unknown_releases_are_not_found,
];

backend_tests_with_config![small_chunks =>
    releases_store_the_chunks_they_share_once_and_a_diff_names_each_change,
    releases_made_at_once_all_hold_the_same_bytes_and_one_name_goes_to_one,
];

/// Chunks of about eight items, so that a hundred items make many.
fn small_chunks(config: &mut Config) {
    config.release_chunk_items = 8;
}

/// An organization's project with the sentiment UI, its manager, an
/// annotator assigned to it, and `count` items `t000`, `t001`, ...
struct Setup {
    manager: Client,
    annotator: Client,
    project: String,
    ids: HashMap<String, String>,
}

impl Setup {
    async fn new(server: &TestServer, name: &str, count: usize) -> Setup {
        let owner = server.sign_up(&format!("{name}-owner")).await;
        let org = server.organization(&owner, name).await;
        let manager = server
            .member(&owner, &org, &format!("{name}-manager"), "manager")
            .await;
        let annotator = server
            .member(&owner, &org, &format!("{name}-annotator"), "annotator")
            .await;
        let project = project_with_ui(&manager, &org, "Tickets", 1, sentiment_schema()).await;
        assign(&manager, &project, &annotator).await;
        let setup = Setup {
            manager,
            annotator,
            project,
            ids: HashMap::new(),
        };
        setup.import(0..count).await;
        let ids = item_ids(&setup.manager, &setup.project).await;
        Setup { ids, ..setup }
    }

    async fn import(&self, range: std::ops::Range<usize>) {
        let items: Vec<Value> = range
            .map(|i| json!({ "external_id": format!("t{i:03}"), "data": { "text": format!("Ticket {i}") } }))
            .collect();
        self.manager
            .post(
                &format!("/projects/{}/items", self.project),
                json!({ "items": items }),
            )
            .await
            .assert_status(200);
    }

    fn path(&self, rest: &str) -> String {
        format!("/projects/{}/releases{rest}", self.project)
    }

    /// Makes the release `name` of `statuses` and returns its manifest.
    async fn release(&self, name: &str, statuses: &[&str]) -> Value {
        let created = self
            .manager
            .post(
                &self.path(""),
                json!({ "name": name, "review_statuses": statuses }),
            )
            .await;
        created.assert_status(201);
        created.body["release"].clone()
    }

    /// The bytes of a release's items, with the `ETag` they came with.
    async fn pull(&self, server: &TestServer, name: &str) -> (Vec<u8>, String) {
        let response = self
            .manager
            .http()
            .get(server.url(&self.path(&format!("/{name}/items"))))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "application/x-ndjson",
            "JSON Lines"
        );
        let etag = response.headers()["etag"]
            .to_str()
            .expect("an ETag")
            .to_owned();
        let bytes = response.bytes().await.expect("the items").to_vec();
        (bytes, etag)
    }

    async fn diff(&self, base: &str, name: &str) -> Value {
        let answer = self
            .manager
            .get(&self.path(&format!("/{name}/diff?base={base}")))
            .await;
        answer.assert_status(200);
        answer.body
    }
}

/// Changes an annotation's sentiment (which makes it pending review again).
async fn relabel(client: &Client, annotation: &str, sentiment: &str) {
    client
        .patch(
            &format!("/annotations/{annotation}"),
            json!({ "value": { "sentiment": sentiment } }),
        )
        .await
        .assert_status(200);
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!(
        "sha256:{}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// The external ids of a release's lines, in order, with their annotations.
fn lines(bytes: &[u8]) -> Vec<(String, Vec<Value>)> {
    String::from_utf8(bytes.to_vec())
        .expect("UTF-8")
        .lines()
        .map(|line| {
            let item: Value = serde_json::from_str(line).expect("a JSON line");
            (
                item["external_id"]
                    .as_str()
                    .expect("external_id")
                    .to_owned(),
                item["annotations"].as_array().expect("annotations").clone(),
            )
        })
        .collect()
}

async fn a_release_keeps_its_labels_and_bytes_whatever_happens_to_the_project_after(
    server: TestServer,
) {
    let setup = Setup::new(&server, "frozen", 6).await;
    let mut annotations = HashMap::new();
    for (external_id, sentiment) in [
        ("t000", "positive"),
        ("t001", "negative"),
        ("t002", "positive"),
        ("t003", "negative"),
        ("t004", "positive"),
    ] {
        let annotation = label(&setup.annotator, &setup.ids[external_id], sentiment).await;
        annotations.insert(external_id, annotation);
    }
    for (external_id, verdict) in [
        ("t000", "accept"),
        ("t001", "accept"),
        ("t002", "accept"),
        ("t003", "reject"),
    ] {
        review(
            &setup.manager,
            &annotations[external_id],
            verdict,
            "checked",
        )
        .await
        .assert_status(201);
    }

    let v1 = setup.release("v1", &["accepted"]).await;
    assert_eq!(v1["name"], "v1");
    assert_eq!(v1["review_statuses"], json!(["accepted"]));
    assert_eq!(v1["item_count"], 3, "{v1}");
    assert_eq!(v1["annotation_count"], 3);
    assert_eq!(v1["annotation_ui_version"], 1);
    assert_eq!(v1["guideline_version"], Value::Null);
    assert_eq!(v1["agreement"][0]["question"], "sentiment");
    let (bytes, etag) = setup.pull(&server, "v1").await;
    let hash = v1["content_hash"].as_str().expect("a content hash");
    assert_eq!(sha256(&bytes), hash, "the hash is of the bytes pulled");
    assert_eq!(etag, format!("\"{hash}\""));
    assert_eq!(v1["byte_count"], bytes.len());
    let held = lines(&bytes);
    let external_ids: Vec<&str> = held.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        external_ids,
        ["t000", "t001", "t002"],
        "accepted items only"
    );
    for (_, annotations) in &held {
        assert_eq!(annotations.len(), 1);
        assert_eq!(annotations[0]["review_status"], "accepted");
        assert_eq!(annotations[0]["reviews"][0]["verdict"], "accept");
    }
    let manifest = setup.manager.get(&setup.path("/v1")).await;
    manifest.assert_status(200);
    assert_eq!(manifest.body["release"], v1);
    assert_eq!(manifest.body["annotation_ui"]["version"], 1);

    // The project moves on: a label changed and accepted again, an item
    // deleted, one imported and accepted, a new annotation UI version.
    relabel(&setup.manager, &annotations["t000"], "negative").await;
    review(&setup.manager, &annotations["t000"], "accept", "fixed")
        .await
        .assert_status(201);
    setup
        .manager
        .delete(&format!("/items/{}", setup.ids["t001"]))
        .await
        .assert_status(204);
    setup.import(6..7).await;
    let ids = item_ids(&setup.manager, &setup.project).await;
    let t006 = label(&setup.annotator, &ids["t006"], "positive").await;
    review(&setup.manager, &t006, "accept", "checked")
        .await
        .assert_status(201);
    let mut schema = sentiment_schema();
    schema["questions"][0]["labels"] = json!(["positive", "negative", "neutral"]);
    setup
        .manager
        .put(
            &format!("/projects/{}/annotation-ui", setup.project),
            json!({ "schema": schema }),
        )
        .await
        .assert_status(200);

    // On PostgreSQL the server's own role may not change a stored release.
    if let Db::Postgres(pool) = server.db() {
        for table in ["releases", "release_parts", "release_chunks"] {
            let refused = sqlx::query(&format!("UPDATE {table} SET project_id = project_id"))
                .execute(pool)
                .await
                .expect_err("the server's role may not update a release");
            let code = refused.as_database_error().and_then(|e| e.code());
            assert_eq!(code.as_deref(), Some("42501"), "{table}: {refused}");
        }
    }

    let (again, _) = setup.pull(&server, "v1").await;
    assert_eq!(
        again, bytes,
        "a release pulls the same bytes after any change"
    );
    let manifest = setup.manager.get(&setup.path("/v1")).await;
    assert_eq!(manifest.body["release"], v1, "and keeps its manifest");
    assert_eq!(manifest.body["annotation_ui"]["version"], 1);

    let v2 = setup.release("v2", &["accepted"]).await;
    assert_eq!(v2["annotation_ui_version"], 2);
    assert_ne!(v2["content_hash"], v1["content_hash"]);
    let (v2_bytes, _) = setup.pull(&server, "v2").await;
    assert_eq!(
        sha256(&v2_bytes),
        v2["content_hash"].as_str().expect("hash")
    );
    let diff = setup.diff("v1", "v2").await;
    assert_eq!(diff["base"], "v1");
    assert_eq!(diff["release"], "v2");
    assert_eq!(diff["added"], json!(["t006"]));
    assert_eq!(diff["removed"], json!(["t001"]));
    assert_eq!(diff["relabelled"], json!(["t000"]));
    assert_eq!(diff["changed"], json!([]));
    assert_eq!(diff["unchanged"], 1, "t002");

    // Resuming after an item gives the rest of the same bytes.
    let first_line_end = v2_bytes.iter().position(|&b| b == b'\n').expect("a line") + 1;
    let first: Value = serde_json::from_slice(&v2_bytes[..first_line_end]).expect("JSON");
    let rest = setup
        .manager
        .http()
        .get(server.url(&setup.path(&format!(
            "/v2/items?after={}",
            first["id"].as_str().expect("id")
        ))))
        .send()
        .await
        .expect("the server answers")
        .bytes()
        .await
        .expect("the rest");
    assert_eq!(&rest[..], &v2_bytes[first_line_end..]);

    // With pending and rejected annotations too.
    let all = setup
        .release("everything", &["pending", "accepted", "rejected"])
        .await;
    assert_eq!(
        all["item_count"], 5,
        "t000, t002, t006 accepted, t003 rejected, t004 pending: {all}"
    );
    let listed = setup.manager.get(&setup.path("")).await;
    listed.assert_status(200);
    let names: Vec<&str> = listed.body["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["everything", "v2", "v1"], "newest first");
}

async fn release_names_and_statuses_are_checked_and_unknown_releases_are_not_found(
    server: TestServer,
) {
    let setup = Setup::new(&server, "names", 2).await;
    label(&setup.annotator, &setup.ids["t000"], "positive").await;
    let before = server.rows().await;
    for bad in ["", "-v1", "v 1", "v1/x", "ünïcode"] {
        setup
            .manager
            .post(&setup.path(""), json!({ "name": bad }))
            .await
            .assert_problem(422, "validation_failed");
    }
    setup
        .manager
        .post(
            &setup.path(""),
            json!({ "name": "v1", "review_statuses": [] }),
        )
        .await
        .assert_problem(422, "validation_failed");
    setup
        .manager
        .post(
            &setup.path(""),
            json!({ "name": "v1", "review_statuses": ["approved"] }),
        )
        .await
        .assert_status(422);
    assert_eq!(server.rows().await, before, "nothing written");

    let empty = setup.release("v1", &["accepted"]).await;
    assert_eq!(empty["item_count"], 0, "nothing accepted yet");
    assert_eq!(empty["content_hash"], sha256(b""), "the hash of no bytes");
    let (bytes, _) = setup.pull(&server, "v1").await;
    assert!(bytes.is_empty());
    setup
        .manager
        .post(&setup.path(""), json!({ "name": "v1" }))
        .await
        .assert_problem(409, "release_exists");

    for path in ["/v9", "/v9/items", "/v9/diff?base=v1", "/v1/diff?base=v9"] {
        setup
            .manager
            .get(&setup.path(path))
            .await
            .assert_problem(404, "not_found");
    }
    setup
        .annotator
        .get(&setup.path(""))
        .await
        .assert_problem(403, "permission_denied");
}

async fn releases_store_the_chunks_they_share_once_and_a_diff_names_each_change(
    server: TestServer,
) {
    let setup = Setup::new(&server, "chunks", 120).await;
    let mut annotations = HashMap::new();
    for i in 0..120 {
        let external_id = format!("t{i:03}");
        let annotation = label(&setup.annotator, &setup.ids[&external_id], "positive").await;
        annotations.insert(external_id, annotation);
    }
    let chunks = || server.count("SELECT COUNT(*) FROM release_chunks");
    let parts = async |release: &Value| {
        server
            .count(&format!(
                "SELECT COUNT(*) FROM release_parts WHERE release_id = '{}'",
                release["id"].as_str().expect("id")
            ))
            .await
    };

    let a = setup.release("a", &["pending"]).await;
    assert_eq!(a["item_count"], 120);
    let stored = chunks().await;
    assert!(stored >= 5, "120 items in chunks of about 8: {stored}");
    assert_eq!(parts(&a).await, stored);

    // Nothing changed: the same bytes, no chunk stored again.
    let same = setup.release("a-again", &["pending"]).await;
    assert_eq!(same["content_hash"], a["content_hash"]);
    assert_eq!(chunks().await, stored);

    // One label changed: its chunk alone is new.
    relabel(&setup.annotator, &annotations["t050"], "negative").await;
    let b = setup.release("b", &["pending"]).await;
    assert_eq!(
        chunks().await,
        stored + 1,
        "one chunk stored for one change"
    );
    assert_eq!(parts(&b).await, parts(&a).await);
    let diff = setup.diff("a", "b").await;
    assert_eq!(diff["relabelled"], json!(["t050"]));
    assert_eq!(diff["added"], json!([]));
    assert_eq!(diff["removed"], json!([]));
    assert_eq!(diff["unchanged"], 119);

    // One item deleted: at most the chunk that held it is new.
    setup
        .manager
        .delete(&format!("/items/{}", setup.ids["t010"]))
        .await
        .assert_status(204);
    let c = setup.release("c", &["pending"]).await;
    assert!(chunks().await <= stored + 2);
    assert_eq!(c["item_count"], 119);
    let diff = setup.diff("b", "c").await;
    assert_eq!(diff["removed"], json!(["t010"]));
    assert_eq!(diff["unchanged"], 119);
    let diff = setup.diff("c", "a").await;
    assert_eq!(diff["added"], json!(["t010"]));
    assert_eq!(diff["relabelled"], json!(["t050"]));

    // Every release still pulls the bytes its hash names.
    for release in [&a, &b, &c] {
        let name = release["name"].as_str().expect("name");
        let (bytes, _) = setup.pull(&server, name).await;
        assert_eq!(
            sha256(&bytes),
            release["content_hash"].as_str().expect("hash")
        );
    }
}

async fn releases_made_at_once_all_hold_the_same_bytes_and_one_name_goes_to_one(
    server: TestServer,
) {
    let setup = Setup::new(&server, "racing", 60).await;
    for i in 0..60 {
        label(
            &setup.annotator,
            &setup.ids[&format!("t{i:03}")],
            "negative",
        )
        .await;
    }
    let create = |name: String| {
        let manager = setup.manager.clone();
        let path = setup.path("");
        async move {
            manager
                .post(
                    &path,
                    json!({ "name": name, "review_statuses": ["pending"] }),
                )
                .await
        }
    };
    let distinct = futures_util::future::join_all((0..4).map(|i| create(format!("r{i}")))).await;
    let mut hashes = Vec::new();
    for answer in &distinct {
        answer.assert_status(201);
        hashes.push(answer.body["release"]["content_hash"].clone());
    }
    hashes.dedup();
    assert_eq!(hashes.len(), 1, "the same labels, the same bytes");
    let parts = server
        .count("SELECT COUNT(DISTINCT chunk_hash) FROM release_parts")
        .await;
    assert_eq!(
        server.count("SELECT COUNT(*) FROM release_chunks").await,
        parts,
        "each chunk stored once"
    );

    let same = futures_util::future::join_all((0..4).map(|_| create("one".to_owned()))).await;
    let mut statuses: Vec<u16> = same.iter().map(|a| a.status.as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409], "one name, one release");
}
