//! Model predictions through the real stack: imported by external id (JSON and
//! NDJSON), checked against the annotation UI, replaced per model version,
//! shown to annotators only when the project says so, recorded on the
//! annotations that started from them, compared with accepted labels, and
//! exported beside the annotations (not in releases).

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::fixtures::{
    annotate, assign, import_texts, label, project_with_ui, review, sentiment_schema,
};
use crate::common::{Answer, Client, TestServer};

backend_tests![
    predictions_are_imported_checked_and_replaced_per_model_version,
    a_bad_prediction_writes_nothing_and_is_named,
    annotators_see_predictions_only_when_the_project_shows_them,
    an_annotation_records_the_prediction_it_started_from,
    agreement_of_each_model_version_with_accepted_labels,
    exports_carry_predictions_and_releases_do_not,
];

/// A project (overlap 1) with two items, an annotator and a reviewer.
struct Setup {
    owner: Client,
    annotator: Client,
    reviewer: Client,
    project: String,
    items: Vec<String>,
}

async fn setup(server: &TestServer) -> Setup {
    let owner = server.sign_up("owner").await;
    let org = server.organization(&owner, "Acme").await;
    let annotator = server.member(&owner, &org, "ann", "annotator").await;
    let reviewer = server.member(&owner, &org, "rev", "reviewer").await;
    let project = project_with_ui(&owner, &org, "P", 1, sentiment_schema()).await;
    assign(&owner, &project, &annotator).await;
    assign(&owner, &project, &reviewer).await;
    let items = import_texts(&owner, &project, &[("t1", "great"), ("t2", "awful")]).await;
    Setup {
        owner,
        annotator,
        reviewer,
        project,
        items,
    }
}

fn prediction(external_id: &str, version: &str, sentiment: &str, score: f64) -> Value {
    json!({
        "external_id": external_id,
        "model": "bert",
        "model_version": version,
        "value": { "sentiment": sentiment },
        "scores": { "sentiment": score },
    })
}

async fn import_json(client: &Client, project: &str, predictions: Vec<Value>) -> Answer {
    client
        .post(
            &format!("/projects/{project}/predictions"),
            json!({ "predictions": predictions }),
        )
        .await
}

async fn import_ndjson(client: &Client, project: &str, lines: &[Value]) -> Answer {
    let body: String = lines.iter().map(|line| format!("{line}\n")).collect();
    client
        .send_raw(
            Method::POST,
            &format!("/projects/{project}/predictions"),
            "application/x-ndjson",
            body.into_bytes(),
        )
        .await
}

async fn predictions_of(client: &Client, item: &str) -> Answer {
    client.get(&format!("/items/{item}/predictions")).await
}

async fn predictions_are_imported_checked_and_replaced_per_model_version(server: TestServer) {
    let s = setup(&server).await;
    let imported = import_json(
        &s.owner,
        &s.project,
        vec![
            prediction("t1", "v1", "negative", 0.6),
            prediction("t2", "v1", "negative", 0.9),
        ],
    )
    .await;
    imported.assert_status(200);
    assert_eq!(imported.body["imported"], 2);
    let imported = import_ndjson(
        &s.owner,
        &s.project,
        &[
            prediction("t1", "v2", "positive", 0.8),
            // The same item and version again in one import: the later wins.
            prediction("t1", "v1", "positive", 0.55),
            json!({ "external_id": "t2", "model": "bert", "model_version": "v2", "value": {} }),
        ],
    )
    .await;
    imported.assert_status(200);
    assert_eq!(imported.body["imported"], 3);

    let listed = predictions_of(&s.owner, &s.items[0]).await;
    listed.assert_status(200);
    let predictions = listed.body["predictions"].as_array().expect("a list");
    assert_eq!(
        predictions.len(),
        2,
        "one per model version: {predictions:?}"
    );
    let v1 = predictions
        .iter()
        .find(|p| p["model_version"] == "v1")
        .expect("v1");
    assert_eq!(v1["value"]["sentiment"], "positive", "replaced");
    assert_eq!(v1["scores"]["sentiment"], 0.55);
    assert_eq!(v1["model"], "bert");
    assert_eq!(v1["item_id"], s.items[0].as_str());
    let t2 = predictions_of(&s.owner, &s.items[1]).await;
    let t2_v2 = t2.body["predictions"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["model_version"] == "v2").cloned())
        .expect("t2's v2");
    assert_eq!(t2_v2["value"], json!({}), "a question may be left out");
    assert_eq!(t2_v2["scores"], Value::Null);
    assert_eq!(server.count("SELECT COUNT(*) FROM predictions").await, 4);
}

