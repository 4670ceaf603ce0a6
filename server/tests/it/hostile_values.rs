//! Values that used to end in a 500 or in a wrong answer, over HTTP on both
//! backends: times no column can hold (as filters and inside cursors), times
//! spent too large to sum, and the NUL character, which PostgreSQL cannot
//! store, and JSON nested deeper than any stack. Each is refused with a 422
//! naming what is wrong, and writes nothing.

use crate::common::{Answer, Client, PASSWORD, TestServer};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use serde_json::{Value, json};

backend_tests![
    an_updated_after_no_column_can_hold_is_a_422_on_lists_and_exports,
    crafted_cursors_are_a_422_naming_the_cursor,
    time_spent_beyond_a_day_is_a_422_naming_the_field,
    stats_sum_times_spent_stored_before_the_cap_without_overflowing,
    a_nul_character_in_any_text_is_a_422_naming_the_field,
    json_nested_deeper_than_any_stack_is_a_422_naming_where,
];

/// A time whose RFC 3339 text is valid, but whose UTC form is in the year 10000.
const PAST_THE_LAST_YEAR: &str = "9999-12-31T23:59:59-01:00";

/// An owner's organization with one project, its annotation UI (a label and a
/// free-text note) and two items an assigned annotator has annotated.
struct World {
    owner: Client,
    annotator: Client,
    org: String,
    project: String,
    items: Vec<String>,
    annotations: Vec<String>,
}

/// The owner assigns a new member `name`, an annotator, to the project.
async fn annotator(
    server: &TestServer,
    owner: &Client,
    org: &str,
    project: &str,
    name: &str,
) -> Client {
    let annotator = server.member(owner, org, name, "annotator").await;
    owner
        .post(
            &format!("/projects/{project}/members"),
            json!({ "user_id": annotator.user_id() }),
        )
        .await
        .assert_status(201);
    annotator
}

async fn world(server: &TestServer) -> World {
    let owner = server.sign_up("ada").await;
    let org = server.organization(&owner, "Acme").await;
    let created = owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "Tickets", "overlap": 2 }),
        )
        .await;
    created.assert_status(201);
    let project = created.id("project");
    let schema = json!({
        "fields": [{ "name": "text" }],
        "questions": [
            { "name": "sentiment", "type": "single_label", "labels": ["positive", "negative"] },
            { "name": "note", "type": "text", "required": false }
        ]
    });
    owner
        .put(
            &format!("/projects/{project}/annotation-ui"),
            json!({ "schema": schema }),
        )
        .await
        .assert_status(200);
    owner
        .post(
            &format!("/projects/{project}/items"),
            json!({ "items": [
                { "external_id": "t1", "data": { "text": "One" } },
                { "external_id": "t2", "data": { "text": "Two" } },
            ] }),
        )
        .await
        .assert_status(200);
    let listed = owner.get(&format!("/projects/{project}/items")).await;
    listed.assert_status(200);
    let items: Vec<String> = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect();
    let annotator = annotator(server, &owner, &org, &project, "bob").await;
    let mut annotations = Vec::new();
    for item in &items {
        let annotated = annotator
            .post(
                &format!("/items/{item}/annotations"),
                json!({ "value": { "sentiment": "positive" }, "time_spent_ms": 1000 }),
            )
            .await;
        annotated.assert_status(201);
        annotations.push(annotated.id("annotation"));
    }
    World {
        owner,
        annotator,
        org,
        project,
        items,
        annotations,
    }
}

/// Asserts a 422 whose errors name `field`.
#[track_caller]
fn assert_names(answer: &Answer, field: &str, context: &str) {
    assert_eq!(
        answer.status.as_u16(),
        422,
        "{context}: expected a 422 naming `{field}`, got {}",
        answer.body
    );
    answer.assert_problem(422, "validation_failed");
    let named = answer.body["errors"]
        .as_array()
        .is_some_and(|errors| errors.iter().any(|error| error["field"] == field));
    assert!(
        named,
        "{context}: no error names `{field}`: {}",
        answer.body
    );
}

