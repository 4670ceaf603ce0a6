//! Operations endpoints outside `/api/v1`, and the answer for a known path's unknown method.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::error::Error;
use crate::state::AppState;

/// Liveness: the process answers.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: the database answers and every migration is applied.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if state.db.is_ready().await {
        (StatusCode::OK, Json(json!({ "status": "ready" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable" })),
        )
    }
}

/// The path exists, but not with this method.
pub async fn method_not_allowed() -> Error {
    Error::MethodNotAllowed
}
