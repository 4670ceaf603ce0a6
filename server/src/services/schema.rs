//! The rules of annotation UI schemas, of the item data they show, and of the
//! annotation values they ask for. Pure functions: each returns every problem
//! it finds, with the path of the offending field.

use std::collections::HashSet;

use labelwell_transport::{AnnotationUiSchema, FieldError, FieldKind, Question, QuestionType};
use serde_json::Value;

/// The most fields a schema may show.
pub const MAX_FIELDS: usize = 100;
/// The most questions a schema may ask.
pub const MAX_QUESTIONS: usize = 100;
/// The most labels a question may offer.
pub const MAX_LABELS: usize = 1000;
/// The longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 200;
/// The longest free-text answer when a question names no `max_length`.
pub const DEFAULT_TEXT_MAX_LENGTH: u32 = 10_000;
/// The longest `max_length` a question may ask for.
pub const MAX_TEXT_MAX_LENGTH: u32 = 100_000;
/// The most spans one answer may hold.
pub const MAX_SPANS: usize = 10_000;

/// Whether a field or question name is usable as a JSON key in queries and paths.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Every problem of a schema, with paths under `prefix` (e.g. `schema`).
pub fn check_schema(schema: &AnnotationUiSchema, prefix: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut error =
        |path: String, code: &str, message: &str| errors.push(FieldError::new(path, code, message));
    if schema.fields.is_empty() {
        error(
            format!("{prefix}.fields"),
            "empty",
            "must show at least one field of the items",
        );
    }
    if schema.fields.len() > MAX_FIELDS {
        error(
            format!("{prefix}.fields"),
            "too_many",
            "must show at most 100 fields",
        );
    }
    let mut field_names = HashSet::new();
    for (i, field) in schema.fields.iter().enumerate() {
        let path = format!("{prefix}.fields[{i}].name");
        if !is_identifier(&field.name) {
            error(
                path,
                "invalid",
                "must be 1 to 100 letters, digits, `_` or `-`",
            );
        } else if !field_names.insert(field.name.as_str()) {
            error(path, "duplicate", "names another field already");
        }
    }
    if schema.questions.is_empty() {
        error(
            format!("{prefix}.questions"),
            "empty",
            "must ask at least one question",
        );
    }
    if schema.questions.len() > MAX_QUESTIONS {
        error(
            format!("{prefix}.questions"),
            "too_many",
            "must ask at most 100 questions",
        );
    }
    let mut question_names = HashSet::new();
    for (i, question) in schema.questions.iter().enumerate() {
        let at = |field: &str| format!("{prefix}.questions[{i}].{field}");
        if !is_identifier(&question.name) {
            error(
                at("name"),
                "invalid",
                "must be 1 to 100 letters, digits, `_` or `-`",
            );
        } else if !question_names.insert(question.name.as_str()) {
            error(at("name"), "duplicate", "names another question already");
        }
        let takes_labels = matches!(
            question.kind,
            QuestionType::SingleLabel | QuestionType::MultiLabel | QuestionType::Spans
        );
        match (&question.labels, takes_labels) {
            (None, true) => error(
                at("labels"),
                "required",
                "is required for this question type",
            ),
            (Some(labels), true) if labels.is_empty() => {
                error(at("labels"), "empty", "must offer at least one label")
            }
            (Some(labels), true) => {
                if labels.len() > MAX_LABELS {
                    error(at("labels"), "too_many", "must offer at most 1000 labels");
                }
                let mut seen = HashSet::new();
                for (j, label) in labels.iter().enumerate() {
                    let path = format!("{prefix}.questions[{i}].labels[{j}]");
                    if label.trim().is_empty() || label.chars().count() > MAX_LABEL_CHARS {
                        error(path, "invalid", "must be 1 to 200 characters");
                    } else if !seen.insert(label.as_str()) {
                        error(path, "duplicate", "is offered twice");
                    }
                }
            }
            (Some(_), false) => error(
                at("labels"),
                "not_applicable",
                "only label and span questions have labels",
            ),
            (None, false) => {}
        }
        let is_rating = question.kind == QuestionType::Rating;
        match (question.min, question.max, is_rating) {
            (Some(min), Some(max), true) if min >= max => {
                error(at("max"), "invalid", "must be greater than `min`")
            }
            (Some(_), Some(_), true) => {}
            (_, _, true) => error(at("min"), "required", "a rating needs `min` and `max`"),
            (None, None, false) => {}
            (_, _, false) => error(
                at("min"),
                "not_applicable",
                "only rating questions have `min` and `max`",
            ),
        }
        match (question.max_length, question.kind == QuestionType::Text) {
            (Some(length), true) if length == 0 || length > MAX_TEXT_MAX_LENGTH => {
                error(
                    at("max_length"),
                    "out_of_range",
                    "must be between 1 and 100000",
                );
            }
            (Some(_), false) => error(
                at("max_length"),
                "not_applicable",
                "only text questions have `max_length`",
            ),
            _ => {}
        }
        match (&question.field, question.kind == QuestionType::Spans) {
            (None, true) => error(
                at("field"),
                "required",
                "a spans question names the text field it marks",
            ),
            (Some(field), true) => {
                let declared = schema.fields.iter().find(|f| &f.name == field);
                match declared {
                    None => error(at("field"), "unknown_field", "is not a field of `fields`"),
                    Some(f) if f.kind != FieldKind::Text => {
                        error(
                            at("field"),
                            "not_text",
                            "spans are marked on `text` fields only",
                        );
                    }
                    Some(_) => {}
                }
            }
            (Some(_), false) => error(
                at("field"),
                "not_applicable",
                "only spans questions have `field`",
            ),
            (None, false) => {}
        }
    }
    errors
}

