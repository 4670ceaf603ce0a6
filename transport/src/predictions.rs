//! Model predictions: what a model answers for an item, imported by external
//! id, shown to annotators as a starting point (or not), and compared with
//! the labels people accepted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::JsonValue;
use crate::wire::envelope;

/// The longest model name or version, in characters.
pub const MAX_MODEL_CHARS: usize = 200;

/// One prediction in `POST /projects/{project_id}/predictions`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PredictionInput {
    /// The item's key in the project, as it was imported.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "ticket-1042",
            min_length = 1,
            max_length = 256,
            pattern = "^[^\\u0000]*[^\\u0000\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
        )
    )]
    pub external_id: String,
    /// The model's name.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "sentiment-bert",
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub model: String,
    /// The model's version: one prediction per item and model version (a new
    /// import of the same version replaces it).
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "2026-11-30",
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
        )
    )]
    pub model_version: String,
    /// The answers, by question name, checked against the annotation UI in
    /// force like an annotation's (required questions may be left out).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub value: JsonValue,
    /// The model's confidence in each answer, 0 to 1, by question name.
    #[serde(default)]
    pub scores: Option<BTreeMap<String, f64>>,
}

/// `POST /projects/{project_id}/predictions` as JSON; larger imports send
/// NDJSON, one `PredictionInput` per line, with `Content-Type: application/x-ndjson`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportPredictionsRequest {
    /// The predictions, at most 10,000.
    pub predictions: Vec<PredictionInput>,
}

/// The answer to an import of predictions.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPredictionsResponse {
    /// Predictions received and written (new ones, and replacements).
    pub imported: u64,
}

/// A model's prediction for an item.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Prediction {
    /// The prediction's id: what an annotation that started from it names.
    pub id: Uuid,
    /// Its item.
    pub item_id: Uuid,
    /// The model's name.
    pub model: String,
    /// The model's version.
    pub model_version: String,
    /// The answers, by question name.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub value: JsonValue,
    /// The model's confidence in each answer, by question name.
    pub scores: Option<BTreeMap<String, f64>>,
    /// When it was last imported.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

envelope! {
    /// `GET /items/{item_id}/predictions`.
    pub struct PredictionList {
        /// The item's predictions, newest import first.
        pub predictions: Vec<Prediction>,
    }
}

/// How often one model version's answer to one question is the answer people
/// accepted.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelAgreement {
    /// The model's name.
    pub model: String,
    /// The model's version.
    pub model_version: String,
    /// The question.
    pub question: String,
    /// Accepted annotations of items the model version predicted, answering
    /// the question.
    pub compared: u64,
    /// Of those, the ones whose answer is the model's.
    pub agreed: u64,
    /// `agreed / compared`; `null` when nothing was compared.
    pub agreement: Option<f64>,
}

envelope! {
    /// `GET /projects/{project_id}/predictions/agreement`.
    pub struct ModelAgreementList {
        /// One entry per model version and question of the annotation UI in
        /// force, by model, version and question.
        pub agreement: Vec<ModelAgreement>,
    }
}

/// A prediction as exported, beside the item's annotations.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedPrediction {
    /// The prediction's id.
    pub id: Uuid,
    /// The model's name.
    pub model: String,
    /// The model's version.
    pub model_version: String,
    /// The answers, by question name.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub value: JsonValue,
    /// The model's confidence in each answer, by question name.
    pub scores: Option<BTreeMap<String, f64>>,
}
