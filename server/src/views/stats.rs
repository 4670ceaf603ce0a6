//! Project statistics and exports.

use std::time::Duration;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use labelwell_transport::{
    ExportDocument, ExportQuery, ExportedItem, Problem, ProjectStatsResponse,
};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::QueryParams;
use crate::authz::{ProjectPermit, perm};
use crate::error::Result;
use crate::repositories;
use crate::route;
use crate::state::AppState;

/// Seconds a client refused an export waits before trying again: about what
/// an export of a large project takes.
const EXPORT_RETRY_AFTER_SECONDS: u64 = 5;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(get_project_stats))
        .routes(route!(export_project))
}

/// A project's statistics: items by status, work per annotator, and agreement
/// (Fleiss' kappa) on each single-label question.
///
/// Open to those who may export the project: the numbers summarize its data.
#[utoipa::path(
    get, path = "/projects/{project_id}/stats", tag = "stats",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    responses((status = 200, description = "The statistics.", body = ProjectStatsResponse))
)]
pub async fn get_project_stats(
    permit: ProjectPermit<perm::ExportCreate>,
    State(state): State<AppState>,
) -> Result<Json<ProjectStatsResponse>> {
    // The permit was read from the primary; the numbers may lag behind it.
    let stats = repositories::stats::project_stats(state.reads_that_may_lag(), &permit).await?;
    Ok(Json(ProjectStatsResponse { stats }))
}

/// Export every item of a project with its annotations and their reviews, streamed.
///
/// `format=jsonl` (default) writes one `ExportedItem` per line; `csv` one row
/// per item with JSON in the `data`, `metadata` and `annotations` columns
/// (a cell a spreadsheet would run as a formula, starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return, gets a `'` in front); `json` one document
/// `{"items": [...]}`. The export is a consistent snapshot. Filter with
/// `status`, and pull only what changed with `updated_after`.
///
/// An export that fails midway, or whose client takes nothing for the send
/// timeout, is cut off without the end of its chunked body: a client sees an
/// error, never a short export. An organization runs a few exports at once
/// (the server a few more); beyond that the answer is 429 with `Retry-After`.
#[utoipa::path(
    get, path = "/projects/{project_id}/export", tag = "export",
    params(("project_id" = Uuid, Path, description = "The project's id."), ExportQuery),
    responses(
        (status = 200, description = "The export, streamed.", content(
            (ExportedItem = "application/x-ndjson"),
            (String = "text/csv"),
            (ExportDocument = "application/json"),
        )),
        (status = 429, description = "The organization, or the server, runs as many exports as it may (`too_many_requests`); try again after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn export_project(
    permit: ProjectPermit<perm::ExportCreate>,
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ExportQuery>,
) -> Result<Response> {
    let format = query.format.unwrap_or_default();
    let slot = state.exports.take_or_refuse(
        permit.organization_id(),
        "exports",
        EXPORT_RETRY_AFTER_SECONDS,
    )?;
    let send_timeout = Duration::from_secs(state.config.export_send_timeout_seconds.into());
    // An export is the longest read there is, and a pull (`updated_after`)
    // comes again for what it missed: it may lag behind the latest writes.
    let chunks = repositories::export::export_project(
        state.reads_that_may_lag(),
        &permit,
        query,
        state.config.export_batch_bytes,
        send_timeout,
        slot,
    )?;
    let extension = match format {
        labelwell_transport::ExportFormat::Jsonl => "jsonl",
        labelwell_transport::ExportFormat::Csv => "csv",
        labelwell_transport::ExportFormat::Json => "json",
    };
    let disposition = format!(
        "attachment; filename=\"project-{}.{extension}\"",
        permit.project().id.0
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                crate::export_encoding::content_type(format).to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}
