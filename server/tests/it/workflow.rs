//! The annotation workflow over HTTP, on both backends: a full round from
//! project to export, the work queue under concurrency, racing publishes,
//! leases, imports.

use std::collections::{HashMap, HashSet};

use crate::common::fixtures::{assign, project_with_ui};
use crate::common::{Client, TestServer};
use futures_util::StreamExt;
use serde_json::{Value, json};

backend_tests![
    a_full_annotation_round_goes_from_project_to_export,
    fifty_concurrent_guideline_publishes_give_versions_one_to_fifty,
    twenty_annotators_pulling_at_once_give_every_item_exactly_its_overlap,
    an_expired_lease_frees_its_slot_and_nobody_gets_an_item_twice,
    imports_upsert_by_external_id_and_count_what_they_did,
    import_counts_hold_across_batches_and_between_racing_imports,
    a_publish_during_an_import_sees_its_items,
    a_bad_ndjson_line_writes_nothing_and_is_named,
    an_item_lacking_a_shown_field_is_refused_by_position,
];

/// A project in a fresh organization: its owner, a manager, and the project.
#[derive(Debug)]
pub struct Setup {
    pub owner: Client,
    pub manager: Client,
    pub org: String,
    pub project: String,
}

const SCHEMA: &str = r#"{
    "fields": [{"name": "text", "kind": "text"}],
    "questions": [
        {"name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"]},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["ORG", "PER"], "required": false}
    ]
}"#;

async fn setup(server: &TestServer, overlap: u32) -> Setup {
    let owner = server.sign_up("owner").await;
    let org = server.organization(&owner, "Acme").await;
    let manager = server.member(&owner, &org, "manager", "manager").await;
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema");
    let project = project_with_ui(&manager, &org, "Tickets", overlap, schema).await;
    Setup {
        owner,
        manager,
        org,
        project,
    }
}

/// Adds `name` to the organization with `role` and assigns them to the project.
async fn assigned(server: &TestServer, setup: &Setup, name: &str, role: &str) -> Client {
    let member = server.member(&setup.owner, &setup.org, name, role).await;
    assign(&setup.manager, &setup.project, &member).await;
    member
}

async fn import(client: &Client, project: &str, count: usize) {
    let items: Vec<Value> = (0..count)
        .map(|i| json!({ "external_id": format!("item-{i}"), "data": { "text": format!("Ticket number {i}") } }))
        .collect();
    let answer = client
        .post(
            &format!("/projects/{project}/items"),
            json!({ "items": items }),
        )
        .await;
    answer.assert_status(200);
    assert_eq!(answer.body["created"], count);
}

/// Pulls from the queue and annotates until the queue answers 204; returns the item ids annotated.
async fn work_the_queue(annotator: &Client, project: &str, label: &str) -> Vec<String> {
    let mut done = Vec::new();
    loop {
        let next = annotator
            .post(&format!("/projects/{project}/queue/next"), json!({}))
            .await;
        if next.status == 204 {
            return done;
        }
        next.assert_status(200);
        let item = next.body["item"]["id"]
            .as_str()
            .expect("item id")
            .to_owned();
        let created = annotator
            .post(
                &format!("/items/{item}/annotations"),
                json!({ "value": { "sentiment": label }, "time_spent_ms": 1500 }),
            )
            .await;
        created.assert_status(201);
        done.push(item);
    }
}

