//! Exports: every item of a project with its annotations and their reviews.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::wire::{envelope, wire_enum};
use crate::{ExportedPrediction, ItemStatus, JsonValue, Review, ReviewStatus};

wire_enum! {
    /// The file format of an export.
    #[derive(Default)]
    pub enum ExportFormat {
        /// One `ExportedItem` JSON object per line.
        #[default]
        Jsonl = "jsonl",
        /// A header row, then one row per item; `data`, `metadata` and `annotations` hold JSON.
        Csv = "csv",
        /// One JSON document `{"items": [...]}`.
        Json = "json",
    }
}

/// The query of `GET /projects/{project_id}/export`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportQuery {
    /// `jsonl` (default), `csv` or `json`.
    pub format: Option<ExportFormat>,
    /// Only items with this status.
    pub status: Option<ItemStatus>,
    /// Only items changed after this time (RFC 3339), for incremental pulls.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub updated_after: Option<OffsetDateTime>,
    /// Resume an interrupted export: only items after this item id (items come in id order).
    pub after: Option<Uuid>,
}

/// An annotation as exported, with its reviews.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedAnnotation {
    /// The annotation's id.
    pub id: Uuid,
    /// Who annotated.
    pub annotator_id: Option<Uuid>,
    /// The answers, by question name.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub value: JsonValue,
    /// The annotation UI version the value was checked against.
    pub annotation_ui_version: u32,
    /// The guideline version the annotator saw.
    pub guideline_version: Option<u32>,
    /// Time spent, in milliseconds.
    pub time_spent_ms: Option<u64>,
    /// Its latest review verdict.
    pub review_status: ReviewStatus,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Its reviews, oldest first.
    pub reviews: Vec<Review>,
    /// The model prediction the annotator started from; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction_id: Option<Uuid>,
}

/// An item as exported: one line of JSONL, one row of CSV.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedItem {
    /// The item's id.
    pub id: Uuid,
    /// The caller's key of the item.
    pub external_id: String,
    /// The item's data.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: JsonValue,
    /// The item's metadata.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: JsonValue,
    /// Where the item stands.
    pub status: ItemStatus,
    /// When it was first imported.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it, its annotations or their reviews last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Its annotations, oldest first.
    pub annotations: Vec<ExportedAnnotation>,
    /// Model predictions for it, by model and version; absent when none (and
    /// in dataset releases, which hold labels only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predictions: Vec<ExportedPrediction>,
}

envelope! {
    /// The answer of `GET /projects/{project_id}/export?format=json`: one JSON document.
    pub struct ExportDocument {
        /// The items, in id order.
        pub items: Vec<ExportedItem>,
    }
}
