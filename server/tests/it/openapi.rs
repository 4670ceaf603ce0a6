//! The committed OpenAPI document is the contract: it must equal what the code
//! serves, and every operation must declare its permission and its problems.

use serde_json::Value;

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