async fn an_updated_after_no_column_can_hold_is_a_422_on_lists_and_exports(server: TestServer) {
    let w = world(&server).await;
    let project = &w.project;
    let list = w
        .owner
        .get(&format!(
            "/projects/{project}/items?updated_after={PAST_THE_LAST_YEAR}"
        ))
        .await;
    assert_names(&list, "updated_after", "the item list");
    // An export must not start a stream it cannot fill: before this was
    // checked, the export task panicked and the client got an empty 200.
    for format in ["jsonl", "csv", "json"] {
        let export = w
            .owner
            .get(&format!(
                "/projects/{project}/export?format={format}&updated_after={PAST_THE_LAST_YEAR}"
            ))
            .await;
        assert_names(&export, "updated_after", &format!("the {format} export"));
    }
    // The last time UTC can hold is a filter like any other.
    let last = w
        .owner
        .get(&format!(
            "/projects/{project}/items?updated_after=9999-12-31T22:59:59-01:00"
        ))
        .await;
    last.assert_status(200);
    assert_eq!(last.body["items"], json!([]));
}

async fn crafted_cursors_are_a_422_naming_the_cursor(server: TestServer) {
    let w = world(&server).await;
    let project = &w.project;
    let item = &w.items[0];
    let cursor = |key: Value| URL_SAFE_NO_PAD.encode(key.to_string());
    let crafted = [
        cursor(json!([PAST_THE_LAST_YEAR, item])),
        cursor(json!(["not a time", item])),
        cursor(json!(["2026-01-01T00:00:00Z", "not an id"])),
        cursor(json!([1, 2, 3])),
        cursor(json!({ "id": item })),
        cursor(json!(u64::MAX)),
        "%%%".to_owned(),
    ];
    for list in [
        format!("/projects/{project}/items?updated_after=2000-01-01T00:00:00Z&cursor="),
        format!("/projects/{project}/items?cursor="),
        format!("/organizations/{}/members?cursor=", w.org),
        format!("/projects/{project}/annotation-ui/versions?cursor="),
        "/me/tokens?cursor=".to_owned(),
    ] {
        for cursor in &crafted {
            let answer = w.owner.get(&format!("{list}{cursor}")).await;
            assert_names(&answer, "cursor", &format!("{list}{cursor}"));
        }
    }
    // A cursor of the list in change order is no cursor of the list in id order.
    let by_change = w
        .owner
        .get(&format!(
            "/projects/{project}/items?limit=1&updated_after=2000-01-01T00:00:00Z"
        ))
        .await;
    by_change.assert_status(200);
    let next = by_change.body["pagination"]["next_cursor"]
        .as_str()
        .expect("a next page");
    let mixed = w
        .owner
        .get(&format!("/projects/{project}/items?cursor={next}"))
        .await;
    assert_names(&mixed, "cursor", "a cursor of another order");
}

async fn time_spent_beyond_a_day_is_a_422_naming_the_field(server: TestServer) {
    let w = world(&server).await;
    let annotator = annotator(&server, &w.owner, &w.org, &w.project, "carol").await;
    let before = server.rows().await;
    let day = 24 * 60 * 60 * 1000_u64;
    for too_long in [day + 1, i64::MAX as u64, u64::MAX] {
        let created = annotator
            .post(
                &format!("/items/{}/annotations", w.items[0]),
                json!({ "value": { "sentiment": "negative" }, "time_spent_ms": too_long }),
            )
            .await;
        assert_names(
            &created,
            "time_spent_ms",
            &format!("creating with {too_long}"),
        );
        let changed = w
            .annotator
            .patch(
                &format!("/annotations/{}", w.annotations[0]),
                json!({ "time_spent_ms": too_long }),
            )
            .await;
        assert_names(
            &changed,
            "time_spent_ms",
            &format!("changing to {too_long}"),
        );
    }
    assert_eq!(server.rows().await, before);
    let a_day = annotator
        .post(
            &format!("/items/{}/annotations", w.items[0]),
            json!({ "value": { "sentiment": "negative" }, "time_spent_ms": day }),
        )
        .await;
    a_day.assert_status(201);
    assert_eq!(a_day.body["annotation"]["time_spent_ms"], day);
}

async fn stats_sum_times_spent_stored_before_the_cap_without_overflowing(server: TestServer) {
    let w = world(&server).await;
    // Two times as large as the column holds, as a server without the cap
    // stored them: their sum overflowed, and the stats of the project were a
    // 500 for everyone.
    server
        .exec("UPDATE annotations SET time_spent_ms = 9223372036854775807")
        .await;
    let stats = w.owner.get(&format!("/projects/{}/stats", w.project)).await;
    stats.assert_status(200);
    let day = 24 * 60 * 60 * 1000_u64;
    assert_eq!(stats.body["stats"]["annotators"][0]["annotations"], 2);
    assert_eq!(
        stats.body["stats"]["annotators"][0]["time_spent_ms"],
        2 * day
    );
}

