//! The work queue and the review queue as the browser uses them, over HTTP on
//! both backends: leasing ahead, releasing and skipping items, progress,
//! an annotator's history, annotation UI versions by number, review leases
//! with agreement, and both queues under concurrent callers.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use crate::common::fixtures::{annotate, assign, label, project_with_ui, review};
use crate::common::{Answer, Client, TestBackend, TestServer};
use labelwell_server::db::Db;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

backend_tests![
    leases_come_oldest_first_topped_up_to_the_count_and_all_renewed,
    a_lease_request_with_a_bad_count_is_a_422_naming_it_and_leases_nothing,
    a_released_lease_frees_its_item_at_once_and_releasing_again_is_harmless,
    a_lease_path_naming_an_item_of_another_project_is_a_404,
    a_skipped_item_never_comes_back_to_the_skipper_but_stays_open_to_others,
    skips_count_in_progress_and_stats_and_annotating_the_item_clears_the_skip,
    queue_progress_counts_done_skipped_left_and_rejected_for_the_caller,
    the_history_lists_the_callers_annotations_newest_first_with_item_and_latest_review,
    an_annotation_ui_version_is_read_by_number_and_an_unknown_one_is_not_found,
    the_review_queue_hands_out_others_pending_annotations_with_their_agreement,
    a_skipped_annotation_never_comes_back_to_the_reviewer_but_others_get_it,
    an_annotation_leased_to_a_reviewer_takes_no_review_from_another_until_the_lease_ends,
    a_rejection_needs_a_comment_and_a_refused_one_writes_nothing,
    unassigning_a_reviewer_frees_the_annotation_they_held,
    an_archived_project_leases_and_skips_nothing,
    every_new_route_answers_404_for_another_organizations_ids,
    annotators_leasing_ahead_at_once_never_share_an_item_beyond_the_overlap,
    reviewers_asking_at_once_never_hold_the_same_annotation,
    as_many_reviewers_as_annotations_asking_at_once_each_hold_one,
    a_reviewer_asking_several_times_at_once_holds_one_lease,
];

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const SCHEMA: &str = r#"{
    "fields": [{"name": "text", "kind": "text"}],
    "questions": [
        {"name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"]},
        {"name": "topics", "type": "multi_label", "labels": ["billing", "bug", "praise"], "required": false},
        {"name": "note", "type": "text", "required": false}
    ]
}"#;

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("the schema is JSON")
}

/// An organization with a project (its annotation UI published), its owner and a manager.
struct Setup {
    owner: Client,
    manager: Client,
    org: String,
    project: String,
}

impl Setup {
    async fn new(server: &TestServer, overlap: u32) -> Setup {
        let owner = server.sign_up("owner").await;
        let org = server.organization(&owner, "Acme").await;
        let manager = server.member(&owner, &org, "manager", "manager").await;
        let project = project_with_ui(&manager, &org, "Tickets", overlap, schema()).await;
        Setup {
            owner,
            manager,
            org,
            project,
        }
    }

    /// Signs `name` up as a member with `role`, assigned to the project.
    async fn assigned(&self, server: &TestServer, name: &str, role: &str) -> Client {
        let member = server.member(&self.owner, &self.org, name, role).await;
        assign(&self.manager, &self.project, &member).await;
        member
    }

    /// Imports `count` items into the project and returns their ids in import order.
    async fn items(&self, count: usize) -> Vec<String> {
        import(&self.manager, &self.project, count).await
    }
}

/// Imports `count` items and returns the ids of the project's items, oldest first.
async fn import(manager: &Client, project: &str, count: usize) -> Vec<String> {
    let items: Vec<Value> = (0..count)
        .map(|i| json!({ "external_id": format!("ticket-{i:03}"), "data": { "text": format!("Ticket number {i}") } }))
        .collect();
    manager
        .post(
            &format!("/projects/{project}/items"),
            json!({ "items": items }),
        )
        .await
        .assert_status(200);
    let listed = manager
        .get(&format!("/projects/{project}/items?limit=1000"))
        .await;
    listed.assert_status(200);
    ids(&listed.body["items"], "id")
}

/// The `key` of each object of a JSON array.
fn ids(array: &Value, key: &str) -> Vec<String> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|object| object[key].as_str().expect("an id").to_owned())
        .collect()
}

async fn lease(client: &Client, project: &str, count: Value) -> Answer {
    client
        .post(
            &format!("/projects/{project}/queue/leases"),
            json!({ "count": count }),
        )
        .await
}

/// The items of the caller's leases after asking for `count`, in the order given.
async fn leased(client: &Client, project: &str, count: u32) -> Vec<String> {
    let answer = lease(client, project, json!(count)).await;
    answer.assert_status(200);
    answer.body["leases"]
        .as_array()
        .expect("leases")
        .iter()
        .map(|lease| lease["item"]["id"].as_str().expect("an item id").to_owned())
        .collect()
}

async fn skip(client: &Client, item: &str) -> Answer {
    client.post(&format!("/items/{item}/skip"), json!({})).await
}

async fn queue_progress(client: &Client, project: &str) -> Value {
    let answer = client
        .get(&format!("/projects/{project}/queue/progress"))
        .await;
    answer.assert_status(200);
    answer.body["progress"].clone()
}

async fn next_review(client: &Client, project: &str) -> Answer {
    client
        .post(&format!("/projects/{project}/review-queue/next"), json!({}))
        .await
}

