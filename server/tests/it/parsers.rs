//! Property tests of what parses client bytes over HTTP, on both backends:
//! any cursor, on every list that takes one, is a page or a 422 naming the
//! cursor, never a 500. (The parsers of bodies, NDJSON lines, annotation
//! UIs and answers have theirs next to the code, in the library's tests.)
//!
//! 64 cases per run; `PROPTEST_CASES=10000 cargo test -p labelwell-server
//! --test it parsers` for a long one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use crate::common::{Client, TestServer};

backend_tests![any_cursor_is_a_page_or_a_422_naming_the_cursor];

/// Cases per property: 64, or `PROPTEST_CASES`.
fn cases() -> Config {
    let config = Config::default();
    match std::env::var_os("PROPTEST_CASES") {
        Some(_) => config,
        None => Config {
            cases: 64,
            ..config
        },
    }
}

/// Cursors: arbitrary text, and base64 of JSON shaped like the keys lists
/// page by (ids, version numbers, change times and ids), with values no
/// column holds.
fn cursor() -> impl Strategy<Value = String> {
    let time = prop::sample::select(vec![
        "2026-11-30T09:00:00Z",
        "9999-12-31T23:59:59-01:00",
        "-0001-01-01T00:00:00Z",
        "0000-01-01T00:00:00+23:59",
        "2026-02-30T00:00:00Z",
        "not a time",
    ]);
    let id = prop::sample::select(vec![
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "0193f3c4-8d2e-7000-8000-000000000000",
        "not-a-uuid",
    ]);
    let key = prop_oneof![
        id.clone().prop_map(|id| json!(id)),
        (time, id).prop_map(|(time, id)| json!([time, id])),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        any::<String>().prop_map(|text| json!(text)),
        Just(json!([])),
        Just(json!({})),
        Just(Value::Null),
    ];
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..48).prop_map(|bytes| URL_SAFE_NO_PAD.encode(bytes)),
        key.prop_map(|key| URL_SAFE_NO_PAD.encode(key.to_string())),
    ]
}

async fn any_cursor_is_a_page_or_a_422_naming_the_cursor(server: TestServer) {
    let owner = server.sign_up("ada").await;
    let org = server.organization(&owner, "Acme").await;
    let created = owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "Tickets" }),
        )
        .await;
    created.assert_status(201);
    let project = created.id("project");
    owner
        .post(
            &format!("/projects/{project}/items"),
            json!({ "items": [{ "external_id": "a", "data": { "text": "hi" } }] }),
        )
        .await
        .assert_status(200);
    let listed = owner.get(&format!("/projects/{project}/items")).await;
    let item = listed.body["items"][0]["id"]
        .as_str()
        .expect("an item")
        .to_owned();
    let lists: Vec<String> = vec![
        "/me/organizations?".to_owned(),
        "/me/tokens?".to_owned(),
        format!("/organizations/{org}/members?"),
        format!("/organizations/{org}/invitations?"),
        format!("/organizations/{org}/audit-log?"),
        format!("/organizations/{org}/projects?"),
        format!("/projects/{project}/members?"),
        format!("/projects/{project}/annotation-ui/versions?"),
        format!("/projects/{project}/guideline/versions?"),
        format!("/projects/{project}/items?"),
        format!("/projects/{project}/items?updated_after=2000-01-01T00:00:00Z&"),
        format!("/projects/{project}/my-annotations?"),
        format!("/items/{item}/annotations?"),
    ];
    let handle = tokio::runtime::Handle::current();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut runner = TestRunner::new(cases());
        runner
            .run(&cursor(), |cursor| {
                for list in &lists {
                    check_list(&handle, &owner, list, &cursor)?;
                }
                Ok(())
            })
            .map_err(|failure| failure.to_string())
    })
    .await
    .expect("the property ran");
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// One list with one cursor: a page, or a 422 naming the cursor.
fn check_list(
    handle: &tokio::runtime::Handle,
    owner: &Client,
    list: &str,
    cursor: &str,
) -> Result<(), TestCaseError> {
    let encoded: String = form_urlencoded::byte_serialize(cursor.as_bytes()).collect();
    let answer = handle.block_on(owner.get(&format!("{list}cursor={encoded}")));
    match answer.status.as_u16() {
        200 => {}
        422 => {
            let names_the_cursor = answer.body["errors"]
                .as_array()
                .is_some_and(|errors| errors.iter().any(|error| error["field"] == "cursor"));
            prop_assert!(names_the_cursor, "{list} {cursor:?}: {}", answer.body);
        }
        status => prop_assert!(false, "{list} {cursor:?}: {status} {}", answer.body),
    }
    Ok(())
}
