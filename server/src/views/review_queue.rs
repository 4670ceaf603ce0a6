//! The review queue of reviewers: leasing annotations to review, skipping them, progress.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use labelwell_transport::{Problem, ReviewLease, ReviewProgressResponse};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::annotations::AnnotationPath;
use super::extract::PathIds;
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
        .routes(route!(lease_next_review))
        .routes(route!(skip_review))
        .routes(route!(get_review_progress))
}

/// Lease the next annotation to review, with its item and the item's other annotations.
///
/// The oldest pending annotation that is not the caller's own, that they did
/// not skip, and that no other reviewer holds is reserved for the caller for
/// the project's lease time: meanwhile nobody else can review it. Asking again
/// while holding one renews and returns it; reviewing or skipping it ends the
/// lease. `agreement` tells, per question, how many of the item's annotations
/// give the same answer. 204 when nothing waits for the caller.
#[utoipa::path(
    post, path = "/projects/{project_id}/review-queue/next", tag = "review-queue",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses(
        (status = 200, description = "An annotation leased to the caller for review.", body = ReviewLease),
        (status = 204, description = "Nothing left to review for the caller."),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn lease_next_review(
    permit: ProjectPermit<perm::ReviewCreate>,
    State(state): State<AppState>,
) -> Result<Response> {
    Ok(
        match services::review_queue::lease_next_review(&state.db, &permit).await? {
            Some(lease) => Json(lease).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

/// Skip an annotation: the review queue never offers it to the caller again.
///
/// The caller's review lease on it ends; other reviewers still get it.
#[utoipa::path(
    post, path = "/annotations/{annotation_id}/skip-review", tag = "review-queue",
    params(("annotation_id" = Uuid, Path, description = "The annotation's id.")),
    responses(
        (status = 204, description = "Skipped."),
        (status = 403, description = "The annotation is the caller's own (`cannot_review_own_annotation`).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn skip_review(
    permit: ProjectPermit<perm::ReviewCreate>,
    State(state): State<AppState>,
    path: PathIds<AnnotationPath>,
) -> Result<StatusCode> {
    services::review_queue::skip_review(&state.db, &permit, Id(path.0.annotation_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's progress in the project's review queue: annotations waiting
/// for them, reviews made.
#[utoipa::path(
    get, path = "/projects/{project_id}/review-queue/progress", tag = "review-queue",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses((status = 200, description = "The caller's progress.", body = ReviewProgressResponse))
)]
pub async fn get_review_progress(
    permit: ProjectPermit<perm::ReviewCreate>,
    State(state): State<AppState>,
) -> Result<Json<ReviewProgressResponse>> {
    let progress = repositories::review_queue::review_progress(&state.db, &permit).await?;
    Ok(Json(ReviewProgressResponse { progress }))
}