/// The annotation id of the caller's next review lease; `None` on 204.
async fn next_review_id(client: &Client, project: &str) -> Option<String> {
    let answer = next_review(client, project).await;
    match answer.status.as_u16() {
        204 => None,
        _ => {
            answer.assert_status(200);
            Some(
                answer.body["annotation"]["id"]
                    .as_str()
                    .expect("id")
                    .to_owned(),
            )
        }
    }
}

async fn review_progress(client: &Client, project: &str) -> Value {
    let answer = client
        .get(&format!("/projects/{project}/review-queue/progress"))
        .await;
    answer.assert_status(200);
    answer.body["progress"].clone()
}

fn instant(value: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(value.as_str().expect("a time"), &Rfc3339).expect("RFC 3339")
}

/// Rows of the tables the queues write, to show a refused request wrote nothing.
async fn queue_rows(server: &TestServer) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "leases",
        "item_skips",
        "review_leases",
        "review_skips",
        "reviews",
        "annotations",
    ] {
        counts.push(server.count(&format!("SELECT COUNT(*) FROM {table}")).await);
    }
    counts
}

// ---------------------------------------------------------------------------
// The work queue
// ---------------------------------------------------------------------------

async fn leases_come_oldest_first_topped_up_to_the_count_and_all_renewed(server: TestServer) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(6).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let project = &setup.project;

    let first = lease(&ann, project, json!(2)).await;
    first.assert_status(200);
    assert_eq!(ids_of_leases(&first), items[..2]);
    let lease0 = &first.body["leases"][0];
    assert_eq!(lease0["annotation_ui_version"], 1);
    assert_eq!(lease0["guideline_version"], Value::Null);
    assert_eq!(lease0["item"]["data"]["text"], "Ticket number 0");

    // Asking again gives the same leases, renewed.
    let again = lease(&ann, project, json!(2)).await;
    assert_eq!(ids_of_leases(&again), items[..2]);
    for (before, after) in first.body["leases"]
        .as_array()
        .expect("leases")
        .iter()
        .zip(again.body["leases"].as_array().expect("leases"))
    {
        assert!(instant(&after["expires_at"]) > instant(&before["expires_at"]));
    }

    // Once the current item is done, the next leads and a new one follows it.
    label(&ann, &items[0], "positive").await;
    assert_eq!(leased(&ann, project, 2).await, items[1..3]);
    assert_eq!(leased(&ann, project, 3).await, items[1..4]);
    // A smaller count hands nothing back: every lease held is listed, oldest first.
    assert_eq!(leased(&ann, project, 1).await, items[1..4]);
    // The default count is 2, and queue/next answers the oldest lease held.
    let default = ann
        .post(&format!("/projects/{project}/queue/leases"), json!({}))
        .await;
    assert_eq!(ids_of_leases(&default), items[1..4]);
    let next = ann
        .post(&format!("/projects/{project}/queue/next"), json!({}))
        .await;
    next.assert_status(200);
    assert_eq!(next.body["item"]["id"], items[1].as_str());

    // Bob gets what Ann does not hold, and only that.
    assert_eq!(
        leased(&bob, project, 5).await,
        [items[4].clone(), items[5].clone()]
    );
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 5);
    // Nothing left for a third annotator: an empty list, not an error.
    let cid = setup.assigned(&server, "cid", "annotator").await;
    assert_eq!(leased(&cid, project, 2).await, Vec::<String>::new());
}

fn ids_of_leases(answer: &Answer) -> Vec<String> {
    answer.assert_status(200);
    answer.body["leases"]
        .as_array()
        .expect("leases")
        .iter()
        .map(|lease| lease["item"]["id"].as_str().expect("an item id").to_owned())
        .collect()
}

async fn a_lease_request_with_a_bad_count_is_a_422_naming_it_and_leases_nothing(
    server: TestServer,
) {
    let setup = Setup::new(&server, 1).await;
    setup.items(3).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let path = format!("/projects/{}/queue/leases", setup.project);
    for (body, code) in [
        (json!({ "count": 0 }), "out_of_range"),
        (json!({ "count": 6 }), "out_of_range"),
        (json!({ "count": -1 }), "invalid"),
        (json!({ "count": "two" }), "invalid"),
        (json!({ "count": 2.5 }), "invalid"),
    ] {
        let answer = ann.post(&path, body.clone()).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], "count", "{body}");
        assert_eq!(answer.body["errors"][0]["code"], code, "{body}");
    }
    let unknown = ann.post(&path, json!({ "count": 1, "items": 3 })).await;
    unknown.assert_problem(422, "validation_failed");
    assert_eq!(unknown.body["errors"][0]["field"], "items");
    ann.send_raw(reqwest::Method::POST, &path, "text/plain", b"{}".to_vec())
        .await
        .assert_problem(415, "unsupported_media_type");
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 0);
    // At the limits, it leases.
    assert_eq!(leased(&ann, &setup.project, 1).await.len(), 1);
    assert_eq!(leased(&ann, &setup.project, 5).await.len(), 3);
}

async fn a_released_lease_frees_its_item_at_once_and_releasing_again_is_harmless(
    server: TestServer,
) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(1).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let project = &setup.project;
    assert_eq!(leased(&ann, project, 2).await, items);
    assert!(leased(&bob, project, 2).await.is_empty());
    let release = format!("/projects/{project}/queue/leases/{}", items[0]);
    ann.delete(&release).await.assert_status(204);
    assert_eq!(leased(&bob, project, 2).await, items);
    // Ann holds nothing now: releasing again, or what Bob holds, changes nothing.
    ann.delete(&release).await.assert_status(204);
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 1);
    assert!(leased(&ann, project, 2).await.is_empty());
    // Bob's annotation is accepted: the released slot was really his.
    label(&bob, &items[0], "neutral").await;
}

