//! The optional export of the server's `tracing` spans as OpenTelemetry
//! traces, over OTLP/HTTP with protobuf (`OTEL_EXPORTER_OTLP_ENDPOINT`): the
//! request span with its fields (request id, method, route template), the
//! spans inside it, and the events logged in them.
//!
//! Spans are queued as they end and sent in batches by the SDK's own thread,
//! so a request never waits on the collector; when the queue is full, spans
//! are dropped. A collector that cannot be reached is warned about once, at
//! the first failed export after a good one, not once a span.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use axum::http::HeaderMap;
use opentelemetry::propagation::TextMapPropagator as _;
use opentelemetry::trace::{TraceContextExt as _, TracerProvider as _};
use opentelemetry_http::HeaderExtractor;
use opentelemetry_otlp::{Protocol, WithExportConfig as _};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider, SpanData, SpanExporter};
use tracing::Span;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

use crate::config::TracesConfig;
use crate::db::redact_url;

/// The targets whose spans are never exported: the exporter's own HTTP
/// client, whose spans would otherwise be exported, and export spans again.
const EXPORTER_TARGETS: &[&str] = &["reqwest", "hyper", "hyper_util", "h2", "opentelemetry"];

/// The export of traces, while the server runs.
#[derive(Debug)]
pub struct TraceExport {
    provider: SdkTracerProvider,
    endpoint: String,
}

impl TraceExport {
    /// Starts the export `config` asks for, or `None` when no endpoint is set.
    pub fn start(config: &TracesConfig) -> anyhow::Result<Option<TraceExport>> {
        let Some(url) = config.traces_url()? else {
            return Ok(None);
        };
        let endpoint = redact_url(url.as_str());
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpBinary)
            .with_endpoint(url.as_str())
            .build()
            .with_context(|| format!("the OTLP trace exporter to {endpoint}"))?;
        let exporter = WarningExporter {
            exporter,
            endpoint: endpoint.clone(),
            failing: AtomicBool::new(false),
        };
        let resource = Resource::builder()
            .with_service_name(config.otel_service_name.clone())
            .build();
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build();
        Ok(Some(TraceExport { provider, endpoint }))
    }

    /// The tracer the `tracing` layer makes its spans with.
    pub fn tracer(&self) -> SdkTracer {
        self.provider.tracer(env!("CARGO_PKG_NAME"))
    }

    /// Where the traces go (its password, if any, hidden).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Sends what is queued and stops, waiting at most `deadline` for the
    /// collector: a stop is never held up for long by one that is gone.
    pub async fn shut_down(self, deadline: Duration) {
        let provider = self.provider;
        // The SDK waits on its thread: not on an async worker.
        let shut = tokio::task::spawn_blocking(move || provider.shutdown_with_timeout(deadline));
        match shut.await {
            Ok(Ok(())) => tracing::info!("traces sent"),
            Ok(Err(error)) => tracing::warn!(%error, "the last traces were not all sent"),
            Err(error) => tracing::warn!(%error, "sending the last traces"),
        }
    }
}

/// Whether the OpenTelemetry layer takes the spans of `target`.
pub fn is_exported(target: &str) -> bool {
    !EXPORTER_TARGETS.iter().any(|exporter| {
        target == *exporter
            || target
                .strip_prefix(exporter)
                .is_some_and(|rest| rest.starts_with("::"))
    })
}

/// Makes `span` (a request's) a child of the caller's trace when the request
/// carries a W3C `traceparent` header; without the export, nothing.
pub fn continue_callers_trace(span: &Span, headers: &HeaderMap) {
    let caller = TraceContextPropagator::new().extract(&HeaderExtractor(headers));
    if caller.span().span_context().is_valid() {
        // Fails only where no span is exported (no endpoint, or the span
        // filtered out): then there is no trace to continue.
        let _ = span.set_parent(caller);
    }
}

/// The OTLP exporter, and a warning when exports start failing and a note
/// when they work again: once a streak, not once a batch or a span.
#[derive(Debug)]
struct WarningExporter {
    exporter: opentelemetry_otlp::SpanExporter,
    endpoint: String,
    failing: AtomicBool,
}

impl SpanExporter for WarningExporter {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let spans = batch.len();
        let result = self.exporter.export(batch).await;
        match &result {
            Err(error) if !self.failing.swap(true, Ordering::Relaxed) => tracing::warn!(
                endpoint = %self.endpoint,
                %error,
                spans,
                "exporting traces failed; spans are dropped until the collector answers"
            ),
            Ok(()) if self.failing.swap(false, Ordering::Relaxed) => {
                tracing::info!(endpoint = %self.endpoint, "exporting traces again");
            }
            _ => {}
        }
        result
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.exporter.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.exporter.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.exporter.set_resource(resource);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exporters_own_http_client_is_not_exported() {
        for target in ["reqwest", "reqwest::connect", "hyper_util::client", "h2"] {
            assert!(!is_exported(target), "{target}");
        }
        for target in ["labelwell_server::telemetry", "tower_sessions", "hyperlane"] {
            assert!(is_exported(target), "{target}");
        }
    }
}
