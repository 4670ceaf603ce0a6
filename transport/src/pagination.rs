//! Keyset pagination of every list.

use serde::{Deserialize, Serialize};

/// Where the next page of a list starts.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pagination {
    /// Opaque cursor of the next page; `null` on the last page.
    #[cfg_attr(feature = "openapi", schema(example = "eyJpZCI6IjAxOTMifQ"))]
    pub next_cursor: Option<String>,
    /// Path and query of the next page, ready to follow; `null` on the last page.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/api/v1/organizations?limit=50&cursor=eyJpZCI6IjAxOTMifQ")
    )]
    pub next: Option<String>,
    /// The page size used for this page.
    #[cfg_attr(feature = "openapi", schema(example = 50))]
    pub limit: u32,
}

/// The query parameters every list accepts.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// Page size, 1 to 1000; 50 when absent.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; absent for the first page.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page size when the caller names none.
    pub const DEFAULT_LIMIT: u32 = 50;
    /// The largest page a caller may ask for.
    pub const MAX_LIMIT: u32 = 1000;
}
