//! The committed OpenAPI document is the contract: it must equal what the code
//! serves, every operation must declare its permission and its problems, and
//! every limit the server enforces on a request must be stated in it.

use serde_json::{Value, json};

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");
const REGENERATE: &str = "cargo run -p labelwell-server -- openapi --output openapi/openapi.json";

fn generated() -> Value {
    serde_json::to_value(labelwell_server::openapi()).expect("the document serializes")
}

fn operations(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            found.push((method.to_uppercase(), path.clone(), operation));
        }
    }
    found
}

#[test]
fn the_committed_document_is_what_the_code_serves() {
    let committed: Value = serde_json::from_str(COMMITTED).expect("openapi/openapi.json is JSON");
    assert!(
        committed == generated(),
        "openapi/openapi.json differs from the code; review the change and regenerate it with `{REGENERATE}`"
    );
}

#[test]
fn the_document_is_openapi_3_1() {
    assert!(
        generated()["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
}

#[test]
fn every_operation_declares_its_permission() {
    let spec = generated();
    for (method, path, operation) in operations(&spec) {
        let permission = operation["x-permission"].as_str().unwrap_or_default();
        assert!(
            !permission.is_empty(),
            "{method} {path} has no x-permission"
        );
    }
}

#[test]
fn every_operation_documents_401_403_404_and_422() {
    let spec = generated();
    for (method, path, operation) in operations(&spec) {
        for status in ["401", "403", "404", "422"] {
            assert!(
                operation["responses"].get(status).is_some(),
                "{method} {path} does not document {status}"
            );
        }
    }
}

#[test]
fn every_operation_has_a_unique_id_and_a_summary() {
    let spec = generated();
    let mut ids = std::collections::HashSet::new();
    for (method, path, operation) in operations(&spec) {
        let id = operation["operationId"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            !id.is_empty() && ids.insert(id.clone()),
            "{method} {path}: operationId `{id}` missing or repeated"
        );
        assert!(
            operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{method} {path} has no summary"
        );
    }
}

/// Every `$ref` string in `value`, wherever it is nested.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => references(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| references(inner, found)),
        _ => {}
    }
}

#[test]
fn every_reference_in_the_document_points_at_a_defined_component() {
    // Code generators (the web app's openapi-typescript) refuse a document with a dangling `$ref`.
    let spec = generated();
    let mut found = Vec::new();
    references(&spec, &mut found);
    for target in found {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("`{target}` is not a local reference"));
        assert!(
            spec.pointer(pointer).is_some(),
            "`{target}` is referenced but not defined"
        );
    }
}

