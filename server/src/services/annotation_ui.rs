//! The rules of annotation UI schemas, of the item data they show, and of the
//! annotation values they ask for. Pure functions: each returns every problem
//! it finds, with the path of the offending field.

use std::collections::HashSet;
use std::fmt;

use labelwell_transport::limits::MAX_IDENTIFIER_CHARS;
use labelwell_transport::{AnnotationUiSchema, FieldError, FieldKind, Question, QuestionType};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The most fields a schema may show.
pub use labelwell_transport::limits::MAX_FIELDS;
/// The longest label, in characters.
pub use labelwell_transport::limits::MAX_LABEL_CHARS;
/// The most labels a question may offer.
pub use labelwell_transport::limits::MAX_LABELS;
/// The most questions a schema may ask.
pub use labelwell_transport::limits::MAX_QUESTIONS;
/// The longest free-text answer when a question names no `max_length`.
pub const DEFAULT_TEXT_MAX_LENGTH: u32 = 10_000;
/// The longest `max_length` a question may ask for.
pub use labelwell_transport::limits::MAX_TEXT_MAX_LENGTH;
/// The most spans one answer may hold.
pub const MAX_SPANS: usize = 10_000;
/// The most problems reported for one schema, item or answer: enough to fix a
/// request by, while a hostile one (a million unknown keys, a million wrong
/// labels) costs no more to check and answer than a mistaken one.
pub const MAX_PROBLEMS: usize = 100;

/// Problems found so far, up to [`MAX_PROBLEMS`]; checks stop looking once it is full.
#[derive(Debug, Default)]
struct Problems(Vec<FieldError>);

impl Problems {
    fn add(&mut self, path: String, code: &str, message: impl Into<String>) {
        if !self.is_full() {
            self.0.push(FieldError::new(path, code, message));
        }
    }

    fn is_full(&self) -> bool {
        self.0.len() >= MAX_PROBLEMS
    }
}

/// Whether a field or question name is usable as a JSON key in queries and paths.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_IDENTIFIER_CHARS
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Every problem of a schema, with paths under `prefix` (e.g. `schema`).
pub fn check_schema(schema: &AnnotationUiSchema, prefix: &str) -> Vec<FieldError> {
    let mut problems = Problems::default();
    check_shown_fields(schema, prefix, &mut problems);
    check_questions(schema, prefix, &mut problems);
    problems.0
}

/// The fields a schema shows: at least one, at most [`MAX_FIELDS`], each named once.
fn check_shown_fields(schema: &AnnotationUiSchema, prefix: &str, problems: &mut Problems) {
    if schema.fields.is_empty() {
        problems.add(
            format!("{prefix}.fields"),
            "empty",
            "must show at least one field of the items",
        );
    }
    if schema.fields.len() > MAX_FIELDS {
        problems.add(
            format!("{prefix}.fields"),
            "too_many",
            "must show at most 100 fields",
        );
    }
    let mut field_names = HashSet::new();
    // Past the maxima, `too_many` says it all: the rest is not looked at.
    for (i, field) in schema.fields.iter().enumerate().take(MAX_FIELDS) {
        let path = format!("{prefix}.fields[{i}].name");
        if !is_identifier(&field.name) {
            problems.add(
                path,
                "invalid",
                "must be 1 to 100 letters, digits, `_` or `-`",
            );
        } else if !field_names.insert(field.name.as_str()) {
            problems.add(path, "duplicate", "names another field already");
        }
    }
}

/// The questions a schema asks: at least one, at most [`MAX_QUESTIONS`], each
/// named once and with the settings of its type, and only those.
fn check_questions(schema: &AnnotationUiSchema, prefix: &str, problems: &mut Problems) {
    if schema.questions.is_empty() {
        problems.add(
            format!("{prefix}.questions"),
            "empty",
            "must ask at least one question",
        );
    }
    if schema.questions.len() > MAX_QUESTIONS {
        problems.add(
            format!("{prefix}.questions"),
            "too_many",
            "must ask at most 100 questions",
        );
    }
    let mut question_names = HashSet::new();
    for (i, question) in schema.questions.iter().enumerate().take(MAX_QUESTIONS) {
        let at = |field: &str| format!("{prefix}.questions[{i}].{field}");
        if !is_identifier(&question.name) {
            problems.add(
                at("name"),
                "invalid",
                "must be 1 to 100 letters, digits, `_` or `-`",
            );
        } else if !question_names.insert(question.name.as_str()) {
            problems.add(at("name"), "duplicate", "names another question already");
        }
        check_labels(question, &at, problems);
        check_rating_range(question, &at, problems);
        check_max_length(question, &at, problems);
        check_span_field(schema, question, &at, problems);
    }
}

