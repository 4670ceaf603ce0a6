//! Dataset releases: make one, list them, read a manifest, pull the items,
//! compare two.

use axum::Json;
use axum::body::Body;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use labelwell_transport::{
    CreateReleaseRequest, ExportedItem, PageQuery, Problem, ReleaseDiff, ReleaseDiffQuery,
    ReleaseItemsQuery, ReleaseList, ReleaseResponse,
};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{ProjectPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The release a path names.
#[derive(Debug, serde::Deserialize)]
pub struct ReleasePath {
    /// The release's name.
    pub name: String,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(create_release))
        .routes(route!(list_releases))
        .routes(route!(get_release))
        .routes(route!(pull_release_items))
        .routes(route!(diff_releases))
}

/// Freeze the project's labelled items as a named, immutable release.
///
/// The release holds every item with at least one annotation of the chosen
/// review statuses (`accepted` by default), each with those annotations and
/// their reviews, read from one snapshot; its manifest records the annotation
/// UI and guideline versions in force, counts, agreement, and the SHA-256 of
/// its JSON Lines. Nothing done to the project afterwards changes it. Chunks
/// of items that an earlier release holds already are not stored again.
#[utoipa::path(
    post, path = "/projects/{project_id}/releases", tag = "releases",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body = CreateReleaseRequest,
    responses(
        (status = 201, description = "The new release.", body = ReleaseResponse),
        (status = 409, description = "The project has a release of that name (`release_exists`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_release(
    permit: ProjectPermit<perm::ReleaseCreate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<CreateReleaseRequest>,
) -> Result<(StatusCode, Json<ReleaseResponse>)> {
    let release = services::releases::create_release(
        &state.db,
        &permit,
        request,
        state.config.release_chunk_items,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(release)))
}

/// The project's releases, newest first.
#[utoipa::path(
    get, path = "/projects/{project_id}/releases", tag = "releases",
    params(("project_id" = Uuid, Path, description = "The project's id."), PageQuery),
    responses((status = 200, description = "A page of releases.", body = ReleaseList))
)]
pub async fn list_releases(
    permit: ProjectPermit<perm::ReleaseRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ReleaseList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::releases::list_releases(&state.db, &permit, &page).await?;
    Ok(Json(ReleaseList {
        pagination: pagination_of(&uri, &page),
        releases: page.items,
    }))
}

/// One release's manifest, with the annotation UI version its labels answer.
#[utoipa::path(
    get, path = "/projects/{project_id}/releases/{name}", tag = "releases",
    params(
        ("project_id" = Uuid, Path, description = "The project's id."),
        ("name" = String, Path, description = "The release's name."),
    ),
    responses((status = 200, description = "The release.", body = ReleaseResponse))
)]
pub async fn get_release(
    permit: ProjectPermit<perm::ReleaseRead>,
    State(state): State<AppState>,
    path: PathIds<ReleasePath>,
) -> Result<Json<ReleaseResponse>> {
    let (release, annotation_ui) =
        repositories::releases::get_release(&state.db, &permit, &path.0.name).await?;
    Ok(Json(ReleaseResponse {
        release,
        annotation_ui,
    }))
}

/// A release's items, streamed as JSON Lines: one `ExportedItem` per line, in id order.
///
/// The bytes are the same whenever the release is pulled; their SHA-256 is
/// the manifest's `content_hash`, also sent as the `ETag`. `after` resumes a
/// pull that broke off, with the items after that item id.
#[utoipa::path(
    get, path = "/projects/{project_id}/releases/{name}/items", tag = "releases",
    params(
        ("project_id" = Uuid, Path, description = "The project's id."),
        ("name" = String, Path, description = "The release's name."),
        ReleaseItemsQuery,
    ),
    responses((status = 200, description = "The release's items, streamed.", content(
        (ExportedItem = "application/x-ndjson"),
    )))
)]
pub async fn pull_release_items(
    permit: ProjectPermit<perm::ReleaseRead>,
    State(state): State<AppState>,
    path: PathIds<ReleasePath>,
    QueryParams(query): QueryParams<ReleaseItemsQuery>,
) -> Result<Response> {
    let (release, chunks) = repositories::releases::release_items(
        &state.db,
        &permit,
        &path.0.name,
        query.after.map(Id),
    )
    .await?;
    let disposition = format!("attachment; filename=\"release-{}.jsonl\"", release.name);
    let mut headers = vec![
        (header::CONTENT_TYPE, "application/x-ndjson".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    if query.after.is_none() {
        headers.push((header::ETAG, format!("\"{}\"", release.content_hash)));
        headers.push((header::CONTENT_LENGTH, release.byte_count.to_string()));
    }
    let mut response = Body::from_stream(chunks).into_response();
    for (name, value) in headers {
        if let Ok(value) = value.parse() {
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}

/// How a release differs from another of the same project: the items added,
/// removed, relabelled (other annotations) and changed (same annotations,
/// other data), by external id.
///
/// Chunks both releases hold are not read: the comparison costs in
/// proportion to what changed.
#[utoipa::path(
    get, path = "/projects/{project_id}/releases/{name}/diff", tag = "releases",
    params(
        ("project_id" = Uuid, Path, description = "The project's id."),
        ("name" = String, Path, description = "The release's name."),
        ReleaseDiffQuery,
    ),
    responses((status = 200, description = "The difference.", body = ReleaseDiff))
)]
pub async fn diff_releases(
    permit: ProjectPermit<perm::ReleaseRead>,
    State(state): State<AppState>,
    path: PathIds<ReleasePath>,
    QueryParams(query): QueryParams<ReleaseDiffQuery>,
) -> Result<Json<ReleaseDiff>> {
    let difference =
        repositories::releases::diff_releases(&state.db, &permit, &query.base, &path.0.name)
            .await?;
    Ok(Json(ReleaseDiff {
        base: query.base,
        release: path.0.name,
        added: difference.added,
        removed: difference.removed,
        relabelled: difference.relabelled,
        changed: difference.changed,
        unchanged: difference.unchanged,
    }))
}