/// Every limit the server enforces on a request, as the spec must state it:
/// `(schema, property, keyword, value)`, the value from the constant the
/// server's check uses. The property `[]` names a list's items.
fn enforced_limits() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    use labelwell_transport::limits::*;
    use labelwell_transport::{
        MAX_MODEL_CHARS, MAX_SECRET_OVERLAP_SECONDS, MAX_TIME_SPENT_MS,
        MAX_WEBHOOK_DESCRIPTION_CHARS, MAX_WEBHOOK_URL_CHARS, PageQuery, WebhookEventType,
    };
    let mut limits = Vec::new();
    let mut add = |schema, property, keyword, value: Value| {
        limits.push((schema, property, keyword, value));
    };
    for schema in [
        "SignupRequest",
        "CreateOrganizationRequest",
        "UpdateOrganizationRequest",
        "CreateTokenRequest",
        "CreateProjectRequest",
        "UpdateProjectRequest",
    ] {
        add(schema, "name", "minLength", json!(1));
        add(schema, "name", "maxLength", json!(MAX_NAME_CHARS));
        add(schema, "name", "pattern", json!(NAME_PATTERN));
    }
    for schema in [
        "SignupRequest",
        "LoginRequest",
        "AddMemberRequest",
        "CreateInvitationRequest",
    ] {
        add(schema, "email", "maxLength", json!(MAX_EMAIL_CHARS));
        add(schema, "email", "pattern", json!(EMAIL_PATTERN));
    }
    add(
        "SignupRequest",
        "password",
        "minLength",
        json!(MIN_PASSWORD_CHARS),
    );
    add(
        "SignupRequest",
        "password",
        "maxLength",
        json!(MAX_PASSWORD_CHARS),
    );
    add(
        "LoginRequest",
        "password",
        "maxLength",
        json!(MAX_PASSWORD_CHARS),
    );
    add(
        "SignupRequest",
        "invitation_token",
        "pattern",
        json!(NOT_BLANK_TEXT_PATTERN),
    );
    add(
        "AcceptInvitationRequest",
        "token",
        "pattern",
        json!(NOT_BLANK_TEXT_PATTERN),
    );
    add(
        "CreateTokenRequest",
        "expires_in_days",
        "maximum",
        json!(MAX_TOKEN_DAYS),
    );
    add(
        "CreateInvitationRequest",
        "expires_in_days",
        "maximum",
        json!(MAX_INVITATION_DAYS),
    );
    for schema in ["CreateProjectRequest", "UpdateProjectRequest"] {
        add(
            schema,
            "description",
            "maxLength",
            json!(MAX_DESCRIPTION_CHARS),
        );
        add(schema, "overlap", "minimum", json!(1));
        add(schema, "overlap", "maximum", json!(MAX_OVERLAP));
        add(schema, "lease_seconds", "minimum", json!(MIN_LEASE_SECONDS));
        add(schema, "lease_seconds", "maximum", json!(MAX_LEASE_SECONDS));
    }
    add(
        "ItemInput",
        "external_id",
        "maxLength",
        json!(MAX_EXTERNAL_ID_CHARS),
    );
    add(
        "ItemInput",
        "external_id",
        "pattern",
        json!(NOT_BLANK_TEXT_PATTERN),
    );
    add(
        "ImportItemsRequest",
        "items",
        "maxItems",
        json!(MAX_JSON_ITEMS),
    );
    for schema in ["CreateAnnotationRequest", "UpdateAnnotationRequest"] {
        add(schema, "guideline_version", "minimum", json!(1));
        add(schema, "time_spent_ms", "minimum", json!(0));
        add(schema, "time_spent_ms", "maximum", json!(MAX_TIME_SPENT_MS));
    }
    add(
        "CreateReviewRequest",
        "comment",
        "maxLength",
        json!(MAX_COMMENT_CHARS),
    );
    add(
        "PublishGuidelineRequest",
        "text",
        "maxLength",
        json!(MAX_GUIDELINE_CHARS),
    );
    add(
        "PublishGuidelineRequest",
        "text",
        "pattern",
        json!(NOT_BLANK_TEXT_PATTERN),
    );
    add(
        "PublishGuidelineRequest",
        "annotation_ui_version",
        "minimum",
        json!(1),
    );
    add("LeaseItemsRequest", "count", "minimum", json!(1));
    add("LeaseItemsRequest", "count", "maximum", json!(MAX_LEASES));
    add("AnnotationUiSchema", "fields", "minItems", json!(1));
    add(
        "AnnotationUiSchema",
        "fields",
        "maxItems",
        json!(MAX_FIELDS),
    );
    add("AnnotationUiSchema", "questions", "minItems", json!(1));
    add(
        "AnnotationUiSchema",
        "questions",
        "maxItems",
        json!(MAX_QUESTIONS),
    );
    add("FieldSpec", "name", "pattern", json!(IDENTIFIER_PATTERN));
    add("Question", "name", "pattern", json!(IDENTIFIER_PATTERN));
    add("Question", "field", "pattern", json!(IDENTIFIER_PATTERN));
    add("Question", "max_length", "minimum", json!(1));
    add(
        "Question",
        "max_length",
        "maximum",
        json!(MAX_TEXT_MAX_LENGTH),
    );
    add("Question", "labels", "minItems", json!(1));
    add("Question", "labels", "maxItems", json!(MAX_LABELS));
    add("Question", "labels", "uniqueItems", json!(true));
    add("Question", "labels[]", "maxLength", json!(MAX_LABEL_CHARS));
    add(
        "Question",
        "labels[]",
        "pattern",
        json!(NOT_BLANK_TEXT_PATTERN),
    );
    for schema in ["CreateWebhookRequest", "UpdateWebhookRequest"] {
        add(schema, "url", "maxLength", json!(MAX_WEBHOOK_URL_CHARS));
        add(
            schema,
            "description",
            "maxLength",
            json!(MAX_WEBHOOK_DESCRIPTION_CHARS),
        );
        add(schema, "events", "minItems", json!(1));
        add(
            schema,
            "events",
            "maxItems",
            json!(WebhookEventType::ALL.len()),
        );
    }
    for property in ["model", "model_version"] {
        add("PredictionInput", property, "minLength", json!(1));
        add(
            "PredictionInput",
            property,
            "maxLength",
            json!(MAX_MODEL_CHARS),
        );
        add("PredictionInput", property, "pattern", json!(NAME_PATTERN));
    }
    add(
        "RotateWebhookSecretRequest",
        "overlap_seconds",
        "maximum",
        json!(MAX_SECRET_OVERLAP_SECONDS),
    );
    // The page size of every list, checked on the parameters below.
    add(
        "(parameter)",
        "limit",
        "maximum",
        json!(PageQuery::MAX_LIMIT),
    );
    limits
}

