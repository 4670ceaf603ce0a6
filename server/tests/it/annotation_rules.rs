//! The rules of annotation over HTTP, on both backends: annotation UI and
//! guideline publishing, annotation values, blind labelling and assignment
//! scoping for every role, archived projects, item listing, stats with Fleiss'
//! kappa, exports, and overlap changes.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use crate::common::fixtures::{
    assign, create_project, import_texts, item_ids, label, project_with_ui, review,
};
use crate::common::{Answer, Client, TestServer};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

backend_tests![
    a_schema_with_mistakes_is_refused_with_the_path_of_each_and_nothing_is_published,
    annotation_ui_versions_count_one_two_three_and_the_latest_is_in_force,
    a_schema_showing_a_field_existing_items_lack_is_refused_and_nothing_is_published,
    a_guideline_must_name_a_published_annotation_ui_version,
    every_guideline_version_can_be_read_back_and_an_unknown_one_is_not_found,
    each_annotation_records_the_guideline_version_sent_or_else_the_latest,
    annotation_values_that_break_the_annotation_ui_are_refused_with_exact_paths,
    annotating_before_any_annotation_ui_is_published_is_a_conflict,
    annotators_see_only_their_own_annotations_and_the_reviews_of_those,
    reviewers_and_annotators_see_only_the_projects_they_are_assigned_to,
    a_viewer_reads_everything_but_cannot_annotate_or_review,
    nobody_reviews_their_own_annotation_but_a_manager_reviews_others,
    an_annotator_cannot_change_anothers_annotation_nor_their_own_once_accepted,
    reviewers_and_annotators_see_exactly_the_members_who_share_a_project_without_emails,
    an_archived_project_refuses_every_write_keeps_every_read_and_can_be_restored,
    a_manager_archives_and_restores_only_the_projects_they_created,
    a_deleted_project_is_gone_with_everything_in_it_and_the_audit_log_records_it,
    a_manager_deletes_only_the_projects_they_created,
    the_status_filter_returns_exactly_the_items_in_that_status,
    the_external_id_filter_finds_exactly_the_item_of_that_external_id,
    updated_after_returns_exactly_the_items_changed_since_in_change_order,
    keyset_pagination_visits_every_item_once_while_items_are_imported_between_pages,
    stats_count_statuses_and_progress_and_match_a_fleiss_kappa_worked_by_hand,
    a_csv_export_with_commas_quotes_newlines_and_unicode_reads_back_as_the_jsonl,
    export_filters_by_status_and_updated_after_in_every_format,
    raising_the_overlap_reopens_annotated_items_and_lowering_it_closes_them,
];

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// An organization with its owner and a manager who runs its projects.
#[derive(Debug)]
struct Org {
    owner: Client,
    manager: Client,
    id: String,
}

impl Org {
    /// Signs up `name` and adds them to the organization with `role`.
    async fn member(&self, server: &TestServer, name: &str, role: &str) -> Client {
        server.member(&self.owner, &self.id, name, role).await
    }
}

async fn organization(server: &TestServer) -> Org {
    let owner = server.sign_up("owner").await;
    let id = server.organization(&owner, "Acme").await;
    let manager = server.member(&owner, &id, "manager", "manager").await;
    Org { owner, manager, id }
}

/// The item text of most tests: 14 characters, 15 bytes (the `ë` is two).
const ZOE: &str = "Acme hired Zo\u{eb}";

/// A schema asking every kind of question about the item field `text`.
fn full_schema() -> Value {
    json!({
        "fields": [{ "name": "text", "kind": "text" }],
        "questions": [
            { "name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"] },
            { "name": "topics", "type": "multi_label", "labels": ["billing", "bug", "praise"], "required": false },
            { "name": "quality", "type": "rating", "min": 1, "max": 5, "required": false },
            { "name": "note", "type": "text", "max_length": 10, "required": false },
            { "name": "entities", "type": "spans", "field": "text", "labels": ["ORG", "PER"], "required": false }
        ]
    })
}

async fn publish_ui(client: &Client, project: &str, schema: Value) -> Answer {
    client
        .put(
            &format!("/projects/{project}/annotation-ui"),
            json!({ "schema": schema }),
        )
        .await
}

async fn publish_guideline(client: &Client, project: &str, text: &str, ui_version: u32) -> Answer {
    client
        .put(
            &format!("/projects/{project}/guideline"),
            json!({ "text": text, "annotation_ui_version": ui_version }),
        )
        .await
}

/// A project of `org` with the full schema published.
async fn ready_project(org: &Org, name: &str, overlap: u32) -> String {
    project_with_ui(&org.manager, &org.id, name, overlap, full_schema()).await
}

async fn import(client: &Client, project: &str, items: Value) -> Answer {
    client
        .post(
            &format!("/projects/{project}/items"),
            json!({ "items": items }),
        )
        .await
}

/// Posts an annotation body as is, for what the server answers to it.
async fn post_annotation(client: &Client, item: &str, body: Value) -> Answer {
    client
        .post(&format!("/items/{item}/annotations"), body)
        .await
}

async fn item_of(client: &Client, item: &str) -> Value {
    let answer = client.get(&format!("/items/{item}")).await;
    answer.assert_status(200);
    answer.body["item"].clone()
}