async fn a_nul_character_in_any_text_is_a_422_naming_the_field(server: TestServer) {
    let w = world(&server).await;
    let (org, project, item) = (&w.org, &w.project, &w.items[0]);
    let annotation = &w.annotations[0];
    let before = server.rows().await;
    let anonymous = server.anonymous();
    let cases: Vec<(&Client, Method, String, Value, &str)> = vec![
        (
            &anonymous,
            Method::POST,
            "/auth/signup".to_owned(),
            json!({ "email": "eve@example.com", "password": PASSWORD, "name": "Eve\u{0}" }),
            "name",
        ),
        (
            &anonymous,
            Method::POST,
            "/auth/login".to_owned(),
            json!({ "email": "ada@example.com", "password": format!("{PASSWORD}\u{0}") }),
            "password",
        ),
        (
            &w.owner,
            Method::POST,
            "/me/tokens".to_owned(),
            json!({ "name": "ci\u{0}" }),
            "name",
        ),
        (
            &w.owner,
            Method::POST,
            "/organizations".to_owned(),
            json!({ "name": "Acme\u{0}" }),
            "name",
        ),
        (
            &w.owner,
            Method::POST,
            format!("/organizations/{org}/projects"),
            json!({ "name": "Calls", "description": "Phone\u{0}calls" }),
            "description",
        ),
        (
            &w.owner,
            Method::PATCH,
            format!("/projects/{project}"),
            json!({ "description": "Mail\u{0}s" }),
            "description",
        ),
        (
            &w.owner,
            Method::PUT,
            format!("/projects/{project}/annotation-ui"),
            json!({ "schema": {
                "fields": [{ "name": "text" }],
                "questions": [
                    { "name": "sentiment", "type": "single_label", "labels": ["positive", "negative\u{0}"] },
                    { "name": "note", "type": "text", "required": false }
                ]
            } }),
            "schema.questions[0].labels[1]",
        ),
        (
            &w.owner,
            Method::PUT,
            format!("/projects/{project}/guideline"),
            json!({ "text": "Be\u{0}kind", "annotation_ui_version": 1 }),
            "text",
        ),
        (
            &w.owner,
            Method::POST,
            format!("/projects/{project}/items"),
            json!({ "items": [{ "external_id": "t\u{0}3", "data": { "text": "Three" } }] }),
            "items[0].external_id",
        ),
        (
            &w.owner,
            Method::POST,
            format!("/projects/{project}/items"),
            json!({ "items": [
                { "external_id": "t3", "data": { "text": "Three" } },
                { "external_id": "t4", "data": { "text": "Fo\u{0}ur" } },
            ] }),
            "items[1].data.text",
        ),
        (
            &w.owner,
            Method::POST,
            format!("/projects/{project}/items"),
            json!({ "items": [{
                "external_id": "t3",
                "data": { "text": "Three" },
                "metadata": { "tags": ["ok", { "k\u{0}": 1 }] }
            }] }),
            "items[0].metadata.tags[1].k\\u0000",
        ),
        (
            &w.owner,
            Method::PATCH,
            format!("/items/{item}"),
            json!({ "data": { "text": "Fi\u{0}ve" } }),
            "data.text",
        ),
        (
            &w.owner,
            Method::PATCH,
            format!("/items/{item}"),
            json!({ "metadata": { "source": "mail\u{0}" } }),
            "metadata.source",
        ),
        (
            &w.owner,
            Method::PATCH,
            format!("/annotations/{annotation}"),
            json!({ "value": { "sentiment": "positive", "note": "hm\u{0}" } }),
            "value.note",
        ),
        (
            &w.owner,
            Method::POST,
            format!("/annotations/{annotation}/reviews"),
            json!({ "verdict": "reject", "comment": "No\u{0}" }),
            "comment",
        ),
    ];
    for (client, method, path, body, field) in &cases {
        let answer = client
            .request(method.clone(), path, Some(body.clone()))
            .await;
        assert_names(&answer, field, &format!("{method} {path} {body}"));
    }
    // An NDJSON import names the line.
    let ndjson = "{\"external_id\": \"t3\", \"data\": {\"text\": \"Three\"}}\n\
                  {\"external_id\": \"t4\", \"data\": {\"text\": \"Fo\\u0000ur\"}}\n";
    let imported = w
        .owner
        .send_raw(
            Method::POST,
            &format!("/projects/{project}/items"),
            "application/x-ndjson",
            ndjson.as_bytes().to_vec(),
        )
        .await;
    assert_names(&imported, "line[2].data.text", "an NDJSON import");
    assert_eq!(server.rows().await, before);

    // The same requests without the NUL are accepted: the refusals were for it.
    for (client, method, path, body, _) in &cases {
        let clean: Value =
            serde_json::from_str(&body.to_string().replace("\\u0000", "")).expect("JSON");
        let answer = client.request(method.clone(), path, Some(clean)).await;
        assert!(
            answer.status.is_success(),
            "{method} {path} without the NUL: {} {}",
            answer.status,
            answer.body
        );
    }
}

