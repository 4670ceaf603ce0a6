//! Annotations of items, and their reviews.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use labelwell_transport::{
    AnnotationHistory, AnnotationHistoryQuery, AnnotationList, AnnotationResponse,
    CreateAnnotationRequest, CreateReviewRequest, PageQuery, Problem, ReviewList, ReviewResponse,
    UpdateAnnotationRequest,
};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::items::ItemPath;
use super::pagination::pagination_of;
use crate::authz::{ProjectPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The annotation a path names.
#[derive(Debug, serde::Deserialize)]
pub struct AnnotationPath {
    /// The annotation's id.
    pub annotation_id: Uuid,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(list_annotations))
        .routes(route!(create_annotation))
        .routes(route!(get_annotation))
        .routes(route!(update_annotation))
        .routes(route!(delete_annotation))
        .routes(route!(list_my_annotations))
        .routes(route!(list_reviews))
        .routes(route!(create_review))
}

/// The annotations of an item: annotators see only their own (blind labelling).
#[utoipa::path(
    get, path = "/items/{item_id}/annotations", tag = "annotations",
    params(("item_id" = Uuid, Path, description = "The item's id."), PageQuery),
    responses((status = 200, description = "A page of annotations, oldest first.", body = AnnotationList))
)]
pub async fn list_annotations(
    permit: ProjectPermit<perm::AnnotationRead>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<AnnotationList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::annotations::list_annotations_of_item(
        &state.db,
        &permit,
        Id(path.0.item_id),
        &page,
    )
    .await?;
    Ok(Json(AnnotationList {
        pagination: pagination_of(&uri, &page),
        annotations: page.items,
    }))
}

/// Annotate an item.
///
/// `value` holds the answers by question name and is checked against the
/// annotation UI in force; the annotation records that version and the
/// guideline version the annotator saw. An item takes no more annotations than
/// the project's overlap, one per annotator.
#[utoipa::path(
    post, path = "/items/{item_id}/annotations", tag = "annotations",
    params(("item_id" = Uuid, Path, description = "The item's id.")),
    request_body = CreateAnnotationRequest,
    responses(
        (status = 201, description = "The annotation.", body = AnnotationResponse),
        (status = 409, description = "Annotated already by the caller (`already_annotated`), fully annotated (`item_fully_annotated`), no annotation UI yet (`no_annotation_ui`), or archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_annotation(
    permit: ProjectPermit<perm::AnnotationCreate>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
    JsonBody(request): JsonBody<CreateAnnotationRequest>,
) -> Result<(StatusCode, Json<AnnotationResponse>)> {
    let annotation =
        services::annotations::create_annotation(&state.db, &permit, Id(path.0.item_id), request)
            .await?;
    Ok((StatusCode::CREATED, Json(AnnotationResponse { annotation })))
}

/// One annotation; annotators see only their own.
#[utoipa::path(
    get, path = "/annotations/{annotation_id}", tag = "annotations",
    params(("annotation_id" = Uuid, Path, description = "The annotation's id.")),
    responses((status = 200, description = "The annotation.", body = AnnotationResponse))
)]
pub async fn get_annotation(
    permit: ProjectPermit<perm::AnnotationRead>,
    State(state): State<AppState>,
    path: PathIds<AnnotationPath>,
) -> Result<Json<AnnotationResponse>> {
    let annotation =
        repositories::annotations::find_annotation(&state.db, &permit, Id(path.0.annotation_id))
            .await?;
    Ok(Json(AnnotationResponse { annotation }))
}