/// Every problem of an item's `data` for a schema: not an object, a shown field
/// missing, or a field of the wrong kind. Paths are under `prefix` (e.g. `items[3].data`).
pub fn check_item_data(
    schema: Option<&AnnotationUiSchema>,
    data: &Value,
    prefix: &str,
) -> Vec<FieldError> {
    let Some(object) = data.as_object() else {
        return vec![FieldError::new(prefix, "invalid", "must be a JSON object")];
    };
    let Some(schema) = schema else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for field in &schema.fields {
        let path = format!("{prefix}.{}", field.name);
        match object.get(&field.name) {
            None => errors.push(FieldError::new(
                path,
                "required",
                "is shown by the annotation UI, so every item needs it",
            )),
            Some(value) if !fits(field.kind, value) => {
                errors.push(FieldError::new(
                    path,
                    "invalid",
                    format!("must be {}", describe(field.kind)),
                ));
            }
            Some(_) => {}
        }
    }
    errors
}

/// Whether a value fits a field kind.
pub fn fits(kind: FieldKind, value: &Value) -> bool {
    match kind {
        FieldKind::Text | FieldKind::Image | FieldKind::Audio => value.is_string(),
        FieldKind::Number => value.is_number(),
        FieldKind::Json => true,
    }
}

fn describe(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "a string",
        FieldKind::Image | FieldKind::Audio => "a string (a URL)",
        FieldKind::Number => "a number",
        FieldKind::Json => "any JSON value",
    }
}

/// Every problem of an annotation value for a schema and the item it annotates.
/// Paths are under `prefix` (e.g. `value`).
pub fn check_value(
    schema: &AnnotationUiSchema,
    value: &Value,
    item_data: &Value,
    prefix: &str,
) -> Vec<FieldError> {
    let Some(answers) = value.as_object() else {
        return vec![FieldError::new(
            prefix,
            "invalid",
            "must be a JSON object of answers by question name",
        )];
    };
    let mut errors = Vec::new();
    for name in answers.keys() {
        if !schema.questions.iter().any(|q| &q.name == name) {
            errors.push(FieldError::new(
                format!("{prefix}.{name}"),
                "unknown_question",
                "is not a question of the annotation UI",
            ));
        }
    }
    for question in &schema.questions {
        let path = format!("{prefix}.{}", question.name);
        match answers.get(&question.name) {
            None | Some(Value::Null) if question.required => {
                errors.push(FieldError::new(
                    path,
                    "required",
                    "this question must be answered",
                ));
            }
            None | Some(Value::Null) => {}
            Some(answer) => check_answer(question, answer, item_data, &path, &mut errors),
        }
    }
    errors
}