/// The labels of a label or spans question: there, at most [`MAX_LABELS`],
/// each 1 to [`MAX_LABEL_CHARS`] characters and offered once. `at` is the
/// path of one of the question's settings.
fn check_labels(question: &Question, at: &impl Fn(&str) -> String, problems: &mut Problems) {
    let takes_labels = matches!(
        question.kind,
        QuestionType::SingleLabel | QuestionType::MultiLabel | QuestionType::Spans
    );
    match (&question.labels, takes_labels) {
        (None, true) => problems.add(
            at("labels"),
            "required",
            "is required for this question type",
        ),
        (Some(labels), true) if labels.is_empty() => {
            problems.add(at("labels"), "empty", "must offer at least one label")
        }
        (Some(labels), true) => {
            if labels.len() > MAX_LABELS {
                problems.add(at("labels"), "too_many", "must offer at most 1000 labels");
            }
            let mut seen = HashSet::new();
            for (j, label) in labels.iter().enumerate().take(MAX_LABELS) {
                let path = at(&format!("labels[{j}]"));
                if label.trim().is_empty() || label.chars().count() > MAX_LABEL_CHARS {
                    problems.add(path, "invalid", "must be 1 to 200 characters");
                } else if !seen.insert(label.as_str()) {
                    problems.add(path, "duplicate", "is offered twice");
                }
            }
        }
        (Some(_), false) => problems.add(
            at("labels"),
            "not_applicable",
            "only label and span questions have labels",
        ),
        (None, false) => {}
    }
}

/// The `min` and `max` of a rating question, the one type that has them.
fn check_rating_range(question: &Question, at: &impl Fn(&str) -> String, problems: &mut Problems) {
    let is_rating = question.kind == QuestionType::Rating;
    match (question.min, question.max, is_rating) {
        (Some(min), Some(max), true) if min >= max => {
            problems.add(at("max"), "invalid", "must be greater than `min`")
        }
        (Some(_), Some(_), true) => {}
        (_, _, true) => problems.add(at("min"), "required", "a rating needs `min` and `max`"),
        (None, None, false) => {}
        (_, _, false) => problems.add(
            at("min"),
            "not_applicable",
            "only rating questions have `min` and `max`",
        ),
    }
}

/// The `max_length` of a text question, the one type that has it.
fn check_max_length(question: &Question, at: &impl Fn(&str) -> String, problems: &mut Problems) {
    match (question.max_length, question.kind == QuestionType::Text) {
        (Some(length), true) if length == 0 || length > MAX_TEXT_MAX_LENGTH => {
            problems.add(
                at("max_length"),
                "out_of_range",
                "must be between 1 and 100000",
            );
        }
        (Some(_), false) => problems.add(
            at("max_length"),
            "not_applicable",
            "only text questions have `max_length`",
        ),
        _ => {}
    }
}

/// The text field a spans question marks: one of the schema's `text` fields;
/// other questions name none.
fn check_span_field(
    schema: &AnnotationUiSchema,
    question: &Question,
    at: &impl Fn(&str) -> String,
    problems: &mut Problems,
) {
    match (&question.field, question.kind == QuestionType::Spans) {
        (None, true) => problems.add(
            at("field"),
            "required",
            "a spans question names the text field it marks",
        ),
        (Some(field), true) => {
            let declared = schema.fields.iter().find(|f| &f.name == field);
            match declared {
                None => problems.add(at("field"), "unknown_field", "is not a field of `fields`"),
                Some(f) if f.kind != FieldKind::Text => {
                    problems.add(
                        at("field"),
                        "not_text",
                        "spans are marked on `text` fields only",
                    );
                }
                Some(_) => {}
            }
        }
        (Some(_), false) => problems.add(
            at("field"),
            "not_applicable",
            "only spans questions have `field`",
        ),
        (None, false) => {}
    }
}