/// The ids of the objects of a list answer, in order.
fn ids(answer: &Answer, key: &str) -> Vec<String> {
    answer.body[key]
        .as_array()
        .unwrap_or_else(|| panic!("no list `{key}` in {}", answer.body))
        .iter()
        .map(|object| object["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The `(field, code)` of every error of a 422 answer.
fn errors(answer: &Answer) -> Vec<(String, String)> {
    answer.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {}", answer.body))
        .iter()
        .map(|error| {
            (
                error["field"].as_str().expect("field").to_owned(),
                error["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

/// A refused request body: what it is, the body, and the `(field, code)` of each error.
type Case = (&'static str, Value, Vec<(&'static str, &'static str)>);

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(field, code)| ((*field).to_owned(), (*code).to_owned()))
        .collect()
}

/// The path under `/api/v1` of a list answer's next page, if any.
fn next_page(answer: &Answer) -> Option<String> {
    answer.body["pagination"]["next"].as_str().map(|next| {
        next.strip_prefix("/api/v1")
            .unwrap_or_else(|| panic!("next is an API path: {next}"))
            .to_owned()
    })
}

/// Walks a list from `path` to its last page; returns every object's id in order.
async fn walk(client: &Client, path: &str, key: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut path = Some(path.to_owned());
    let mut pages = 0;
    while let Some(current) = path {
        pages += 1;
        assert!(pages < 100, "the walk does not end");
        let page = client.get(&current).await;
        page.assert_status(200);
        all.extend(ids(&page, key));
        path = next_page(&page);
    }
    all
}

/// A GET answered as text: its status, content type and body.
async fn download(server: &TestServer, client: &Client, path: &str) -> (u16, String, String) {
    let response = client
        .http()
        .get(server.url(path))
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.expect("a text body");
    (status, content_type, body)
}

/// The lines of a JSONL export.
async fn export_jsonl(server: &TestServer, client: &Client, path: &str) -> Vec<Value> {
    let (status, content_type, body) = download(server, client, path).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(content_type, "application/x-ndjson");
    body.lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

fn line_ids(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .map(|line| line["id"].as_str().expect("id").to_owned())
        .collect()
}

async fn pause() {
    // Timestamps have microsecond precision; a few milliseconds keep changes apart.
    tokio::time::sleep(Duration::from_millis(5)).await;
}

// ---------------------------------------------------------------------------
// Annotation UI publishing
// ---------------------------------------------------------------------------

async fn a_schema_with_mistakes_is_refused_with_the_path_of_each_and_nothing_is_published(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = create_project(&org.manager, &org.id, "Tickets", 1).await;
    let text = json!({ "name": "text" });
    let ok = json!({ "name": "ok", "type": "single_label", "labels": ["a", "b"] });
    let one = |question: Value| json!({ "fields": [text.clone()], "questions": [question] });
    let cases: Vec<Case> = vec![
        (
            "an unknown question type",
            json!({ "fields": [text.clone()], "questions": [ok.clone(), { "name": "q", "type": "slider" }] }),
            vec![("schema.questions[1].type", "invalid")],
        ),
        (
            "two questions of one name",
            json!({ "fields": [text.clone()], "questions": [ok.clone(), ok.clone()] }),
            vec![("schema.questions[1].name", "duplicate")],
        ),
        (
            "two fields of one name",
            json!({ "fields": [text.clone(), { "name": "title" }, text.clone()], "questions": [ok.clone()] }),
            vec![("schema.fields[2].name", "duplicate")],
        ),
        (
            "an empty label set",
            one(json!({ "name": "q", "type": "single_label", "labels": [] })),
            vec![("schema.questions[0].labels", "empty")],
        ),
        (
            "a multi-label question without labels",
            one(json!({ "name": "q", "type": "multi_label" })),
            vec![("schema.questions[0].labels", "required")],
        ),
        (
            "spans without labels",
            one(json!({ "name": "q", "type": "spans", "field": "text", "labels": [] })),
            vec![("schema.questions[0].labels", "empty")],
        ),
        (
            "a label offered twice",
            one(json!({ "name": "q", "type": "single_label", "labels": ["a", "b", "a"] })),
            vec![("schema.questions[0].labels[2]", "duplicate")],
        ),
        (
            "spans over an undeclared field",
            one(json!({ "name": "q", "type": "spans", "field": "body", "labels": ["ORG"] })),
            vec![("schema.questions[0].field", "unknown_field")],
        ),
        (
            "spans over an image field",
            json!({
                "fields": [text.clone(), { "name": "photo", "kind": "image" }],
                "questions": [{ "name": "q", "type": "spans", "field": "photo", "labels": ["ORG"] }]
            }),
            vec![("schema.questions[0].field", "not_text")],
        ),
        (
            "spans over a number field",
            json!({
                "fields": [text.clone(), { "name": "score", "kind": "number" }],
                "questions": [{ "name": "q", "type": "spans", "field": "score", "labels": ["ORG"] }]
            }),
            vec![("schema.questions[0].field", "not_text")],
        ),
        (
            "spans naming no field",
            one(json!({ "name": "q", "type": "spans", "labels": ["ORG"] })),
            vec![("schema.questions[0].field", "required")],
        ),
        (
            "a rating without min and max",
            one(json!({ "name": "q", "type": "rating" })),
            vec![("schema.questions[0].min", "required")],
        ),
        (
            "a rating without min",
            one(json!({ "name": "q", "type": "rating", "max": 5 })),
            vec![("schema.questions[0].min", "required")],
        ),
        (
            "a rating whose min equals its max",
            one(json!({ "name": "q", "type": "rating", "min": 3, "max": 3 })),
            vec![("schema.questions[0].max", "invalid")],
        ),
        (
            "a rating whose min is above its max",
            one(json!({ "name": "q", "type": "rating", "min": 5, "max": 1 })),
            vec![("schema.questions[0].max", "invalid")],
        ),
        (
            "labels on a text question",
            one(json!({ "name": "q", "type": "text", "labels": ["a"] })),
            vec![("schema.questions[0].labels", "not_applicable")],
        ),
        (
            "min and max on a label question",
            one(
                json!({ "name": "q", "type": "single_label", "labels": ["a"], "min": 1, "max": 5 }),
            ),
            vec![("schema.questions[0].min", "not_applicable")],
        ),
        (
            "max_length on a rating",
            one(json!({ "name": "q", "type": "rating", "min": 1, "max": 5, "max_length": 10 })),
            vec![("schema.questions[0].max_length", "not_applicable")],
        ),
        (
            "a field on a label question",
            one(json!({ "name": "q", "type": "multi_label", "labels": ["a"], "field": "text" })),
            vec![("schema.questions[0].field", "not_applicable")],
        ),
        (
            "several mistakes at once, each named",
            json!({
                "fields": [text.clone(), text.clone()],
                "questions": [
                    { "name": "r", "type": "rating", "min": 9, "max": 1 },
                    { "name": "r", "type": "text", "labels": ["x"] },
                    { "name": "s", "type": "spans", "field": "nowhere", "labels": ["X"] }
                ]
            }),
            vec![
                ("schema.fields[1].name", "duplicate"),
                ("schema.questions[0].max", "invalid"),
                ("schema.questions[1].name", "duplicate"),
                ("schema.questions[1].labels", "not_applicable"),
                ("schema.questions[2].field", "unknown_field"),
            ],
        ),
    ];
    for (what, schema, expected) in cases {
        let answer = publish_ui(&org.manager, &project, schema).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(errors(&answer), pairs(&expected), "{what}: {}", answer.body);
    }
    // Nothing was published, and the refusals used up no version number.
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM annotation_ui_versions")
            .await,
        0
    );
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'annotation_ui.published'")
            .await,
        0
    );
    org.manager
        .get(&format!("/projects/{project}/annotation-ui"))
        .await
        .assert_problem(404, "not_found");
    let read = org.manager.get(&format!("/projects/{project}")).await;
    assert_eq!(read.body["project"]["annotation_ui_version"], Value::Null);
    let published = publish_ui(&org.manager, &project, full_schema()).await;
    published.assert_status(200);
    assert_eq!(published.body["annotation_ui"]["version"], 1);
}

fn question_names(annotation_ui: &Value) -> Vec<String> {
    annotation_ui["schema"]["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["name"].as_str().expect("name").to_owned())
        .collect()
}

async fn annotation_ui_versions_count_one_two_three_and_the_latest_is_in_force(server: TestServer) {
    let org = organization(&server).await;
    let project = create_project(&org.manager, &org.id, "Tickets", 1).await;
    let questions = [
        json!({ "name": "sentiment", "type": "single_label", "labels": ["positive", "negative"] }),
        json!({ "name": "topics", "type": "multi_label", "labels": ["bug"], "required": false }),
        json!({ "name": "quality", "type": "rating", "min": 1, "max": 3, "required": false }),
    ];
    let expected_names = [
        vec!["sentiment"],
        vec!["sentiment", "topics"],
        vec!["sentiment", "topics", "quality"],
    ];
    for (n, names) in expected_names.iter().enumerate() {
        let schema = json!({
            "fields": [{ "name": "text" }],
            "questions": questions[..=n].to_vec(),
        });
        let published = publish_ui(&org.manager, &project, schema).await;
        published.assert_status(200);
        assert_eq!(published.body["annotation_ui"]["version"], n + 1);
        assert_eq!(question_names(&published.body["annotation_ui"]), *names);
        assert_eq!(
            published.body["annotation_ui"]["created_by"],
            org.manager.user_id().as_str()
        );
    }
    let current = org
        .manager
        .get(&format!("/projects/{project}/annotation-ui"))
        .await;
    current.assert_status(200);
    assert_eq!(current.body["annotation_ui"]["version"], 3);
    assert_eq!(
        question_names(&current.body["annotation_ui"]),
        expected_names[2]
    );
    let listed = org
        .manager
        .get(&format!("/projects/{project}/annotation-ui/versions"))
        .await;
    listed.assert_status(200);
    let versions = listed.body["annotation_uis"].as_array().expect("versions");
    let numbers: Vec<u64> = versions
        .iter()
        .filter_map(|v| v["version"].as_u64())
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    for (version, names) in versions.iter().zip(&expected_names) {
        assert_eq!(question_names(version), *names);
    }
    // Two per page: [1, 2], then [3] and no further page.
    let first = org
        .manager
        .get(&format!(
            "/projects/{project}/annotation-ui/versions?limit=2"
        ))
        .await;
    let first_numbers: Vec<u64> = first.body["annotation_uis"]
        .as_array()
        .expect("versions")
        .iter()
        .filter_map(|v| v["version"].as_u64())
        .collect();
    assert_eq!(first_numbers, [1, 2]);
    let second = org
        .manager
        .get(&next_page(&first).expect("a second page"))
        .await;
    assert_eq!(second.body["annotation_uis"][0]["version"], 3);
    assert_eq!(
        second.body["annotation_uis"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(next_page(&second), None);
    let read = org.manager.get(&format!("/projects/{project}")).await;
    assert_eq!(read.body["project"]["annotation_ui_version"], 3);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM annotation_ui_versions")
            .await,
        3
    );
    // An annotation is checked against, and records, the latest version.
    let items = import_texts(&org.manager, &project, &[("a", "one")]).await;
    let created = post_annotation(
        &org.manager,
        &items[0],
        json!({ "value": { "sentiment": "positive", "quality": 3 } }),
    )
    .await;
    created.assert_status(201);
    assert_eq!(created.body["annotation"]["annotation_ui_version"], 3);
}

async fn a_schema_showing_a_field_existing_items_lack_is_refused_and_nothing_is_published(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = create_project(&org.manager, &org.id, "Tickets", 1).await;
    let sentiment =
        json!({ "name": "sentiment", "type": "single_label", "labels": ["positive", "negative"] });
    publish_ui(
        &org.manager,
        &project,
        json!({ "fields": [{ "name": "text" }], "questions": [sentiment.clone()] }),
    )
    .await
    .assert_status(200);
    import(
        &org.manager,
        &project,
        json!([
            { "external_id": "a", "data": { "text": "one", "title": "First" } },
            { "external_id": "b", "data": { "text": "two" } },
            { "external_id": "c", "data": { "text": "three", "score": "high" } },
        ]),
    )
    .await
    .assert_status(200);
    let audit_before = server.count("SELECT COUNT(*) FROM audit_log").await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!([{ "name": "text" }, { "name": "title" }]),
            "schema.fields[1]",
            "items lack `title` or hold another kind of value, e.g. b, c",
        ),
        (
            json!([{ "name": "text" }, { "name": "score", "kind": "number" }]),
            "schema.fields[1]",
            "items lack `score` or hold another kind of value, e.g. a, b, c",
        ),
        (
            json!([{ "name": "text", "kind": "number" }]),
            "schema.fields[0]",
            "items lack `text` or hold another kind of value, e.g. a, b, c",
        ),
    ];
    for (fields, field, message) in cases {
        let answer = publish_ui(
            &org.manager,
            &project,
            json!({ "fields": fields, "questions": [sentiment.clone()] }),
        )
        .await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(
            errors(&answer),
            pairs(&[(field, "missing_in_items")]),
            "{}",
            answer.body
        );
        assert_eq!(answer.body["errors"][0]["message"], message);
    }
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM annotation_ui_versions")
            .await,
        1
    );
    assert_eq!(
        server.count("SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );
    let current = org
        .manager
        .get(&format!("/projects/{project}/annotation-ui"))
        .await;
    assert_eq!(current.body["annotation_ui"]["version"], 1);
    let read = org.manager.get(&format!("/projects/{project}")).await;
    assert_eq!(read.body["project"]["annotation_ui_version"], 1);
    // Version 1 is still in force: an item without a title is welcome.
    import(
        &org.manager,
        &project,
        json!([{ "external_id": "d", "data": { "text": "four" } }]),
    )
    .await
    .assert_status(200);
    // A schema the items fit takes the next number, with no gap.
    let next = publish_ui(
        &org.manager,
        &project,
        json!({ "fields": [{ "name": "text" }], "questions": [sentiment, { "name": "note", "type": "text" }] }),
    )
    .await;
    next.assert_status(200);
    assert_eq!(next.body["annotation_ui"]["version"], 2);
}

// ---------------------------------------------------------------------------
// Guidelines
// ---------------------------------------------------------------------------

async fn a_guideline_must_name_a_published_annotation_ui_version(server: TestServer) {
    let org = organization(&server).await;
    let project = create_project(&org.manager, &org.id, "Tickets", 1).await;
    let before_any = publish_guideline(&org.manager, &project, "Label the tone.", 1).await;
    before_any.assert_problem(422, "validation_failed");
    assert_eq!(
        errors(&before_any),
        pairs(&[("annotation_ui_version", "unknown_version")])
    );
    publish_ui(&org.manager, &project, full_schema())
        .await
        .assert_status(200);
    for unpublished in [0, 2, 7] {
        let answer =
            publish_guideline(&org.manager, &project, "Label the tone.", unpublished).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(
            errors(&answer),
            pairs(&[("annotation_ui_version", "unknown_version")]),
            "version {unpublished}"
        );
    }
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM guideline_versions")
            .await,
        0
    );
    org.manager
        .get(&format!("/projects/{project}/guideline"))
        .await
        .assert_problem(404, "not_found");
    let read = org.manager.get(&format!("/projects/{project}")).await;
    assert_eq!(read.body["project"]["guideline_version"], Value::Null);
    let published = publish_guideline(&org.manager, &project, "Label the tone.", 1).await;
    published.assert_status(200);
    assert_eq!(published.body["guideline"]["version"], 1);
    assert_eq!(published.body["guideline"]["annotation_ui_version"], 1);
}

async fn every_guideline_version_can_be_read_back_and_an_unknown_one_is_not_found(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    publish_ui(&org.manager, &project, full_schema())
        .await
        .assert_status(200);
    let published = [("First.", 1), ("Second, for UI 2.", 2), ("Third.", 1)];
    for (n, (text, ui)) in published.iter().enumerate() {
        let answer = publish_guideline(&org.manager, &project, text, *ui).await;
        answer.assert_status(200);
        assert_eq!(answer.body["guideline"]["version"], n + 1);
    }
    let ann = org.member(&server, "ann", "annotator").await;
    assign(&org.manager, &project, &ann).await;
    // Every reader sees the same history, the assigned annotator included.
    for reader in [&org.manager, &ann] {
        for (n, (text, ui)) in published.iter().enumerate() {
            let version = n + 1;
            let answer = reader
                .get(&format!("/projects/{project}/guideline/versions/{version}"))
                .await;
            answer.assert_status(200);
            assert_eq!(answer.body["guideline"]["version"], version);
            assert_eq!(answer.body["guideline"]["text"], *text);
            assert_eq!(answer.body["guideline"]["annotation_ui_version"], *ui);
            assert_eq!(
                answer.body["guideline"]["created_by"],
                org.manager.user_id().as_str()
            );
        }
        let latest = reader.get(&format!("/projects/{project}/guideline")).await;
        assert_eq!(latest.body["guideline"]["version"], 3);
        assert_eq!(latest.body["guideline"]["text"], "Third.");
        let listed = reader
            .get(&format!("/projects/{project}/guideline/versions"))
            .await;
        let texts: Vec<&str> = listed.body["guidelines"]
            .as_array()
            .expect("guidelines")
            .iter()
            .filter_map(|g| g["text"].as_str())
            .collect();
        assert_eq!(texts, ["First.", "Second, for UI 2.", "Third."]);
    }
    for unknown in [0, 4, 1000] {
        org.manager
            .get(&format!("/projects/{project}/guideline/versions/{unknown}"))
            .await
            .assert_problem(404, "not_found");
    }
    // Another project's version 1 is not this one's.
    let other = ready_project(&org, "Other", 1).await;
    org.manager
        .get(&format!("/projects/{other}/guideline/versions/1"))
        .await
        .assert_problem(404, "not_found");
}

async fn each_annotation_records_the_guideline_version_sent_or_else_the_latest(server: TestServer) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    let ann = org.member(&server, "ann", "annotator").await;
    assign(&org.manager, &project, &ann).await;
    let items = import_texts(
        &org.manager,
        &project,
        &[("a", "one"), ("b", "two"), ("c", "three"), ("d", "four")],
    )
    .await;
    let value = json!({ "sentiment": "positive" });
    // Before any guideline: none is recorded, and naming one is refused.
    let none_yet = post_annotation(&ann, &items[0], json!({ "value": value })).await;
    none_yet.assert_status(201);
    assert_eq!(
        none_yet.body["annotation"]["guideline_version"],
        Value::Null
    );
    let premature = post_annotation(
        &ann,
        &items[1],
        json!({ "value": value, "guideline_version": 1 }),
    )
    .await;
    premature.assert_problem(422, "validation_failed");
    assert_eq!(
        errors(&premature),
        pairs(&[("guideline_version", "unknown_version")])
    );
    publish_guideline(&org.manager, &project, "Version one.", 1)
        .await
        .assert_status(200);
    publish_guideline(&org.manager, &project, "Version two.", 1)
        .await
        .assert_status(200);
    let named = post_annotation(
        &ann,
        &items[1],
        json!({ "value": value, "guideline_version": 1 }),
    )
    .await;
    named.assert_status(201);
    assert_eq!(named.body["annotation"]["guideline_version"], 1);
    let latest = post_annotation(&ann, &items[2], json!({ "value": value })).await;
    latest.assert_status(201);
    assert_eq!(latest.body["annotation"]["guideline_version"], 2);
    for unknown in [0, 3, 99] {
        let answer = post_annotation(
            &ann,
            &items[3],
            json!({ "value": value, "guideline_version": unknown }),
        )
        .await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(
            errors(&answer),
            pairs(&[("guideline_version", "unknown_version")])
        );
    }
    assert_eq!(server.count("SELECT COUNT(*) FROM annotations").await, 3);
    // What was recorded is what is read back.
    let mut versions = Vec::new();
    for item in &items[..3] {
        let listed = ann.get(&format!("/items/{item}/annotations")).await;
        versions.push(listed.body["annotations"][0]["guideline_version"].clone());
    }
    assert_eq!(versions, [Value::Null, json!(1), json!(2)]);
    // A change names a version too: an unknown one is refused and nothing changes.
    let first = none_yet.id("annotation");
    let refused = ann
        .patch(
            &format!("/annotations/{first}"),
            json!({ "guideline_version": 3 }),
        )
        .await;
    refused.assert_problem(422, "validation_failed");
    assert_eq!(
        errors(&refused),
        pairs(&[("guideline_version", "unknown_version")])
    );
    let unchanged = ann.get(&format!("/annotations/{first}")).await;
    assert_eq!(
        unchanged.body["annotation"]["guideline_version"],
        Value::Null
    );
    let changed = ann
        .patch(
            &format!("/annotations/{first}"),
            json!({ "guideline_version": 2 }),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(changed.body["annotation"]["guideline_version"], 2);
}

// ---------------------------------------------------------------------------
// Annotation values
// ---------------------------------------------------------------------------

async fn annotation_values_that_break_the_annotation_ui_are_refused_with_exact_paths(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    let ann = org.member(&server, "ann", "annotator").await;
    assign(&org.manager, &project, &ann).await;
    let items = import_texts(&org.manager, &project, &[("zoe", ZOE)]).await;
    let item = &items[0];
    let span =
        |start: u64, end: u64, label: &str| json!({ "start": start, "end": end, "label": label });
    let with = |extra: Value| {
        let mut value = json!({ "sentiment": "positive" });
        if let (Some(value), Some(extra)) = (value.as_object_mut(), extra.as_object()) {
            value.extend(extra.clone());
        }
        value
    };
    let cases: Vec<Case> = vec![
        (
            "an unknown label",
            json!({ "sentiment": "meh" }),
            vec![("value.sentiment", "unknown_label")],
        ),
        (
            "a number for a label",
            json!({ "sentiment": 1 }),
            vec![("value.sentiment", "invalid")],
        ),
        (
            "a label chosen twice",
            with(json!({ "topics": ["bug", "billing", "bug"] })),
            vec![("value.topics[2]", "duplicate")],
        ),
        (
            "an unknown label among several",
            with(json!({ "topics": ["bug", "crash"] })),
            vec![("value.topics[1]", "unknown_label")],
        ),
        (
            "one label where a list is asked",
            with(json!({ "topics": "bug" })),
            vec![("value.topics", "invalid")],
        ),
        (
            "a rating above the range",
            with(json!({ "quality": 6 })),
            vec![("value.quality", "out_of_range")],
        ),
        (
            "a rating below the range",
            with(json!({ "quality": 0 })),
            vec![("value.quality", "out_of_range")],
        ),
        (
            "a fractional rating",
            with(json!({ "quality": 2.5 })),
            vec![("value.quality", "invalid")],
        ),
        (
            "a rating as a string",
            with(json!({ "quality": "3" })),
            vec![("value.quality", "invalid")],
        ),
        (
            "text longer than max_length",
            with(json!({ "note": "eleven char" })),
            vec![("value.note", "too_long")],
        ),
        (
            "a span past the end of the text (in characters, not bytes)",
            with(json!({ "entities": [span(11, 15, "PER")] })),
            vec![("value.entities[0].end", "out_of_range")],
        ),
        (
            "an empty span",
            with(json!({ "entities": [span(4, 4, "ORG")] })),
            vec![("value.entities[0].end", "invalid")],
        ),
        (
            "a span that ends before it starts",
            with(json!({ "entities": [span(0, 4, "ORG"), span(9, 2, "ORG")] })),
            vec![("value.entities[1].end", "invalid")],
        ),
        (
            "a span with an unknown label",
            with(json!({ "entities": [span(0, 4, "ORG"), span(11, 14, "LOC")] })),
            vec![("value.entities[1].label", "unknown_label")],
        ),
        (
            "a span with a key of its own",
            with(json!({ "entities": [{ "start": 0, "end": 4, "label": "ORG", "score": 1 }] })),
            vec![("value.entities[0].score", "unknown_field")],
        ),
        (
            "the required question unanswered",
            json!({ "topics": ["bug"] }),
            vec![("value.sentiment", "required")],
        ),
        (
            "the required question answered with null",
            json!({ "sentiment": null }),
            vec![("value.sentiment", "required")],
        ),
        (
            "an unknown question",
            with(json!({ "mood": "grumpy" })),
            vec![("value.mood", "unknown_question")],
        ),
        (
            "a value that is not an object",
            json!(["positive"]),
            vec![("value", "invalid")],
        ),
        (
            "several mistakes at once",
            json!({ "sentiment": "meh", "quality": 9, "entities": [span(0, 99, "ORG")] }),
            vec![
                ("value.sentiment", "unknown_label"),
                ("value.quality", "out_of_range"),
                ("value.entities[0].end", "out_of_range"),
            ],
        ),
    ];
    for (what, value, expected) in cases {
        let answer = post_annotation(&ann, item, json!({ "value": value })).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(errors(&answer), pairs(&expected), "{what}: {}", answer.body);
    }
    assert_eq!(server.count("SELECT COUNT(*) FROM annotations").await, 0);
    let untouched = item_of(&org.manager, item).await;
    assert_eq!(untouched["status"], "new");
    assert_eq!(untouched["annotation_count"], 0);
    // The edges of every rule are inside: ten two-byte characters, the last character.
    let good = json!({
        "sentiment": "neutral",
        "topics": ["billing", "bug"],
        "quality": 5,
        "note": "\u{fc}".repeat(10),
        "entities": [span(0, 4, "ORG"), span(11, 14, "PER")],
    });
    let created = post_annotation(&ann, item, json!({ "value": good })).await;
    created.assert_status(201);
    assert_eq!(created.body["annotation"]["value"], good);
    // A change is checked the same way and leaves the stored value alone when refused.
    let id = created.id("annotation");
    let refused = ann
        .patch(
            &format!("/annotations/{id}"),
            json!({ "value": { "sentiment": "positive", "quality": 7 } }),
        )
        .await;
    refused.assert_problem(422, "validation_failed");
    assert_eq!(
        errors(&refused),
        pairs(&[("value.quality", "out_of_range")])
    );
    let stored = ann.get(&format!("/annotations/{id}")).await;
    assert_eq!(stored.body["annotation"]["value"], good);
}

async fn annotating_before_any_annotation_ui_is_published_is_a_conflict(server: TestServer) {
    let org = organization(&server).await;
    let project = create_project(&org.manager, &org.id, "Tickets", 1).await;
    let ann = org.member(&server, "ann", "annotator").await;
    assign(&org.manager, &project, &ann).await;
    // Items may come first; annotations may not.
    let items = import_texts(&org.manager, &project, &[("a", "one")]).await;
    for annotator in [&ann, &org.manager] {
        post_annotation(
            annotator,
            &items[0],
            json!({ "value": { "sentiment": "positive" } }),
        )
        .await
        .assert_problem(409, "no_annotation_ui");
    }
    assert_eq!(server.count("SELECT COUNT(*) FROM annotations").await, 0);
    let item = item_of(&org.manager, &items[0]).await;
    assert_eq!(item["status"], "new");
    assert_eq!(item["annotation_count"], 0);
}

// ---------------------------------------------------------------------------
// Blind labelling and assignment scoping
// ---------------------------------------------------------------------------

fn as_set(ids: Vec<String>) -> BTreeSet<String> {
    ids.into_iter().collect()
}

async fn annotators_see_only_their_own_annotations_and_the_reviews_of_those(server: TestServer) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 2).await;
    let ann = org.member(&server, "ann", "annotator").await;
    let bob = org.member(&server, "bob", "annotator").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let vic = org.member(&server, "vic", "viewer").await;
    let admin = org.member(&server, "admin", "admin").await;
    for member in [&ann, &bob, &rev] {
        assign(&org.manager, &project, member).await;
    }
    let items = import_texts(&org.manager, &project, &[("a", "one"), ("b", "two")]).await;
    let anns = label(&ann, &items[0], "positive").await;
    let bobs = label(&bob, &items[0], "negative").await;
    let annotations = format!("/items/{}/annotations", items[0]);

    assert_eq!(
        ids(&ann.get(&annotations).await, "annotations"),
        std::slice::from_ref(&anns)
    );
    assert_eq!(
        ids(&bob.get(&annotations).await, "annotations"),
        std::slice::from_ref(&bobs)
    );
    let both = as_set(vec![anns.clone(), bobs.clone()]);
    for sees_all in [&rev, &vic, &org.manager, &admin, &org.owner] {
        let listed = sees_all.get(&annotations).await;
        listed.assert_status(200);
        assert_eq!(as_set(ids(&listed, "annotations")), both);
    }
    // One by one: another annotator's annotation does not exist for Ann.
    ann.get(&format!("/annotations/{bobs}"))
        .await
        .assert_problem(404, "not_found");
    bob.get(&format!("/annotations/{anns}"))
        .await
        .assert_problem(404, "not_found");
    let own = ann.get(&format!("/annotations/{anns}")).await;
    own.assert_status(200);
    assert_eq!(
        own.body["annotation"]["annotator_id"],
        ann.user_id().as_str()
    );
    rev.get(&format!("/annotations/{bobs}"))
        .await
        .assert_status(200);
    // An item Ann has not annotated shows her nothing.
    let empty = ann.get(&format!("/items/{}/annotations", items[1])).await;
    empty.assert_status(200);
    assert_eq!(ids(&empty, "annotations"), Vec::<String>::new());

    // Reviews: each annotator sees those of their own annotations only.
    let rejected = rev
        .post(
            &format!("/annotations/{anns}/reviews"),
            json!({ "verdict": "reject", "comment": "Too vague." }),
        )
        .await;
    rejected.assert_status(201);
    review(&rev, &bobs, "accept", "accepted")
        .await
        .assert_status(201);
    let mine = ann.get(&format!("/annotations/{anns}/reviews")).await;
    mine.assert_status(200);
    assert_eq!(ids(&mine, "reviews"), [rejected.id("review")]);
    assert_eq!(mine.body["reviews"][0]["comment"], "Too vague.");
    assert_eq!(
        mine.body["reviews"][0]["reviewer_id"],
        rev.user_id().as_str()
    );
    ann.get(&format!("/annotations/{bobs}/reviews"))
        .await
        .assert_problem(404, "not_found");
    // A cursor (even a valid one) does not open another's reviews either.
    let cursor = mine.body["pagination"]["next_cursor"].as_str().map_or_else(
        || "IjAxYTIxZWQ4LTliNmQtNzBhOC04OTBiLWNkYTBhY2ZiMTc5ZiI".to_owned(),
        str::to_owned,
    );
    ann.get(&format!("/annotations/{bobs}/reviews?cursor={cursor}"))
        .await
        .assert_problem(404, "not_found");
    bob.get(&format!("/annotations/{anns}/reviews"))
        .await
        .assert_problem(404, "not_found");
    for sees_all in [&rev, &vic, &org.manager] {
        for annotation in [&anns, &bobs] {
            let listed = sees_all
                .get(&format!("/annotations/{annotation}/reviews"))
                .await;
            listed.assert_status(200);
            assert_eq!(listed.body["reviews"].as_array().map(Vec::len), Some(1));
        }
    }
    // Nor do stats and exports, which hold everyone's work, open to annotators.
    for path in [
        format!("/projects/{project}/stats"),
        format!("/projects/{project}/export"),
    ] {
        ann.get(&path)
            .await
            .assert_problem(403, "permission_denied");
    }
}

async fn reviewers_and_annotators_see_only_the_projects_they_are_assigned_to(server: TestServer) {
    let org = organization(&server).await;
    let admin = org.member(&server, "admin", "admin").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let ann = org.member(&server, "ann", "annotator").await;
    let carl = org.member(&server, "carl", "annotator").await;
    let vic = org.member(&server, "vic", "viewer").await;
    let p1 = ready_project(&org, "One", 1).await;
    let p2 = ready_project(&org, "Two", 1).await;
    let p3 = ready_project(&org, "Three", 1).await;
    assign(&org.manager, &p1, &rev).await;
    assign(&org.manager, &p2, &ann).await;
    assign(&org.manager, &p3, &ann).await;
    // A project of another organization is nobody's business here.
    let stranger = server.sign_up("stranger").await;
    let elsewhere = server.organization(&stranger, "Globex").await;
    create_project(&stranger, &elsewhere, "Theirs", 1).await;

    let list = format!("/organizations/{}/projects", org.id);
    let set = |projects: &[&String]| -> BTreeSet<String> {
        projects.iter().map(|p| (*p).clone()).collect()
    };
    let everything = set(&[&p1, &p2, &p3]);
    for (who, client, expected) in [
        ("owner", &org.owner, everything.clone()),
        ("admin", &admin, everything.clone()),
        ("manager", &org.manager, everything.clone()),
        ("viewer", &vic, everything.clone()),
        ("reviewer", &rev, set(&[&p1])),
        ("annotator", &ann, set(&[&p2, &p3])),
        ("unassigned annotator", &carl, BTreeSet::new()),
    ] {
        let listed = client.get(&list).await;
        listed.assert_status(200);
        assert_eq!(as_set(ids(&listed, "projects")), expected, "{who}");
    }

    // Content of unassigned projects does not exist for them, whatever the route.
    let in_p1 = import_texts(&org.manager, &p1, &[("a", "one")]).await;
    let in_p2 = import_texts(&org.manager, &p2, &[("b", "two")]).await;
    let p1_annotation = label(&org.manager, &in_p1[0], "positive").await;
    let p2_annotation = label(&ann, &in_p2[0], "negative").await;
    let before = server.rows().await;
    for (client, project, item, annotation) in [
        (&rev, &p2, &in_p2[0], &p2_annotation),
        (&ann, &p1, &in_p1[0], &p1_annotation),
        (&carl, &p2, &in_p2[0], &p2_annotation),
    ] {
        for path in [
            format!("/projects/{project}"),
            format!("/projects/{project}/items"),
            format!("/projects/{project}/annotation-ui"),
            format!("/projects/{project}/members"),
            format!("/items/{item}"),
            format!("/items/{item}/annotations"),
            format!("/annotations/{annotation}"),
            format!("/annotations/{annotation}/reviews"),
        ] {
            client.get(&path).await.assert_problem(404, "not_found");
        }
        client
            .post(&format!("/projects/{project}/queue/next"), json!({}))
            .await
            .assert_problem(404, "not_found");
        post_annotation(
            client,
            item,
            json!({ "value": { "sentiment": "positive" } }),
        )
        .await
        .assert_problem(404, "not_found");
        review(client, annotation, "accept", "accepted")
            .await
            .assert_problem(404, "not_found");
    }
    assert_eq!(server.rows().await, before);
    // In their own projects, the same routes answer.
    rev.get(&format!("/items/{}/annotations", in_p1[0]))
        .await
        .assert_status(200);
    review(&rev, &p1_annotation, "accept", "accepted")
        .await
        .assert_status(201);
    ann.get(&format!("/annotations/{p2_annotation}"))
        .await
        .assert_status(200);
    // Unassigned, a project disappears from the list and from reach.
    org.manager
        .delete(&format!("/projects/{p2}/members/{}", ann.user_id()))
        .await
        .assert_status(204);
    assert_eq!(as_set(ids(&ann.get(&list).await, "projects")), set(&[&p3]));
    ann.get(&format!("/annotations/{p2_annotation}"))
        .await
        .assert_problem(404, "not_found");
}

async fn a_viewer_reads_everything_but_cannot_annotate_or_review(server: TestServer) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    let vic = org.member(&server, "vic", "viewer").await;
    let ann = org.member(&server, "ann", "annotator").await;
    assign(&org.manager, &project, &ann).await;
    let items = import_texts(&org.manager, &project, &[("a", "one"), ("b", "two")]).await;
    let annotation = label(&ann, &items[0], "positive").await;
    for path in [
        format!("/projects/{project}"),
        format!("/projects/{project}/items"),
        format!("/projects/{project}/annotation-ui"),
        format!("/items/{}", items[0]),
        format!("/items/{}/annotations", items[0]),
        format!("/annotations/{annotation}"),
        format!("/annotations/{annotation}/reviews"),
        format!("/projects/{project}/stats"),
    ] {
        vic.get(&path).await.assert_status(200);
    }
    let (status, _, export) = download(
        &server,
        &vic,
        &format!("/projects/{project}/export?format=jsonl"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(export.lines().count(), 2);
    let before = server.rows().await;
    vic.post(&format!("/projects/{project}/queue/next"), json!({}))
        .await
        .assert_problem(403, "permission_denied");
    post_annotation(
        &vic,
        &items[1],
        json!({ "value": { "sentiment": "positive" } }),
    )
    .await
    .assert_problem(403, "permission_denied");
    review(&vic, &annotation, "accept", "accepted")
        .await
        .assert_problem(403, "permission_denied");
    vic.patch(
        &format!("/annotations/{annotation}"),
        json!({ "value": { "sentiment": "negative" } }),
    )
    .await
    .assert_problem(403, "permission_denied");
    vic.delete(&format!("/annotations/{annotation}"))
        .await
        .assert_problem(403, "permission_denied");
    import(
        &vic,
        &project,
        json!([{ "external_id": "c", "data": { "text": "three" } }]),
    )
    .await
    .assert_problem(403, "permission_denied");
    assert_eq!(server.rows().await, before);
    let stored = vic.get(&format!("/annotations/{annotation}")).await;
    assert_eq!(
        stored.body["annotation"]["value"],
        json!({ "sentiment": "positive" })
    );
}

async fn nobody_reviews_their_own_annotation_but_a_manager_reviews_others(server: TestServer) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 4).await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let ann = org.member(&server, "ann", "annotator").await;
    let admin = org.member(&server, "admin", "admin").await;
    assign(&org.manager, &project, &rev).await;
    assign(&org.manager, &project, &ann).await;
    let items = import_texts(&org.manager, &project, &[("a", "one")]).await;
    let item = &items[0];
    let by_manager = label(&org.manager, item, "positive").await;
    let by_owner = label(&org.owner, item, "positive").await;
    let by_reviewer = label(&rev, item, "negative").await;
    let by_admin = label(&admin, item, "neutral").await;
    for (who, client, own) in [
        ("manager", &org.manager, &by_manager),
        ("owner", &org.owner, &by_owner),
        ("reviewer", &rev, &by_reviewer),
        ("admin", &admin, &by_admin),
    ] {
        for verdict in ["accept", "reject"] {
            let answer = review(client, own, verdict, &format!("{verdict}ed")).await;
            assert_eq!(
                (answer.status.as_u16(), answer.code()),
                (403, "cannot_review_own_annotation"),
                "the {who} reviewing their own ({verdict}): {}",
                answer.body
            );
        }
    }
    // Annotators review nothing at all.
    review(&ann, &by_manager, "accept", "accepted")
        .await
        .assert_problem(403, "permission_denied");
    assert_eq!(server.count("SELECT COUNT(*) FROM reviews").await, 0);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM annotations WHERE review_status <> 'pending'")
            .await,
        0
    );
    // Everyone reviews the others'.
    review(&org.manager, &by_owner, "accept", "accepted")
        .await
        .assert_status(201);
    review(&org.manager, &by_reviewer, "reject", "rejected")
        .await
        .assert_status(201);
    review(&rev, &by_manager, "accept", "accepted")
        .await
        .assert_status(201);
    review(&org.owner, &by_admin, "accept", "accepted")
        .await
        .assert_status(201);
    assert_eq!(server.count("SELECT COUNT(*) FROM reviews").await, 4);
    let listed = org.manager.get(&format!("/items/{item}/annotations")).await;
    let statuses: HashMap<String, Value> = listed.body["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id").to_owned(),
                a["review_status"].clone(),
            )
        })
        .collect();
    assert_eq!(statuses[&by_owner], "accepted");
    assert_eq!(statuses[&by_reviewer], "rejected");
    assert_eq!(statuses[&by_manager], "accepted");
    assert_eq!(statuses[&by_admin], "accepted");
}

