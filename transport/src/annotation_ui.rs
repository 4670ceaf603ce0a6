//! The annotation UI of a project: which item fields annotators see and which
//! questions they answer. Published as immutable versions 1, 2, 3, ...

use crate::wire::{envelope, wire_enum};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// What annotators see of an item and what they are asked.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnnotationUiSchema {
    /// The fields of an item's `data` to show, in order, 1 to 100 with
    /// distinct names; every item must have them.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub fields: Vec<FieldSpec>,
    /// The questions to ask, in order, 1 to 100 with distinct names.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub questions: Vec<Question>,
}

/// An item field shown to annotators.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The key in the item's `data`: 1 to 100 letters, digits, `_` or `-`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "text", pattern = "^[A-Za-z0-9_-]{1,100}$")
    )]
    pub name: String,
    /// How the field is shown.
    #[serde(default = "FieldKind::default_kind")]
    pub kind: FieldKind,
    /// A label for the field; its name when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub label: Option<String>,
}

wire_enum! {
    /// How an item field is shown, and what its value must be.
    pub enum FieldKind {
        /// A string, shown as text; the only kind spans can be drawn on.
        Text = "text",
        /// A string URL of an image.
        Image = "image",
        /// A string URL of an audio file.
        Audio = "audio",
        /// A number.
        Number = "number",
        /// Any JSON value, shown formatted.
        Json = "json",
    }
}

impl FieldKind {
    fn default_kind() -> FieldKind {
        FieldKind::Text
    }
}

wire_enum! {
    /// The kind of a question.
    pub enum QuestionType {
        /// Pick one of `labels`; the answer is a string.
        SingleLabel = "single_label",
        /// Pick any of `labels`; the answer is an array of distinct strings.
        MultiLabel = "multi_label",
        /// Free text; the answer is a string of at most `max_length` characters.
        Text = "text",
        /// A whole number from `min` to `max`.
        Rating = "rating",
        /// Spans over the text field `field`: an array of `{start, end, label}`, with
        /// offsets in Unicode code points, `0 <= start < end <= length`.
        Spans = "spans",
    }
}

/// A question annotators answer for each item.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The key of the answer in an annotation's `value`, unique in the schema:
    /// 1 to 100 letters, digits, `_` or `-`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "sentiment", pattern = "^[A-Za-z0-9_-]{1,100}$")
    )]
    pub name: String,
    /// The kind of question.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question as shown; its name when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub prompt: Option<String>,
    /// Whether every annotation must answer it; `true` when absent.
    #[serde(default = "default_required")]
    pub required: bool,
    /// The labels to choose from (`single_label`, `multi_label`, `spans`): 1
    /// to 1000, distinct, each 1 to 200 characters, not blank.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = labels_schema))]
    pub labels: Option<Vec<String>>,
    /// The lowest rating (`rating`).
    #[serde(default)]
    pub min: Option<i64>,
    /// The highest rating (`rating`).
    #[serde(default)]
    pub max: Option<i64>,
    /// The longest answer in characters (`text`), 1 to 100,000; 10,000 when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100000))]
    pub max_length: Option<u32>,
    /// The text field the spans are drawn on (`spans`); must be a `text` field of `fields`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,100}$"))]
    pub field: Option<String>,
}

fn default_required() -> bool {
    true
}

/// The schema of [`Question::labels`], built from the limits the server checks
/// (an attribute cannot constrain the items of a list).
#[cfg(feature = "openapi")]
fn labels_schema() -> utoipa::openapi::schema::Array {
    use crate::limits::{MAX_LABEL_CHARS, MAX_LABELS, NOT_BLANK_TEXT_PATTERN};
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    let label = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX_LABEL_CHARS))
        .pattern(Some(NOT_BLANK_TEXT_PATTERN));
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .items(label)
        .min_items(Some(1))
        .max_items(Some(MAX_LABELS))
        .unique_items(true)
        .description(Some(
            "The labels to choose from (`single_label`, `multi_label`, `spans`): 1\n\
             to 1000, distinct, each 1 to 200 characters, not blank.",
        ))
        .examples([serde_json::json!(["positive", "negative", "neutral"])])
        .build()
}

/// One published version of a project's annotation UI.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotationUi {
    /// The version: 1, 2, 3, ... per project.
    pub version: u32,
    /// The schema of this version.
    pub schema: AnnotationUiSchema,
    /// Who published it; `null` when that account is gone.
    pub created_by: Option<Uuid>,
    /// When it was published.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `PUT /projects/{project_id}/annotation-ui`: publish a new version.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishAnnotationUiRequest {
    /// The schema of the new version.
    pub schema: AnnotationUiSchema,
}

envelope! {
    /// One annotation UI version.
    pub struct AnnotationUiResponse {
        /// The version.
        pub annotation_ui: AnnotationUi,
    }
}

envelope! {
    /// `GET /projects/{project_id}/annotation-ui/versions`.
    pub struct AnnotationUiList {
        /// The versions, oldest first.
        pub annotation_uis: Vec<AnnotationUi>,
        pagination,
    }
}
