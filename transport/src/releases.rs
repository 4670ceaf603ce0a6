//! Dataset releases: named, immutable snapshots of a project's labelled items.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::wire::envelope;
use crate::{AnnotationUi, QuestionAgreement, ReviewStatus};

/// `POST /projects/{project_id}/releases`: freeze the project's labelled items as a release.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateReleaseRequest {
    /// The release's name, unique in the project and never reused: letters,
    /// digits, `.`, `_` and `-`, starting with a letter or a digit (`v3`, `2026-12-gold`).
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "v3",
            min_length = 1,
            max_length = 64,
            pattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
        )
    )]
    pub name: String,
    /// The annotations it holds, by review status: `["accepted"]` when absent.
    /// An item is in the release when at least one of its annotations is.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 3))]
    pub review_statuses: Option<Vec<ReviewStatus>>,
}

/// A release's manifest: what it holds, what it was made under, and the hash
/// of its bytes.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Release {
    /// The release's id.
    pub id: Uuid,
    /// Its project.
    pub project_id: Uuid,
    /// Its name, unique in the project.
    pub name: String,
    /// The review statuses of the annotations it holds.
    pub review_statuses: Vec<ReviewStatus>,
    /// The annotation UI version in force when it was made; `null` before any.
    pub annotation_ui_version: Option<u32>,
    /// The guideline version in force when it was made; `null` before any.
    pub guideline_version: Option<u32>,
    /// Items in it: those with at least one annotation of those statuses.
    pub item_count: u64,
    /// Annotations in it.
    pub annotation_count: u64,
    /// The size of its JSON Lines, in bytes.
    pub byte_count: u64,
    /// `sha256:` and the hex SHA-256 of its JSON Lines, exactly as
    /// `GET .../releases/{name}/items` sends them: the same whenever it is pulled.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        )
    )]
    pub content_hash: String,
    /// Agreement between annotators on each single-label question, measured
    /// on all the project's annotations when the release was made.
    pub agreement: Vec<QuestionAgreement>,
    /// Who made it; `null` when that account is gone.
    pub created_by: Option<Uuid>,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// One release, with the annotation UI version its labels answer.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseResponse {
    /// The release's manifest.
    pub release: Release,
    /// The annotation UI version in force when it was made (its questions
    /// and their options); `null` before any.
    pub annotation_ui: Option<AnnotationUi>,
}

envelope! {
    /// `GET /projects/{project_id}/releases`.
    pub struct ReleaseList {
        /// The project's releases, newest first.
        pub releases: Vec<Release>,
        pagination,
    }
}

/// The query of `GET /projects/{project_id}/releases/{name}/items`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReleaseItemsQuery {
    /// Only the items after this item id (items come in id order): to resume
    /// a pull that broke off. The content hash covers the whole release.
    pub after: Option<Uuid>,
}

/// The query of `GET /projects/{project_id}/releases/{name}/diff`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReleaseDiffQuery {
    /// The name of the release to compare with (the older one, usually).
    #[cfg_attr(
        feature = "openapi",
        param(
            min_length = 1,
            max_length = 64,
            pattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
        )
    )]
    pub base: String,
}

/// How one release differs from another, item by item (items matched by external id).
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseDiff {
    /// The release compared with.
    pub base: String,
    /// The release compared.
    pub release: String,
    /// External ids of the items in `release` and not in `base`, sorted.
    pub added: Vec<String>,
    /// External ids of the items in `base` and not in `release`, sorted.
    pub removed: Vec<String>,
    /// External ids of the items in both whose annotations differ, sorted.
    pub relabelled: Vec<String>,
    /// External ids of the items in both with the same annotations whose
    /// data, metadata or status differ, sorted.
    pub changed: Vec<String>,
    /// Items in both, exactly the same.
    pub unchanged: u64,
}