async fn a_bad_prediction_writes_nothing_and_is_named(server: TestServer) {
    let s = setup(&server).await;
    let cases = [
        (
            json!({ "external_id": "t1", "model": "bert", "model_version": "v1", "value": { "sentiment": "meh" } }),
            "line[2].value.sentiment",
        ),
        (
            json!({ "external_id": "nope", "model": "bert", "model_version": "v1", "value": {} }),
            "line[2].external_id",
        ),
        (
            json!({ "external_id": "t1", "model": "bert", "model_version": "v1", "value": { "colour": "red" } }),
            "line[2].value.colour",
        ),
        (
            json!({ "external_id": "t1", "model": "bert", "model_version": "v1", "value": {}, "scores": { "sentiment": 1.5 } }),
            "line[2].scores.sentiment",
        ),
        (
            json!({ "external_id": "t1", "model": "bert", "model_version": "v1", "value": {}, "scores": { "colour": 0.5 } }),
            "line[2].scores.colour",
        ),
        (
            json!({ "external_id": "t1", "model": " ", "model_version": "v1", "value": {} }),
            "line[2].model",
        ),
        (
            json!({ "external_id": "t1", "model": "bert", "model_version": "v1", "value": [] }),
            "line[2].value",
        ),
    ];
    for (bad, field) in cases {
        let answer = import_ndjson(
            &s.owner,
            &s.project,
            &[prediction("t2", "v1", "negative", 0.5), bad.clone()],
        )
        .await;
        answer.assert_status(422);
        assert_eq!(answer.body["errors"][0]["field"], field, "{bad}");
    }
    let answer = s
        .owner
        .send_raw(
            Method::POST,
            &format!("/projects/{}/predictions", s.project),
            "application/x-ndjson",
            b"{\"external_id\": \"t1\"\n".to_vec(),
        )
        .await;
    answer.assert_status(422);
    assert_eq!(server.count("SELECT COUNT(*) FROM predictions").await, 0);

    // No annotation UI, no predictions: there is nothing to check them against.
    let org = s.owner.get("/me/organizations").await.body["organizations"][0]["id"]
        .as_str()
        .expect("an organization")
        .to_owned();
    let bare = s
        .owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "Bare" }),
        )
        .await
        .id("project");
    import_json(
        &s.owner,
        &bare,
        vec![prediction("t1", "v1", "negative", 0.5)],
    )
    .await
    .assert_status(409);
    // Annotators import nothing.
    import_json(
        &s.annotator,
        &s.project,
        vec![prediction("t1", "v1", "negative", 0.5)],
    )
    .await
    .assert_status(403);
}

async fn annotators_see_predictions_only_when_the_project_shows_them(server: TestServer) {
    let s = setup(&server).await;
    import_json(
        &s.owner,
        &s.project,
        vec![prediction("t1", "v1", "negative", 0.6)],
    )
    .await
    .assert_status(200);
    let project = s.owner.get(&format!("/projects/{}", s.project)).await;
    assert_eq!(project.body["project"]["show_predictions"], false);
    for client in [&s.annotator, &s.reviewer] {
        let hidden = predictions_of(client, &s.items[0]).await;
        hidden.assert_status(403);
        assert_eq!(hidden.code(), "predictions_hidden");
    }
    let shown = s
        .owner
        .patch(
            &format!("/projects/{}", s.project),
            json!({ "show_predictions": true }),
        )
        .await;
    shown.assert_status(200);
    assert_eq!(shown.body["project"]["show_predictions"], true);
    for client in [&s.annotator, &s.reviewer] {
        let listed = predictions_of(client, &s.items[0]).await;
        listed.assert_status(200);
        assert_eq!(
            listed.body["predictions"][0]["value"]["sentiment"],
            "negative"
        );
    }
    // An item of no project the caller is in is not found, shown or not.
    let unknown = uuid::Uuid::now_v7();
    predictions_of(&s.owner, &unknown.to_string())
        .await
        .assert_status(404);
}

async fn an_annotation_records_the_prediction_it_started_from(server: TestServer) {
    let s = setup(&server).await;
    import_json(
        &s.owner,
        &s.project,
        vec![
            prediction("t1", "v1", "negative", 0.6),
            prediction("t2", "v1", "negative", 0.9),
        ],
    )
    .await
    .assert_status(200);
    let of = |body: &Value| {
        body["predictions"][0]["id"]
            .as_str()
            .expect("an id")
            .to_owned()
    };
    let first = of(&predictions_of(&s.owner, &s.items[0]).await.body);
    let second = of(&predictions_of(&s.owner, &s.items[1]).await.body);
    // A prediction of another item is no starting point for this one.
    let refused = s
        .annotator
        .post(
            &format!("/items/{}/annotations", s.items[0]),
            json!({ "value": { "sentiment": "positive" }, "prediction_id": second }),
        )
        .await;
    refused.assert_status(422);
    assert_eq!(refused.body["errors"][0]["code"], "unknown_prediction");
    let created = s
        .annotator
        .post(
            &format!("/items/{}/annotations", s.items[0]),
            json!({ "value": { "sentiment": "positive" }, "prediction_id": first }),
        )
        .await;
    created.assert_status(201);
    assert_eq!(created.body["annotation"]["prediction_id"], first.as_str());
    let plain = annotate(
        &s.annotator,
        &s.items[1],
        json!({ "sentiment": "negative" }),
    )
    .await;
    let read = s.owner.get(&format!("/annotations/{plain}")).await;
    assert_eq!(read.body["annotation"]["prediction_id"], Value::Null);
}