async fn a_lease_path_naming_an_item_of_another_project_is_a_404(server: TestServer) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(1).await;
    let other_project = project_with_ui(&setup.manager, &setup.org, "Other", 1, schema()).await;
    let others = import(&setup.manager, &other_project, 1).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    assign(&setup.manager, &other_project, &ann).await;
    assert_eq!(leased(&ann, &other_project, 1).await, others);
    // The other project's item under this project's path names nothing.
    ann.delete(&format!(
        "/projects/{}/queue/leases/{}",
        setup.project, others[0]
    ))
    .await
    .assert_problem(404, "not_found");
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 1);
    ann.delete(&format!(
        "/projects/{other_project}/queue/leases/{}",
        items[0]
    ))
    .await
    .assert_problem(404, "not_found");
    ann.delete(&format!(
        "/projects/{other_project}/queue/leases/{}",
        others[0]
    ))
    .await
    .assert_status(204);
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 0);
}

async fn a_skipped_item_never_comes_back_to_the_skipper_but_stays_open_to_others(
    server: TestServer,
) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(2).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let project = &setup.project;
    assert_eq!(leased(&ann, project, 2).await, items);
    skip(&ann, &items[0]).await.assert_status(204);
    // Skipping twice is harmless.
    skip(&ann, &items[0]).await.assert_status(204);
    // Ann's lease on it is gone, and it never comes back to her.
    assert_eq!(leased(&ann, project, 2).await, items[1..]);
    let next = ann
        .post(&format!("/projects/{project}/queue/next"), json!({}))
        .await;
    assert_eq!(next.body["item"]["id"], items[1].as_str());
    label(&ann, &items[1], "positive").await;
    assert!(leased(&ann, project, 2).await.is_empty());
    ann.post(&format!("/projects/{project}/queue/next"), json!({}))
        .await
        .assert_status(204);
    // Bob is given the item Ann skipped.
    assert_eq!(leased(&bob, project, 2).await, items[..1]);
    // An item the caller annotated cannot be skipped.
    let before = queue_rows(&server).await;
    skip(&ann, &items[1])
        .await
        .assert_problem(409, "already_annotated");
    assert_eq!(queue_rows(&server).await, before);
}

async fn skips_count_in_progress_and_stats_and_annotating_the_item_clears_the_skip(
    server: TestServer,
) {
    let setup = Setup::new(&server, 2).await;
    let items = setup.items(3).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let sam = setup.assigned(&server, "sam", "annotator").await;
    let project = &setup.project;
    skip(&ann, &items[0]).await.assert_status(204);
    skip(&ann, &items[1]).await.assert_status(204);
    // Sam has only skipped so far: the stats list him all the same.
    skip(&sam, &items[2]).await.assert_status(204);
    label(&ann, &items[2], "negative").await;
    let stats = setup
        .manager
        .get(&format!("/projects/{project}/stats"))
        .await;
    stats.assert_status(200);
    let by_name: HashMap<String, Value> = stats.body["stats"]["annotators"]
        .as_array()
        .expect("annotators")
        .iter()
        .map(|a| (a["name"].as_str().expect("name").to_owned(), a.clone()))
        .collect();
    assert_eq!(by_name["ann"]["skipped"], 2);
    assert_eq!(by_name["ann"]["annotations"], 1);
    assert_eq!(by_name["sam"]["skipped"], 1);
    assert_eq!(by_name["sam"]["annotations"], 0);
    assert_eq!(stats.body["stats"]["annotators"][0]["name"], "ann");
    // Ann changes her mind and annotates a skipped item directly: the skip goes.
    label(&ann, &items[0], "neutral").await;
    let progress = queue_progress(&ann, project).await;
    assert_eq!(
        (&progress["annotated"], &progress["skipped"]),
        (&json!(2), &json!(1))
    );
    let stats = setup
        .manager
        .get(&format!("/projects/{project}/stats"))
        .await;
    let ann_stats = stats.body["stats"]["annotators"]
        .as_array()
        .expect("annotators")
        .iter()
        .find(|a| a["name"] == "ann")
        .cloned()
        .expect("ann");
    assert_eq!(ann_stats["skipped"], 1);
}

