//! What the server tells its operators besides its answers: the span every
//! request's log lines carry (request id, method, route template), and the
//! Prometheus metrics served on a listener of their own (`--metrics-addr`).
//!
//! Metrics are recorded with the `metrics` crate's macros wherever something
//! happens; without an installed recorder (no `--metrics-addr`, or the
//! in-process test servers) they cost a branch and record nothing. The
//! recorder is process-wide, so it is installed once, by `labelwell serve`.

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Span;

use crate::db::Db;

/// Requests answered, by `method`, `route` and `status`.
pub const HTTP_REQUESTS: &str = "http_requests_total";
/// Seconds from a request's arrival to its answer's head, by `method`, `route`
/// and `status`; a streamed body (an export) goes on after it.
pub const HTTP_REQUEST_DURATION: &str = "http_request_duration_seconds";
/// Database connections lent out to requests and tasks, by `database`
/// (`primary`, or `replica` when `LABELWELL_DATABASE_REPLICA_URL` names one).
pub const DB_CONNECTIONS_IN_USE: &str = "labelwell_db_connections_in_use";
/// Database connections open and idle in the pool, by `database`.
pub const DB_CONNECTIONS_IDLE: &str = "labelwell_db_connections_idle";
/// Seconds the replica's replay is behind the primary, at its last check (0
/// while it has replayed all it received); only with a replica.
pub const DB_REPLICA_LAG: &str = "labelwell_db_replica_lag_seconds";
/// Requests and tasks waiting for a database connection (or a transaction's).
pub const DB_ACQUIRES_WAITING: &str = "labelwell_db_acquires_waiting";
/// Leases handed out, by `queue`: [`ANNOTATION_QUEUE`] or [`REVIEW_QUEUE`].
pub const QUEUE_LEASES_GRANTED: &str = "labelwell_queue_leases_granted_total";
/// Leases that expired unused and were taken back, freeing their slot, by `queue`.
pub const QUEUE_LEASES_EXPIRED: &str = "labelwell_queue_leases_expired_total";
/// Items (or annotations, in the review queue) passed over, by `queue`.
pub const QUEUE_ITEMS_SKIPPED: &str = "labelwell_queue_items_skipped_total";
/// The `queue` label of the annotators' queue of items.
pub const ANNOTATION_QUEUE: &str = "annotation";
/// The `queue` label of the reviewers' queue of annotations.
pub const REVIEW_QUEUE: &str = "review";
/// Items written by imports (created or updated), counted at their commit.
pub const ITEMS_IMPORTED: &str = "labelwell_items_imported_total";
/// Items written into export streams.
pub const ITEMS_EXPORTED: &str = "labelwell_items_exported_total";
/// Bytes of export streams handed to their clients' connections.
pub const EXPORT_BYTES: &str = "labelwell_export_bytes_total";
/// Logins refused for a wrong email or password (not those throttled).
pub const LOGIN_FAILURES: &str = "labelwell_login_failures_total";
/// 1, with the server's `version` as a label.
pub const BUILD_INFO: &str = "labelwell_build_info";

/// The bucket bounds of the request duration histogram, from a millisecond
/// (a cached read) to ten seconds (a large import's answer), so that
/// `histogram_quantile` has bounds on both sides of what the server takes.
const DURATION_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The `route` label of a request no route matched (the web app's pages, an
/// unknown path): its path would make every id a series of its own.
const UNMATCHED: &str = "unmatched";

/// How often histogram samples are folded into their buckets between scrapes,
/// so that an unscraped server does not hold every sample.
const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

/// The span of a request, which every event logged while it is handled
/// carries: the `x-request-id` (the client's, or the one made for it), the
/// method and the route template (never the raw path, which holds ids).
/// With traces exported, it continues the caller's trace (`traceparent`).
///
/// At ERROR level: a span is kept only where the log filter enables its
/// level, and one of a lower level would vanish, with the request id, from
/// the lines of a server that logs warnings only.
pub fn request_span<B>(request: &axum::http::Request<B>) -> Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let span = tracing::error_span!(
        "request",
        request_id,
        method = %request.method(),
        route = route_of(request),
    );
    crate::traces::continue_callers_trace(&span, request.headers());
    span
}

/// A request's route template (`/api/v1/projects/{project_id}/items`), or
/// [`UNMATCHED`].
fn route_of<B>(request: &axum::http::Request<B>) -> &str {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
}

/// A request's method as a label: the standard ones, or `other`, so that a
/// client inventing methods makes no new series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Marks an answer of 503 that is expected, not a failure: `/readyz` while the
/// server drains after SIGTERM. It is logged at INFO, not ERROR.
#[derive(Debug, Clone, Copy)]
pub struct ExpectedUnavailability;

/// Counts and times each request by method, route template and status, and
/// logs the answers of 5xx inside the request's span.
pub async fn observe_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = route_of(&request).to_owned();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status();
    let labels = [
        ("method", method.to_owned()),
        ("route", route),
        ("status", status.as_u16().to_string()),
    ];
    counter!(HTTP_REQUESTS, &labels).increment(1);
    metrics::histogram!(HTTP_REQUEST_DURATION, &labels).record(elapsed.as_secs_f64());
    if status.is_server_error() {
        let latency_ms = elapsed.as_millis();
        if response
            .extensions()
            .get::<ExpectedUnavailability>()
            .is_some()
        {
            tracing::info!(
                status = status.as_u16(),
                latency_ms,
                "not ready: shutting down"
            );
        } else {
            tracing::error!(status = status.as_u16(), latency_ms, "response failed");
        }
    }
    response
}