async fn a_full_annotation_round_goes_from_project_to_export(server: TestServer) {
    let setup = setup(&server, 2).await;
    let project = &setup.project;
    let guideline = setup
        .manager
        .put(
            &format!("/projects/{project}/guideline"),
            json!({ "text": "# Sentiment\nLabel the tone.", "annotation_ui_version": 1 }),
        )
        .await;
    guideline.assert_status(200);
    assert_eq!(guideline.body["guideline"]["version"], 1);
    import(&setup.manager, project, 3).await;
    let ann = assigned(&server, &setup, "ann", "annotator").await;
    let bob = assigned(&server, &setup, "bob", "annotator").await;
    let rev = assigned(&server, &setup, "rev", "reviewer").await;

    let ann_items = work_the_queue(&ann, project, "negative").await;
    let bob_items = work_the_queue(&bob, project, "negative").await;
    assert_eq!(ann_items.len(), 3);
    assert_eq!(bob_items.len(), 3);

    // Blind labelling: Ann sees her own annotation only; the reviewer sees both.
    let first = &ann_items[0];
    let ann_view = ann.get(&format!("/items/{first}/annotations")).await;
    ann_view.assert_status(200);
    assert_eq!(
        ann_view.body["annotations"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        ann_view.body["annotations"][0]["annotator_id"],
        ann.user_id().as_str()
    );
    assert_eq!(ann_view.body["annotations"][0]["guideline_version"], 1);
    assert_eq!(ann_view.body["annotations"][0]["annotation_ui_version"], 1);
    let rev_view = rev.get(&format!("/items/{first}/annotations")).await;
    let annotations = rev_view.body["annotations"]
        .as_array()
        .expect("annotations")
        .clone();
    assert_eq!(annotations.len(), 2);

    // The reviewer accepts both annotations of the first item and rejects one of the second.
    for annotation in &annotations {
        let id = annotation["id"].as_str().expect("id");
        rev.post(
            &format!("/annotations/{id}/reviews"),
            json!({ "verdict": "accept" }),
        )
        .await
        .assert_status(201);
    }
    assert_eq!(
        server_item(&setup.manager, first).await["status"],
        "accepted"
    );
    let second = &ann_items[1];
    let ann_second = ann.get(&format!("/items/{second}/annotations")).await;
    let rejected_id = ann_second.body["annotations"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    rev.post(
        &format!("/annotations/{rejected_id}/reviews"),
        json!({ "verdict": "reject", "comment": "Neutral." }),
    )
    .await
    .assert_status(201);
    assert_eq!(
        server_item(&setup.manager, second).await["status"],
        "rejected"
    );
    // Ann sees the review of her annotation, fixes it, and it is pending again.
    let reviews = ann
        .get(&format!("/annotations/{rejected_id}/reviews"))
        .await;
    assert_eq!(reviews.body["reviews"][0]["comment"], "Neutral.");
    let fixed = ann
        .patch(
            &format!("/annotations/{rejected_id}"),
            json!({ "value": { "sentiment": "neutral" } }),
        )
        .await;
    fixed.assert_status(200);
    assert_eq!(fixed.body["annotation"]["review_status"], "pending");
    assert_eq!(
        server_item(&setup.manager, second).await["status"],
        "annotated"
    );
    // An accepted annotation is final for its annotator.
    let accepted_id = annotations
        .iter()
        .find(|a| a["annotator_id"] == ann.user_id().as_str())
        .and_then(|a| a["id"].as_str())
        .expect("ann's annotation");
    ann.patch(
        &format!("/annotations/{accepted_id}"),
        json!({ "value": { "sentiment": "positive" } }),
    )
    .await
    .assert_problem(409, "annotation_accepted");

    // The manager reads the stats.
    let stats = setup
        .manager
        .get(&format!("/projects/{project}/stats"))
        .await;
    stats.assert_status(200);
    let stats = &stats.body["stats"];
    assert_eq!(stats["items"]["total"], 3);
    assert_eq!(stats["items"]["accepted"], 1);
    assert_eq!(stats["items"]["annotated"], 2);
    assert_eq!(stats["annotators"].as_array().map(Vec::len), Some(2));
    assert_eq!(stats["annotators"][0]["annotations"], 3);
    assert_eq!(stats["annotators"][0]["time_spent_ms"], 4500);
    assert_eq!(stats["agreement"][0]["question"], "sentiment");
    assert_eq!(stats["agreement"][0]["items"], 3);

    // And exports: JSONL, CSV and JSON hold the same items with annotations and reviews.
    let jsonl = raw(
        &setup.manager,
        &format!("/projects/{project}/export?format=jsonl"),
    )
    .await;
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    let exported_first = lines
        .iter()
        .find(|line| line["id"] == first.as_str())
        .expect("first item");
    assert_eq!(exported_first["status"], "accepted");
    assert_eq!(
        exported_first["annotations"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        exported_first["annotations"][0]["reviews"][0]["verdict"],
        "accept"
    );
    let json = raw(
        &setup.manager,
        &format!("/projects/{project}/export?format=json"),
    )
    .await;
    let document: Value = serde_json::from_str(&json).expect("a JSON document");
    assert_eq!(document["items"].as_array().map(Vec::len), Some(3));
    assert_eq!(document["items"].as_array(), Some(&lines));
    let csv = raw(
        &setup.manager,
        &format!("/projects/{project}/export?format=csv"),
    )
    .await;
    assert!(
        csv.starts_with(
            "id,external_id,status,created_at,updated_at,data,metadata,annotations\r\n"
        )
    );
    assert_eq!(csv.matches("\r\n").count(), 4);
}

async fn server_item(client: &Client, item: &str) -> Value {
    let answer = client.get(&format!("/items/{item}")).await;
    answer.assert_status(200);
    answer.body["item"].clone()
}

/// The body of a GET as text.
async fn raw(client: &Client, path: &str) -> String {
    let answer = client.get(path).await;
    answer.assert_status(200);
    match answer.body {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

async fn fifty_concurrent_guideline_publishes_give_versions_one_to_fifty(server: TestServer) {
    let setup = setup(&server, 1).await;
    let publishes = (0..50).map(|i| {
        let manager = setup.manager.clone();
        let path = format!("/projects/{}/guideline", setup.project);
        tokio::spawn(async move {
            let answer = manager
                .put(
                    &path,
                    json!({ "text": format!("Guideline {i}"), "annotation_ui_version": 1 }),
                )
                .await;
            answer.assert_status(200);
            answer.body["guideline"]["version"]
                .as_u64()
                .expect("version")
        })
    });
    let mut versions = Vec::new();
    for publish in publishes.collect::<Vec<_>>() {
        versions.push(publish.await.expect("publish"));
    }
    versions.sort_unstable();
    assert_eq!(versions, (1..=50).collect::<Vec<u64>>());
    let listed = setup
        .manager
        .get(&format!(
            "/projects/{}/guideline/versions?limit=1000",
            setup.project
        ))
        .await;
    let listed: Vec<u64> = listed.body["guidelines"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|g| g["version"].as_u64())
        .collect();
    assert_eq!(listed, (1..=50).collect::<Vec<u64>>());
    let latest = setup
        .manager
        .get(&format!("/projects/{}/guideline", setup.project))
        .await;
    assert_eq!(latest.body["guideline"]["version"], 50);
}

async fn twenty_annotators_pulling_at_once_give_every_item_exactly_its_overlap(server: TestServer) {
    let setup = setup(&server, 2).await;
    import(&setup.manager, &setup.project, 30).await;
    let mut annotators = Vec::new();
    for i in 0..20 {
        annotators.push(assigned(&server, &setup, &format!("annotator{i}"), "annotator").await);
    }
    let work = annotators.into_iter().map(|annotator| {
        let project = setup.project.clone();
        tokio::spawn(async move {
            let items = work_the_queue(&annotator, &project, "positive").await;
            (annotator.user_id(), items)
        })
    });
    let mut by_item: HashMap<String, Vec<String>> = HashMap::new();
    for task in work.collect::<Vec<_>>() {
        let (annotator, items) = task.await.expect("an annotator's work");
        for item in items {
            by_item.entry(item).or_default().push(annotator.clone());
        }
    }
    assert_eq!(by_item.len(), 30, "every item was handed out");
    for (item, annotators) in &by_item {
        let distinct: HashSet<&String> = annotators.iter().collect();
        assert_eq!(
            annotators.len(),
            2,
            "item {item} got {} annotations",
            annotators.len()
        );
        assert_eq!(distinct.len(), 2, "item {item} went twice to one annotator");
    }
    assert_eq!(server.count("SELECT COUNT(*) FROM annotations").await, 60);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM items WHERE annotation_count = 2 AND status = 'annotated'")
            .await,
        30
    );
}

async fn an_expired_lease_frees_its_slot_and_nobody_gets_an_item_twice(server: TestServer) {
    let setup = setup(&server, 1).await;
    import(&setup.manager, &setup.project, 1).await;
    let ann = assigned(&server, &setup, "ann", "annotator").await;
    let bob = assigned(&server, &setup, "bob", "annotator").await;
    let queue = format!("/projects/{}/queue/next", setup.project);
    let leased = ann.post(&queue, json!({})).await;
    leased.assert_status(200);
    let item = leased.body["item"]["id"].as_str().expect("item").to_owned();
    // Asking again renews the same lease.
    assert_eq!(
        ann.post(&queue, json!({})).await.body["item"]["id"],
        item.as_str()
    );
    // Ann holds the only slot: Bob gets nothing, and cannot annotate it directly either.
    bob.post(&queue, json!({})).await.assert_status(204);
    bob.post(
        &format!("/items/{item}/annotations"),
        json!({ "value": { "sentiment": "neutral" } }),
    )
    .await
    .assert_problem(409, "item_fully_annotated");
    // Once Ann's lease has expired, the slot is Bob's.
    server
        .exec("UPDATE leases SET expires_at = '2000-01-01T00:00:00.000000Z'")
        .await;
    let bobs = bob.post(&queue, json!({})).await;
    bobs.assert_status(200);
    assert_eq!(bobs.body["item"]["id"], item.as_str());
    bob.post(
        &format!("/items/{item}/annotations"),
        json!({ "value": { "sentiment": "neutral" } }),
    )
    .await
    .assert_status(201);
    // Ann's late annotation is refused; nothing is left for either of them.
    ann.post(
        &format!("/items/{item}/annotations"),
        json!({ "value": { "sentiment": "neutral" } }),
    )
    .await
    .assert_problem(409, "item_fully_annotated");
    ann.post(&queue, json!({})).await.assert_status(204);
    bob.post(&queue, json!({})).await.assert_status(204);
    bob.post(
        &format!("/items/{item}/annotations"),
        json!({ "value": { "sentiment": "neutral" } }),
    )
    .await
    .assert_problem(409, "already_annotated");
}

async fn imports_upsert_by_external_id_and_count_what_they_did(server: TestServer) {
    let setup = setup(&server, 1).await;
    let path = format!("/projects/{}/items", setup.project);
    let first = setup
        .manager
        .post(
            &path,
            json!({ "items": [
                { "external_id": "a", "data": { "text": "one" } },
                { "external_id": "b", "data": { "text": "two" }, "metadata": { "source": "mail" } },
            ] }),
        )
        .await;
    first.assert_status(200);
    assert_eq!(first.body, json!({ "created": 2, "updated": 0 }));
    let ndjson = "{\"external_id\": \"b\", \"data\": {\"text\": \"two, edited\"}}\n\n{\"external_id\": \"c\", \"data\": {\"text\": \"three\"}}\n";
    let second = setup
        .manager
        .send_raw(
            reqwest::Method::POST,
            &path,
            "application/x-ndjson",
            ndjson.into(),
        )
        .await;
    second.assert_status(200);
    assert_eq!(second.body, json!({ "created": 1, "updated": 1 }));
    let listed = setup.manager.get(&format!("{path}?limit=10")).await;
    let items = listed.body["items"].as_array().expect("items");
    let texts: Vec<&str> = items
        .iter()
        .filter_map(|i| i["data"]["text"].as_str())
        .collect();
    assert_eq!(texts, ["one", "two, edited", "three"]);
    assert_eq!(items[1]["metadata"], json!({}));
}

/// NDJSON of items `from..to`, with the text `text`.
fn ndjson_items(range: std::ops::Range<usize>, text: &str) -> String {
    range
        .map(|i| {
            format!("{{\"external_id\": \"item-{i}\", \"data\": {{\"text\": \"{text} {i}\"}}}}\n")
        })
        .collect()
}

async fn import_counts_hold_across_batches_and_between_racing_imports(server: TestServer) {
    let setup = setup(&server, 1).await;
    let path = format!("/projects/{}/items", setup.project);
    let import = |body: String| {
        setup.manager.send_raw(
            reqwest::Method::POST,
            &path,
            "application/x-ndjson",
            body.into(),
        )
    };
    // The server writes 1000 items at a time: the second thousand repeats half
    // of the first, and the last line repeats the one before it.
    let mut body = ndjson_items(0..1000, "first");
    body.push_str(&ndjson_items(500..1500, "second"));
    body.push_str(&ndjson_items(1499..1500, "third"));
    let answer = import(body).await;
    answer.assert_status(200);
    assert_eq!(answer.body, json!({ "created": 1500, "updated": 501 }));

    // Two imports of the same new 2000 items at once: each is told the truth
    // about what it did, so together they created each item exactly once.
    let (left, right) = tokio::join!(
        import(ndjson_items(1500..3500, "left")),
        import(ndjson_items(1500..3500, "right"))
    );
    let mut created = 0;
    for answer in [left, right] {
        answer.assert_status(200);
        let (new, changed) = (&answer.body["created"], &answer.body["updated"]);
        let (new, changed) = (
            new.as_u64().expect("created"),
            changed.as_u64().expect("updated"),
        );
        assert_eq!(new + changed, 2000, "{}", answer.body);
        created += new;
    }
    assert_eq!(created, 2000);
    let stats = setup
        .manager
        .get(&format!("/projects/{}/stats", setup.project))
        .await;
    stats.assert_status(200);
    assert_eq!(
        stats.body["stats"]["items"]["total"], 3500,
        "{}",
        stats.body
    );
}

/// A new annotation UI is checked against every item, also those of an
/// import running while it is published: the import and the publish never
/// both succeed, and no item ends up lacking a field the UI in force shows.
async fn a_publish_during_an_import_sees_its_items(server: TestServer) {
    let setup = setup(&server, 1).await;
    let mut schema: Value = serde_json::from_str(SCHEMA).expect("schema");
    schema["fields"]
        .as_array_mut()
        .expect("fields")
        .push(json!({ "name": "title", "kind": "text" }));
    let items = format!("/projects/{}/items", setup.project);
    // The import sends 500 items (less than the server writes at once), pauses
    // for a second, then sends the rest; the publish comes in the pause.
    let halves = [(0..500, 0), (500..4_000, 1_000)];
    let body = futures_util::stream::iter(halves).then(|(range, pause)| async move {
        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
        Ok::<_, std::io::Error>(ndjson_items(range, "no title"))
    });
    let import = setup.manager.send_body(
        reqwest::Method::POST,
        &items,
        "application/x-ndjson",
        reqwest::Body::wrap_stream(body),
    );
    let publish = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        setup
            .manager
            .put(
                &format!("/projects/{}/annotation-ui", setup.project),
                json!({ "schema": schema }),
            )
            .await
    };
    let (imported, published) = tokio::join!(import, publish);
    match (imported.status.as_u16(), published.status.as_u16()) {
        (200, 422) => {
            assert_eq!(imported.body["created"], 4_000);
            published.assert_problem(422, "validation_failed");
            assert!(
                published.body.to_string().contains("missing_in_items"),
                "{}",
                published.body
            );
        }
        (422, 200) => {
            let listed = setup.manager.get(&format!("{items}?limit=1")).await;
            assert_eq!(listed.body["items"], json!([]), "the import wrote nothing");
        }
        statuses => panic!(
            "the import and the publish answered {statuses:?}: {} / {}",
            imported.body, published.body
        ),
    }
}

async fn a_bad_ndjson_line_writes_nothing_and_is_named(server: TestServer) {
    let setup = setup(&server, 1).await;
    let mut body = String::new();
    for i in 1..=2500 {
        if i == 2000 {
            body.push_str("{\"external_id\": \"x\", \"data\": {\"txt\": \"typo\"}}\n");
        } else {
            body.push_str(&format!(
                "{{\"external_id\": \"item-{i}\", \"data\": {{\"text\": \"{i}\"}}}}\n"
            ));
        }
    }
    let path = format!("/projects/{}/items", setup.project);
    let answer = setup
        .manager
        .send_raw(
            reqwest::Method::POST,
            &path,
            "application/x-ndjson",
            body.into(),
        )
        .await;
    answer.assert_problem(422, "validation_failed");
    assert_eq!(answer.body["errors"][0]["field"], "line[2000].data.text");
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 0);
    let broken = setup
        .manager
        .send_raw(
            reqwest::Method::POST,
            &path,
            "application/x-ndjson",
            b"{\"external_id\": \"a\", \"data\": {\"text\": \"x\"}}\n{not json\n".to_vec(),
        )
        .await;
    broken.assert_problem(422, "validation_failed");
    assert_eq!(broken.body["errors"][0]["field"], "line[2]");
    assert_eq!(broken.body["errors"][0]["code"], "malformed_json");
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 0);
}

async fn an_item_lacking_a_shown_field_is_refused_by_position(server: TestServer) {
    let setup = setup(&server, 1).await;
    let answer = setup
        .manager
        .post(
            &format!("/projects/{}/items", setup.project),
            json!({ "items": [
                { "external_id": "ok", "data": { "text": "fine" } },
                { "external_id": "no-text", "data": { "body": "wrong key" } },
                { "external_id": "number", "data": { "text": 42 } },
            ] }),
        )
        .await;
    answer.assert_problem(422, "validation_failed");
    let fields: Vec<&str> = answer.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["items[1].data.text", "items[2].data.text"]);
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 0);
}
