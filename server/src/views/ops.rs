//! Operations endpoints outside `/api/v1`, the answer for a known path's
//! unknown method, and the end of requests at the shutdown deadline.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use http_body::{Frame, SizeHint};
use serde_json::{Value, json};

use crate::error::Error;
use crate::lifecycle::{Lifecycle, Phase};
use crate::state::AppState;
use crate::telemetry::ExpectedUnavailability;

/// How long readiness waits for the database: a load balancer checking
/// `/readyz` learns within it that the database is gone, even one that hangs.
const READINESS_TIMEOUT: Duration = Duration::from_millis(800);

/// Liveness: the process answers.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: the server is not shutting down, the database answers within
/// [`READINESS_TIMEOUT`] and every migration is applied. Asked on a
/// connection of its own: a pool busy with requests is not a database gone.
///
/// With a replica, `replica` says what its last check found: `ready`,
/// `lagging` (further behind than its bound) or `unavailable`; it never makes
/// the server unready: its reads then go to the primary, which this instance
/// still serves.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let mut body = json!({ "status": "ready" });
    if let Some(replica) = &state.replica {
        body["replica"] = json!(replica.status().as_str());
    }
    let mut unavailable = |status: &str| {
        body["status"] = json!(status);
        (StatusCode::SERVICE_UNAVAILABLE, Json(body.clone()))
    };
    if state.lifecycle.phase() != Phase::Serving {
        // What a draining server is for: the load balancer reads it, nothing failed.
        return (
            Extension(ExpectedUnavailability),
            unavailable("shutting_down"),
        )
            .into_response();
    }
    match tokio::time::timeout(READINESS_TIMEOUT, state.readiness.is_ready()).await {
        Ok(true) => (StatusCode::OK, Json(body)).into_response(),
        Ok(false) | Err(_) => unavailable("unavailable").into_response(),
    }
}

/// The path exists, but not with this method.
pub async fn method_not_allowed() -> Error {
    Error::MethodNotAllowed
}

/// Ends the request when the shutdown deadline passes: a handler still
/// running is dropped (an import's transaction rolls back) and answered 503
/// `shutting_down`; a body still streaming (an export) fails, which cuts the
/// response off without its end, so the client cannot take it for a whole one.
pub async fn end_at_shutdown_deadline(
    State(lifecycle): State<Lifecycle>,
    request: Request,
    next: Next,
) -> Response {
    let response = tokio::select! {
        response = next.run(request) => response,
        () = lifecycle.stopping() => return Error::ShuttingDown.into_response(),
    };
    response.map(|body| {
        Body::new(CutAtDeadline {
            body,
            stopping: Some(Box::pin(async move { lifecycle.stopping().await })),
        })
    })
}

/// A response body that fails once the server is stopping.
struct CutAtDeadline {
    body: Body,
    /// Pending until the server is stopping; `None` once it is.
    stopping: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl HttpBody for CutAtDeadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Some(stopping) = self.stopping.as_mut()
            && stopping.as_mut().poll(cx).is_ready()
        {
            self.stopping = None;
        }
        if self.stopping.is_none() {
            return Poll::Ready(Some(Err(axum::Error::new(
                "the server shut down before the response ended",
            ))));
        }
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