async fn an_annotator_cannot_change_anothers_annotation_nor_their_own_once_accepted(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 2).await;
    let ann = org.member(&server, "ann", "annotator").await;
    let bob = org.member(&server, "bob", "annotator").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    for member in [&ann, &bob, &rev] {
        assign(&org.manager, &project, member).await;
    }
    let items = import_texts(&org.manager, &project, &[("a", "one")]).await;
    let anns = label(&ann, &items[0], "positive").await;
    let bobs = label(&bob, &items[0], "negative").await;
    let change = json!({ "value": { "sentiment": "neutral" } });

    // Another's annotation: it does not exist for Ann.
    ann.patch(&format!("/annotations/{bobs}"), change.clone())
        .await
        .assert_problem(404, "not_found");
    ann.delete(&format!("/annotations/{bobs}"))
        .await
        .assert_problem(404, "not_found");
    let bobs_now = rev.get(&format!("/annotations/{bobs}")).await;
    assert_eq!(
        bobs_now.body["annotation"]["value"],
        json!({ "sentiment": "negative" })
    );
    // Reviewers review; they do not rewrite.
    rev.patch(&format!("/annotations/{bobs}"), change.clone())
        .await
        .assert_problem(403, "permission_denied");

    // Her own, while pending, she may change.
    let changed = ann
        .patch(&format!("/annotations/{anns}"), change.clone())
        .await;
    changed.assert_status(200);
    assert_eq!(changed.body["annotation"]["value"], change["value"]);

    // Accepted, it is final for her.
    review(&rev, &anns, "accept", "accepted")
        .await
        .assert_status(201);
    ann.patch(
        &format!("/annotations/{anns}"),
        json!({ "value": { "sentiment": "positive" } }),
    )
    .await
    .assert_problem(409, "annotation_accepted");
    ann.patch(
        &format!("/annotations/{anns}"),
        json!({ "time_spent_ms": 5 }),
    )
    .await
    .assert_problem(409, "annotation_accepted");
    ann.delete(&format!("/annotations/{anns}"))
        .await
        .assert_problem(409, "annotation_accepted");
    let kept = ann.get(&format!("/annotations/{anns}")).await;
    assert_eq!(kept.body["annotation"]["value"], change["value"]);
    assert_eq!(kept.body["annotation"]["review_status"], "accepted");
    assert_eq!(kept.body["annotation"]["time_spent_ms"], Value::Null);
    assert_eq!(server.count("SELECT COUNT(*) FROM annotations").await, 2);

    // A rejected one is hers to fix, and then pending again; deleting reopens the item.
    review(&rev, &bobs, "reject", "rejected")
        .await
        .assert_status(201);
    let fixed = bob
        .patch(&format!("/annotations/{bobs}"), change.clone())
        .await;
    fixed.assert_status(200);
    assert_eq!(fixed.body["annotation"]["review_status"], "pending");
    bob.delete(&format!("/annotations/{bobs}"))
        .await
        .assert_status(204);
    assert_eq!(server.count("SELECT COUNT(*) FROM annotations").await, 1);
    let item = item_of(&org.manager, &items[0]).await;
    assert_eq!(item["annotation_count"], 1);
    assert_eq!(item["status"], "in_progress");
}

