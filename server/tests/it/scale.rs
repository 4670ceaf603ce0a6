//! Data at scale, on both backends: an import is all-or-nothing however large,
//! an export is a consistent snapshot, and an interrupted export resumes
//! exactly where it stopped. They run when `LABELWELL_TEST_SCALE=1`, as in
//! `scripts/test`.

use crate::common::fixtures::{project_with_ui, sentiment_schema};
use crate::common::{Client, TestServer, scale_tests_selected};
use serde_json::{Value, json};

backend_tests![when scale_tests_selected =>
    an_import_with_a_bad_line_at_500000_writes_nothing_and_names_the_line,
    an_export_running_during_an_import_holds_all_of_it_or_none,
    an_interrupted_export_resumed_after_its_last_item_yields_exactly_the_rest,
    an_incremental_export_holds_exactly_what_changed,
    projects_whose_items_interleave_keep_to_their_own,
];

async fn project(server: &TestServer) -> (Client, String) {
    let owner = server.sign_up("owner").await;
    let org = server.organization(&owner, "Scale").await;
    let project = project_in(&owner, &org).await;
    (owner, project)
}

async fn project_in(owner: &Client, org: &str) -> String {
    project_with_ui(owner, org, "Big", 1, sentiment_schema()).await
}

fn ndjson(range: std::ops::Range<usize>, prefix: &str) -> String {
    range
        .map(|i| format!("{{\"external_id\":\"{prefix}-{i}\",\"data\":{{\"text\":\"Item number {i} of the big import.\"}}}}\n"))
        .collect()
}

async fn import(owner: &Client, project: &str, body: String) -> crate::common::Answer {
    owner
        .send_raw(
            reqwest::Method::POST,
            &format!("/projects/{project}/items"),
            "application/x-ndjson",
            body.into(),
        )
        .await
}

async fn export_lines(owner: &Client, path: &str) -> Vec<Value> {
    let answer = owner.get(path).await;
    answer.assert_status(200);
    let text = match answer.body {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => format!("{other}\n"),
    };
    text.lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

async fn an_import_with_a_bad_line_at_500000_writes_nothing_and_names_the_line(server: TestServer) {
    let (owner, project) = project(&server).await;
    let mut body = ndjson(1..500_000, "item");
    body.push_str(
        "{\"external_id\":\"item-500000\",\"data\":{\"txt\":\"a typo in the field name\"}}\n",
    );
    body.push_str(&ndjson(500_001..520_001, "item"));
    let answer = import(&owner, &project, body).await;
    answer.assert_problem(422, "validation_failed");
    assert_eq!(
        answer.body["errors"].as_array().map(Vec::len),
        Some(1),
        "{}",
        answer.body
    );
    assert_eq!(answer.body["errors"][0]["field"], "line[500000].data.text");
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 0);
}

async fn an_export_running_during_an_import_holds_all_of_it_or_none(server: TestServer) {
    let (owner, project) = project(&server).await;
    import(&owner, &project, ndjson(0..30_000, "before"))
        .await
        .assert_status(200);
    // Start the export and read only its first chunk: the rest waits in the
    // server, its snapshot open, while another import commits.
    let url = server.url(&format!("/projects/{project}/export"));
    let mut response = match owner.auth() {
        crate::common::Auth::Session { csrf_token } => owner
            .http()
            .get(&url)
            .header("x-csrf-token", csrf_token)
            .send()
            .await
            .expect("export starts"),
        _ => panic!("the owner has a session"),
    };
    let mut body = response
        .chunk()
        .await
        .expect("a first chunk")
        .expect("not empty")
        .to_vec();
    import(&owner, &project, ndjson(0..5_000, "during"))
        .await
        .assert_status(200);
    while let Some(chunk) = response.chunk().await.expect("the rest") {
        body.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(body).expect("utf-8");
    let ids: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("JSON")["external_id"].clone())
        .collect();
    let during = ids
        .iter()
        .filter(|id| id.as_str().is_some_and(|id| id.starts_with("during")))
        .count();
    assert_eq!(
        ids.len(),
        30_000,
        "the export is the snapshot of when it started"
    );
    assert_eq!(during, 0);
    // A new export sees both imports whole.
    assert_eq!(
        export_lines(&owner, &format!("/projects/{project}/export"))
            .await
            .len(),
        35_000
    );
}

