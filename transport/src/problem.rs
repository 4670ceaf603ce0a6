//! Errors, as RFC 9457 problem details (`application/problem+json`).

use serde::{Deserialize, Serialize};

/// The body of every error response.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem; `urn:labelwell:problem:<code>`.
    #[serde(rename = "type")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "urn:labelwell:problem:validation_failed")
    )]
    pub kind: String,
    /// A short summary of the kind of problem, the same for every occurrence.
    #[cfg_attr(feature = "openapi", schema(example = "Unprocessable Content"))]
    pub title: String,
    /// The HTTP status code.
    #[cfg_attr(feature = "openapi", schema(example = 422))]
    pub status: u16,
    /// What went wrong this time, for a human.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "the request body has 1 invalid field")
    )]
    pub detail: String,
    /// A stable machine-readable code; clients branch on this, never on `detail`.
    #[cfg_attr(feature = "openapi", schema(example = "validation_failed"))]
    pub code: String,
    /// For validation problems: one entry per offending field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One invalid field of a request.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field in the request, e.g. `email` or `items[3].data.text`.
    #[cfg_attr(feature = "openapi", schema(example = "email"))]
    pub field: String,
    /// A stable machine-readable code, e.g. `required`, `too_long`, `invalid`.
    #[cfg_attr(feature = "openapi", schema(example = "invalid"))]
    pub code: String,
    /// What is wrong with the field, for a human.
    #[cfg_attr(feature = "openapi", schema(example = "is not an email address"))]
    pub message: String,
}

impl FieldError {
    /// A field error from its path, code and message.
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}