async fn reviewers_and_annotators_see_exactly_the_members_who_share_a_project_without_emails(
    server: TestServer,
) {
    let org = organization(&server).await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let ann = org.member(&server, "ann", "annotator").await;
    let bob = org.member(&server, "bob", "annotator").await;
    let carl = org.member(&server, "carl", "annotator").await;
    let dave = org.member(&server, "dave", "annotator").await;
    let vic = org.member(&server, "vic", "viewer").await;
    let p1 = create_project(&org.manager, &org.id, "One", 1).await;
    let p2 = create_project(&org.manager, &org.id, "Two", 1).await;
    assign(&org.manager, &p1, &rev).await;
    assign(&org.manager, &p1, &ann).await;
    assign(&org.manager, &p2, &rev).await;
    assign(&org.manager, &p2, &bob).await;
    assign(&org.manager, &p2, &org.manager).await;
    // Ann and Dave share a project in another organization; that does not count here.
    let other_owner = server.sign_up("other").await;
    let other_org = server.organization(&other_owner, "Globex").await;
    for member in [&ann, &dave] {
        other_owner
            .post(
                &format!("/organizations/{other_org}/members"),
                json!({ "email": member.email(), "role": "annotator" }),
            )
            .await
            .assert_status(201);
        member
            .post(
                &format!("/me/pending-memberships/{other_org}/accept"),
                json!({}),
            )
            .await
            .assert_status(200);
    }
    let elsewhere = create_project(&other_owner, &other_org, "Theirs", 1).await;
    assign(&other_owner, &elsewhere, &ann).await;
    assign(&other_owner, &elsewhere, &dave).await;

    let list = format!("/organizations/{}/members", org.id);
    let user_ids =
        |clients: &[&Client]| -> BTreeSet<String> { clients.iter().map(|c| c.user_id()).collect() };
    let everyone = user_ids(&[
        &org.owner,
        &org.manager,
        &rev,
        &ann,
        &bob,
        &carl,
        &dave,
        &vic,
    ]);
    for (who, client, expected, emails) in [
        ("owner", &org.owner, everyone.clone(), true),
        ("manager", &org.manager, everyone.clone(), true),
        ("viewer", &vic, everyone.clone(), true),
        (
            "reviewer",
            &rev,
            user_ids(&[&rev, &ann, &bob, &org.manager]),
            false,
        ),
        ("annotator", &ann, user_ids(&[&ann, &rev]), false),
        (
            "annotator",
            &bob,
            user_ids(&[&bob, &rev, &org.manager]),
            false,
        ),
        ("unassigned annotator", &carl, user_ids(&[&carl]), false),
        (
            "annotator sharing elsewhere",
            &dave,
            user_ids(&[&dave]),
            false,
        ),
    ] {
        let listed = client.get(&list).await;
        listed.assert_status(200);
        let members = listed.body["members"].as_array().expect("members");
        let seen: BTreeSet<String> = members
            .iter()
            .map(|m| m["user_id"].as_str().expect("user_id").to_owned())
            .collect();
        assert_eq!(seen, expected, "{who}");
        for member in members {
            assert_eq!(member["email"].is_string(), emails, "{who}: {member}");
            assert!(member["name"].is_string(), "{who}: {member}");
            assert!(member["role"].is_string(), "{who}: {member}");
        }
    }
    let seen_by_ann = ann.get(&list).await;
    let rev_as_ann_sees = seen_by_ann.body["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["user_id"] == rev.user_id().as_str())
        .expect("the reviewer")
        .clone();
    assert_eq!(rev_as_ann_sees["name"], "rev");
    assert_eq!(rev_as_ann_sees["role"], "reviewer");
    assert_eq!(rev_as_ann_sees["email"], Value::Null);
}

// ---------------------------------------------------------------------------
// Archived projects
// ---------------------------------------------------------------------------

async fn an_archived_project_refuses_every_write_keeps_every_read_and_can_be_restored(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 2).await;
    let other = ready_project(&org, "Other", 1).await;
    publish_guideline(&org.manager, &project, "Be kind.", 1)
        .await
        .assert_status(200);
    let ann = org.member(&server, "ann", "annotator").await;
    let bob = org.member(&server, "bob", "annotator").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let carl = org.member(&server, "carl", "annotator").await;
    for member in [&ann, &bob, &rev] {
        assign(&org.manager, &project, member).await;
    }
    let items = import_texts(
        &org.manager,
        &project,
        &[("a", "one"), ("b", "two"), ("c", "three")],
    )
    .await;
    let anns = label(&ann, &items[0], "positive").await;
    let bobs = label(&bob, &items[0], "negative").await;
    review(&rev, &bobs, "reject", "rejected")
        .await
        .assert_status(201);
    // Ann holds a lease; archiving ends it.
    ann.post(&format!("/projects/{project}/queue/next"), json!({}))
        .await
        .assert_status(200);
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 1);

    let archived = org
        .manager
        .patch(&format!("/projects/{project}"), json!({ "archived": true }))
        .await;
    archived.assert_status(200);
    assert_eq!(archived.body["project"]["archived"], true);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.archived'")
            .await,
        1
    );
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 0);
    let list = format!("/organizations/{}/projects", org.id);
    assert_eq!(
        ids(&org.manager.get(&list).await, "projects"),
        std::slice::from_ref(&other)
    );
    let with_archived = org
        .manager
        .get(&format!("{list}?include_archived=true"))
        .await;
    assert_eq!(
        ids(&with_archived, "projects"),
        [project.clone(), other.clone()]
    );
    assert_eq!(with_archived.body["projects"][0]["archived"], true);
    assert_eq!(with_archived.body["projects"][1]["archived"], false);

    let before = server.rows().await;
    let export_before = export_jsonl(
        &server,
        &org.manager,
        &format!("/projects/{project}/export"),
    )
    .await;
    let item = &items[1];
    let refused: Vec<(&str, Answer)> = vec![
        (
            "import",
            import(
                &org.manager,
                &project,
                json!([{ "external_id": "d", "data": { "text": "four" } }]),
            )
            .await,
        ),
        (
            "publish an annotation UI",
            publish_ui(&org.manager, &project, full_schema()).await,
        ),
        (
            "publish a guideline",
            publish_guideline(&org.manager, &project, "Be kinder.", 1).await,
        ),
        (
            "take from the queue",
            ann.post(&format!("/projects/{project}/queue/next"), json!({}))
                .await,
        ),
        (
            "annotate",
            post_annotation(&ann, item, json!({ "value": { "sentiment": "neutral" } })).await,
        ),
        (
            "annotate as a manager",
            post_annotation(
                &org.manager,
                item,
                json!({ "value": { "sentiment": "neutral" } }),
            )
            .await,
        ),
        (
            "change an annotation",
            ann.patch(
                &format!("/annotations/{anns}"),
                json!({ "value": { "sentiment": "neutral" } }),
            )
            .await,
        ),
        (
            "delete an annotation",
            ann.delete(&format!("/annotations/{anns}")).await,
        ),
        ("review", review(&rev, &anns, "accept", "accepted").await),
        (
            "update an item",
            org.manager
                .patch(
                    &format!("/items/{item}"),
                    json!({ "data": { "text": "changed" } }),
                )
                .await,
        ),
        (
            "delete an item",
            org.manager.delete(&format!("/items/{item}")).await,
        ),
        (
            "assign a member",
            org.manager
                .post(
                    &format!("/projects/{project}/members"),
                    json!({ "user_id": carl.user_id() }),
                )
                .await,
        ),
        (
            "unassign a member",
            org.manager
                .delete(&format!("/projects/{project}/members/{}", bob.user_id()))
                .await,
        ),
        (
            "rename the project",
            org.manager
                .patch(&format!("/projects/{project}"), json!({ "name": "New" }))
                .await,
        ),
        (
            "change the overlap",
            org.manager
                .patch(&format!("/projects/{project}"), json!({ "overlap": 1 }))
                .await,
        ),
        (
            "archive it again",
            org.manager
                .patch(&format!("/projects/{project}"), json!({ "archived": true }))
                .await,
        ),
    ];
    for (what, answer) in &refused {
        assert_eq!(answer.status, 409, "{what}: {}", answer.body);
        assert_eq!(answer.code(), "project_archived", "{what}: {}", answer.body);
    }
    assert_eq!(server.rows().await, before);
    let export_after = export_jsonl(
        &server,
        &org.manager,
        &format!("/projects/{project}/export"),
    )
    .await;
    assert_eq!(export_after, export_before);
    let read = org.manager.get(&format!("/projects/{project}")).await;
    assert_eq!(read.body["project"]["name"], "Tickets");
    assert_eq!(read.body["project"]["overlap"], 2);
    assert_eq!(read.body["project"]["archived"], true);

    // Reads all still work, for everyone who could read before.
    for path in [
        format!("/projects/{project}"),
        format!("/projects/{project}/items"),
        format!("/projects/{project}/members"),
        format!("/projects/{project}/annotation-ui"),
        format!("/projects/{project}/annotation-ui/versions"),
        format!("/projects/{project}/guideline"),
        format!("/projects/{project}/guideline/versions/1"),
        format!("/projects/{project}/stats"),
        format!("/items/{item}"),
        format!("/items/{}/annotations", items[0]),
        format!("/annotations/{bobs}"),
        format!("/annotations/{bobs}/reviews"),
    ] {
        org.manager.get(&path).await.assert_status(200);
    }
    let listed = org.manager.get(&format!("/projects/{project}/items")).await;
    assert_eq!(ids(&listed, "items"), items);
    let anns_view = ann.get(&format!("/items/{}/annotations", items[0])).await;
    assert_eq!(ids(&anns_view, "annotations"), std::slice::from_ref(&anns));
    let bobs_reviews = bob.get(&format!("/annotations/{bobs}/reviews")).await;
    assert_eq!(bobs_reviews.body["reviews"][0]["verdict"], "reject");

    // Restored, the project is back in the list and takes writes again.
    let restored = org
        .manager
        .patch(
            &format!("/projects/{project}"),
            json!({ "archived": false }),
        )
        .await;
    restored.assert_status(200);
    assert_eq!(restored.body["project"]["archived"], false);
    assert_eq!(
        as_set(ids(&org.manager.get(&list).await, "projects")),
        as_set(vec![project.clone(), other.clone()])
    );
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.restored'")
            .await,
        1
    );
    import(
        &org.manager,
        &project,
        json!([{ "external_id": "d", "data": { "text": "four" } }]),
    )
    .await
    .assert_status(200);
    post_annotation(&ann, item, json!({ "value": { "sentiment": "neutral" } }))
        .await
        .assert_status(201);
    assign(&org.manager, &project, &carl).await;
    review(&rev, &anns, "accept", "accepted")
        .await
        .assert_status(201);
}