/// JSON nested `depth` times: arrays (`[[[...]]]`) or objects (`{"a":{"a":...}}`).
fn nested(depth: usize, objects: bool) -> String {
    match objects {
        true => format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
        false => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
    }
}

async fn json_nested_deeper_than_any_stack_is_a_422_naming_where(server: TestServer) {
    let w = world(&server).await;
    let (project, item, annotation) = (&w.project, &w.items[0], &w.annotations[0]);
    let before = server.rows().await;
    for depth in [200, 100_000] {
        for objects in [false, true] {
            let deep = nested(depth, objects);
            let cases: Vec<(&Client, Method, String, &str, String, &str)> = vec![
                (
                    &w.owner,
                    Method::POST,
                    format!("/projects/{project}/items"),
                    "application/json",
                    format!(
                        r#"{{"items": [{{"external_id": "d", "data": {{"text": "x", "deep": {deep}}}}}]}}"#
                    ),
                    "items[0].data",
                ),
                (
                    &w.owner,
                    Method::POST,
                    format!("/projects/{project}/items"),
                    "application/x-ndjson",
                    format!(
                        "{{\"external_id\": \"c\", \"data\": {{\"text\": \"x\"}}}}\n\
                         {{\"external_id\": \"d\", \"data\": {{\"text\": \"x\"}}, \"metadata\": {{\"deep\": {deep}}}}}\n"
                    ),
                    "line[2].metadata",
                ),
                (
                    &w.owner,
                    Method::PATCH,
                    format!("/items/{item}"),
                    "application/json",
                    format!(r#"{{"data": {{"text": "x", "deep": {deep}}}}}"#),
                    "data",
                ),
                (
                    &w.annotator,
                    Method::PATCH,
                    format!("/annotations/{annotation}"),
                    "application/json",
                    format!(r#"{{"value": {{"sentiment": "positive", "note": {deep}}}}}"#),
                    "value",
                ),
                (
                    &w.owner,
                    Method::PUT,
                    format!("/projects/{project}/annotation-ui"),
                    "application/json",
                    format!(
                        r#"{{"schema": {{"fields": [{{"name": "text"}}], "questions": {deep}}}}}"#
                    ),
                    "schema",
                ),
            ];
            for (client, method, path, content_type, body, field) in cases {
                let context = format!("{method} {path}, nested {depth} deep (objects: {objects})");
                let answer = client
                    .send_raw(method.clone(), &path, content_type, body.into_bytes())
                    .await;
                answer.assert_problem(422, "validation_failed");
                let named = answer.body["errors"].as_array().is_some_and(|errors| {
                    errors.iter().any(|error| {
                        error["field"]
                            .as_str()
                            .is_some_and(|named| named.starts_with(field))
                    })
                });
                assert!(
                    named,
                    "{context}: no error under `{field}`: {}",
                    answer.body
                );
            }
        }
    }
    assert_eq!(server.rows().await, before);
    // Nesting anyone writes is kept as it came.
    let shallow = format!(r#"{{"text": "x", "deep": {}}}"#, nested(20, true));
    w.owner
        .send_raw(
            Method::PATCH,
            &format!("/items/{item}"),
            "application/json",
            format!(r#"{{"data": {shallow}}}"#).into_bytes(),
        )
        .await
        .assert_status(200);
    let read = w.owner.get(&format!("/items/{item}")).await;
    let expected: Value = serde_json::from_str(&shallow).expect("JSON");
    assert_eq!(read.body["item"]["data"], expected);
}
