//! The limits the OpenAPI document states are where the server draws them: for
//! every bound the document gives a request's property (minimum, maximum,
//! minLength, maxLength, maxItems) a value exactly at it is accepted and a value
//! just past it is refused with a 422 naming the property, on both backends.
//! The values come from the document, not from the server's constants, so a
//! client generated from the document builds no request the server refuses for
//! them, and the server refuses none the document allows.

use regex::Regex;
use reqwest::Method;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::common::{Answer, Client, TestServer};

backend_tests![every_bound_the_spec_states_is_where_the_server_draws_it];

/// Schemas whose bounds are checked elsewhere: the annotation UI's nested
/// parts (unit tests of `services::annotation_ui`, and `annotation_rules`), the NDJSON
/// line of an import (the same `ItemInput` checked here inside a JSON import),
/// and the login (whose refusals are throttled).
const CHECKED_ELSEWHERE: [&str; 4] = [
    "AnnotationUiSchema",
    "FieldSpec",
    "Question",
    "LoginRequest",
];

/// A property's bound and the values at it and just past it.
#[derive(Debug)]
struct Bound {
    property: String,
    keyword: &'static str,
    at: Value,
    past: Option<Value>,
}

/// A string of `length` characters that fits `pattern` (names, texts, emails),
/// made unique by `unique` where it is long enough.
fn text_of(length: usize, pattern: Option<&str>, unique: usize) -> String {
    let fits =
        |text: &str| pattern.is_none_or(|p| Regex::new(p).expect("a pattern").is_match(text));
    let filled = |fill: &str, length: usize| -> String {
        format!("{unique}{}", fill.repeat(length))
            .chars()
            .take(length)
            .collect()
    };
    let plain = filled("x", length);
    if fits(&plain) {
        return plain;
    }
    let url = format!(
        "http://a.example/{}",
        filled("x", length.saturating_sub(17))
    );
    if url.chars().count() == length && fits(&url) {
        return url;
    }
    let domain = if length >= 20 { "example.com" } else { "b" };
    let email = format!("{}@{domain}", filled("a", length - 1 - domain.len()));
    assert!(
        fits(&email),
        "no text of {length} characters fits {pattern:?}"
    );
    email
}

/// The bounds of one schema's properties, as the document states them.
fn bounds(schema: &Value, unique: &mut usize) -> Vec<Bound> {
    let mut found = Vec::new();
    let properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (property, definition) in properties {
        let pattern = definition["pattern"].as_str();
        for keyword in ["minimum", "maximum"] {
            if let Some(limit) = definition[keyword].as_f64() {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "the limits are whole numbers"
                )]
                let limit = limit as i64;
                let past = if keyword == "minimum" {
                    limit - 1
                } else {
                    limit + 1
                };
                found.push(Bound {
                    property: property.clone(),
                    keyword,
                    at: json!(limit),
                    // A negative number is refused by the type already, not by the bound.
                    past: (past >= 0).then(|| json!(past)),
                });
            }
        }
        for keyword in ["minLength", "maxLength"] {
            if let Some(length) = definition[keyword].as_u64() {
                let length = usize::try_from(length).expect("a length");
                let past = if keyword == "minLength" {
                    length.checked_sub(1)
                } else {
                    Some(length + 1)
                };
                *unique += 1;
                found.push(Bound {
                    property: property.clone(),
                    keyword,
                    at: json!(text_of(length, pattern, *unique)),
                    past: past.map(|past| json!("x".repeat(past))),
                });
            }
        }
    }
    found
}

/// Where a schema is sent, with a body that is valid but for the property under test.
struct Target {
    method: Method,
    /// The path of the next request (some requests consume what they name).
    path: Box<dyn Fn() -> String + Send + Sync>,
    client: Client,
    /// A valid body, made unique by its argument where that matters.
    body: fn(usize) -> Value,
    /// Where the schema sits in the body, as a JSON pointer (`""`: the body).
    prefix: &'static str,
}

