//! The Labelwell server: a multi-tenant annotation backend.
//!
//! A request flows through the layers of this crate in order:
//! [`views`] (HTTP <-> transport types) -> [`authz`] (who may do what, where;
//! mints the permit of the route's permission, e.g. [`authz::ProjectPermit`]) -> [`services`] (writes, rules, audit) and
//! [`repositories`] (reads) -> [`db`] (pool, rows, migrations).
//!
//! [`build_app`] builds the whole application without a socket, so tests can
//! serve it on any listener; `main.rs` only parses the command line.

pub mod agreement;
pub mod authz;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod export_encoding;
pub mod lifecycle;
pub mod repositories;
pub mod rfc3339;
pub mod secrets;
pub mod services;
pub mod sessions;
pub mod slots;
pub mod state;
pub mod telemetry;
pub mod traces;
pub mod views;
pub mod webhook_delivery;

use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use utoipa::OpenApi as _;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::authz::Policy;
use crate::config::Config;
use crate::db::Db;
use crate::error::Error;
use crate::sessions::{DbSessionStore, SESSION_COOKIE};
use crate::state::AppState;

/// Cases per property test (the parsers of client bytes): few, so that
/// `cargo test` stays quick; `PROPTEST_CASES=100000 cargo test ...` for a long run.
#[cfg(test)]
pub(crate) fn proptest_cases() -> proptest::test_runner::Config {
    let config = proptest::test_runner::Config::default();
    match std::env::var_os("PROPTEST_CASES") {
        Some(_) => config,
        None => proptest::test_runner::Config {
            cases: 64,
            ..config
        },
    }
}

/// The path prefix of the API.
pub const API_PREFIX: &str = "/api/v1";

/// The API's routes and their OpenAPI document, from the same registrations.
fn api_parts() -> (Router<AppState>, OpenApi) {
    let (router, api) = OpenApiRouter::with_openapi(views::docs::ApiDoc::openapi())
        .nest(API_PREFIX, views::api_router())
        .split_for_parts();
    (router, views::docs::finish(api))
}

/// The OpenAPI document of this server, as committed in `openapi/openapi.json`.
pub fn openapi() -> OpenApi {
    api_parts().1
}

/// Connects to the database, applies the migrations and loads the policy.
pub async fn prepare(config: Config) -> anyhow::Result<AppState> {
    config.check()?;
    let connecting = || {
        format!(
            "connecting to {}",
            db::redact_url(&config.database.database_url)
        )
    };
    let db = Db::connect(&config.database)
        .await
        .with_context(connecting)?;
    db.migrate(&config.database).await.with_context(|| {
        format!(
            "applying migrations to {}",
            db::redact_url(config.database.migration_url())
        )
    })?;
    db.check_connection().await.with_context(connecting)?;
    let replica = Db::connect_replica(&config.database)
        .with_context(|| {
            let url = config.database.database_replica_url.as_deref();
            format!("the replica {}", db::redact_url(url.unwrap_or_default()))
        })?
        .map(|replica| {
            let max_lag = config.database.database_replica_max_lag_seconds;
            let max_lag = std::time::Duration::from_secs(max_lag.into());
            db::replica::Replica::new(replica, max_lag)
        });
    let policy = Policy::load().await.context("loading policies/")?;
    let exports = slots::Slots::new(
        config.max_exports() as usize,
        config.max_exports_per_organization as usize,
    );
    let imports = slots::Slots::new(
        config.max_imports as usize,
        config.max_imports_per_organization as usize,
    );
    Ok(AppState {
        readiness: db.readiness_probe(),
        db,
        replica,
        config: Arc::new(config),
        policy: Arc::new(policy),
        exports,
        imports,
        lifecycle: lifecycle::Lifecycle::default(),
    })
}

/// The whole application: API, docs, operations endpoints, the web app and middleware.
pub fn build_app(state: AppState) -> anyhow::Result<Router> {
    let (api, spec) = api_parts();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(&state.db)?)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(Duration::hours(i64::from(
            state.config.session_ttl_hours,
        ))));
    let request_id = HeaderName::from_static("x-request-id");
    // Secure cookies mean the server is reached over HTTPS: browsers may insist on it.
    let hsts = state.config.secure_cookies;
    let router = Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/docs").url("/api/v1/openapi.json", spec))
        .route("/healthz", get(views::ops::healthz))
        .route("/readyz", get(views::ops::readyz))
        .fallback(views::web::serve_web_app)
        .method_not_allowed_fallback(views::ops::method_not_allowed)
        .layer(from_fn_with_state(
            state.lifecycle.clone(),
            views::ops::end_at_shutdown_deadline,
        ))
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        .layer(RequestBodyTimeoutLayer::new(
            std::time::Duration::from_secs(state.config.body_timeout_seconds.into()),
        ))
        .layer(sessions)
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(Error::Internal(anyhow::anyhow!(
                "a request handler panicked"
            )))
        }))
        .layer(from_fn(move |request, next| {
            views::security_headers::set_security_headers(hsts, request, next)
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(from_fn(telemetry::observe_request))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(telemetry::request_span)
                // Not here: the answers of 5xx are logged by `observe_request`,
                // which knows which are expected, and an export cut off by what
                // cut it (`export failed` at ERROR, `export abandoned` by its client).
                .on_failure(()),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state);
    Ok(router)
}

/// Serves `app` on `listener` until `shutdown` completes, then drains requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Each request carries its socket's peer address: the client, or the
    // proxy that forwards it (see `views::extract::ClientAddress`).
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Deletes expired browser sessions every hour, in the background.
pub fn spawn_session_cleanup(db: &Db) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = DbSessionStore::new(db)?;
    Ok(tokio::spawn(async move {
        if let Err(error) = store
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600))
            .await
        {
            tracing::warn!(%error, "deleting expired sessions stopped");
        }
    }))
}