async fn queue_progress_counts_done_skipped_left_and_rejected_for_the_caller(server: TestServer) {
    let setup = Setup::new(&server, 2).await;
    let items = setup.items(5).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let cid = setup.assigned(&server, "cid", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let project = &setup.project;
    let empty = json!({ "annotated": 0, "skipped": 0, "left": 5, "rejected": 0 });
    assert_eq!(queue_progress(&ann, project).await, empty);
    // Ann annotates two and skips one; Bob and Cid fill item 3 (overlap 2).
    let a0 = label(&ann, &items[0], "positive").await;
    label(&ann, &items[1], "positive").await;
    skip(&ann, &items[2]).await.assert_status(204);
    label(&bob, &items[3], "negative").await;
    label(&cid, &items[3], "negative").await;
    assert_eq!(
        queue_progress(&ann, project).await,
        json!({ "annotated": 2, "skipped": 1, "left": 1, "rejected": 0 })
    );
    assert_eq!(
        queue_progress(&bob, project).await,
        json!({ "annotated": 1, "skipped": 0, "left": 4, "rejected": 0 })
    );
    // A rejection is counted until the annotation is fixed. A rejected item
    // below the overlap is still open to others.
    review(&rev, &a0, "reject", "It is neutral.")
        .await
        .assert_status(201);
    assert_eq!(queue_progress(&ann, project).await["rejected"], 1);
    assert_eq!(queue_progress(&bob, project).await["left"], 4);
    ann.patch(
        &format!("/annotations/{a0}"),
        json!({ "value": { "sentiment": "neutral" } }),
    )
    .await
    .assert_status(200);
    assert_eq!(queue_progress(&ann, project).await["rejected"], 0);
    // Left counts what the queue would still hand out: Bob works it off to zero.
    let mut done = 0;
    loop {
        let next = leased(&bob, project, 1).await;
        let Some(item) = next.first() else { break };
        label(&bob, item, "positive").await;
        done += 1;
    }
    assert_eq!(done, 4);
    assert_eq!(queue_progress(&bob, project).await["left"], 0);
}

async fn the_history_lists_the_callers_annotations_newest_first_with_item_and_latest_review(
    server: TestServer,
) {
    let setup = Setup::new(&server, 2).await;
    let items = setup.items(3).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let project = &setup.project;
    let mine: Vec<String> = {
        let mut mine = Vec::new();
        for item in &items {
            mine.push(label(&ann, item, "positive").await);
        }
        mine
    };
    let bobs = label(&bob, &items[0], "negative").await;
    review(&rev, &mine[0], "reject", "Too hasty.")
        .await
        .assert_status(201);
    review(&rev, &mine[0], "accept", "")
        .await
        .assert_status(201);
    review(&rev, &mine[1], "reject", "It is a bug report.")
        .await
        .assert_status(201);

    let history = ann
        .get(&format!("/projects/{project}/my-annotations"))
        .await;
    history.assert_status(200);
    let entries = history.body["entries"].as_array().expect("entries");
    let listed: Vec<&str> = entries
        .iter()
        .map(|e| e["annotation"]["id"].as_str().expect("id"))
        .collect();
    assert_eq!(listed, [&mine[2], &mine[1], &mine[0]].map(String::as_str));
    assert_eq!(entries[2]["item"]["id"], items[0].as_str());
    assert_eq!(entries[2]["item"]["data"]["text"], "Ticket number 0");
    assert_eq!(entries[2]["latest_review"]["verdict"], "accept");
    assert_eq!(
        entries[1]["latest_review"]["comment"],
        "It is a bug report."
    );
    assert_eq!(entries[0]["latest_review"], Value::Null);
    assert_eq!(history.body["pagination"]["next_cursor"], Value::Null);

    // Pages of one, newest first, visit each once.
    let mut seen = Vec::new();
    let mut path = format!("/projects/{project}/my-annotations?limit=1");
    loop {
        let page = ann.get(&path).await;
        page.assert_status(200);
        seen.extend(
            page.body["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(|e| e["annotation"]["id"].as_str().expect("id").to_owned()),
        );
        match page.body["pagination"]["next"].as_str() {
            Some(next) => path = next.trim_start_matches("/api/v1").to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, [mine[2].clone(), mine[1].clone(), mine[0].clone()]);

    // The ones to fix.
    let rejected = ann
        .get(&format!(
            "/projects/{project}/my-annotations?review_status=rejected"
        ))
        .await;
    let entries = rejected.body["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["annotation"]["id"], mine[1].as_str());
    assert_eq!(
        entries[0]["latest_review"]["comment"],
        "It is a bug report."
    );
    // Each caller sees their own only, whatever they may read otherwise.
    let bob_history = bob
        .get(&format!("/projects/{project}/my-annotations"))
        .await;
    assert_eq!(
        bob_history.body["entries"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        bob_history.body["entries"][0]["annotation"]["id"],
        bobs.as_str()
    );
    let rev_history = rev
        .get(&format!("/projects/{project}/my-annotations"))
        .await;
    assert_eq!(rev_history.body["entries"], json!([]));
    // Bad filters are 422s naming the parameter.
    for (query, field) in [
        ("review_status=lost", "review_status"),
        ("limit=0", "limit"),
        ("cursor=%%%", "cursor"),
    ] {
        let answer = ann
            .get(&format!("/projects/{project}/my-annotations?{query}"))
            .await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], field, "{query}");
    }
}

async fn an_annotation_ui_version_is_read_by_number_and_an_unknown_one_is_not_found(
    server: TestServer,
) {
    let setup = Setup::new(&server, 1).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let project = &setup.project;
    let mut second: Value = serde_json::from_str(SCHEMA).expect("schema");
    second["questions"][0]["labels"] = json!(["good", "bad"]);
    setup
        .manager
        .put(
            &format!("/projects/{project}/annotation-ui"),
            json!({ "schema": second }),
        )
        .await
        .assert_status(200);
    let first = ann
        .get(&format!("/projects/{project}/annotation-ui/versions/1"))
        .await;
    first.assert_status(200);
    assert_eq!(first.body["annotation_ui"]["version"], 1);
    assert_eq!(
        first.body["annotation_ui"]["schema"]["questions"][0]["labels"],
        json!(["positive", "negative", "neutral"])
    );
    let latest = ann
        .get(&format!("/projects/{project}/annotation-ui/versions/2"))
        .await;
    assert_eq!(
        latest.body["annotation_ui"]["schema"]["questions"][0]["labels"],
        json!(["good", "bad"])
    );
    for version in ["3", "0", "-1", "two", "99999999999"] {
        ann.get(&format!(
            "/projects/{project}/annotation-ui/versions/{version}"
        ))
        .await
        .assert_problem(404, "not_found");
    }
}

// ---------------------------------------------------------------------------
// The review queue
// ---------------------------------------------------------------------------

async fn the_review_queue_hands_out_others_pending_annotations_with_their_agreement(
    server: TestServer,
) {
    let setup = Setup::new(&server, 3).await;
    let items = setup.items(2).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let project = &setup.project;
    setup
        .manager
        .put(
            &format!("/projects/{project}/guideline"),
            json!({ "text": "Be kind.", "annotation_ui_version": 1 }),
        )
        .await
        .assert_status(200);
    let by_ann = annotate(
        &ann,
        &items[0],
        json!({ "sentiment": "positive", "topics": ["bug", "billing"] }),
    )
    .await;
    let by_bob = annotate(
        &bob,
        &items[0],
        json!({ "sentiment": "positive", "topics": ["billing", "bug"], "note": "ok" }),
    )
    .await;
    let by_rev = annotate(
        &rev,
        &items[0],
        json!({ "sentiment": "negative", "topics": ["bug"] }),
    )
    .await;
    let later = label(&ann, &items[1], "neutral").await;
    assert_eq!(
        review_progress(&rev, project).await,
        json!({ "waiting": 3, "reviewed": 0 })
    );

    // The oldest pending annotation that is not the reviewer's own.
    let leased = next_review(&rev, project).await;
    leased.assert_status(200);
    let lease = &leased.body;
    assert_eq!(lease["annotation"]["id"], by_ann.as_str());
    assert_eq!(lease["item"]["id"], items[0].as_str());
    assert_eq!(
        ids(&lease["other_annotations"], "id"),
        [by_bob.clone(), by_rev.clone()]
    );
    assert_eq!(lease["annotation_ui_version"], 1);
    assert_eq!(lease["guideline_version"], 1);
    assert_eq!(
        lease["agreement"],
        json!([
            { "question": "sentiment", "agreeing": 2, "annotations": 3 },
            { "question": "topics", "agreeing": 2, "annotations": 3 },
            { "question": "note", "agreeing": 0, "annotations": 1 },
        ])
    );
    // Asking again renews the same lease.
    let again = next_review(&rev, project).await;
    assert_eq!(again.body["annotation"]["id"], by_ann.as_str());
    assert!(instant(&again.body["expires_at"]) > instant(&lease["expires_at"]));
    // Another reviewer gets the next one; the manager never their own.
    let manager_next = next_review(&setup.manager, project).await;
    assert_eq!(manager_next.body["annotation"]["id"], by_bob.as_str());
    // Reviewing ends the lease; the reviewer gets the next that is free.
    review(&rev, &by_ann, "accept", "").await.assert_status(201);
    assert_eq!(server.count("SELECT COUNT(*) FROM review_leases").await, 1);
    assert_eq!(
        next_review_id(&rev, project).await.as_deref(),
        Some(later.as_str())
    );
    review(&rev, &later, "reject", "Not neutral.")
        .await
        .assert_status(201);
    // Bob's is held by the manager, Rev's own is not for Rev: nothing waits for him.
    assert_eq!(next_review_id(&rev, project).await, None);
    assert_eq!(
        review_progress(&rev, project).await,
        json!({ "waiting": 1, "reviewed": 2 })
    );
    review(&setup.manager, &by_bob, "accept", "")
        .await
        .assert_status(201);
    assert_eq!(
        next_review_id(&setup.manager, project).await.as_deref(),
        Some(by_rev.as_str())
    );
    assert_eq!(
        review_progress(&rev, project).await,
        json!({ "waiting": 0, "reviewed": 2 })
    );
    // An annotation fixed after a rejection is pending again, and comes back.
    ann.patch(
        &format!("/annotations/{later}"),
        json!({ "value": { "sentiment": "negative" } }),
    )
    .await
    .assert_status(200);
    assert_eq!(
        next_review_id(&rev, project).await.as_deref(),
        Some(later.as_str())
    );
}

async fn a_skipped_annotation_never_comes_back_to_the_reviewer_but_others_get_it(
    server: TestServer,
) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(3).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let project = &setup.project;
    let first = label(&ann, &items[0], "positive").await;
    let second = label(&ann, &items[1], "positive").await;
    let own = label(&rev, &items[2], "negative").await;
    assert_eq!(
        next_review_id(&rev, project).await.as_deref(),
        Some(first.as_str())
    );
    rev.post(&format!("/annotations/{first}/skip-review"), json!({}))
        .await
        .assert_status(204);
    // Skipping again is harmless.
    rev.post(&format!("/annotations/{first}/skip-review"), json!({}))
        .await
        .assert_status(204);
    assert_eq!(server.count("SELECT COUNT(*) FROM review_leases").await, 0);
    assert_eq!(
        review_progress(&rev, project).await,
        json!({ "waiting": 1, "reviewed": 0 })
    );
    assert_eq!(
        next_review_id(&rev, project).await.as_deref(),
        Some(second.as_str())
    );
    review(&rev, &second, "accept", "").await.assert_status(201);
    assert_eq!(next_review_id(&rev, project).await, None);
    // The manager is given what the reviewer skipped.
    assert_eq!(
        next_review_id(&setup.manager, project).await.as_deref(),
        Some(first.as_str())
    );
    // Nobody skips their own annotation.
    rev.post(&format!("/annotations/{own}/skip-review"), json!({}))
        .await
        .assert_problem(403, "cannot_review_own_annotation");
    assert_eq!(server.count("SELECT COUNT(*) FROM review_skips").await, 1);
}

async fn an_annotation_leased_to_a_reviewer_takes_no_review_from_another_until_the_lease_ends(
    server: TestServer,
) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(1).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let project = &setup.project;
    let annotation = label(&ann, &items[0], "positive").await;
    assert_eq!(
        next_review_id(&rev, project).await.as_deref(),
        Some(annotation.as_str())
    );
    assert_eq!(next_review_id(&setup.manager, project).await, None);
    let before = queue_rows(&server).await;
    review(&setup.manager, &annotation, "accept", "")
        .await
        .assert_problem(409, "annotation_under_review");
    assert_eq!(queue_rows(&server).await, before);
    // Once Rev's lease has expired, the annotation is free for anyone.
    server
        .exec("UPDATE review_leases SET expires_at = '2000-01-01T00:00:00.000000Z'")
        .await;
    assert_eq!(
        next_review_id(&setup.manager, project).await.as_deref(),
        Some(annotation.as_str())
    );
    // Now the manager holds it: Rev's late review is refused in turn.
    review(&rev, &annotation, "accept", "")
        .await
        .assert_problem(409, "annotation_under_review");
    review(&setup.manager, &annotation, "accept", "")
        .await
        .assert_status(201);
    assert_eq!(server.count("SELECT COUNT(*) FROM review_leases").await, 0);
}

async fn a_rejection_needs_a_comment_and_a_refused_one_writes_nothing(server: TestServer) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(1).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let annotation = label(&ann, &items[0], "positive").await;
    assert_eq!(
        next_review_id(&rev, &setup.project).await.as_deref(),
        Some(annotation.as_str())
    );
    let before = queue_rows(&server).await;
    let path = format!("/annotations/{annotation}/reviews");
    for body in [
        json!({ "verdict": "reject" }),
        json!({ "verdict": "reject", "comment": "" }),
        json!({ "verdict": "reject", "comment": " \n\t " }),
    ] {
        let answer = rev.post(&path, body.clone()).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], "comment", "{body}");
        assert_eq!(answer.body["errors"][0]["code"], "required", "{body}");
    }
    assert_eq!(queue_rows(&server).await, before);
    let rejected = review(&rev, &annotation, "reject", "Say why it is positive.").await;
    rejected.assert_status(201);
    assert_eq!(
        rejected.body["review"]["comment"],
        "Say why it is positive."
    );
}