async fn a_manager_archives_and_restores_only_the_projects_they_created(server: TestServer) {
    let org = organization(&server).await;
    let other_manager = org.member(&server, "other-manager", "manager").await;
    let admin = org.member(&server, "admin", "admin").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let vic = org.member(&server, "vic", "viewer").await;
    let mine = create_project(&org.manager, &org.id, "Mine", 1).await;
    let theirs = create_project(&other_manager, &org.id, "Theirs", 1).await;
    let owners = create_project(&org.owner, &org.id, "Owner's", 1).await;
    assign(&org.manager, &owners, &rev).await;
    let archive = json!({ "archived": true });
    for project in [&theirs, &owners] {
        org.manager
            .patch(&format!("/projects/{project}"), archive.clone())
            .await
            .assert_problem(403, "not_project_creator");
    }
    rev.patch(&format!("/projects/{owners}"), archive.clone())
        .await
        .assert_problem(403, "permission_denied");
    vic.patch(&format!("/projects/{owners}"), archive.clone())
        .await
        .assert_problem(403, "permission_denied");
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM projects WHERE archived_at IS NOT NULL")
            .await,
        0
    );
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.archived'")
            .await,
        0
    );
    org.manager
        .patch(&format!("/projects/{mine}"), archive.clone())
        .await
        .assert_status(200);
    admin
        .patch(&format!("/projects/{theirs}"), archive.clone())
        .await
        .assert_status(200);
    org.owner
        .patch(&format!("/projects/{owners}"), archive.clone())
        .await
        .assert_status(200);
    for project in [&mine, &theirs, &owners] {
        let read = org.manager.get(&format!("/projects/{project}")).await;
        assert_eq!(read.body["project"]["archived"], true);
    }
    // Restoring undoes an archive, so it follows the same scopes: a manager
    // restores only their own projects, admins and owners any.
    for project in [&theirs, &owners] {
        org.manager
            .patch(
                &format!("/projects/{project}"),
                json!({ "archived": false }),
            )
            .await
            .assert_problem(403, "not_project_creator");
    }
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM projects WHERE archived_at IS NOT NULL")
            .await,
        3
    );
    org.manager
        .patch(&format!("/projects/{mine}"), json!({ "archived": false }))
        .await
        .assert_status(200);
    admin
        .patch(&format!("/projects/{theirs}"), json!({ "archived": false }))
        .await
        .assert_status(200);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM projects WHERE archived_at IS NOT NULL")
            .await,
        1
    );
}

