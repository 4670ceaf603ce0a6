//! The work queue of annotators: leasing items, releasing and skipping them, progress.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use labelwell_transport::{
    LeaseItemsRequest, Problem, QueueLease, QueueLeaseList, QueueProgressResponse,
};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds};
use super::items::ItemPath;
use crate::authz::{ProjectPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories;
use crate::route;
use crate::services;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(lease_next_item))
        .routes(route!(lease_items))
        .routes(route!(release_item_lease))
        .routes(route!(skip_item))
        .routes(route!(get_queue_progress))
}

/// Lease the next item to annotate.
///
/// The item is reserved for the caller for the project's lease time. Items go
/// to no more annotators than they still need, never twice to the same
/// annotator, never to one who skipped them; an expired lease frees its slot.
/// Asking again while holding a lease renews and returns the oldest one.
/// 204 when nothing is left for the caller.
#[utoipa::path(
    post, path = "/projects/{project_id}/queue/next", tag = "queue",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses(
        (status = 200, description = "An item leased to the caller.", body = QueueLease),
        (status = 204, description = "Nothing left to annotate for the caller."),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn lease_next_item(
    permit: ProjectPermit<perm::AnnotationCreate>,
    State(state): State<AppState>,
) -> Result<Response> {
    Ok(
        match services::queue::lease_next_item(&state.db, &permit).await? {
            Some(lease) => Json(lease).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

/// Hold up to `count` leases: the item to annotate now and the next ones.
///
/// Answers every unexpired lease of the caller in the project, oldest first
/// (the item to work on now leads), topped up with new leases to `count` while
/// items are left, all renewed for the project's lease time. A browser asks
/// for 2 to have the next item at hand when the current one is done. The same
/// rules as `queue/next` decide which items are handed out; an empty list
/// means nothing is left for the caller.
#[utoipa::path(
    post, path = "/projects/{project_id}/queue/leases", tag = "queue",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body = LeaseItemsRequest,
    responses(
        (status = 200, description = "The caller's leases, oldest first.", body = QueueLeaseList),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn lease_items(
    permit: ProjectPermit<perm::AnnotationCreate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<LeaseItemsRequest>,
) -> Result<Json<QueueLeaseList>> {
    let leases = services::queue::lease_items(&state.db, &permit, request).await?;
    Ok(Json(QueueLeaseList { leases }))
}

/// Give up the caller's lease on an item, freeing its slot for others.
///
/// Answers 204 whether or not the caller held a lease on it; the item must be
/// the project's.
#[utoipa::path(
    delete, path = "/projects/{project_id}/queue/leases/{item_id}", tag = "queue",
    params(
        ("project_id" = Uuid, Path, description = "The project's id."),
        ("item_id" = Uuid, Path, description = "The leased item's id."),
    ),
    responses(
        (status = 204, description = "The caller holds no lease on the item."),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn release_item_lease(
    permit: ProjectPermit<perm::AnnotationCreate>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
) -> Result<StatusCode> {
    services::queue::release_lease(&state.db, &permit, Id(path.0.item_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Skip an item: the queue never offers it to the caller again.
///
/// The caller's lease on it ends; the item stays open to other annotators.
/// Skips count in the project's statistics.
#[utoipa::path(
    post, path = "/items/{item_id}/skip", tag = "queue",
    params(("item_id" = Uuid, Path, description = "The item's id.")),
    responses(
        (status = 204, description = "Skipped."),
        (status = 409, description = "The caller annotated the item already (`already_annotated`), or the project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn skip_item(
    permit: ProjectPermit<perm::AnnotationCreate>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
) -> Result<StatusCode> {
    services::queue::skip_item(&state.db, &permit, Id(path.0.item_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's progress in the project's work queue: annotated, skipped,
/// left to do, rejected (to fix).
#[utoipa::path(
    get, path = "/projects/{project_id}/queue/progress", tag = "queue",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses((status = 200, description = "The caller's progress.", body = QueueProgressResponse))
)]
pub async fn get_queue_progress(
    permit: ProjectPermit<perm::AnnotationCreate>,
    State(state): State<AppState>,
) -> Result<Json<QueueProgressResponse>> {
    let progress = repositories::queue::queue_progress(&state.db, &permit).await?;
    Ok(Json(QueueProgressResponse { progress }))
}
