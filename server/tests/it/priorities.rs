//! Item priorities over HTTP on both backends: the work queue hands out the
//! highest first (ties oldest first) without giving up its guarantees, and
//! priorities are set one by one or in bulk by `external_id`, all of a request
//! or none.

use std::collections::{HashMap, HashSet};

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::fixtures::{assign, label, project_with_ui, sentiment_schema};
use crate::common::{Answer, Client, TestServer};

backend_tests![
    the_queue_hands_out_the_highest_priority_first_and_ties_oldest_first,
    priorities_set_in_bulk_take_the_later_of_two_lines_and_leave_updated_at,
    a_bulk_update_with_an_unknown_or_malformed_entry_sets_nothing_and_names_each_line,
    another_organizations_items_and_projects_are_out_of_reach,
    one_items_priority_is_changed_with_patch,
    annotators_leasing_at_once_by_priority_never_share_an_item_beyond_the_overlap,
];

/// A project (overlap `overlap`) of a new organization (`name`), its manager,
/// and `count` items `t00`, `t01`, ... imported in that order; their ids by
/// external id.
struct Setup {
    owner: Client,
    manager: Client,
    org: String,
    project: String,
    ids: HashMap<String, String>,
}

impl Setup {
    async fn new(server: &TestServer, name: &str, overlap: u32, count: usize) -> Setup {
        let owner = server.sign_up(&format!("{name}-owner")).await;
        let org = server.organization(&owner, name).await;
        let manager = server
            .member(&owner, &org, &format!("{name}-manager"), "manager")
            .await;
        let project = project_with_ui(&manager, &org, "Tickets", overlap, sentiment_schema()).await;
        let items: Vec<Value> = (0..count)
            .map(|i| json!({ "external_id": format!("t{i:02}"), "data": { "text": format!("Ticket {i}") } }))
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
        let ids = listed.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| {
                (
                    item["external_id"]
                        .as_str()
                        .expect("external_id")
                        .to_owned(),
                    item["id"].as_str().expect("id").to_owned(),
                )
            })
            .collect();
        Setup {
            owner,
            manager,
            org,
            project,
            ids,
        }
    }

    async fn annotator(&self, server: &TestServer, name: &str) -> Client {
        let member = server
            .member(&self.owner, &self.org, name, "annotator")
            .await;
        assign(&self.manager, &self.project, &member).await;
        member
    }

    /// The external ids of `item_ids`.
    fn external_ids(&self, item_ids: &[String]) -> Vec<String> {
        let by_id: HashMap<&String, &String> = self.ids.iter().map(|(e, i)| (i, e)).collect();
        item_ids.iter().map(|id| by_id[id].clone()).collect()
    }

    /// The priority and `updated_at` of every item, by external id.
    async fn priorities(&self) -> HashMap<String, (f64, String)> {
        let listed = self
            .manager
            .get(&format!("/projects/{}/items?limit=1000", self.project))
            .await;
        listed.assert_status(200);
        listed.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| {
                (
                    item["external_id"]
                        .as_str()
                        .expect("external_id")
                        .to_owned(),
                    (
                        item["priority"].as_f64().expect("a priority"),
                        item["updated_at"].as_str().expect("updated_at").to_owned(),
                    ),
                )
            })
            .collect()
    }
}

/// Sends `lines` as an NDJSON priority update of `project`.
async fn send_priorities(client: &Client, project: &str, lines: &[Value]) -> Answer {
    let body: String = lines.iter().map(|line| format!("{line}\n")).collect();
    client
        .send_raw(
            Method::POST,
            &format!("/projects/{project}/items/priorities"),
            "application/x-ndjson",
            body.into_bytes(),
        )
        .await
}

/// The external ids of the items the caller holds after asking for `count` leases, in the order given.
async fn leased(setup: &Setup, client: &Client, count: u32) -> Vec<String> {
    let answer = client
        .post(
            &format!("/projects/{}/queue/leases", setup.project),
            json!({ "count": count }),
        )
        .await;
    answer.assert_status(200);
    let ids: Vec<String> = answer.body["leases"]
        .as_array()
        .expect("leases")
        .iter()
        .map(|lease| lease["item"]["id"].as_str().expect("an id").to_owned())
        .collect();
    setup.external_ids(&ids)
}