async fn unassigning_a_reviewer_frees_the_annotation_they_held(server: TestServer) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(1).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let project = &setup.project;
    let annotation = label(&ann, &items[0], "positive").await;
    assert_eq!(
        next_review_id(&rev, project).await.as_deref(),
        Some(annotation.as_str())
    );
    setup
        .manager
        .delete(&format!("/projects/{project}/members/{}", rev.user_id()))
        .await
        .assert_status(204);
    assert_eq!(
        next_review_id(&setup.manager, project).await.as_deref(),
        Some(annotation.as_str())
    );
}

async fn an_archived_project_leases_and_skips_nothing(server: TestServer) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(2).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let project = &setup.project;
    let annotation = label(&ann, &items[0], "positive").await;
    assert_eq!(leased(&ann, project, 1).await, items[1..]);
    assert_eq!(
        next_review_id(&rev, project).await.as_deref(),
        Some(annotation.as_str())
    );
    setup
        .manager
        .patch(&format!("/projects/{project}"), json!({ "archived": true }))
        .await
        .assert_status(200);
    // Archiving ended every lease.
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 0);
    assert_eq!(server.count("SELECT COUNT(*) FROM review_leases").await, 0);
    let before = queue_rows(&server).await;
    let writes = [
        lease(&ann, project, json!(2)).await,
        ann.delete(&format!("/projects/{project}/queue/leases/{}", items[1]))
            .await,
        skip(&ann, &items[1]).await,
        next_review(&rev, project).await,
        rev.post(&format!("/annotations/{annotation}/skip-review"), json!({}))
            .await,
    ];
    for answer in &writes {
        answer.assert_problem(409, "project_archived");
    }
    assert_eq!(queue_rows(&server).await, before);
    // The reads still answer.
    assert_eq!(queue_progress(&ann, project).await["annotated"], 1);
    assert_eq!(review_progress(&rev, project).await["waiting"], 1);
    ann.get(&format!("/projects/{project}/my-annotations"))
        .await
        .assert_status(200);
}