/// Counts a wait for a database connection while it lasts: made before
/// asking the pool, dropped once the connection (or the error) is there.
#[derive(Debug)]
pub struct AcquireWait(());

impl AcquireWait {
    /// Starts counting one wait.
    pub fn start() -> AcquireWait {
        gauge!(DB_ACQUIRES_WAITING).increment(1.0);
        AcquireWait(())
    }
}

impl Drop for AcquireWait {
    fn drop(&mut self) {
        gauge!(DB_ACQUIRES_WAITING).decrement(1.0);
    }
}

/// Installs the process's Prometheus recorder, describes every metric and
/// sets the build info; from now on the macros record. Fails when a recorder
/// is installed already: one process serves one set of metrics.
pub fn install_recorder() -> anyhow::Result<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(HTTP_REQUEST_DURATION.to_owned()),
            DURATION_BUCKETS,
        )?
        .install_recorder()?;
    describe_counter!(
        HTTP_REQUESTS,
        "Requests answered, by method, route template and status."
    );
    describe_histogram!(
        HTTP_REQUEST_DURATION,
        Unit::Seconds,
        "Time from a request's arrival to its answer's head, by method, route template and status."
    );
    describe_gauge!(
        DB_CONNECTIONS_IN_USE,
        "Database connections lent out, by database (primary, replica)."
    );
    describe_gauge!(
        DB_CONNECTIONS_IDLE,
        "Database connections open and idle in the pool, by database (primary, replica)."
    );
    describe_gauge!(
        DB_REPLICA_LAG,
        Unit::Seconds,
        "Seconds the replica's replay is behind the primary, at its last check."
    );
    describe_gauge!(
        DB_ACQUIRES_WAITING,
        "Requests and tasks waiting for a database connection."
    );
    describe_counter!(
        QUEUE_LEASES_GRANTED,
        "Queue leases handed out, by queue (annotation, review)."
    );
    describe_counter!(
        QUEUE_LEASES_EXPIRED,
        "Queue leases that expired and were taken back, by queue."
    );
    describe_counter!(QUEUE_ITEMS_SKIPPED, "Queue entries skipped, by queue.");
    describe_counter!(ITEMS_IMPORTED, "Items created or updated by imports.");
    describe_counter!(ITEMS_EXPORTED, "Items written into exports.");
    describe_counter!(EXPORT_BYTES, Unit::Bytes, "Bytes of exports sent.");
    describe_counter!(
        LOGIN_FAILURES,
        "Logins refused for a wrong email or password."
    );
    describe_gauge!(BUILD_INFO, "1, labelled with the server's version.");
    gauge!(BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    // Shown from the start, at 0: a counter that appears only at its first
    // increment loses that increment to `rate()` and `increase()`.
    for counter in [
        QUEUE_LEASES_GRANTED,
        QUEUE_LEASES_EXPIRED,
        QUEUE_ITEMS_SKIPPED,
    ] {
        for queue in [ANNOTATION_QUEUE, REVIEW_QUEUE] {
            metrics::counter!(counter, "queue" => queue).absolute(0);
        }
    }
    for counter in [ITEMS_IMPORTED, ITEMS_EXPORTED, EXPORT_BYTES, LOGIN_FAILURES] {
        counter!(counter).absolute(0);
    }
    gauge!(DB_ACQUIRES_WAITING).set(0.0);
    Ok(handle)
}

/// What a scrape reads: the recorder, and the pools whose connections it counts.
#[derive(Debug, Clone)]
struct Scrape {
    handle: PrometheusHandle,
    db: Db,
    replica: Option<Db>,
}

/// The router of the metrics listener: `GET /metrics` only. It is kept off
/// the public router, so that only who reaches the metrics address reads them.
pub fn metrics_router(handle: PrometheusHandle, db: Db, replica: Option<Db>) -> Router {
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(UPKEEP_INTERVAL);
        loop {
            ticks.tick().await;
            upkeep.run_upkeep();
        }
    });
    Router::new()
        .route("/metrics", get(render_metrics))
        .with_state(Scrape {
            handle,
            db,
            replica,
        })
}

/// The metrics in Prometheus's text format, the pools' counted at this moment.
async fn render_metrics(State(scrape): State<Scrape>) -> Response {
    let pools = std::iter::once(("primary", &scrape.db))
        .chain(scrape.replica.as_ref().map(|replica| ("replica", replica)));
    for (database, db) in pools {
        let (size, idle) = db.pool_connections();
        gauge!(DB_CONNECTIONS_IN_USE, "database" => database).set(f64::from(size) - idle as f64);
        gauge!(DB_CONNECTIONS_IDLE, "database" => database).set(idle as f64);
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        scrape.handle.render(),
    )
        .into_response()
}