fn priority(external_id: &str, priority: f64) -> Value {
    json!({ "external_id": external_id, "priority": priority })
}

async fn the_queue_hands_out_the_highest_priority_first_and_ties_oldest_first(server: TestServer) {
    let setup = Setup::new(&server, "acme", 1, 5).await;
    let answer = send_priorities(
        &setup.manager,
        &setup.project,
        &[
            priority("t03", 5.0),
            priority("t01", 5.0),
            priority("t04", -1.0),
            priority("t02", 0.25),
        ],
    )
    .await;
    answer.assert_status(200);
    assert_eq!(answer.body, json!({ "updated": 4 }));
    let order = ["t01", "t03", "t02", "t00", "t04"];

    // Leased all at once, and listed again on the next request, in that order.
    let ann = setup.annotator(&server, "ann").await;
    assert_eq!(leased(&setup, &ann, 5).await, order);
    assert_eq!(leased(&setup, &ann, 5).await, order);

    // One at a time, answering each: overlap 1, so bob gets only what ann
    // lets go of.
    let bob = setup.annotator(&server, "bob").await;
    ann.delete(&format!(
        "/projects/{}/queue/leases/{}",
        setup.project, setup.ids["t01"]
    ))
    .await
    .assert_status(204);
    let mut worked = Vec::new();
    loop {
        let next = bob
            .post(
                &format!("/projects/{}/queue/next", setup.project),
                json!({}),
            )
            .await;
        if next.status.as_u16() == 204 {
            break;
        }
        next.assert_status(200);
        let item = next.body["item"]["id"]
            .as_str()
            .expect("an item id")
            .to_owned();
        label(&bob, &item, "positive").await;
        worked.push(item);
    }
    assert_eq!(setup.external_ids(&worked), ["t01"]);

    // A priority raised later moves an open item ahead of the rest.
    send_priorities(&setup.manager, &setup.project, &[priority("t00", 9.5)])
        .await
        .assert_status(200);
    for external_id in ["t03", "t02", "t00", "t04"] {
        let id = &setup.ids[external_id];
        ann.delete(&format!("/projects/{}/queue/leases/{id}", setup.project))
            .await
            .assert_status(204);
    }
    let carol = setup.annotator(&server, "carol").await;
    assert_eq!(
        leased(&setup, &carol, 5).await,
        ["t00", "t03", "t02", "t04"]
    );
}