async fn every_new_route_answers_404_for_another_organizations_ids(server: TestServer) {
    let setup = Setup::new(&server, 1).await;
    setup.items(1).await;
    // Another organization with a project, an item and an annotation.
    let rival = server.sign_up("rival").await;
    let rival_org = server.organization(&rival, "Rival").await;
    let rival_project = project_with_ui(&rival, &rival_org, "Theirs", 1, schema()).await;
    let rival_items = import(&rival, &rival_project, 1).await;
    let rival_annotation = label(&rival, &rival_items[0], "positive").await;
    let before = queue_rows(&server).await;
    for client in [&setup.owner, &setup.manager] {
        let answers = [
            lease(client, &rival_project, json!(1)).await,
            client
                .post(&format!("/projects/{rival_project}/queue/next"), json!({}))
                .await,
            client
                .delete(&format!(
                    "/projects/{rival_project}/queue/leases/{}",
                    rival_items[0]
                ))
                .await,
            client
                .delete(&format!(
                    "/projects/{}/queue/leases/{}",
                    setup.project, rival_items[0]
                ))
                .await,
            skip(client, &rival_items[0]).await,
            client
                .get(&format!("/projects/{rival_project}/queue/progress"))
                .await,
            client
                .get(&format!("/projects/{rival_project}/my-annotations"))
                .await,
            client
                .get(&format!(
                    "/projects/{rival_project}/annotation-ui/versions/1"
                ))
                .await,
            next_review(client, &rival_project).await,
            client
                .post(
                    &format!("/annotations/{rival_annotation}/skip-review"),
                    json!({}),
                )
                .await,
            client
                .get(&format!("/projects/{rival_project}/review-queue/progress"))
                .await,
        ];
        for answer in &answers {
            answer.assert_problem(404, "not_found");
        }
    }
    assert_eq!(queue_rows(&server).await, before);
}