/// Whether two JSON values are the same number or the same other value
/// (utoipa may write a limit as `20` or `20.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[test]
fn the_spec_states_every_limit_the_server_enforces_with_the_servers_own_value() {
    let spec = generated();
    let schemas = &spec["components"]["schemas"];
    for (schema, property, keyword, expected) in enforced_limits() {
        if schema == "(parameter)" {
            continue;
        }
        let found = match property.strip_suffix("[]") {
            Some(list) => &schemas[schema]["properties"][list]["items"][keyword],
            None => &schemas[schema]["properties"][property][keyword],
        };
        assert!(
            same(found, &expected),
            "{schema}.{property}: the spec's {keyword} is {found}, the server enforces {expected}; \
             state it with the constant of labelwell_transport::limits, then `{REGENERATE}`"
        );
    }
    let limit_maximum = enforced_limits()
        .into_iter()
        .find(|(schema, ..)| *schema == "(parameter)")
        .map(|(.., value)| value)
        .expect("the page size limit");
    let mut lists = 0;
    for (method, path, operation) in operations(&spec) {
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for limit in parameters.iter().filter(|p| p["name"] == "limit") {
            lists += 1;
            assert!(
                same(&limit["schema"]["minimum"], &json!(1))
                    && same(&limit["schema"]["maximum"], &limit_maximum),
                "{method} {path}: `limit` must say 1 to {limit_maximum}: {limit}"
            );
        }
    }
    assert!(lists > 10, "the lists have a `limit` parameter");
}

#[test]
fn every_text_a_request_sends_states_its_pattern() {
    // Every text of a JSON body refuses NUL; the spec says so with a pattern on
    // each string property of a request (those that refuse unknown fields).
    let spec = generated();
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        if schema["additionalProperties"] != json!(false) {
            continue;
        }
        for (property, definition) in schema["properties"].as_object().expect("properties") {
            let types = &definition["type"];
            let is_text = types == "string"
                || types
                    .as_array()
                    .is_some_and(|all| all.iter().any(|t| t == "string"));
            if is_text && definition.get("format").is_none() && definition.get("enum").is_none() {
                assert!(
                    definition["pattern"].is_string(),
                    "{name}.{property} is a text without a pattern"
                );
            }
        }
    }
}