/// The rows of each table that hangs off a project: of `project`, or of all
/// projects when `None`.
async fn project_rows(server: &TestServer, project: Option<&str>) -> Vec<(&'static str, i64)> {
    let filter = project.map_or(String::new(), |id| format!(" WHERE project_id = '{id}'"));
    let mut counts = Vec::new();
    for (what, table) in [
        ("items", "items"),
        ("annotations", "annotations"),
        ("annotation UI versions", "annotation_ui_versions"),
        ("guideline versions", "guideline_versions"),
        ("assignments", "project_members"),
        ("leases", "leases"),
        ("skips", "item_skips"),
        ("review leases", "review_leases"),
        ("review skips", "review_skips"),
    ] {
        let count = server
            .count(&format!("SELECT COUNT(*) FROM {table}{filter}"))
            .await;
        counts.push((what, count));
    }
    let reviews = match project {
        Some(id) => format!(
            "SELECT COUNT(*) FROM reviews WHERE annotation_id IN (SELECT id FROM annotations WHERE project_id = '{id}')"
        ),
        None => "SELECT COUNT(*) FROM reviews".to_owned(),
    };
    counts.push(("reviews", server.count(&reviews).await));
    counts
}

/// A project of `org` with a row in every table that hangs off a project:
/// versions, assignments, items, annotations, a review, a lease, a skip, a
/// review lease and a review skip. Its items, and Ann's annotation.
async fn busy_project(
    org: &Org,
    name: &str,
    [ann, bob, rev]: [&Client; 3],
) -> (String, Vec<String>, String) {
    let project = ready_project(org, name, 2).await;
    publish_guideline(&org.manager, &project, "Be kind.", 1)
        .await
        .assert_status(200);
    for member in [ann, bob, rev] {
        assign(&org.manager, &project, member).await;
    }
    let items = import_texts(
        &org.manager,
        &project,
        &[("a", "one"), ("b", "two"), ("c", "three")],
    )
    .await;
    let anns = label(ann, &items[0], "positive").await;
    let bobs = label(bob, &items[0], "negative").await;
    label(bob, &items[1], "neutral").await;
    review(rev, &anns, "accept", "accepted")
        .await
        .assert_status(201);
    rev.post(&format!("/annotations/{bobs}/skip-review"), json!({}))
        .await
        .assert_status(204);
    rev.post(&format!("/projects/{project}/review-queue/next"), json!({}))
        .await
        .assert_status(200);
    ann.post(&format!("/projects/{project}/queue/next"), json!({}))
        .await
        .assert_status(200);
    bob.post(&format!("/items/{}/skip", items[2]), json!({}))
        .await
        .assert_status(204);
    (project, items, anns)
}

async fn a_deleted_project_is_gone_with_everything_in_it_and_the_audit_log_records_it(
    server: TestServer,
) {
    let org = organization(&server).await;
    let ann = org.member(&server, "ann", "annotator").await;
    let bob = org.member(&server, "bob", "annotator").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let (doomed, items, annotation) = busy_project(&org, "Doomed", [&ann, &bob, &rev]).await;
    let (kept, ..) = busy_project(&org, "Kept", [&ann, &bob, &rev]).await;
    let doomed_rows = project_rows(&server, Some(&doomed)).await;
    for (what, count) in &doomed_rows {
        assert!(*count > 0, "the doomed project has no {what}");
    }
    let kept_rows = project_rows(&server, Some(&kept)).await;

    org.manager
        .delete(&format!("/projects/{doomed}"))
        .await
        .assert_status(204);

    // Nothing of it is left in any table, and nothing of the other project went.
    assert_eq!(project_rows(&server, None).await, kept_rows);
    assert_eq!(project_rows(&server, Some(&kept)).await, kept_rows);
    assert_eq!(
        server
            .count(&format!(
                "SELECT COUNT(*) FROM projects WHERE id = '{doomed}'"
            ))
            .await,
        0
    );
    for path in [
        format!("/projects/{doomed}"),
        format!("/projects/{doomed}/stats"),
        format!("/projects/{doomed}/items"),
        format!("/items/{}", items[0]),
        format!("/annotations/{annotation}"),
    ] {
        org.owner.get(&path).await.assert_problem(404, "not_found");
    }
    org.manager
        .delete(&format!("/projects/{doomed}"))
        .await
        .assert_problem(404, "not_found");
    let listed = org
        .owner
        .get(&format!(
            "/organizations/{}/projects?include_archived=true",
            org.id
        ))
        .await;
    assert_eq!(ids(&listed, "projects"), [kept]);

    let log = org
        .owner
        .get(&format!("/organizations/{}/audit-log", org.id))
        .await;
    log.assert_status(200);
    let entry = &log.body["entries"][0];
    assert_eq!(entry["action"], "project.deleted", "{}", log.body);
    assert_eq!(entry["target_id"], doomed.as_str());
    assert_eq!(entry["actor_id"], org.manager.user_id().as_str());
    assert_eq!(entry["details"]["name"], "Doomed");
    assert_eq!(entry["details"]["items"], 3);
    assert_eq!(entry["details"]["annotations"], 3);
}

async fn a_manager_deletes_only_the_projects_they_created(server: TestServer) {
    let org = organization(&server).await;
    let other_manager = org.member(&server, "other-manager", "manager").await;
    let admin = org.member(&server, "admin", "admin").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    let vic = org.member(&server, "vic", "viewer").await;
    let mine = create_project(&org.manager, &org.id, "Mine", 1).await;
    let theirs = create_project(&other_manager, &org.id, "Theirs", 1).await;
    let owners = create_project(&org.owner, &org.id, "Owner's", 1).await;
    assign(&org.manager, &owners, &rev).await;
    import_texts(&org.owner, &owners, &[("a", "one")]).await;
    for project in [&theirs, &owners] {
        org.manager
            .delete(&format!("/projects/{project}"))
            .await
            .assert_problem(403, "not_project_creator");
    }
    for refused in [&rev, &vic] {
        refused
            .delete(&format!("/projects/{owners}"))
            .await
            .assert_problem(403, "permission_denied");
    }
    assert_eq!(server.count("SELECT COUNT(*) FROM projects").await, 3);
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 1);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.deleted'")
            .await,
        0
    );

    // An archived project is deleted like any other.
    org.manager
        .patch(&format!("/projects/{mine}"), json!({ "archived": true }))
        .await
        .assert_status(200);
    org.manager
        .delete(&format!("/projects/{mine}"))
        .await
        .assert_status(204);
    admin
        .delete(&format!("/projects/{theirs}"))
        .await
        .assert_status(204);
    org.owner
        .delete(&format!("/projects/{owners}"))
        .await
        .assert_status(204);
    assert_eq!(server.count("SELECT COUNT(*) FROM projects").await, 0);
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 0);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.deleted'")
            .await,
        3
    );
}

// ---------------------------------------------------------------------------
// Item listing
// ---------------------------------------------------------------------------

/// A project of overlap 2 with an item in each status: `new`, `in_progress`,
/// `annotated`, `accepted`, `rejected`, and a second `new` one. Returns the
/// project and the item ids by status, in import order.
async fn items_in_every_status(
    server: &TestServer,
    org: &Org,
) -> (String, HashMap<&'static str, Vec<String>>) {
    let project = ready_project(org, "Tickets", 2).await;
    let ann = org.member(server, "ann", "annotator").await;
    let bob = org.member(server, "bob", "annotator").await;
    let rev = org.member(server, "rev", "reviewer").await;
    for member in [&ann, &bob, &rev] {
        assign(&org.manager, &project, member).await;
    }
    let items = import_texts(
        &org.manager,
        &project,
        &[
            ("new", "one"),
            ("in_progress", "two"),
            ("annotated", "three"),
            ("accepted", "four"),
            ("rejected", "five"),
            ("new-too", "six"),
        ],
    )
    .await;
    label(&ann, &items[1], "positive").await;
    for item in &items[2..5] {
        let first = label(&ann, item, "positive").await;
        let second = label(&bob, item, "negative").await;
        if item == &items[3] {
            review(&rev, &first, "accept", "accepted")
                .await
                .assert_status(201);
            review(&rev, &second, "accept", "accepted")
                .await
                .assert_status(201);
        }
        if item == &items[4] {
            review(&rev, &second, "reject", "rejected")
                .await
                .assert_status(201);
        }
    }
    let by_status = HashMap::from([
        ("new", vec![items[0].clone(), items[5].clone()]),
        ("in_progress", vec![items[1].clone()]),
        ("annotated", vec![items[2].clone()]),
        ("accepted", vec![items[3].clone()]),
        ("rejected", vec![items[4].clone()]),
    ]);
    (project, by_status)
}

async fn the_status_filter_returns_exactly_the_items_in_that_status(server: TestServer) {
    let org = organization(&server).await;
    let (project, by_status) = items_in_every_status(&server, &org).await;
    for (status, expected) in &by_status {
        let listed = org
            .manager
            .get(&format!("/projects/{project}/items?status={status}"))
            .await;
        listed.assert_status(200);
        assert_eq!(ids(&listed, "items"), *expected, "{status}");
        for item in listed.body["items"].as_array().expect("items") {
            assert_eq!(item["status"], *status);
        }
        // Walked one by one, the filter holds on every page.
        let walked = walk(
            &org.manager,
            &format!("/projects/{project}/items?status={status}&limit=1"),
            "items",
        )
        .await;
        assert_eq!(walked, *expected, "{status}, one per page");
    }
    for bad in ["done", "ACCEPTED", "", "new,annotated"] {
        let answer = org
            .manager
            .get(&format!("/projects/{project}/items?status={bad}"))
            .await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(
            errors(&answer),
            pairs(&[("status", "invalid")]),
            "status={bad}"
        );
    }
}

async fn the_external_id_filter_finds_exactly_the_item_of_that_external_id(server: TestServer) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    let external_ids = ["t1", "t10", "T1", "xt1", "a b&c/\u{e9}?"];
    let texts: Vec<(&str, &str)> = external_ids.iter().map(|id| (*id, ZOE)).collect();
    let imported = import_texts(&org.manager, &project, &texts).await;
    // Another project of the organization holds a `t1` too.
    let other = ready_project(&org, "Other", 1).await;
    let other_ids = import_texts(&org.manager, &other, &[("t1", ZOE)]).await;
    let viewer = org.member(&server, "viewer", "viewer").await;

    let list = |project: &str, query: &str| format!("/projects/{project}/items?{query}");
    for (external_id, id) in external_ids.iter().zip(&imported) {
        let encoded: String = form_urlencoded::byte_serialize(external_id.as_bytes()).collect();
        for client in [&org.manager, &viewer] {
            let found = client
                .get(&list(&project, &format!("external_id={encoded}")))
                .await;
            found.assert_status(200);
            assert_eq!(
                ids(&found, "items"),
                std::slice::from_ref(id),
                "{external_id}"
            );
            assert_eq!(found.body["items"][0]["external_id"], *external_id);
        }
    }
    let cases = [
        ("external_id=t1&status=new", vec![imported[0].clone()]),
        ("external_id=t1&status=accepted", vec![]),
        (
            "external_id=t1&updated_after=2000-01-01T00:00:00Z",
            vec![imported[0].clone()],
        ),
        ("external_id=t1&updated_after=2999-01-01T00:00:00Z", vec![]),
        ("external_id=t1&limit=1", vec![imported[0].clone()]),
        ("external_id=t", vec![]),
        ("external_id=t1%20", vec![]),
        ("external_id=", vec![]),
    ];
    for (query, expected) in cases {
        let answer = org.manager.get(&list(&project, query)).await;
        answer.assert_status(200);
        assert_eq!(ids(&answer, "items"), expected, "{query}");
        assert!(answer.body["pagination"]["next"].is_null(), "{query}");
    }
    let theirs = org.manager.get(&list(&other, "external_id=t1")).await;
    assert_eq!(ids(&theirs, "items"), other_ids);
}

