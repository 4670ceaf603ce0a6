//! A project's annotation UI and guideline, and their versions.

use axum::Json;
use axum::extract::{OriginalUri, State};
use labelwell_transport::{
    AnnotationUiList, AnnotationUiResponse, GuidelineList, GuidelineResponse, PageQuery, Problem,
    PublishAnnotationUiRequest, PublishGuidelineRequest,
};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{ProjectPermit, perm};
use crate::error::{Error, Result};
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The version a path names (of an annotation UI or a guideline).
#[derive(Debug, serde::Deserialize)]
pub struct VersionPath {
    /// The version number.
    pub version: u32,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(get_annotation_ui))
        .routes(route!(publish_annotation_ui))
        .routes(route!(list_annotation_ui_versions))
        .routes(route!(get_annotation_ui_version))
        .routes(route!(get_guideline))
        .routes(route!(publish_guideline))
        .routes(route!(list_guideline_versions))
        .routes(route!(get_guideline_version))
}

/// The annotation UI version in force.
#[utoipa::path(
    get, path = "/projects/{project_id}/annotation-ui", tag = "annotation-ui",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses((status = 200, description = "The latest version.", body = AnnotationUiResponse))
)]
pub async fn get_annotation_ui(
    permit: ProjectPermit<perm::AnnotationUiRead>,
    State(state): State<AppState>,
) -> Result<Json<AnnotationUiResponse>> {
    let mut tx = state.db.read(permit.tenancy()).await?;
    let annotation_ui =
        repositories::versions::current_annotation_ui(tx.conn(), permit.project().id)
            .await?
            .ok_or(Error::NotFound("annotation UI"))?;
    Ok(Json(AnnotationUiResponse { annotation_ui }))
}

/// Publish a new annotation UI version: the fields to show and the questions to ask.
///
/// Versions are immutable and numbered 1, 2, 3, ...; the new one is in force
/// at once. Refused when the schema is inconsistent, or when existing items
/// lack a field it shows.
#[utoipa::path(
    put, path = "/projects/{project_id}/annotation-ui", tag = "annotation-ui",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body = PublishAnnotationUiRequest,
    responses(
        (status = 200, description = "The new version.", body = AnnotationUiResponse),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn publish_annotation_ui(
    permit: ProjectPermit<perm::AnnotationUiPublish>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<PublishAnnotationUiRequest>,
) -> Result<Json<AnnotationUiResponse>> {
    let annotation_ui =
        services::versions::publish_annotation_ui(&state.db, &permit, request).await?;
    Ok(Json(AnnotationUiResponse { annotation_ui }))
}

/// Every annotation UI version, oldest first.
#[utoipa::path(
    get, path = "/projects/{project_id}/annotation-ui/versions", tag = "annotation-ui",
    params(("project_id" = Uuid, Path, description = "The project's id."), PageQuery),
    responses((status = 200, description = "A page of versions.", body = AnnotationUiList))
)]
pub async fn list_annotation_ui_versions(
    permit: ProjectPermit<perm::AnnotationUiRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<AnnotationUiList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::versions::list_annotation_uis(&state.db, &permit, &page).await?;
    Ok(Json(AnnotationUiList {
        pagination: pagination_of(&uri, &page),
        annotation_uis: page.items,
    }))
}

/// One annotation UI version: the one a queue lease or an annotation names.
#[utoipa::path(
    get, path = "/projects/{project_id}/annotation-ui/versions/{version}", tag = "annotation-ui",
    params(
        ("project_id" = Uuid, Path, description = "The project's id."),
        ("version" = u32, Path, description = "The version number."),
    ),
    responses((status = 200, description = "The version.", body = AnnotationUiResponse))
)]
pub async fn get_annotation_ui_version(
    permit: ProjectPermit<perm::AnnotationUiRead>,
    State(state): State<AppState>,
    path: PathIds<VersionPath>,
) -> Result<Json<AnnotationUiResponse>> {
    let annotation_ui =
        repositories::versions::get_annotation_ui_version(&state.db, &permit, path.0.version)
            .await?;
    Ok(Json(AnnotationUiResponse { annotation_ui }))
}

/// The latest guideline.
#[utoipa::path(
    get, path = "/projects/{project_id}/guideline", tag = "guidelines",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses((status = 200, description = "The latest version.", body = GuidelineResponse))
)]
pub async fn get_guideline(
    permit: ProjectPermit<perm::GuidelineRead>,
    State(state): State<AppState>,
) -> Result<Json<GuidelineResponse>> {
    let guideline = repositories::versions::get_latest_guideline(&state.db, &permit).await?;
    Ok(Json(GuidelineResponse { guideline }))
}

/// Publish a new guideline version for a published annotation UI version.
///
/// Versions are numbered 1, 2, 3, ... per project, with no gaps and no
/// duplicates, also when many publishes race.
#[utoipa::path(
    put, path = "/projects/{project_id}/guideline", tag = "guidelines",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body = PublishGuidelineRequest,
    responses(
        (status = 200, description = "The new version.", body = GuidelineResponse),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn publish_guideline(
    permit: ProjectPermit<perm::GuidelinePublish>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<PublishGuidelineRequest>,
) -> Result<Json<GuidelineResponse>> {
    let guideline = services::versions::publish_guideline(&state.db, &permit, request).await?;
    Ok(Json(GuidelineResponse { guideline }))
}

/// Every guideline version, oldest first.
#[utoipa::path(
    get, path = "/projects/{project_id}/guideline/versions", tag = "guidelines",
    params(("project_id" = Uuid, Path, description = "The project's id."), PageQuery),
    responses((status = 200, description = "A page of versions.", body = GuidelineList))
)]
pub async fn list_guideline_versions(
    permit: ProjectPermit<perm::GuidelineRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<GuidelineList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::versions::list_guidelines(&state.db, &permit, &page).await?;
    Ok(Json(GuidelineList {
        pagination: pagination_of(&uri, &page),
        guidelines: page.items,
    }))
}

/// One guideline version.
#[utoipa::path(
    get, path = "/projects/{project_id}/guideline/versions/{version}", tag = "guidelines",
    params(
        ("project_id" = Uuid, Path, description = "The project's id."),
        ("version" = u32, Path, description = "The version number."),
    ),
    responses((status = 200, description = "The version.", body = GuidelineResponse))
)]
pub async fn get_guideline_version(
    permit: ProjectPermit<perm::GuidelineRead>,
    State(state): State<AppState>,
    path: PathIds<VersionPath>,
) -> Result<Json<GuidelineResponse>> {
    let guideline =
        repositories::versions::get_guideline_version(&state.db, &permit, path.0.version).await?;
    Ok(Json(GuidelineResponse { guideline }))
}