// ---------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------

async fn annotators_leasing_ahead_at_once_never_share_an_item_beyond_the_overlap(
    server: TestServer,
) {
    let setup = Setup::new(&server, 2).await;
    let items = setup.items(24).await;
    let mut annotators = Vec::new();
    for i in 0..8 {
        annotators.push(
            setup
                .assigned(&server, &format!("annotator{i}"), "annotator")
                .await,
        );
    }
    // All at once, each asks for as many leases as it may hold.
    let first_round = annotators.iter().cloned().map(|annotator| {
        let project = setup.project.clone();
        tokio::spawn(async move { (annotator.user_id(), leased(&annotator, &project, 5).await) })
    });
    let mut holders: HashMap<String, HashSet<String>> = HashMap::new();
    for task in first_round.collect::<Vec<_>>() {
        let (annotator, items) = task.await.expect("a lease request");
        assert!(items.len() <= 5);
        for item in items {
            assert!(
                holders
                    .entry(item.clone())
                    .or_default()
                    .insert(annotator.clone()),
                "{item} leased twice to one annotator"
            );
        }
    }
    for (item, annotators) in &holders {
        assert!(
            annotators.len() <= 2,
            "{item} leased to {}",
            annotators.len()
        );
    }
    // 24 items x overlap 2 = 48 slots for 8 x 5 = 40 wanted: everyone got 5.
    assert_eq!(holders.values().map(HashSet::len).sum::<usize>(), 40);

    // Then they all work the queue two ahead, at once, until it is empty.
    let work = annotators.into_iter().map(|annotator| {
        let project = setup.project.clone();
        tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let leases = leased(&annotator, &project, 2).await;
                let Some(item) = leases.first() else {
                    return (annotator.user_id(), done);
                };
                label(&annotator, item, "positive").await;
                done.push(item.clone());
            }
        })
    });
    let mut by_item: HashMap<String, Vec<String>> = HashMap::new();
    for task in work.collect::<Vec<_>>() {
        let (annotator, done) = task.await.expect("an annotator's work");
        for item in done {
            by_item.entry(item).or_default().push(annotator.clone());
        }
    }
    assert_eq!(by_item.len(), items.len(), "every item was annotated");
    for (item, annotators) in &by_item {
        let distinct: HashSet<&String> = annotators.iter().collect();
        assert_eq!(
            annotators.len(),
            2,
            "{item} got {} annotations",
            annotators.len()
        );
        assert_eq!(distinct.len(), 2, "{item} went twice to one annotator");
    }
    assert_eq!(server.count("SELECT COUNT(*) FROM leases").await, 0);
}

async fn reviewers_asking_at_once_never_hold_the_same_annotation(server: TestServer) {
    let setup = Setup::new(&server, 2).await;
    let items = setup.items(12).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    for item in &items {
        label(&ann, item, "positive").await;
        label(&bob, item, "negative").await;
    }
    let mut reviewers = Vec::new();
    for i in 0..6 {
        reviewers.push(
            setup
                .assigned(&server, &format!("reviewer{i}"), "reviewer")
                .await,
        );
    }
    // All at once: six distinct annotations, one each.
    let first_round = reviewers.iter().cloned().map(|reviewer| {
        let project = setup.project.clone();
        tokio::spawn(async move { next_review_id(&reviewer, &project).await })
    });
    let mut held = HashSet::new();
    for task in first_round.collect::<Vec<_>>() {
        let annotation = task.await.expect("a review lease").expect("an annotation");
        assert!(held.insert(annotation.clone()), "{annotation} held twice");
    }
    assert_eq!(held.len(), 6);
    // Then they all review until nothing is left, at once; each annotation once.
    let work = reviewers.into_iter().map(|reviewer| {
        let project = setup.project.clone();
        tokio::spawn(async move {
            let mut done = Vec::new();
            while let Some(annotation) = next_review_id(&reviewer, &project).await {
                review(&reviewer, &annotation, "accept", "")
                    .await
                    .assert_status(201);
                done.push(annotation);
            }
            done
        })
    });
    let mut reviewed = Vec::new();
    for task in work.collect::<Vec<_>>() {
        reviewed.extend(task.await.expect("a reviewer's work"));
    }
    let distinct: HashSet<&String> = reviewed.iter().collect();
    assert_eq!(reviewed.len(), 24, "every annotation was reviewed");
    assert_eq!(distinct.len(), 24, "no annotation was reviewed twice");
    assert_eq!(server.count("SELECT COUNT(*) FROM reviews").await, 24);
    assert_eq!(server.count("SELECT COUNT(*) FROM review_leases").await, 0);
}