/// Change an annotation; a new value makes it pending review again.
///
/// Annotators change only their own, and only until a review accepts them.
#[utoipa::path(
    patch, path = "/annotations/{annotation_id}", tag = "annotations",
    params(("annotation_id" = Uuid, Path, description = "The annotation's id.")),
    request_body = UpdateAnnotationRequest,
    responses(
        (status = 200, description = "The changed annotation.", body = AnnotationResponse),
        (status = 409, description = "Accepted already (`annotation_accepted`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_annotation(
    permit: ProjectPermit<perm::AnnotationUpdate>,
    State(state): State<AppState>,
    path: PathIds<AnnotationPath>,
    JsonBody(request): JsonBody<UpdateAnnotationRequest>,
) -> Result<Json<AnnotationResponse>> {
    let annotation = services::annotations::update_annotation(
        &state.db,
        &permit,
        Id(path.0.annotation_id),
        request,
    )
    .await?;
    Ok(Json(AnnotationResponse { annotation }))
}

/// Delete an annotation with its reviews.
///
/// Annotators delete only their own, and only until a review accepts them.
#[utoipa::path(
    delete, path = "/annotations/{annotation_id}", tag = "annotations",
    params(("annotation_id" = Uuid, Path, description = "The annotation's id.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 409, description = "Accepted already (`annotation_accepted`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_annotation(
    permit: ProjectPermit<perm::AnnotationDelete>,
    State(state): State<AppState>,
    path: PathIds<AnnotationPath>,
) -> Result<StatusCode> {
    services::annotations::delete_annotation(&state.db, &permit, Id(path.0.annotation_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's own annotations in a project, newest first, each with its item
/// and latest review: what they did, to reopen and fix.
///
/// `review_status=rejected` lists the ones a reviewer sent back, with the
/// reviewer's comment in `latest_review`.
#[utoipa::path(
    get, path = "/projects/{project_id}/my-annotations", tag = "annotations",
    params(("project_id" = Uuid, Path, description = "The project's id."), AnnotationHistoryQuery),
    responses((status = 200, description = "A page of the caller's annotations.", body = AnnotationHistory))
)]
pub async fn list_my_annotations(
    permit: ProjectPermit<perm::AnnotationRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<AnnotationHistoryQuery>,
) -> Result<Json<AnnotationHistory>> {
    let page = PageRequest::from_query(&PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    })?;
    let page = repositories::annotations::list_my_annotations(
        &state.db,
        &permit,
        query.review_status,
        &page,
    )
    .await?;
    Ok(Json(AnnotationHistory {
        pagination: pagination_of(&uri, &page),
        entries: page.items,
    }))
}

/// The reviews of an annotation; annotators see those of their own annotations.
#[utoipa::path(
    get, path = "/annotations/{annotation_id}/reviews", tag = "reviews",
    params(("annotation_id" = Uuid, Path, description = "The annotation's id."), PageQuery),
    responses((status = 200, description = "A page of reviews, oldest first.", body = ReviewList))
)]
pub async fn list_reviews(
    permit: ProjectPermit<perm::ReviewRead>,
    State(state): State<AppState>,
    path: PathIds<AnnotationPath>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ReviewList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::annotations::list_reviews_of_annotation(
        &state.db,
        &permit,
        Id(path.0.annotation_id),
        &page,
    )
    .await?;
    Ok(Json(ReviewList {
        pagination: pagination_of(&uri, &page),
        reviews: page.items,
    }))
}

/// Review an annotation: accept it, or reject it with a comment.
///
/// A rejection needs a comment telling the annotator what to fix. Nobody
/// reviews their own annotation, nor one the review queue has leased to
/// another reviewer; the caller's own lease on it ends. The item's status follows.
#[utoipa::path(
    post, path = "/annotations/{annotation_id}/reviews", tag = "reviews",
    params(("annotation_id" = Uuid, Path, description = "The annotation's id.")),
    request_body = CreateReviewRequest,
    responses(
        (status = 201, description = "The review.", body = ReviewResponse),
        (status = 403, description = "The annotation is the caller's own (`cannot_review_own_annotation`).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Leased to another reviewer (`annotation_under_review`), or the project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_review(
    permit: ProjectPermit<perm::ReviewCreate>,
    State(state): State<AppState>,
    path: PathIds<AnnotationPath>,
    JsonBody(request): JsonBody<CreateReviewRequest>,
) -> Result<(StatusCode, Json<ReviewResponse>)> {
    let review =
        services::annotations::create_review(&state.db, &permit, Id(path.0.annotation_id), request)
            .await?;
    Ok((StatusCode::CREATED, Json(ReviewResponse { review })))
}
