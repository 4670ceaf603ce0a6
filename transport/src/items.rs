//! Items: the things annotated, imported in bulk and upserted by `external_id`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::JsonValue;
use crate::wire::{envelope, wire_enum};

wire_enum! {
    /// Where an item stands in the annotation workflow.
    #[derive(PartialOrd, Ord)]
    pub enum ItemStatus {
        /// No annotation yet.
        New = "new",
        /// Some annotations, fewer than the project's overlap.
        InProgress = "in_progress",
        /// As many annotations as the overlap asks; not all accepted.
        Annotated = "annotated",
        /// As many accepted annotations as the overlap asks.
        Accepted = "accepted",
        /// A review rejected one of its annotations (until it is fixed and accepted).
        Rejected = "rejected",
    }
}

/// An item of a project.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    /// The item's id.
    pub id: Uuid,
    /// The project it belongs to.
    pub project_id: Uuid,
    /// The caller's key of the item, unique in the project; imports upsert by it.
    #[cfg_attr(feature = "openapi", schema(example = "ticket-1042"))]
    pub external_id: String,
    /// What is annotated: a JSON object holding at least the fields the annotation UI shows.
    #[cfg_attr(feature = "openapi", schema(value_type = Object, example = json!({"text": "The app crashes on start."})))]
    pub data: JsonValue,
    /// Anything else the caller keeps with the item; never shown to annotators.
    #[cfg_attr(feature = "openapi", schema(value_type = Object, example = json!({"source": "zendesk"})))]
    pub metadata: JsonValue,
    /// Where the item stands.
    pub status: ItemStatus,
    /// How many annotations it has.
    pub annotation_count: u32,
    /// Where the work queue puts it: the highest first, ties by age (import
    /// order); 0 unless set.
    #[cfg_attr(feature = "openapi", schema(example = 0.87))]
    pub priority: f64,
    /// When it was first imported.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it, its annotations or their reviews last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One item of an import.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// The caller's key, 1 to 256 characters, not blank; an existing item with this key is updated.
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
    /// A JSON object with at least the fields the annotation UI shows.
    #[cfg_attr(feature = "openapi", schema(value_type = Object, example = json!({"text": "The app crashes on start."})))]
    pub data: JsonValue,
    /// A JSON object; `{}` when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<JsonValue>,
}

/// `POST /projects/{project_id}/items` as JSON; larger imports send NDJSON,
/// one `ItemInput` per line, with `Content-Type: application/x-ndjson`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportItemsRequest {
    /// The items, at most 10,000 per request.
    #[cfg_attr(feature = "openapi", schema(max_items = 10000))]
    pub items: Vec<ItemInput>,
}

/// What an import did: all of it, or (on any error) nothing.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportItemsResponse {
    /// Items created.
    pub created: u64,
    /// Existing items updated (by `external_id`).
    pub updated: u64,
}

/// `PATCH /items/{item_id}`: the fields to change.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateItemRequest {
    /// New data, checked against the annotation UI like an import.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<JsonValue>,
    /// New metadata.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<JsonValue>,
    /// New priority in the work queue (the highest first).
    #[serde(default)]
    pub priority: Option<f64>,
}

/// One item's new priority in `POST /projects/{project_id}/items/priorities`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemPriority {
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
    /// Its priority: the work queue hands out the highest first.
    #[cfg_attr(feature = "openapi", schema(example = 0.87))]
    pub priority: f64,
}

/// `POST /projects/{project_id}/items/priorities` as JSON; larger updates send
/// NDJSON, one `ItemPriority` per line, with `Content-Type: application/x-ndjson`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetItemPrioritiesRequest {
    /// The items' new priorities, at most 10,000 per request.
    #[cfg_attr(feature = "openapi", schema(max_items = 10000))]
    pub items: Vec<ItemPriority>,
}

/// What a priority update did: all of it, or (on any error) nothing.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetItemPrioritiesResponse {
    /// Items whose priority was set (an `external_id` named twice counts once).
    pub updated: u64,
}

envelope! {
    /// One item.
    pub struct ItemResponse {
        /// The item.
        pub item: Item,
    }
}

envelope! {
    /// `GET /projects/{project_id}/items`.
    pub struct ItemList {
        /// A page of items: by id, or by `updated_at` when `updated_after` is given.
        pub items: Vec<Item>,
        pagination,
    }
}

/// The query of `GET /projects/{project_id}/items`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ItemListQuery {
    /// Page size, 1 to 1000; 50 when absent.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only items with this status.
    pub status: Option<ItemStatus>,
    /// Only the item with this external id (an exact match: an external id
    /// names at most one item of a project).
    #[cfg_attr(feature = "openapi", param(example = "ticket-42"))]
    pub external_id: Option<String>,
    /// Only items changed after this time (RFC 3339); the list is then ordered by change time.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub updated_after: Option<OffsetDateTime>,
}