async fn as_many_reviewers_as_annotations_asking_at_once_each_hold_one(server: TestServer) {
    // Two annotations per item: a reviewer passing over an item another
    // holds must still find its second annotation, waiting when nothing
    // else is left.
    let setup = Setup::new(&server, 2).await;
    let items = setup.items(6).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let mut annotations = HashSet::new();
    for item in &items {
        annotations.insert(label(&ann, item, "positive").await);
        annotations.insert(label(&bob, item, "negative").await);
    }
    let mut reviewers = Vec::new();
    for i in 0..annotations.len() {
        reviewers.push(
            setup
                .assigned(&server, &format!("reviewer{i}"), "reviewer")
                .await,
        );
    }
    let asking = reviewers.iter().cloned().map(|reviewer| {
        let project = setup.project.clone();
        tokio::spawn(async move { next_review_id(&reviewer, &project).await })
    });
    let mut held = HashSet::new();
    for task in asking.collect::<Vec<_>>() {
        let annotation = task
            .await
            .expect("a review lease")
            .expect("an annotation for every reviewer");
        assert!(held.insert(annotation.clone()), "{annotation} held twice");
    }
    assert_eq!(held, annotations);
    assert_eq!(
        server.count("SELECT COUNT(*) FROM review_leases").await,
        annotations.len() as i64
    );
    // Nothing is left for one more.
    let late = setup.assigned(&server, "late", "reviewer").await;
    assert_eq!(next_review_id(&late, &setup.project).await, None);
}

async fn a_reviewer_asking_several_times_at_once_holds_one_lease(server: TestServer) {
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(4).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    for item in &items {
        label(&ann, item, "positive").await;
    }
    let rev = setup.assigned(&server, "rev", "reviewer").await;
    let asking = (0..4).map(|_| {
        let (rev, project) = (rev.clone(), setup.project.clone());
        tokio::spawn(async move { next_review_id(&rev, &project).await })
    });
    let mut given = HashSet::new();
    for task in asking.collect::<Vec<_>>() {
        given.insert(task.await.expect("a review lease").expect("an annotation"));
    }
    assert_eq!(given.len(), 1, "one reviewer was given {given:?}");
    assert_eq!(server.count("SELECT COUNT(*) FROM review_leases").await, 1);
}

/// On PostgreSQL, a reviewer's lease transaction, held open, keeps neither an
/// annotator nor another reviewer of the project waiting: leasing shares the
/// project and locks one item. (SQLite serializes every writer.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_leasing_holds_up_no_annotator_nor_other_reviewer_on_postgres() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let server = TestServer::start(TestBackend::Postgres).await;
    let setup = Setup::new(&server, 1).await;
    let items = setup.items(3).await;
    let ann = setup.assigned(&server, "ann", "annotator").await;
    let bob = setup.assigned(&server, "bob", "annotator").await;
    let first_reviewer = setup.assigned(&server, "rev1", "reviewer").await;
    let second_reviewer = setup.assigned(&server, "rev2", "reviewer").await;
    let mut pending = [
        label(&ann, &items[0], "positive").await,
        label(&ann, &items[1], "negative").await,
    ];
    // The queue hands out the lowest id first; ids sort as their text does.
    pending.sort();
    let [oldest, next] = pending;
    let Db::Postgres(pool) = server.owner_db() else {
        panic!("a PostgreSQL server");
    };
    // Holding the oldest annotation's row stops the first reviewer's lease
    // transaction at its insert (the foreign key's check locks the row),
    // after it took every lock of its own.
    let mut hold = pool.begin().await.expect("a transaction");
    sqlx::query(&format!(
        "SELECT id FROM annotations WHERE id = '{oldest}' FOR UPDATE"
    ))
    .execute(&mut *hold)
    .await
    .expect("the annotation's row");
    let leasing = {
        let (reviewer, project) = (first_reviewer.clone(), setup.project.clone());
        tokio::spawn(async move { next_review_id(&reviewer, &project).await })
    };
    let waiting = "SELECT COUNT(*) FROM pg_stat_activity
                   WHERE datname = current_database() AND wait_event_type = 'Lock'";
    let mut waited = Duration::ZERO;
    while server.count(waiting).await == 0 {
        assert!(!leasing.is_finished(), "the lease request did not wait");
        assert!(
            waited < Duration::from_secs(10),
            "the lease request never waited"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        waited += Duration::from_millis(20);
    }
    // Meanwhile an annotator leases and annotates, and another reviewer leases.
    let others = async {
        assert_eq!(leased(&bob, &setup.project, 1).await, items[2..]);
        label(&bob, &items[2], "neutral").await;
        next_review_id(&second_reviewer, &setup.project).await
    };
    let second = tokio::time::timeout(Duration::from_secs(10), others)
        .await
        .expect("an annotator and a reviewer waited for another reviewer's lease");
    assert_eq!(second.as_deref(), Some(next.as_str()));
    assert!(
        !leasing.is_finished(),
        "the first lease was held open throughout"
    );
    hold.rollback().await.expect("rolled back");
    let first = leasing.await.expect("the first lease request");
    assert_eq!(first.as_deref(), Some(oldest.as_str()));
}