fn updated_at(item: &Value) -> String {
    item["updated_at"].as_str().expect("updated_at").to_owned()
}

/// An RFC 3339 time of the API, to compare times whatever their digits.
fn instant(rfc3339: &str) -> OffsetDateTime {
    OffsetDateTime::parse(rfc3339, &Rfc3339).expect("an RFC 3339 time")
}

async fn updated_after_returns_exactly_the_items_changed_since_in_change_order(server: TestServer) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 2).await;
    let ann = org.member(&server, "ann", "annotator").await;
    assign(&org.manager, &project, &ann).await;
    let items = import_texts(
        &org.manager,
        &project,
        &[
            ("a", "one"),
            ("b", "two"),
            ("c", "three"),
            ("d", "four"),
            ("e", "five"),
        ],
    )
    .await;
    let imported_at = updated_at(&item_of(&org.manager, &items[0]).await);
    for item in &items {
        assert_eq!(updated_at(&item_of(&org.manager, item).await), imported_at);
    }
    // Changes, in this order: c's data, a's annotation, d's metadata, c again by upsert.
    pause().await;
    let changed = org
        .manager
        .patch(
            &format!("/items/{}", items[2]),
            json!({ "data": { "text": "three, edited" } }),
        )
        .await;
    changed.assert_status(200);
    let first_change = updated_at(&changed.body["item"]);
    pause().await;
    label(&ann, &items[0], "positive").await;
    pause().await;
    org.manager
        .patch(
            &format!("/items/{}", items[3]),
            json!({ "metadata": { "source": "mail" } }),
        )
        .await
        .assert_status(200);
    pause().await;
    import(
        &org.manager,
        &project,
        json!([{ "external_id": "b", "data": { "text": "two, again" } }]),
    )
    .await
    .assert_status(200);

    let since = |at: &str| format!("/projects/{project}/items?updated_after={at}");
    let listed = org.manager.get(&since(&imported_at)).await;
    listed.assert_status(200);
    assert_eq!(
        ids(&listed, "items"),
        [
            items[2].clone(),
            items[0].clone(),
            items[3].clone(),
            items[1].clone()
        ]
    );
    let mut previous = instant(&imported_at);
    for item in listed.body["items"].as_array().expect("items") {
        let at = instant(&updated_at(item));
        assert!(at > previous, "{at} after {previous}");
        previous = at;
    }
    // The same walk one item per page, and from a later point in time.
    let walked = walk(
        &org.manager,
        &format!("{}&limit=1", since(&imported_at)),
        "items",
    )
    .await;
    assert_eq!(walked, ids(&listed, "items"));
    let later = org.manager.get(&since(&first_change)).await;
    assert_eq!(
        ids(&later, "items"),
        [items[0].clone(), items[3].clone(), items[1].clone()]
    );
    // Combined with a status: only the annotated (in progress, at overlap 2) one.
    let in_progress = org
        .manager
        .get(&format!("{}&status=in_progress", since(&imported_at)))
        .await;
    assert_eq!(ids(&in_progress, "items"), [items[0].clone()]);
    // After the last change, nothing.
    let last = updated_at(&item_of(&org.manager, &items[1]).await);
    let nothing = org.manager.get(&since(&last)).await;
    assert_eq!(ids(&nothing, "items"), Vec::<String>::new());
    assert_eq!(nothing.body["pagination"]["next"], Value::Null);
    let bad = org
        .manager
        .get(&format!(
            "/projects/{project}/items?updated_after=yesterday"
        ))
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(errors(&bad), pairs(&[("updated_after", "invalid")]));
}

async fn keyset_pagination_visits_every_item_once_while_items_are_imported_between_pages(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    let originals: Vec<(String, String)> = (0..7)
        .map(|i| (format!("item-{i}"), format!("Ticket {i}")))
        .collect();
    let texts: Vec<(&str, &str)> = originals
        .iter()
        .map(|(e, t)| (e.as_str(), t.as_str()))
        .collect();
    let original_ids = import_texts(&org.manager, &project, &texts).await;

    let mut seen: Vec<String> = Vec::new();
    let mut path = Some(format!("/projects/{project}/items?limit=2"));
    let mut pages = 0;
    while let Some(current) = path {
        pages += 1;
        assert!(pages < 50, "the walk does not end");
        let page = org.manager.get(&current).await;
        page.assert_status(200);
        let on_page = ids(&page, "items");
        assert!(on_page.len() <= 2, "a page of at most 2: {on_page:?}");
        assert_eq!(page.body["pagination"]["limit"], 2);
        seen.extend(on_page);
        path = next_page(&page);
        // Between pages: a new item, and an upsert of an item already seen and of one not yet seen.
        import(
            &org.manager,
            &project,
            json!([
                { "external_id": format!("new-{pages}"), "data": { "text": "late" } },
                { "external_id": "item-0", "data": { "text": format!("edited {pages}") } },
                { "external_id": "item-6", "data": { "text": format!("edited {pages}") } },
            ]),
        )
        .await
        .assert_status(200);
    }
    let distinct: HashSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "no item twice: {seen:?}");
    for id in &original_ids {
        assert_eq!(
            seen.iter().filter(|s| *s == id).count(),
            1,
            "{id} once in {seen:?}"
        );
    }
    // In id order throughout, so new items can only come after the old ones.
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
    assert_eq!(seen[..7], original_ids[..]);
    // And everything seen is an item of the project.
    let now = item_ids(&org.manager, &project).await;
    let all: HashSet<&String> = now.values().collect();
    assert!(seen.iter().all(|id| all.contains(id)));
    assert_eq!(now.len(), 7 + pages);
}

// ---------------------------------------------------------------------------
// Stats
// ---------------------------------------------------------------------------

async fn stats_count_statuses_and_progress_and_match_a_fleiss_kappa_worked_by_hand(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = create_project(&org.manager, &org.id, "Tickets", 3).await;
    publish_ui(
        &org.manager,
        &project,
        json!({
            "fields": [{ "name": "text" }],
            "questions": [
                { "name": "sentiment", "type": "single_label", "labels": ["a", "b", "c"] },
                { "name": "topics", "type": "multi_label", "labels": ["x", "y"], "required": false },
                { "name": "urgency", "type": "single_label", "labels": ["low", "high"], "required": false }
            ]
        }),
    )
    .await
    .assert_status(200);
    let ann1 = org.member(&server, "ann1", "annotator").await;
    let ann2 = org.member(&server, "ann2", "annotator").await;
    let ann3 = org.member(&server, "ann3", "annotator").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    for member in [&ann1, &ann2, &ann3, &rev] {
        assign(&org.manager, &project, member).await;
    }
    let items = import_texts(
        &org.manager,
        &project,
        &[
            ("1", "one"),
            ("2", "two"),
            ("3", "three"),
            ("4", "four"),
            ("5", "five"),
            ("6", "six"),
        ],
    )
    .await;
    // Three annotators, four items, categories a, b, c:
    //
    //   item | ann1 ann2 ann3 | n_a n_b n_c | P_i = sum n_ij (n_ij - 1) / (3 * 2)
    //   1    |  a    a    a   |  3   0   0  | 6/6 = 1
    //   2    |  a    a    b   |  2   1   0  | 2/6 = 1/3
    //   3    |  b    b    b   |  0   3   0  | 6/6 = 1
    //   4    |  a    b    c   |  1   1   1  | 0/6 = 0
    //
    //   P   = (1 + 1/3 + 1 + 0) / 4 = (7/3) / 4 = 7/12
    //   p_a = 6/12, p_b = 5/12, p_c = 1/12
    //   P_e = (36 + 25 + 1) / 144 = 62/144 = 31/72
    //   kappa = (P - P_e) / (1 - P_e) = (42/72 - 31/72) / (41/72) = 11/41
    //
    // Item 5 gets one answer (ann1's, `c`), which carries no agreement and
    // must not count among the answers either; item 6 none.
    let pattern = [
        ["a", "a", "a"],
        ["a", "a", "b"],
        ["b", "b", "b"],
        ["a", "b", "c"],
    ];
    let mut annotations: Vec<Vec<String>> = Vec::new();
    for (item, labels) in items.iter().zip(pattern) {
        let mut of_item = Vec::new();
        for ((annotator, choice), ms) in
            [&ann1, &ann2, &ann3]
                .into_iter()
                .zip(labels)
                .zip([Some(100), Some(200), None])
        {
            let mut body = json!({ "value": { "sentiment": choice, "topics": ["x"] } });
            if let Some(ms) = ms {
                body["time_spent_ms"] = json!(ms);
            }
            let created = post_annotation(annotator, item, body).await;
            created.assert_status(201);
            of_item.push(created.id("annotation"));
        }
        annotations.push(of_item);
    }
    let lone = post_annotation(
        &ann1,
        &items[4],
        json!({ "value": { "sentiment": "c" }, "time_spent_ms": 100 }),
    )
    .await;
    lone.assert_status(201);
    // Item 1: all three accepted; item 3: ann1's rejected.
    for annotation in &annotations[0] {
        review(&rev, annotation, "accept", "accepted")
            .await
            .assert_status(201);
    }
    review(&rev, &annotations[2][0], "reject", "rejected")
        .await
        .assert_status(201);

    let stats = org.manager.get(&format!("/projects/{project}/stats")).await;
    stats.assert_status(200);
    let stats = &stats.body["stats"];
    assert_eq!(
        stats["items"],
        json!({ "total": 6, "new": 1, "in_progress": 1, "annotated": 2, "accepted": 1, "rejected": 1 })
    );
    let progress =
        |client: &Client, name: &str, annotations: u64, accepted: u64, rejected: u64, ms: u64| {
            json!({
                "user_id": client.user_id(),
                "name": name,
                "annotations": annotations,
                "accepted": accepted,
                "rejected": rejected,
                "time_spent_ms": ms,
                "skipped": 0,
            })
        };
    assert_eq!(
        stats["annotators"],
        json!([
            progress(&ann1, "ann1", 5, 1, 1, 500),
            progress(&ann2, "ann2", 4, 1, 0, 800),
            progress(&ann3, "ann3", 4, 1, 0, 0),
        ])
    );
    let agreement = stats["agreement"].as_array().expect("agreement");
    assert_eq!(agreement.len(), 2, "one entry per single-label question");
    let sentiment = &agreement[0];
    assert_eq!(sentiment["question"], "sentiment");
    assert_eq!(sentiment["items"], 4);
    assert_eq!(sentiment["answers"], 12);
    let observed = sentiment["observed_agreement"]
        .as_f64()
        .expect("observed agreement");
    let kappa = sentiment["fleiss_kappa"].as_f64().expect("kappa");
    assert!((observed - 7.0 / 12.0).abs() < 1e-9, "observed {observed}");
    assert!((kappa - 11.0 / 41.0).abs() < 1e-9, "kappa {kappa}");
    // Nobody answered the optional one: no agreement to measure.
    assert_eq!(
        agreement[1],
        json!({ "question": "urgency", "items": 0, "answers": 0, "observed_agreement": null, "fleiss_kappa": null })
    );
    // Those who may not export may not read the stats either.
    for client in [&rev, &ann1] {
        client
            .get(&format!("/projects/{project}/stats"))
            .await
            .assert_problem(403, "permission_denied");
    }
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

const CSV_COLUMNS: [&str; 8] = [
    "id",
    "external_id",
    "status",
    "created_at",
    "updated_at",
    "data",
    "metadata",
    "annotations",
];

/// The rows of a CSV export, read with a real CSV reader.
fn read_csv(text: &str) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), CSV_COLUMNS);
    reader
        .records()
        .map(|record| record.expect("a well-formed CSV record"))
        .collect()
}