impl Target {
    fn new(method: Method, path: String, client: &Client, body: fn(usize) -> Value) -> Target {
        Target {
            method,
            path: Box::new(move || path.clone()),
            client: client.clone(),
            body,
            prefix: "",
        }
    }
}

fn with(mut body: Value, prefix: &str, property: &str, value: Value) -> Value {
    let pointer = format!("{prefix}/{property}");
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    body.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("the property's parent is an object")
        .insert(key.to_owned(), value);
    body
}

fn field_path(prefix: &str, property: &str) -> String {
    let mut path = prefix.trim_start_matches('/').replace('/', ".");
    // `/items/0` is `items[0]` in the server's field paths.
    path = Regex::new(r"\.(\d+)")
        .expect("a regex")
        .replace_all(&path, "[$1]")
        .into_owned();
    if path.is_empty() {
        property.to_owned()
    } else {
        format!("{path}.{property}")
    }
}

async fn send(target: &Target, body: Value) -> Answer {
    target
        .client
        .request(target.method.clone(), &(target.path)(), Some(body))
        .await
}

/// Whether the answer refuses `field` for its length, range or form.
fn refuses_by_bound(answer: &Answer, field: &str) -> bool {
    const BOUND_CODES: [&str; 5] = [
        "too_long",
        "too_short",
        "out_of_range",
        "required",
        "invalid",
    ];
    answer.body["errors"].as_array().is_some_and(|errors| {
        errors
            .iter()
            .any(|e| e["field"] == field && BOUND_CODES.iter().any(|code| e["code"] == *code))
    })
}

fn names_field(answer: &Answer, field: &str) -> bool {
    answer.body["errors"]
        .as_array()
        .is_some_and(|errors| errors.iter().any(|e| e["field"] == field))
}