/// Every problem of an item's `data` for a schema: not an object, a shown field
/// missing, or a field of the wrong kind. Paths are under `prefix` (e.g. `items[3].data`).
pub fn check_item_data(
    schema: Option<&AnnotationUiSchema>,
    data: &Value,
    prefix: &str,
) -> Vec<FieldError> {
    let Some(object) = data.as_object() else {
        return vec![not_an_object(prefix)];
    };
    check_fields(schema, prefix, |name| {
        object.get(name).map(|value| match value {
            Value::String(_) => JsonKind::String,
            Value::Number(_) => JsonKind::Number,
            _ => JsonKind::Other,
        })
    })
}

/// [`check_item_data`] of data as JSON text written by `serde_json` (an
/// import's [`CompactJson`](super::compact_json::CompactJson), or a spooled
/// item), read without building it: only the kinds of the shown fields are
/// looked at, the rest is skipped over. An error is the text's, not the data's.
pub fn check_item_data_text(
    schema: Option<&AnnotationUiSchema>,
    data: &str,
    prefix: &str,
) -> serde_json::Result<Vec<FieldError>> {
    if !data.starts_with('{') {
        return Ok(vec![not_an_object(prefix)]);
    }
    let Some(schema) = schema else {
        return Ok(Vec::new());
    };
    let mut deserializer = serde_json::Deserializer::from_str(data);
    let kinds = deserializer.deserialize_map(FieldKinds(schema))?;
    deserializer.end()?;
    Ok(check_fields(Some(schema), prefix, |name| {
        kinds
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, kind)| *kind)
    }))
}

fn not_an_object(prefix: &str) -> FieldError {
    FieldError::new(prefix, "invalid", "must be a JSON object")
}