async fn agreement_of_each_model_version_with_accepted_labels(server: TestServer) {
    let s = setup(&server).await;
    let more = import_texts(&s.owner, &s.project, &[("t3", "fine"), ("t4", "bad")]).await;
    let items: Vec<&String> = s.items.iter().chain(more.iter()).collect();
    // People say: positive, negative, positive, negative (t4 left unreviewed).
    let verdicts = ["positive", "negative", "positive", "negative"];
    for (n, (item, sentiment)) in items.iter().zip(verdicts).enumerate() {
        let annotation = label(&s.annotator, item, sentiment).await;
        if n < 3 {
            review(&s.reviewer, &annotation, "accept", "")
                .await
                .assert_status(201);
        }
    }
    // v1 gets t1 right and t2, t3 wrong; v2 gets all three right; t4 (not
    // accepted) counts for neither.
    import_json(
        &s.owner,
        &s.project,
        vec![
            prediction("t1", "v1", "positive", 0.9),
            prediction("t2", "v1", "positive", 0.9),
            prediction("t3", "v1", "negative", 0.9),
            prediction("t4", "v1", "positive", 0.9),
            prediction("t1", "v2", "positive", 0.9),
            prediction("t2", "v2", "negative", 0.9),
            prediction("t3", "v2", "positive", 0.9),
        ],
    )
    .await
    .assert_status(200);
    let agreement = s
        .owner
        .get(&format!("/projects/{}/predictions/agreement", s.project))
        .await;
    agreement.assert_status(200);
    let rows = agreement.body["agreement"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["model_version"], "v1");
    assert_eq!(rows[0]["question"], "sentiment");
    assert_eq!(rows[0]["compared"], 3);
    assert_eq!(rows[0]["agreed"], 1);
    let share = rows[0]["agreement"].as_f64().expect("a share");
    assert!((share - 1.0 / 3.0).abs() < 1e-9, "{share}");
    assert_eq!(rows[1]["model_version"], "v2");
    assert_eq!(rows[1]["compared"], 3);
    assert_eq!(rows[1]["agreed"], 3);
    assert_eq!(rows[1]["agreement"], 1.0);
    // A version with nothing accepted to compare with is there, with nothing compared.
    import_json(
        &s.owner,
        &s.project,
        vec![prediction("t4", "v3", "negative", 0.5)],
    )
    .await
    .assert_status(200);
    let agreement = s
        .owner
        .get(&format!("/projects/{}/predictions/agreement", s.project))
        .await;
    let v3 = &agreement.body["agreement"][2];
    assert_eq!(v3["model_version"], "v3");
    assert_eq!(v3["compared"], 0);
    assert_eq!(v3["agreement"], Value::Null);
    // Annotators read no statistics.
    s.annotator
        .get(&format!("/projects/{}/predictions/agreement", s.project))
        .await
        .assert_status(403);
}

async fn exports_carry_predictions_and_releases_do_not(server: TestServer) {
    let s = setup(&server).await;
    import_json(
        &s.owner,
        &s.project,
        vec![prediction("t1", "v1", "negative", 0.25)],
    )
    .await
    .assert_status(200);
    let started_from = predictions_of(&s.owner, &s.items[0]).await.body["predictions"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let annotation = s
        .annotator
        .post(
            &format!("/items/{}/annotations", s.items[0]),
            json!({ "value": { "sentiment": "positive" }, "prediction_id": started_from }),
        )
        .await;
    annotation.assert_status(201);
    review(&s.reviewer, &annotation.id("annotation"), "accept", "")
        .await
        .assert_status(201);

    let export = s
        .owner
        .get(&format!("/projects/{}/export?format=jsonl", s.project))
        .await;
    export.assert_status(200);
    let text = export.body.as_str().expect("JSON Lines").to_owned();
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let t1 = lines.iter().find(|l| l["external_id"] == "t1").expect("t1");
    assert_eq!(
        t1["predictions"],
        json!([{
            "id": started_from,
            "model": "bert",
            "model_version": "v1",
            "value": { "sentiment": "negative" },
            "scores": { "sentiment": 0.25 },
        }])
    );
    assert_eq!(t1["annotations"][0]["prediction_id"], started_from.as_str());
    let t2 = lines.iter().find(|l| l["external_id"] == "t2").expect("t2");
    assert!(t2.get("predictions").is_none(), "absent when none: {t2}");

    let release = s
        .owner
        .post(
            &format!("/projects/{}/releases", s.project),
            json!({ "name": "v1" }),
        )
        .await;
    release.assert_status(201);
    let pulled = s
        .owner
        .get(&format!("/projects/{}/releases/v1/items", s.project))
        .await;
    // One line of JSON: the harness reads it as a JSON body.
    let line = &pulled.body;
    assert!(line.get("predictions").is_none(), "labels only: {line}");
    assert_eq!(
        line["annotations"][0]["prediction_id"],
        started_from.as_str()
    );
}
