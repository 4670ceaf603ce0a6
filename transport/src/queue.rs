//! The work queue: items leased to annotators, skipped, and each annotator's progress.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Item;
use crate::wire::envelope;

/// An item leased to the caller: reserved for them until `expires_at`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueLease {
    /// The item to annotate.
    pub item: Item,
    /// Until when the item is reserved for the caller.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// The annotation UI version the annotation will be checked against.
    pub annotation_ui_version: Option<u32>,
    /// The latest guideline version, to show and to send back with the annotation.
    pub guideline_version: Option<u32>,
}

/// `POST /projects/{project_id}/queue/leases`: how many items to hold.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LeaseItemsRequest {
    /// How many leases the caller wants to hold, 1 to 5; 2 when absent (the
    /// item to work on now and the next one, to prefetch).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5, example = 2))]
    pub count: Option<u32>,
}

envelope! {
    /// The answer of `POST /projects/{project_id}/queue/leases`.
    pub struct QueueLeaseList {
        /// Every unexpired lease of the caller in the project, oldest first (the
        /// item to work on now leads), all renewed; empty when nothing is left.
        pub leases: Vec<QueueLease>,
    }
}

/// Where the caller stands in a project's work queue.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueProgress {
    /// The caller's annotations in the project.
    pub annotated: u64,
    /// The items the caller skipped.
    pub skipped: u64,
    /// Items the caller could still be given: neither annotated nor skipped
    /// by them, and needing more annotations than they have.
    pub left: u64,
    /// The caller's annotations whose latest review rejected them: to fix.
    pub rejected: u64,
}

envelope! {
    /// The answer of `GET /projects/{project_id}/queue/progress`.
    pub struct QueueProgressResponse {
        /// The caller's progress.
        pub progress: QueueProgress,
    }
}