async fn priorities_set_in_bulk_take_the_later_of_two_lines_and_leave_updated_at(
    server: TestServer,
) {
    let setup = Setup::new(&server, "acme", 1, 4).await;
    let before = setup.priorities().await;
    assert!(before.values().all(|(priority, _)| *priority == 0.0));

    // NDJSON, with blank lines, a line repeated (the later wins) and
    // priorities that must come back exactly.
    let body = format!(
        "{}\n\n{}\n{}\r\n{}\n",
        priority("t00", 0.1),
        priority("t01", -3.5e-7),
        priority("t00", 0.7304950034184265),
        priority("t03", 1e300),
    );
    let answer = setup
        .manager
        .send_raw(
            Method::POST,
            &format!("/projects/{}/items/priorities", setup.project),
            "application/x-ndjson",
            body.into_bytes(),
        )
        .await;
    answer.assert_status(200);
    assert_eq!(answer.body["updated"], 4, "one per line: {}", answer.body);
    let after = setup.priorities().await;
    assert_eq!(after["t00"].0, 0.730_495_003_418_426_5);
    assert_eq!(after["t01"].0, -3.5e-7);
    assert_eq!(after["t02"].0, 0.0);
    assert_eq!(after["t03"].0, 1e300);
    for (external_id, (_, updated_at)) in &after {
        assert_eq!(
            updated_at, &before[external_id].1,
            "{external_id}: a priority is no change of the item"
        );
    }

    // JSON takes the same entries; an empty update sets nothing.
    let answer = setup
        .manager
        .post(
            &format!("/projects/{}/items/priorities", setup.project),
            json!({ "items": [priority("t02", 2.0)] }),
        )
        .await;
    answer.assert_status(200);
    assert_eq!(answer.body, json!({ "updated": 1 }));
    assert_eq!(setup.priorities().await["t02"].0, 2.0);
    let empty = send_priorities(&setup.manager, &setup.project, &[]).await;
    empty.assert_status(200);
    assert_eq!(empty.body, json!({ "updated": 0 }));

    // Each write is in the audit log.
    let audit = setup
        .owner
        .get(&format!(
            "/organizations/{}/audit-log?action=items.prioritized",
            setup.org
        ))
        .await;
    audit.assert_status(200);
    let entries = audit.body["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 3, "{}", audit.body);
}

async fn a_bulk_update_with_an_unknown_or_malformed_entry_sets_nothing_and_names_each_line(
    server: TestServer,
) {
    let setup = Setup::new(&server, "acme", 1, 3).await;
    let before = setup.priorities().await;
    let project = &setup.project;

    // Items the project lacks: found only once written, so the whole
    // transaction is rolled back; each line is named, in order.
    let unknown = send_priorities(
        &setup.manager,
        project,
        &[
            priority("t00", 1.0),
            priority("nope-1", 1.0),
            priority("t01", 1.0),
            priority("nope-2", 1.0),
        ],
    )
    .await;
    unknown.assert_problem(422, "validation_failed");
    let fields: Vec<(&str, &str)> = unknown.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or(""),
                e["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("line[2].external_id", "not_found"),
            ("line[4].external_id", "not_found")
        ]
    );

    // Malformed lines: found while reading, before anything is written.
    let body = [
        priority("t00", 4.0).to_string(),
        r#"{"external_id": "t01", "priority": "high"}"#.to_owned(),
        r#"{"external_id": "t02"}"#.to_owned(),
        r#"{"external_id": "", "priority": 1}"#.to_owned(),
        r#"{"external_id": "t02", "priority": 1e999}"#.to_owned(),
        r#"{"external_id": "t02", "priority": 1, "extra": true}"#.to_owned(),
        "not json".to_owned(),
    ]
    .join("\n");
    let malformed = setup
        .manager
        .send_raw(
            Method::POST,
            &format!("/projects/{project}/items/priorities"),
            "application/x-ndjson",
            body.into_bytes(),
        )
        .await;
    malformed.assert_problem(422, "validation_failed");
    let lines: HashSet<String> = malformed.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            let field = e["field"].as_str().expect("a field");
            field[..field.find(']').expect("a line") + 1].to_owned()
        })
        .collect();
    let expected: HashSet<String> = (2..=7).map(|n| format!("line[{n}]")).collect();
    assert_eq!(lines, expected, "{}", malformed.body);

    // Neither wrote anything.
    assert_eq!(setup.priorities().await, before);

    // Other bodies: JSON of the wrong shape, another media type.
    setup
        .manager
        .post(
            &format!("/projects/{project}/items/priorities"),
            json!({ "items": [{ "external_id": "t00", "priority": null }] }),
        )
        .await
        .assert_problem(422, "validation_failed");
    setup
        .manager
        .send_raw(
            Method::POST,
            &format!("/projects/{project}/items/priorities"),
            "text/csv",
            b"t00,1".to_vec(),
        )
        .await
        .assert_problem(415, "unsupported_media_type");

    // An archived project takes no priorities.
    setup
        .manager
        .patch(&format!("/projects/{project}"), json!({ "archived": true }))
        .await
        .assert_status(200);
    send_priorities(&setup.manager, project, &[priority("t00", 1.0)])
        .await
        .assert_problem(409, "project_archived");
    assert_eq!(setup.priorities().await, before);
}