async fn an_interrupted_export_resumed_after_its_last_item_yields_exactly_the_rest(
    server: TestServer,
) {
    let (owner, project) = project(&server).await;
    import(&owner, &project, ndjson(0..5_000, "item"))
        .await
        .assert_status(200);
    let all = export_lines(&owner, &format!("/projects/{project}/export")).await;
    assert_eq!(all.len(), 5_000);
    // The pull broke after 1,234 items: resume after the last one received.
    let last = all[1_233]["id"].as_str().expect("id");
    let rest = export_lines(&owner, &format!("/projects/{project}/export?after={last}")).await;
    assert_eq!(rest.len(), 5_000 - 1_234);
    assert_eq!(&all[1_234..], rest.as_slice());
}

async fn an_incremental_export_holds_exactly_what_changed(server: TestServer) {
    let (owner, project) = project(&server).await;
    import(&owner, &project, ndjson(0..3_000, "item"))
        .await
        .assert_status(200);
    let first = export_lines(&owner, &format!("/projects/{project}/export")).await;
    let since = first
        .iter()
        .filter_map(|item| item["updated_at"].as_str())
        .max()
        .expect("a time")
        .to_owned();
    // Change 7 items and add 3.
    let mut changes = ndjson(0..7, "item").replace("big import", "big import, edited");
    changes.push_str(&ndjson(3_000..3_003, "item"));
    let answer = import(&owner, &project, changes).await;
    answer.assert_status(200);
    assert_eq!(answer.body, json!({ "created": 3, "updated": 7 }));
    let since = since.replace('+', "%2B");
    let changed = export_lines(
        &owner,
        &format!("/projects/{project}/export?updated_after={since}"),
    )
    .await;
    let mut ids: Vec<&str> = changed
        .iter()
        .filter_map(|item| item["external_id"].as_str())
        .collect();
    ids.sort_unstable();
    let mut expected: Vec<String> = (0..7)
        .chain(3_000..3_003)
        .map(|i| format!("item-{i}"))
        .collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);
}

/// Lists, exports and the queue read a project's items as one range of an
/// index; items of another project created before, between and after them
/// stay out, page after page.
async fn projects_whose_items_interleave_keep_to_their_own(server: TestServer) {
    let owner = server.sign_up("owner").await;
    let org = server.organization(&owner, "Scale").await;
    let (early, late) = (
        project_in(&owner, &org).await,
        project_in(&owner, &org).await,
    );
    for (project, range, prefix) in [
        (&late, 0..700, "late"),
        (&early, 0..1_500, "early"),
        (&late, 700..1_400, "late"),
        (&early, 1_500..2_500, "early"),
    ] {
        import(&owner, project, ndjson(range, prefix))
            .await
            .assert_status(200);
    }
    for (project, prefix, count) in [(&early, "early-", 2_500), (&late, "late-", 1_400)] {
        for filter in ["", "&status=new"] {
            let mut seen: Vec<String> = Vec::new();
            let mut path = format!("/projects/{project}/items?limit=100{filter}");
            loop {
                let page = owner.get(&path).await;
                page.assert_status(200);
                let items = page.body["items"].as_array().expect("items");
                seen.extend(
                    items
                        .iter()
                        .map(|item| item["id"].as_str().expect("id").to_owned()),
                );
                assert!(items.iter().all(|item| {
                    item["external_id"]
                        .as_str()
                        .is_some_and(|id| id.starts_with(prefix))
                }));
                match page.body["pagination"]["next"].as_str() {
                    Some(next) => path = next.trim_start_matches("/api/v1").to_owned(),
                    None => break,
                }
            }
            assert_eq!(seen.len(), count, "{project}{filter}");
            assert!(
                seen.windows(2).all(|pair| pair[0] < pair[1]),
                "in id order, once each"
            );
            let exported =
                export_lines(&owner, &format!("/projects/{project}/export?{filter}")).await;
            let exported: Vec<&str> = exported
                .iter()
                .filter_map(|item| item["id"].as_str())
                .collect();
            assert_eq!(exported, seen);
        }
    }
    let lease = owner
        .post(&format!("/projects/{late}/queue/next"), json!({}))
        .await;
    lease.assert_status(200);
    assert_eq!(
        lease.body["item"]["external_id"], "late-0",
        "{}",
        lease.body
    );
}