/// The problems of an item's fields for a schema, given the kind of value
/// each name holds in the item's data (`None`: the data lacks it).
fn check_fields(
    schema: Option<&AnnotationUiSchema>,
    prefix: &str,
    kind_of: impl Fn(&str) -> Option<JsonKind>,
) -> Vec<FieldError> {
    let Some(schema) = schema else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for field in &schema.fields {
        let path = format!("{prefix}.{}", field.name);
        match kind_of(&field.name) {
            None => errors.push(FieldError::new(
                path,
                "required",
                "is shown by the annotation UI, so every item needs it",
            )),
            Some(kind) if !fits(field.kind, kind) => {
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

/// What a field kind asks of a JSON value's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonKind {
    String,
    Number,
    Other,
}

/// Whether a value of a JSON kind fits a field kind.
fn fits(kind: FieldKind, value: JsonKind) -> bool {
    match kind {
        FieldKind::Text | FieldKind::Image | FieldKind::Audio => value == JsonKind::String,
        FieldKind::Number => value == JsonKind::Number,
        FieldKind::Json => true,
    }
}

/// Reads an object's members, noting the kind of those the schema shows
/// (each key is there once in text written by `serde_json`) and skipping the
/// others unread.
struct FieldKinds<'s>(&'s AnnotationUiSchema);

impl<'de> Visitor<'de> for FieldKinds<'_> {
    type Value = Vec<(String, JsonKind)>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kinds = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if self.0.fields.iter().any(|field| field.name == key) {
                kinds.push((key, map.next_value::<KindOfValue>()?.0));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(kinds)
    }
}

/// The kind of a JSON value, read without keeping it.
struct KindOfValue(JsonKind);

impl<'de> Deserialize<'de> for KindOfValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor).map(KindOfValue)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = JsonKind;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<JsonKind, E> {
        Ok(JsonKind::String)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<JsonKind, E> {
        Ok(JsonKind::Number)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<JsonKind, E> {
        Ok(JsonKind::Number)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<JsonKind, E> {
        Ok(JsonKind::Number)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<JsonKind, E> {
        Ok(JsonKind::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<JsonKind, E> {
        Ok(JsonKind::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonKind, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(JsonKind::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonKind, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(JsonKind::Other)
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

/// Every problem of an annotation value for a schema and the item it annotates,
/// up to [`MAX_PROBLEMS`]. Paths are under `prefix` (e.g. `value`).
///
/// The work is bounded by the schema, not by the value: a multi-label answer
/// holds at most as many labels as the question offers, spans at most
/// [`MAX_SPANS`], and the check stops at the hundredth problem.
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
    let mut problems = Problems::default();
    for name in answers.keys() {
        if problems.is_full() {
            return problems.0;
        }
        if !schema.questions.iter().any(|q| &q.name == name) {
            problems.add(
                format!("{prefix}.{name}"),
                "unknown_question",
                "is not a question of the annotation UI",
            );
        }
    }
    for question in &schema.questions {
        let path = format!("{prefix}.{}", question.name);
        match answers.get(&question.name) {
            None | Some(Value::Null) if question.required => {
                problems.add(path, "required", "this question must be answered");
            }
            None | Some(Value::Null) => {}
            Some(answer) => check_answer(question, answer, item_data, &path, &mut problems),
        }
    }
    problems.0
}

/// The problems of one question's answer, by the question's type.
fn check_answer(
    question: &Question,
    answer: &Value,
    item_data: &Value,
    path: &str,
    problems: &mut Problems,
) {
    let labels = question.labels.as_deref().unwrap_or_default();
    let offered: HashSet<&str> = labels.iter().map(String::as_str).collect();
    match question.kind {
        QuestionType::SingleLabel => check_single_label(&offered, answer, path, problems),
        QuestionType::MultiLabel => check_multi_label(labels, &offered, answer, path, problems),
        QuestionType::Text => check_text(question, answer, path, problems),
        QuestionType::Rating => check_rating(question, answer, path, problems),
        QuestionType::Spans => check_spans(question, &offered, answer, item_data, path, problems),
    }
}

/// A single-label answer: one of the labels offered.
fn check_single_label(
    offered: &HashSet<&str>,
    answer: &Value,
    path: &str,
    problems: &mut Problems,
) {
    match answer.as_str() {
        Some(label) if offered.contains(label) => {}
        Some(label) => problems.add(
            path.to_owned(),
            "unknown_label",
            format!("`{}` is not one of the labels", shown(label)),
        ),
        None => problems.add(path.to_owned(), "invalid", "must be one label (a string)"),
    }
}

/// A multi-label answer: labels offered, each at most once.
fn check_multi_label(
    labels: &[String],
    offered: &HashSet<&str>,
    answer: &Value,
    path: &str,
    problems: &mut Problems,
) {
    match answer.as_array() {
        Some(chosen) if chosen.len() > labels.len() => problems.add(
            path.to_owned(),
            "too_many",
            format!(
                "must choose at most the {} labels offered, each once",
                labels.len()
            ),
        ),
        Some(chosen) => {
            let mut seen = HashSet::new();
            for (i, label) in chosen.iter().enumerate() {
                let at = format!("{path}[{i}]");
                match label.as_str() {
                    Some(label) if !offered.contains(label) => problems.add(
                        at,
                        "unknown_label",
                        format!("`{}` is not one of the labels", shown(label)),
                    ),
                    Some(label) if !seen.insert(label) => {
                        problems.add(at, "duplicate", "is chosen twice")
                    }
                    Some(_) => {}
                    None => problems.add(at, "invalid", "must be a label (a string)"),
                }
            }
        }
        None => problems.add(path.to_owned(), "invalid", "must be an array of labels"),
    }
}

/// A free-text answer: a string of at most the question's `max_length` characters.
fn check_text(question: &Question, answer: &Value, path: &str, problems: &mut Problems) {
    match answer.as_str() {
        Some(text) => {
            let max = question.max_length.unwrap_or(DEFAULT_TEXT_MAX_LENGTH);
            if text.chars().count() > max as usize {
                problems.add(
                    path.to_owned(),
                    "too_long",
                    format!("must be at most {max} characters"),
                );
            }
        }
        None => problems.add(path.to_owned(), "invalid", "must be a string"),
    }
}

/// A rating: a whole number from the question's `min` to its `max`.
fn check_rating(question: &Question, answer: &Value, path: &str, problems: &mut Problems) {
    let (min, max) = (
        question.min.unwrap_or(i64::MIN),
        question.max.unwrap_or(i64::MAX),
    );
    match answer.as_i64() {
        Some(rating) if (min..=max).contains(&rating) => {}
        Some(_) => problems.add(
            path.to_owned(),
            "out_of_range",
            format!("must be between {min} and {max}"),
        ),
        None => problems.add(
            path.to_owned(),
            "invalid",
            format!("must be a whole number from {min} to {max}"),
        ),
    }
}

fn check_spans(
    question: &Question,
    offered: &HashSet<&str>,
    answer: &Value,
    item_data: &Value,
    path: &str,
    problems: &mut Problems,
) {
    let field = question.field.as_deref().unwrap_or_default();
    let length = item_data
        .get(field)
        .and_then(Value::as_str)
        .map(|text| text.chars().count());
    let Some(spans) = answer.as_array() else {
        return problems.add(
            path.to_owned(),
            "invalid",
            "must be an array of {start, end, label}",
        );
    };
    if spans.len() > MAX_SPANS {
        return problems.add(
            path.to_owned(),
            "too_many",
            format!("must hold at most {MAX_SPANS} spans"),
        );
    }
    for (i, span) in spans.iter().enumerate() {
        if problems.is_full() {
            return;
        }
        let at = |key: &str| format!("{path}[{i}].{key}");
        let Some(object) = span.as_object() else {
            problems.add(
                format!("{path}[{i}]"),
                "invalid",
                "must be an object {start, end, label}",
            );
            continue;
        };
        if let Some(extra) = object
            .keys()
            .find(|k| !matches!(k.as_str(), "start" | "end" | "label"))
        {
            problems.add(
                at(extra),
                "unknown_field",
                "a span has only `start`, `end` and `label`",
            );
        }
        let start = object.get("start").and_then(Value::as_u64);
        let end = object.get("end").and_then(Value::as_u64);
        match (start, end) {
            (None, _) => problems.add(
                at("start"),
                "invalid",
                "must be a non-negative whole number",
            ),
            (_, None) => problems.add(at("end"), "invalid", "must be a non-negative whole number"),
            (Some(start), Some(end)) if start >= end => {
                problems.add(at("end"), "invalid", "must be greater than `start`");
            }
            (Some(_), Some(end)) => match length {
                Some(length) if end > length as u64 => problems.add(
                    at("end"),
                    "out_of_range",
                    format!("is past the end of `{field}` ({length} characters)"),
                ),
                Some(_) => {}
                None => problems.add(
                    at("end"),
                    "out_of_range",
                    format!("the item has no text field `{field}`"),
                ),
            },
        }
        match object.get("label").and_then(Value::as_str) {
            Some(label) if offered.contains(label) => {}
            Some(label) => problems.add(
                at("label"),
                "unknown_label",
                format!("`{}` is not one of the labels", shown(label)),
            ),
            None => problems.add(at("label"), "invalid", "must be a label (a string)"),
        }
    }
}

/// A label as quoted back in a message: at most [`MAX_LABEL_CHARS`] of it, so
/// that a 10 MiB "label" is not echoed back whole.
fn shown(label: &str) -> &str {
    match label.char_indices().nth(MAX_LABEL_CHARS) {
        Some((end, _)) => &label[..end],
        None => label,
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
    fn the_specs_identifier_pattern_accepts_exactly_what_the_check_accepts() {
        let pattern = regex::Regex::new(labelwell_transport::limits::IDENTIFIER_PATTERN)
            .expect("a regular expression");
        let long = "a".repeat(MAX_IDENTIFIER_CHARS);
        let too_long = "a".repeat(MAX_IDENTIFIER_CHARS + 1);
        for name in [
            "text", "Q_1", "a-b", "", " ", "a b", "é", "a.b", "a\u{0}", &long, &too_long,
        ] {
            assert_eq!(pattern.is_match(name), is_identifier(name), "{name:?}");
        }
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
    fn item_data_text_is_checked_as_its_value_is() {
        let schema = schema(json!({
            "fields": [
                {"name": "text"},
                {"name": "score", "kind": "number"},
                {"name": "extra", "kind": "json"}
            ],
            "questions": [{"name": "ok", "type": "single_label", "labels": ["y", "n"]}]
        }));
        let deep = format!("{}{}", "[".repeat(120), "]".repeat(120));
        let zeros = format!("[{}0]", "0,".repeat(1 << 20));
        let cases = [
            json!({"text": "hi", "score": 1, "extra": null}),
            json!({"text": "a\u{0}\"\\\n é🦀", "score": -1.5e300, "extra": [1, {"a": 2}]}),
            json!({"text": 3, "score": "3", "other": 1}),
            json!({"score": 18_446_744_073_709_551_615_u64, "extra": {}}),
            json!({"text": [], "score": {}, "extra": "x"}),
            json!([1]),
            json!("text"),
            json!(null),
            serde_json::from_str(&format!(
                r#"{{"z": {deep}, "text": "x", "score": 0, "extra": {deep}}}"#
            ))
            .expect("JSON"),
            serde_json::from_str(&format!(r#"{{"a": {zeros}, "text": {zeros}, "score": 7}}"#))
                .expect("JSON"),
        ];
        for data in cases {
            let text = data.to_string();
            for schema in [Some(&schema), None] {
                let from_text = check_item_data_text(schema, &text, "line[3].data").expect("JSON");
                assert_eq!(
                    from_text,
                    check_item_data(schema, &data, "line[3].data"),
                    "{}",
                    &text[..text.len().min(80)]
                );
            }
        }
        let wrong = check_item_data_text(Some(&schema), r#"{"text": 3, "extra": 1}"#, "data");
        assert_eq!(
            paths(&wrong.expect("JSON")),
            [("data.text", "invalid"), ("data.score", "required")]
        );
        assert!(check_item_data_text(Some(&schema), r#"{"text": "x""#, "data").is_err());
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
    fn a_multi_label_answer_longer_than_the_labels_is_one_problem() {
        let schema = sentiment();
        let item = json!({"text": "hi"});
        let empties = vec![json!(""); 100_000];
        let value = json!({"sentiment": "pos", "topics": empties});
        assert_eq!(
            paths(&check_value(&schema, &value, &item, "value")),
            [("value.topics", "too_many")]
        );
        let every_label_once = json!({"sentiment": "pos", "topics": ["bug", "billing"]});
        assert!(check_value(&schema, &every_label_once, &item, "value").is_empty());
    }

    #[test]
    fn at_most_a_hundred_problems_are_reported_for_a_value_or_a_schema() {
        let schema = sentiment();
        let item = json!({"text": "hi"});
        let unknown: serde_json::Map<String, Value> =
            (0..10_000).map(|i| (format!("q{i}"), json!(1))).collect();
        let errors = check_value(&schema, &Value::Object(unknown), &item, "value");
        assert_eq!(errors.len(), MAX_PROBLEMS);
        let spans = vec![json!({"start": 5, "end": 1, "label": "nope"}); MAX_SPANS];
        let value = json!({"sentiment": "pos", "entities": spans});
        assert_eq!(
            check_value(&schema, &value, &item, "value").len(),
            MAX_PROBLEMS
        );
        let blank_labels = schema_with_labels(vec![String::new(); 5_000]);
        assert_eq!(check_schema(&blank_labels, "schema").len(), MAX_PROBLEMS);
    }

    fn schema_with_labels(labels: Vec<String>) -> AnnotationUiSchema {
        schema(json!({
            "fields": [{"name": "text"}],
            "questions": [{"name": "q", "type": "multi_label", "labels": labels}]
        }))
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

    mod properties {
        use labelwell_transport::{FieldSpec, Question, QuestionType};
        use proptest::prelude::*;

        use super::*;

        /// Names: identifiers the schemas use, and what no identifier may be.
        fn name() -> impl Strategy<Value = String> {
            prop_oneof![
                prop::sample::select(vec![
                    "text",
                    "url",
                    "n",
                    "sentiment",
                    "topics",
                    "note",
                    "quality",
                    "entities",
                    "pos",
                    "neg",
                    "ORG"
                ])
                .prop_map(str::to_owned),
                Just(String::new()),
                Just("x".repeat(MAX_LABEL_CHARS + 1)),
                any::<String>(),
            ]
        }

        /// A JSON text that is a string: labels, names, arbitrary Unicode.
        fn text() -> impl Strategy<Value = Value> {
            name().prop_map(Value::String)
        }

        /// Any JSON value, leaning towards the shapes answers have.
        fn json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                (-3..20_i64).prop_map(Value::from),
                text(),
            ];
            leaf.prop_recursive(4, 64, 8, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                    prop::collection::vec((name(), inner.clone()), 0..8)
                        .prop_map(|fields| Value::Object(fields.into_iter().collect())),
                    // Spans, close enough to be checked past their shape.
                    (inner.clone(), inner.clone(), inner).prop_map(
                        |(start, end, label)| json!([{"start": start, "end": end, "label": label}])
                    ),
                ]
            })
        }

        fn question() -> impl Strategy<Value = Question> {
            let kind = prop::sample::select(vec![
                QuestionType::SingleLabel,
                QuestionType::MultiLabel,
                QuestionType::Text,
                QuestionType::Rating,
                QuestionType::Spans,
            ]);
            (
                name(),
                kind,
                any::<bool>(),
                prop::option::of(prop::collection::vec(name(), 0..6)),
                prop::option::of(any::<i64>()),
                prop::option::of(any::<i64>()),
                prop::option::of(any::<u32>()),
                prop::option::of(name()),
            )
                .prop_map(
                    |(name, kind, required, labels, min, max, max_length, field)| Question {
                        name,
                        kind,
                        prompt: None,
                        required,
                        labels,
                        min,
                        max,
                        max_length,
                        field,
                    },
                )
        }

        fn annotation_ui() -> impl Strategy<Value = AnnotationUiSchema> {
            let kind = prop::sample::select(vec![
                FieldKind::Text,
                FieldKind::Image,
                FieldKind::Audio,
                FieldKind::Number,
                FieldKind::Json,
            ]);
            let field = (name(), kind).prop_map(|(name, kind)| FieldSpec {
                name,
                kind,
                label: None,
            });
            (
                prop::collection::vec(field, 0..4),
                prop::collection::vec(question(), 0..6),
            )
                .prop_map(|(fields, questions)| AnnotationUiSchema { fields, questions })
        }

        proptest! {
            #![proptest_config(crate::proptest_cases())]

            /// Any schema is checked without panicking, with at most a hundred problems.
            #[test]
            fn any_annotation_ui_is_checked_with_at_most_a_hundred_problems(
                schema in annotation_ui(),
                data in json(),
                value in json(),
            ) {
                let problems = check_schema(&schema, "schema");
                prop_assert!(problems.len() <= MAX_PROBLEMS);
                prop_assert!(problems.iter().all(|p| p.field.starts_with("schema")));
                // Answers are checked against schemas that passed only, as the server does.
                if problems.is_empty() {
                    let problems = check_value(&schema, &value, &data, "value");
                    prop_assert!(problems.len() <= MAX_PROBLEMS);
                    prop_assert!(check_item_data(Some(&schema), &data, "data").len() <= MAX_FIELDS);
                }
            }

            /// Any answer to a schema asking every kind of question is checked
            /// without panicking, with at most a hundred problems, each under `value`.
            #[test]
            fn any_answer_is_checked_with_at_most_a_hundred_problems(
                value in json(),
                answers in prop::collection::vec((name(), json()), 0..6),
                text in any::<String>(),
            ) {
                let schema = sentiment();
                let data = json!({ "text": text });
                for value in [value, Value::Object(answers.into_iter().collect())] {
                    let problems = check_value(&schema, &value, &data, "value");
                    prop_assert!(problems.len() <= MAX_PROBLEMS);
                    prop_assert!(problems.iter().all(|p| p.field.starts_with("value")), "{problems:?}");
                }
            }
        }
    }
}