async fn every_bound_the_spec_states_is_where_the_server_draws_it(server: TestServer) {
    let spec = serde_json::to_value(labelwell_server::openapi()).expect("the document");
    let owner = server.sign_up("owner").await;
    let org = server.organization(&owner, "Acme").await;
    let annotator = server.member(&owner, &org, "ann", "annotator").await;
    let created = owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "P", "overlap": 2 }),
        )
        .await;
    created.assert_status(201);
    let project = created.id("project");
    owner
        .put(
            &format!("/projects/{project}/annotation-ui"),
            json!({ "schema": { "fields": [{ "name": "text" }], "questions": [{ "name": "note", "type": "text" }] } }),
        )
        .await
        .assert_status(200);
    owner
        .post(
            &format!("/projects/{project}/members"),
            json!({ "user_id": annotator.user_id() }),
        )
        .await
        .assert_status(201);
    owner
        .put(
            &format!("/projects/{project}/guideline"),
            json!({ "text": "Be kind.", "annotation_ui_version": 1 }),
        )
        .await
        .assert_status(200);
    let webhook = owner
        .post(
            &format!("/organizations/{org}/webhooks"),
            json!({ "url": "http://a.example/hook", "events": ["release.created"] }),
        )
        .await;
    webhook.assert_status(201);
    let webhook = webhook.id("webhook");
    let seeded: Vec<Value> = (0..50)
        .map(|n| json!({ "external_id": format!("seed{n}"), "data": { "text": "one" } }))
        .collect();
    owner
        .post(
            &format!("/projects/{project}/items"),
            json!({ "items": seeded }),
        )
        .await
        .assert_status(200);
    let listed = owner
        .get(&format!("/projects/{project}/items?limit=100"))
        .await;
    let items: Vec<String> = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_owned())
        .collect();
    let item = items[0].clone();
    let annotated = annotator
        .post(
            &format!("/items/{item}/annotations"),
            json!({ "value": { "note": "hi" } }),
        )
        .await;
    annotated.assert_status(201);
    let annotation = annotated.id("annotation");

    // Each annotation the owner creates is of an item they have not annotated yet.
    let next_item = Arc::new(AtomicUsize::new(1));
    let create_annotation = Target {
        method: Method::POST,
        path: Box::new(move || {
            let n = next_item.fetch_add(1, Ordering::Relaxed);
            format!("/items/{}/annotations", items[n % items.len()])
        }),
        client: owner.clone(),
        body: |_| json!({ "value": { "note": "hi" } }),
        prefix: "",
    };
    let import = |prefix| Target {
        prefix,
        ..Target::new(
            Method::POST,
            format!("/projects/{project}/items"),
            &owner,
            |n| json!({ "items": [{ "external_id": format!("i{n}"), "data": { "text": "t" } }] }),
        )
    };
    let targets: Vec<(&str, Target)> = vec![
        (
            "SignupRequest",
            Target::new(
                Method::POST,
                "/auth/signup".into(),
                &server.anonymous(),
                |n| json!({ "email": format!("new{n}@example.com"), "password": "correct horse battery staple", "name": "New" }),
            ),
        ),
        (
            "CreateOrganizationRequest",
            Target::new(
                Method::POST,
                "/organizations".into(),
                &owner,
                |_| json!({ "name": "Org" }),
            ),
        ),
        (
            "UpdateOrganizationRequest",
            Target::new(
                Method::PATCH,
                format!("/organizations/{org}"),
                &owner,
                |_| json!({ "name": "Org" }),
            ),
        ),
        (
            "CreateTokenRequest",
            Target::new(
                Method::POST,
                "/me/tokens".into(),
                &owner,
                |_| json!({ "name": "t" }),
            ),
        ),
        (
            "CreateInvitationRequest",
            Target::new(
                Method::POST,
                format!("/organizations/{org}/invitations"),
                &owner,
                |n| json!({ "email": format!("invitee{n}@example.com"), "role": "annotator" }),
            ),
        ),
        (
            "AddMemberRequest",
            Target::new(
                Method::POST,
                format!("/organizations/{org}/members"),
                &owner,
                |_| json!({ "email": "nobody@example.com", "role": "annotator" }),
            ),
        ),
        (
            "CreateProjectRequest",
            Target::new(
                Method::POST,
                format!("/organizations/{org}/projects"),
                &owner,
                |_| json!({ "name": "P" }),
            ),
        ),
        (
            "UpdateProjectRequest",
            Target::new(
                Method::PATCH,
                format!("/projects/{project}"),
                &owner,
                |_| json!({}),
            ),
        ),
        (
            "CreateWebhookRequest",
            Target::new(
                Method::POST,
                format!("/organizations/{org}/webhooks"),
                &owner,
                |_| json!({ "url": "http://a.example/hook", "events": ["release.created"] }),
            ),
        ),
        (
            "UpdateWebhookRequest",
            Target::new(
                Method::PATCH,
                format!("/organizations/{org}/webhooks/{webhook}"),
                &owner,
                |_| json!({}),
            ),
        ),
        (
            "RotateWebhookSecretRequest",
            Target::new(
                Method::POST,
                format!("/organizations/{org}/webhooks/{webhook}/rotate-secret"),
                &owner,
                |_| json!({}),
            ),
        ),
        (
            "CreateReleaseRequest",
            Target::new(
                Method::POST,
                format!("/projects/{project}/releases"),
                &owner,
                |n| json!({ "name": format!("v{n}"), "review_statuses": ["accepted"] }),
            ),
        ),
        ("ImportItemsRequest", import("")),
        ("ItemInput", import("/items/0")),
        (
            // An external id at its bounds names no item: refused as
            // `not_found`, which is no refusal by the bound.
            "ItemPriority",
            Target {
                prefix: "/items/0",
                ..Target::new(
                    Method::POST,
                    format!("/projects/{project}/items/priorities"),
                    &owner,
                    |_| json!({ "items": [{ "external_id": "seed0", "priority": 1.5 }] }),
                )
            },
        ),
        (
            // As for priorities: an external id at its bounds names no item.
            "PredictionInput",
            Target {
                prefix: "/predictions/0",
                ..Target::new(
                    Method::POST,
                    format!("/projects/{project}/predictions"),
                    &owner,
                    |_| json!({ "predictions": [{ "external_id": "seed0", "model": "m", "model_version": "1", "value": {} }] }),
                )
            },
        ),
        (
            "PublishGuidelineRequest",
            Target::new(
                Method::PUT,
                format!("/projects/{project}/guideline"),
                &owner,
                |_| json!({ "text": "Be kind.", "annotation_ui_version": 1 }),
            ),
        ),
        ("CreateAnnotationRequest", create_annotation),
        (
            "UpdateAnnotationRequest",
            Target::new(
                Method::PATCH,
                format!("/annotations/{annotation}"),
                &annotator,
                |_| json!({}),
            ),
        ),
        (
            // Rejections, so that the annotator may still change the annotation.
            "CreateReviewRequest",
            Target::new(
                Method::POST,
                format!("/annotations/{annotation}/reviews"),
                &owner,
                |_| json!({ "verdict": "reject", "comment": "Fix it." }),
            ),
        ),
        (
            "LeaseItemsRequest",
            Target::new(
                Method::POST,
                format!("/projects/{project}/queue/leases"),
                &annotator,
                |_| json!({}),
            ),
        ),
    ];

    let mut unique = 0;
    let mut checked = 0;
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        let schema_bounds = bounds(schema, &mut unique);
        if schema_bounds.is_empty()
            || schema["additionalProperties"] != json!(false)
            || CHECKED_ELSEWHERE.contains(&name.as_str())
        {
            continue;
        }
        let (_, target) = targets
            .iter()
            .find(|(schema_name, _)| schema_name == name)
            .unwrap_or_else(|| {
                panic!("{name} states bounds but this test sends it nowhere: add a target")
            });
        for bound in schema_bounds {
            let field = field_path(target.prefix, &bound.property);
            unique += 1;
            let accepted = send(
                target,
                with(
                    (target.body)(unique),
                    target.prefix,
                    &bound.property,
                    bound.at.clone(),
                ),
            )
            .await;
            // Accepted by the bound: a success, or a refusal for something else
            // (`AddMemberRequest` names an account that does not exist).
            assert!(
                accepted.status.as_u16() < 300 || !refuses_by_bound(&accepted, &field),
                "{name}.{} at its {} ({}) is refused: {} {}",
                bound.property,
                bound.keyword,
                bound.at,
                accepted.status,
                accepted.body
            );
            if let Some(past) = &bound.past {
                unique += 1;
                let refused = send(
                    target,
                    with(
                        (target.body)(unique),
                        target.prefix,
                        &bound.property,
                        past.clone(),
                    ),
                )
                .await;
                assert!(
                    refused.status.as_u16() == 422 && names_field(&refused, &field),
                    "{name}.{} past its {} is not refused naming `{field}`: {} {}",
                    bound.property,
                    bound.keyword,
                    refused.status,
                    refused.body
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} bounds were checked");

    // The page size of every list: the document's bounds on `limit`.
    let list = format!("/organizations/{org}/projects");
    let limit = spec["paths"][format!("/api/v1{}", "/organizations/{org_id}/projects")]["get"]["parameters"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["name"] == "limit"))
        .cloned()
        .expect("the list takes a limit");
    let (least, most) = (&limit["schema"]["minimum"], &limit["schema"]["maximum"]);
    for (value, status) in [(least.clone(), 200), (most.clone(), 200)] {
        owner
            .get(&format!("{list}?limit={value}"))
            .await
            .assert_status(status);
    }
    for past in [
        least.as_i64().expect("a minimum") - 1,
        most.as_i64().expect("a maximum") + 1,
    ] {
        let refused = owner.get(&format!("{list}?limit={past}")).await;
        assert!(
            refused.status.as_u16() == 422 && names_field(&refused, "limit"),
            "limit={past}: {}",
            refused.body
        );
    }
}