/// A CSV row as the JSON object of a JSONL line: strings as they are, the
/// JSON columns parsed.
fn csv_row_as_json(record: &csv::StringRecord) -> Value {
    let mut object = serde_json::Map::new();
    for (column, field) in CSV_COLUMNS.iter().zip(record.iter()) {
        let value = match *column {
            "data" | "metadata" | "annotations" => {
                serde_json::from_str(field).expect("a JSON column")
            }
            _ => Value::String(field.to_owned()),
        };
        object.insert((*column).to_owned(), value);
    }
    assert_eq!(record.len(), CSV_COLUMNS.len());
    Value::Object(object)
}

async fn a_csv_export_with_commas_quotes_newlines_and_unicode_reads_back_as_the_jsonl(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    let ann = org.member(&server, "ann", "annotator").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    assign(&org.manager, &project, &ann).await;
    assign(&org.manager, &project, &rev).await;
    let imported = json!([
        {
            "external_id": "with, comma",
            "data": { "text": "Hello, \"world\"\nsecond line" },
            "metadata": { "note": "a, \"b\"", "lines": "one\r\ntwo" }
        },
        {
            "external_id": "zo\u{eb}-\u{674e}",
            "data": { "text": "Zo\u{eb} \u{674e} \u{1f44b} \u{2014} \u{fc}n\u{ef}c\u{f6}d\u{e9}" },
            "metadata": { "emoji": "\u{1f600}" }
        },
        { "external_id": "quote\"id", "data": { "text": "\"\"" } },
        // The JSON columns escape line breaks; a text column is where raw ones arrive.
        { "external_id": "two\nlines", "data": { "text": "x" } },
        { "external_id": "crlf\r\nid,\"q\"", "data": { "text": "y" } },
        { "external_id": "plain", "data": { "text": "plain" } },
        { "external_id": "trailing", "data": { "text": "  spaces and a tab\t" } },
    ]);
    import(&org.manager, &project, imported.clone())
        .await
        .assert_status(200);
    let by_external_id = item_ids(&org.manager, &project).await;
    let first = &by_external_id["with, comma"];
    let second = &by_external_id["zo\u{eb}-\u{674e}"];
    let annotation = post_annotation(
        &ann,
        first,
        json!({ "value": {
            "sentiment": "neutral",
            "note": "a,\"b\"\r\nc",
            "entities": [{ "start": 0, "end": 5, "label": "ORG" }]
        } }),
    )
    .await;
    annotation.assert_status(201);
    review(&rev, &annotation.id("annotation"), "reject", "rejected")
        .await
        .assert_status(201);
    post_annotation(
        &ann,
        second,
        json!({ "value": { "sentiment": "positive", "note": "\u{1f44b}\u{674e}" } }),
    )
    .await
    .assert_status(201);

    let lines = export_jsonl(
        &server,
        &org.manager,
        &format!("/projects/{project}/export?format=jsonl"),
    )
    .await;
    assert_eq!(lines.len(), 7);
    let (status, content_type, csv_text) = download(
        &server,
        &org.manager,
        &format!("/projects/{project}/export?format=csv"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let records = read_csv(&csv_text);
    assert_eq!(records.len(), lines.len());
    for (record, line) in records.iter().zip(&lines) {
        let row = csv_row_as_json(record);
        for column in CSV_COLUMNS {
            assert_eq!(
                row[column], line[column],
                "column {column} of {}",
                line["id"]
            );
        }
    }
    // And the values are the imported ones, not merely the same garbling twice.
    for (sent, line) in imported.as_array().expect("items").iter().zip(&lines) {
        assert_eq!(line["external_id"], sent["external_id"]);
        assert_eq!(line["data"], sent["data"]);
        assert_eq!(
            line["metadata"],
            sent.get("metadata").cloned().unwrap_or(json!({}))
        );
    }
    let exported_note = &lines[0]["annotations"][0]["value"]["note"];
    assert_eq!(exported_note, "a,\"b\"\r\nc");
    assert_eq!(
        lines[0]["annotations"][0]["reviews"][0]["verdict"],
        "reject"
    );
    assert_eq!(lines[0]["status"], "rejected");
    assert_eq!(lines[1]["status"], "annotated");
    assert_eq!(lines[2]["status"], "new");
}

/// Asserts that the export of `query` holds exactly `expected` (in item order)
/// in every format: JSONL, a JSON document of the same items, and CSV rows
/// that read back to them.
async fn assert_export(
    server: &TestServer,
    client: &Client,
    project: &str,
    query: &str,
    expected: &[String],
) {
    let path = |format: &str| format!("/projects/{project}/export?{query}&format={format}");
    let lines = export_jsonl(server, client, &path("jsonl")).await;
    assert_eq!(line_ids(&lines), expected, "jsonl {query}");
    let (status, content_type, json_text) = download(server, client, &path("json")).await;
    assert_eq!(status, 200, "{json_text}");
    assert_eq!(content_type, "application/json");
    let document: Value = serde_json::from_str(&json_text).expect("a JSON document");
    assert_eq!(document, json!({ "items": lines }), "json {query}");
    let (status, _, csv_text) = download(server, client, &path("csv")).await;
    assert_eq!(status, 200, "{csv_text}");
    let rows: Vec<Value> = read_csv(&csv_text).iter().map(csv_row_as_json).collect();
    assert_eq!(rows.len(), lines.len(), "csv {query}");
    for (row, line) in rows.iter().zip(&lines) {
        for column in CSV_COLUMNS {
            assert_eq!(row[column], line[column], "csv {query}, {column}");
        }
    }
}

async fn export_filters_by_status_and_updated_after_in_every_format(server: TestServer) {
    let org = organization(&server).await;
    let (project, by_status) = items_in_every_status(&server, &org).await;
    let manager = &org.manager;
    let all = export_jsonl(
        &server,
        manager,
        &format!("/projects/{project}/export?format=jsonl"),
    )
    .await;
    assert_eq!(all.len(), 6);
    // JSONL is the default format.
    let default = export_jsonl(&server, manager, &format!("/projects/{project}/export")).await;
    assert_eq!(default, all);
    for (status, expected) in &by_status {
        assert_export(
            &server,
            manager,
            &project,
            &format!("status={status}"),
            expected,
        )
        .await;
    }
    // The last change so far, then two more: the second new item is annotated,
    // the first new one edited.
    let since = all
        .iter()
        .map(updated_at)
        .max_by_key(|at| instant(at))
        .expect("items");
    pause().await;
    let zed = org.member(&server, "zed", "annotator").await;
    assign(manager, &project, &zed).await;
    label(&zed, &by_status["new"][1], "neutral").await;
    pause().await;
    manager
        .patch(
            &format!("/items/{}", by_status["new"][0]),
            json!({ "metadata": { "seen": true } }),
        )
        .await
        .assert_status(200);
    let both_new = by_status["new"].clone();
    assert_export(
        &server,
        manager,
        &project,
        &format!("updated_after={since}"),
        &both_new,
    )
    .await;
    // Annotated once, the second is in progress now; the edit left the first `new`.
    assert_export(
        &server,
        manager,
        &project,
        &format!("updated_after={since}&status=new"),
        &both_new[..1],
    )
    .await;
    assert_export(
        &server,
        manager,
        &project,
        &format!("updated_after={since}&status=in_progress"),
        &both_new[1..],
    )
    .await;
    let latest = updated_at(&item_of(manager, &both_new[0]).await);
    assert_export(
        &server,
        manager,
        &project,
        &format!("updated_after={latest}"),
        &[],
    )
    .await;
    for bad in ["status=finished", "updated_after=yesterday"] {
        let answer = manager
            .get(&format!("/projects/{project}/export?{bad}"))
            .await;
        answer.assert_problem(422, "validation_failed");
        let field = bad.split('=').next().expect("a parameter");
        assert_eq!(errors(&answer), pairs(&[(field, "invalid")]), "{bad}");
    }
}

// ---------------------------------------------------------------------------
// Overlap
// ---------------------------------------------------------------------------

async fn statuses(client: &Client, items: &[String]) -> Vec<String> {
    let mut statuses = Vec::new();
    for item in items {
        statuses.push(
            item_of(client, item).await["status"]
                .as_str()
                .expect("status")
                .to_owned(),
        );
    }
    statuses
}

async fn raising_the_overlap_reopens_annotated_items_and_lowering_it_closes_them(
    server: TestServer,
) {
    let org = organization(&server).await;
    let project = ready_project(&org, "Tickets", 1).await;
    let ann = org.member(&server, "ann", "annotator").await;
    let bob = org.member(&server, "bob", "annotator").await;
    let rev = org.member(&server, "rev", "reviewer").await;
    for member in [&ann, &bob, &rev] {
        assign(&org.manager, &project, member).await;
    }
    let items = import_texts(
        &org.manager,
        &project,
        &[("a", "one"), ("b", "two"), ("c", "three"), ("d", "four")],
    )
    .await;
    label(&ann, &items[0], "positive").await;
    label(&ann, &items[1], "positive").await;
    let accepted = label(&ann, &items[2], "negative").await;
    review(&rev, &accepted, "accept", "accepted")
        .await
        .assert_status(201);
    assert_eq!(
        statuses(&org.manager, &items).await,
        ["annotated", "annotated", "accepted", "new"]
    );
    let untouched_at = updated_at(&item_of(&org.manager, &items[3]).await);
    let annotated_at = updated_at(&item_of(&org.manager, &items[0]).await);

    pause().await;
    let raised = org
        .manager
        .patch(&format!("/projects/{project}"), json!({ "overlap": 2 }))
        .await;
    raised.assert_status(200);
    assert_eq!(raised.body["project"]["overlap"], 2);
    assert_eq!(
        statuses(&org.manager, &items).await,
        ["in_progress", "in_progress", "in_progress", "new"]
    );
    // The reopened items changed; the untouched one did not.
    assert!(updated_at(&item_of(&org.manager, &items[0]).await) > annotated_at);
    assert_eq!(
        updated_at(&item_of(&org.manager, &items[3]).await),
        untouched_at
    );
    let in_progress = org
        .manager
        .get(&format!("/projects/{project}/items?status=in_progress"))
        .await;
    assert_eq!(ids(&in_progress, "items"), items[..3]);
    let stats = org.manager.get(&format!("/projects/{project}/stats")).await;
    assert_eq!(
        stats.body["stats"]["items"],
        json!({ "total": 4, "new": 1, "in_progress": 3, "annotated": 0, "accepted": 0, "rejected": 0 })
    );
    // Bob may now add the second annotation the first item needs.
    label(&bob, &items[0], "negative").await;
    assert_eq!(
        statuses(&org.manager, &items).await,
        ["annotated", "in_progress", "in_progress", "new"]
    );

    pause().await;
    let lowered = org
        .manager
        .patch(&format!("/projects/{project}"), json!({ "overlap": 1 }))
        .await;
    lowered.assert_status(200);
    assert_eq!(
        statuses(&org.manager, &items).await,
        ["annotated", "annotated", "accepted", "new"]
    );
    assert_eq!(
        updated_at(&item_of(&org.manager, &items[3]).await),
        untouched_at
    );
    let stats = org.manager.get(&format!("/projects/{project}/stats")).await;
    assert_eq!(
        stats.body["stats"]["items"],
        json!({ "total": 4, "new": 1, "in_progress": 0, "annotated": 2, "accepted": 1, "rejected": 0 })
    );
    // A full item is no longer handed out: Bob gets the last new one.
    let next = bob
        .post(&format!("/projects/{project}/queue/next"), json!({}))
        .await;
    next.assert_status(200);
    assert_eq!(next.body["item"]["id"], items[3].as_str());
}