async fn another_organizations_items_and_projects_are_out_of_reach(server: TestServer) {
    let ours = Setup::new(&server, "acme", 1, 1).await;
    let theirs = Setup::new(&server, "rival", 1, 2).await;
    let before = theirs.priorities().await;
    // Their project: not found to us.
    send_priorities(&ours.manager, &theirs.project, &[priority("t00", 1.0)])
        .await
        .assert_problem(404, "not_found");
    // Their item's external id in our project: our project has no `t01`.
    let answer = send_priorities(&ours.manager, &ours.project, &[priority("t01", 1.0)]).await;
    answer.assert_problem(422, "validation_failed");
    assert_eq!(answer.body["errors"][0]["code"], "not_found");
    // `t00` is in both: ours changes, theirs does not.
    send_priorities(&ours.manager, &ours.project, &[priority("t00", 3.0)])
        .await
        .assert_status(200);
    assert_eq!(ours.priorities().await["t00"].0, 3.0);
    assert_eq!(theirs.priorities().await, before);
    // Their item by id: not found to us.
    ours.manager
        .patch(
            &format!("/items/{}", theirs.ids["t00"]),
            json!({ "priority": 7 }),
        )
        .await
        .assert_problem(404, "not_found");
    assert_eq!(theirs.priorities().await, before);
}

async fn one_items_priority_is_changed_with_patch(server: TestServer) {
    let setup = Setup::new(&server, "acme", 1, 2).await;
    let before = setup.priorities().await;
    let id = &setup.ids["t01"];
    let answer = setup
        .manager
        .patch(&format!("/items/{id}"), json!({ "priority": 12.5 }))
        .await;
    answer.assert_status(200);
    assert_eq!(answer.body["item"]["priority"], 12.5);
    assert_eq!(answer.body["item"]["updated_at"], before["t01"].1.as_str());
    let ann = setup.annotator(&server, "ann").await;
    assert_eq!(leased(&setup, &ann, 1).await, ["t01"]);

    // A change of metadata moves updated_at and keeps the priority.
    let answer = setup
        .manager
        .patch(
            &format!("/items/{id}"),
            json!({ "metadata": { "checked": true } }),
        )
        .await;
    answer.assert_status(200);
    assert_eq!(answer.body["item"]["priority"], 12.5);
    assert_ne!(answer.body["item"]["updated_at"], before["t01"].1.as_str());

    for bad in [json!({ "priority": "high" }), json!({ "priority": [1] })] {
        setup
            .manager
            .patch(&format!("/items/{id}"), bad)
            .await
            .assert_problem(422, "validation_failed");
    }
    // An annotator may not reorder the queue.
    ann.patch(&format!("/items/{id}"), json!({ "priority": 99 }))
        .await
        .assert_status(403);
    send_priorities(&ann, &setup.project, &[priority("t00", 99.0)])
        .await
        .assert_status(403);
    assert_eq!(setup.priorities().await["t01"].0, 12.5);
}

async fn annotators_leasing_at_once_by_priority_never_share_an_item_beyond_the_overlap(
    server: TestServer,
) {
    let setup = Setup::new(&server, "acme", 2, 24).await;
    // Distinct priorities, in an order unlike import order.
    let lines: Vec<Value> = (0..24)
        .map(|i| priority(&format!("t{i:02}"), f64::from((i * 7) % 24)))
        .collect();
    send_priorities(&setup.manager, &setup.project, &lines)
        .await
        .assert_status(200);
    let mut annotators = Vec::new();
    for i in 0..8 {
        annotators.push(setup.annotator(&server, &format!("annotator{i}")).await);
    }
    let project = setup.project.clone();
    let work = annotators.into_iter().map(|annotator| {
        let project = project.clone();
        tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let answer = annotator
                    .post(
                        &format!("/projects/{project}/queue/leases"),
                        json!({ "count": 2 }),
                    )
                    .await;
                answer.assert_status(200);
                let Some(item) = answer.body["leases"][0]["item"]["id"].as_str() else {
                    return (annotator.user_id(), done);
                };
                let item = item.to_owned();
                label(&annotator, &item, "positive").await;
                done.push(item);
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
    assert_eq!(by_item.len(), 24, "every item was annotated");
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