fn check_answer(
    question: &Question,
    answer: &Value,
    item_data: &Value,
    path: &str,
    errors: &mut Vec<FieldError>,
) {
    let labels = question.labels.as_deref().unwrap_or_default();
    let mut fail = |path: String, code: &str, message: String| {
        errors.push(FieldError::new(path, code, message))
    };
    match question.kind {
        QuestionType::SingleLabel => match answer.as_str() {
            Some(label) if labels.iter().any(|l| l == label) => {}
            Some(label) => fail(
                path.to_owned(),
                "unknown_label",
                format!("`{label}` is not one of the labels"),
            ),
            None => fail(
                path.to_owned(),
                "invalid",
                "must be one label (a string)".to_owned(),
            ),
        },
        QuestionType::MultiLabel => match answer.as_array() {
            Some(chosen) => {
                let mut seen = HashSet::new();
                for (i, label) in chosen.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    match label.as_str() {
                        Some(label) if !labels.iter().any(|l| l == label) => {
                            fail(
                                at,
                                "unknown_label",
                                format!("`{label}` is not one of the labels"),
                            );
                        }
                        Some(label) if !seen.insert(label) => {
                            fail(at, "duplicate", "is chosen twice".to_owned())
                        }
                        Some(_) => {}
                        None => fail(at, "invalid", "must be a label (a string)".to_owned()),
                    }
                }
            }
            None => fail(
                path.to_owned(),
                "invalid",
                "must be an array of labels".to_owned(),
            ),
        },
        QuestionType::Text => match answer.as_str() {
            Some(text) => {
                let max = question.max_length.unwrap_or(DEFAULT_TEXT_MAX_LENGTH);
                if text.chars().count() > max as usize {
                    fail(
                        path.to_owned(),
                        "too_long",
                        format!("must be at most {max} characters"),
                    );
                }
            }
            None => fail(path.to_owned(), "invalid", "must be a string".to_owned()),
        },
        QuestionType::Rating => {
            let (min, max) = (
                question.min.unwrap_or(i64::MIN),
                question.max.unwrap_or(i64::MAX),
            );
            match answer.as_i64() {
                Some(rating) if (min..=max).contains(&rating) => {}
                Some(_) => fail(
                    path.to_owned(),
                    "out_of_range",
                    format!("must be between {min} and {max}"),
                ),
                None => fail(
                    path.to_owned(),
                    "invalid",
                    format!("must be a whole number from {min} to {max}"),
                ),
            }
        }
        QuestionType::Spans => {
            let field = question.field.as_deref().unwrap_or_default();
            let length = item_data
                .get(field)
                .and_then(Value::as_str)
                .map(|text| text.chars().count());
            let Some(spans) = answer.as_array() else {
                return fail(
                    path.to_owned(),
                    "invalid",
                    "must be an array of {start, end, label}".to_owned(),
                );
            };
            if spans.len() > MAX_SPANS {
                return fail(
                    path.to_owned(),
                    "too_many",
                    format!("must hold at most {MAX_SPANS} spans"),
                );
            }
            for (i, span) in spans.iter().enumerate() {
                let at = |key: &str| format!("{path}[{i}].{key}");
                let Some(object) = span.as_object() else {
                    fail(
                        format!("{path}[{i}]"),
                        "invalid",
                        "must be an object {start, end, label}".to_owned(),
                    );
                    continue;
                };
                if let Some(extra) = object
                    .keys()
                    .find(|k| !matches!(k.as_str(), "start" | "end" | "label"))
                {
                    fail(
                        at(extra),
                        "unknown_field",
                        "a span has only `start`, `end` and `label`".to_owned(),
                    );
                }
                let start = object.get("start").and_then(Value::as_u64);
                let end = object.get("end").and_then(Value::as_u64);
                match (start, end) {
                    (None, _) => fail(
                        at("start"),
                        "invalid",
                        "must be a non-negative whole number".to_owned(),
                    ),
                    (_, None) => fail(
                        at("end"),
                        "invalid",
                        "must be a non-negative whole number".to_owned(),
                    ),
                    (Some(start), Some(end)) if start >= end => {
                        fail(
                            at("end"),
                            "invalid",
                            "must be greater than `start`".to_owned(),
                        );
                    }
                    (Some(_), Some(end)) => match length {
                        Some(length) if end > length as u64 => fail(
                            at("end"),
                            "out_of_range",
                            format!("is past the end of `{field}` ({length} characters)"),
                        ),
                        Some(_) => {}
                        None => fail(
                            at("end"),
                            "out_of_range",
                            format!("the item has no text field `{field}`"),
                        ),
                    },
                }
                match object.get("label").and_then(Value::as_str) {
                    Some(label) if labels.iter().any(|l| l == label) => {}
                    Some(label) => fail(
                        at("label"),
                        "unknown_label",
                        format!("`{label}` is not one of the labels"),
                    ),
                    None => fail(
                        at("label"),
                        "invalid",
                        "must be a label (a string)".to_owned(),
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(value: Value) -> AnnotationUiSchema {
        serde_json::from_value(value).expect("a schema")
    }

    fn sentiment() -> AnnotationUiSchema {
        schema(json!({
            "fields": [{"name": "text"}],
            "questions": [
                {"name": "sentiment", "type": "single_label", "labels": ["pos", "neg"]},
                {"name": "topics", "type": "multi_label", "labels": ["billing", "bug"], "required": false},
                {"name": "note", "type": "text", "max_length": 5, "required": false},
                {"name": "quality", "type": "rating", "min": 1, "max": 5, "required": false},
                {"name": "entities", "type": "spans", "field": "text", "labels": ["ORG"], "required": false}
            ]
        }))
    }

    fn paths(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_well_formed_schema_passes() {
        assert!(check_schema(&sentiment(), "schema").is_empty());
    }

    #[test]
    fn schema_mistakes_are_named_by_path() {
        let bad = schema(json!({
            "fields": [{"name": "text"}, {"name": "text"}, {"name": "url", "kind": "image"}],
            "questions": [
                {"name": "a", "type": "single_label", "labels": []},
                {"name": "a", "type": "rating", "min": 5, "max": 1},
                {"name": "s", "type": "spans", "field": "body", "labels": ["X"]},
                {"name": "u", "type": "spans", "field": "url", "labels": ["X"]},
                {"name": "t", "type": "text", "labels": ["x"]}
            ]
        }));
        assert_eq!(
            paths(&check_schema(&bad, "schema")),
            [
                ("schema.fields[1].name", "duplicate"),
                ("schema.questions[0].labels", "empty"),
                ("schema.questions[1].name", "duplicate"),
                ("schema.questions[1].max", "invalid"),
                ("schema.questions[2].field", "unknown_field"),
                ("schema.questions[3].field", "not_text"),
                ("schema.questions[4].labels", "not_applicable"),
            ]
        );
    }

    #[test]
    fn item_data_must_hold_the_shown_fields_with_their_kinds() {
        let schema = sentiment();
        assert!(
            check_item_data(Some(&schema), &json!({"text": "hi", "other": 1}), "data").is_empty()
        );
        assert_eq!(
            paths(&check_item_data(
                Some(&schema),
                &json!({"body": "hi"}),
                "items[2].data"
            )),
            [("items[2].data.text", "required")]
        );
        assert_eq!(
            paths(&check_item_data(Some(&schema), &json!({"text": 3}), "data")),
            [("data.text", "invalid")]
        );
        assert_eq!(
            paths(&check_item_data(None, &json!([1]), "data")),
            [("data", "invalid")]
        );
    }

    #[test]
    fn values_are_checked_against_every_question() {
        let schema = sentiment();
        let item = json!({"text": "Acme sues Globex"});
        let good = json!({"sentiment": "neg", "topics": ["bug"], "note": "ok", "quality": 5,
                          "entities": [{"start": 0, "end": 4, "label": "ORG"}]});
        assert!(check_value(&schema, &good, &item, "value").is_empty());
        let bad = json!({"sentiment": "meh", "topics": ["bug", "bug"], "note": "too long", "quality": 6,
                         "entities": [{"start": 10, "end": 17, "label": "ORG"}], "extra": 1});
        assert_eq!(
            paths(&check_value(&schema, &bad, &item, "value")),
            [
                ("value.extra", "unknown_question"),
                ("value.sentiment", "unknown_label"),
                ("value.topics[1]", "duplicate"),
                ("value.note", "too_long"),
                ("value.quality", "out_of_range"),
                ("value.entities[0].end", "out_of_range"),
            ]
        );
        assert_eq!(
            paths(&check_value(&schema, &json!({}), &item, "value")),
            [("value.sentiment", "required")]
        );
    }

    #[test]
    fn span_offsets_count_unicode_code_points() {
        let schema = sentiment();
        let item = json!({"text": "Zoë 李 Acme"});
        let inside =
            json!({"sentiment": "pos", "entities": [{"start": 6, "end": 10, "label": "ORG"}]});
        assert!(check_value(&schema, &inside, &item, "value").is_empty());
        let past =
            json!({"sentiment": "pos", "entities": [{"start": 6, "end": 11, "label": "ORG"}]});
        assert_eq!(
            paths(&check_value(&schema, &past, &item, "value")),
            [("value.entities[0].end", "out_of_range")]
        );
    }
}
