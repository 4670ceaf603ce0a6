//! Model predictions: importing them, reading an item's, and how often each
//! model version agrees with the labels people accepted.

use axum::Json;
use axum::extract::{Request, State};
use labelwell_transport::{
    ImportPredictionsRequest, ImportPredictionsResponse, ModelAgreementList, PredictionInput,
    PredictionList, Problem,
};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::PathIds;
use super::items::{ItemPath, entries_of, spool_of, within_the_import_limits};
use crate::authz::{ProjectPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::route;
use crate::services;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(import_predictions))
        .routes(route!(list_predictions_of_item))
        .routes(route!(get_model_agreement))
}

/// Import model predictions by item `external_id`: all of them, or (on any problem) none.
///
/// Each names the model and its version, answers questions of the annotation
/// UI in force (checked like an annotation's value, against the item's
/// data, but required questions may be left out) and may give a score per
/// answer (0 to 1). A prediction replaces the item's prediction of the same
/// model version. Send JSON `{"predictions": [...]}` (at most 10,000), or
/// NDJSON, one per line, with `Content-Type: application/x-ndjson` for any
/// number, read and checked as it arrives like an item import (and counted
/// among the organization's imports at once). Problems name the entry:
/// `predictions[3].value.sentiment`, or `line[4].external_id`; up to 100
/// are reported.
#[utoipa::path(
    post, path = "/projects/{project_id}/predictions", tag = "predictions",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body(
        content(
            (ImportPredictionsRequest = "application/json"),
            (PredictionInput = "application/x-ndjson"),
        ),
    ),
    responses(
        (status = 200, description = "Every prediction was written.", body = ImportPredictionsResponse),
        (status = 408, description = "The body stopped arriving (`body_timeout`), or the import took longer than the server allows (`import_timeout`); nothing was written.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The project is archived (`project_archived`), or has no annotation UI yet (`no_annotation_ui`).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The organization, or the server, runs as many imports as it may (`too_many_requests`); try again after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn import_predictions(
    permit: ProjectPermit<perm::PredictionImport>,
    State(state): State<AppState>,
    request: Request,
) -> Result<Json<ImportPredictionsResponse>> {
    let import = async {
        let entries = entries_of(
            &state,
            request,
            "predictions",
            |body: ImportPredictionsRequest| body.predictions,
        )
        .await?;
        services::predictions::import_predictions(&state.db, &permit, entries, spool_of(&state))
            .await
    };
    within_the_import_limits(&state, permit.organization_id(), import)
        .await
        .map(Json)
}

/// An item's model predictions, newest import first.
///
/// Reviewers and annotators read them only while the project shows
/// predictions to annotators (`show_predictions`; else 403 `predictions_hidden`).
#[utoipa::path(
    get, path = "/items/{item_id}/predictions", tag = "predictions",
    params(("item_id" = Uuid, Path, description = "The item's id.")),
    responses((status = 200, description = "The item's predictions.", body = PredictionList))
)]
pub async fn list_predictions_of_item(
    permit: ProjectPermit<perm::PredictionRead>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
) -> Result<Json<PredictionList>> {
    let predictions =
        services::predictions::list_predictions_of_item(&state.db, &permit, Id(path.0.item_id))
            .await?;
    Ok(Json(PredictionList { predictions }))
}

/// How often each model version gives the answer people accepted, per
/// question of the annotation UI in force.
///
/// Each prediction is compared with every accepted annotation of its item
/// that answers the question: `agreement` is the share of those whose
/// answer is the model's (lists compared as sets).
#[utoipa::path(
    get, path = "/projects/{project_id}/predictions/agreement", tag = "predictions",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses((status = 200, description = "Agreement by model version and question.", body = ModelAgreementList))
)]
pub async fn get_model_agreement(
    permit: ProjectPermit<perm::ExportCreate>,
    State(state): State<AppState>,
) -> Result<Json<ModelAgreementList>> {
    let agreement = services::predictions::agreement_of_models(&state.db, &permit).await?;
    Ok(Json(ModelAgreementList { agreement }))
}
