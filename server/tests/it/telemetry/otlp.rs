//! Traces exported over OTLP/HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`), received
//! by a collector of the test's own on 127.0.0.1 and decoded: the request
//! spans with their request id and route template, the service name, the
//! caller's trace continued from `traceparent`, the last batch sent at
//! SIGTERM; and a collector that is not there slows and fails nothing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode as AxumStatus, header};
use axum::routing::post;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::KeyValue;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message as _;
use reqwest::StatusCode;

use crate::common::TestBackend;
use crate::common::processes::{Browser, ProcessDatabase};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_spans_reach_an_otlp_collector_on_sqlite() {
    spans_reach_the_collector(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_spans_reach_an_otlp_collector_on_postgres() {
    spans_reach_the_collector(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collector_that_is_not_there_fails_no_request_on_sqlite() {
    collector_not_there(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collector_that_is_not_there_fails_no_request_on_postgres() {
    collector_not_there(TestBackend::Postgres).await;
}

/// The caller's trace (W3C `traceparent`): its trace id and span id.
const CALLER_TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID: &str = "00f067aa0ba902b7";

async fn spans_reach_the_collector(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let collector = Collector::start().await;
    let database = ProcessDatabase::create(backend).await;
    let endpoint = collector.url();
    let mut server = database
        .start(
            &[
                ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()),
                ("LABELWELL_SHUTDOWN_DRAIN_DELAY_SECONDS", "0"),
                // The spans inside a request (the session layer's) are at INFO.
                ("LABELWELL_LOG", "info"),
            ],
            "server",
        )
        .await;
    let api = server.url("");
    let ada = Browser::sign_up(&api, "ada").await;

    let missing = ada
        .http()
        .get(format!("{api}/projects/{}", uuid::Uuid::now_v7()))
        .send()
        .await
        .expect("answered");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing_id = request_id(missing.headers());

    let called = reqwest::Client::new()
        .get(format!("{api}/me"))
        .header(
            "traceparent",
            format!("00-{CALLER_TRACE_ID}-{CALLER_SPAN_ID}-01"),
        )
        .send()
        .await
        .expect("answered");
    assert_eq!(called.status(), StatusCode::UNAUTHORIZED);
    let called_id = request_id(called.headers());

    // Nothing is sent before the batch's delay (5 s): SIGTERM sends it.
    server.terminate();
    let status = server.exits_within(Duration::from_secs(30));
    assert!(status.success(), "{}", server.log_text());

    let exports = collector.exports();
    assert!(!exports.is_empty(), "no export:\n{}", server.log_text());
    let mut spans = Vec::new();
    for (content_type, body) in &exports {
        assert_eq!(content_type, "application/x-protobuf");
        let request = ExportTraceServiceRequest::decode(body.as_slice()).expect("OTLP protobuf");
        for resource_spans in request.resource_spans {
            let resource = resource_spans.resource.expect("a resource");
            assert_eq!(
                string_attribute(&resource.attributes, "service.name"),
                Some("labelwell"),
                "{:?}",
                resource.attributes
            );
            for scope in resource_spans.scope_spans {
                spans.extend(scope.spans);
            }
        }
    }
    let request_span = |id: &str| -> &Span {
        spans
            .iter()
            .find(|span| {
                span.name == "request"
                    && string_attribute(&span.attributes, "request_id") == Some(id)
            })
            .unwrap_or_else(|| panic!("no request span of {id} in {spans:#?}"))
    };

    let missing = request_span(&missing_id);
    assert_eq!(
        string_attribute(&missing.attributes, "route"),
        Some("/api/v1/projects/{project_id}")
    );
    assert_eq!(string_attribute(&missing.attributes, "method"), Some("GET"));
    assert!(
        missing.parent_span_id.is_empty(),
        "a request without traceparent starts a trace"
    );
    assert_ne!(hex(&missing.trace_id), CALLER_TRACE_ID);

    let called = request_span(&called_id);
    assert_eq!(
        string_attribute(&called.attributes, "route"),
        Some("/api/v1/me")
    );
    assert_eq!(hex(&called.trace_id), CALLER_TRACE_ID, "the caller's trace");
    assert_eq!(
        hex(&called.parent_span_id),
        CALLER_SPAN_ID,
        "a child of the caller's span"
    );

    let signup = spans
        .iter()
        .find(|span| {
            span.name == "request"
                && string_attribute(&span.attributes, "route") == Some("/api/v1/auth/signup")
        })
        .expect("the signup's request span");
    assert!(
        spans
            .iter()
            .any(|span| span.parent_span_id == signup.span_id && span.trace_id == signup.trace_id),
        "the spans inside a request are its children: {:?}",
        spans.iter().map(|span| &span.name).collect::<Vec<_>>()
    );
}

async fn collector_not_there(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port");
    let endpoint = format!("http://{closed}");
    let database = ProcessDatabase::create(backend).await;
    let mut server = database
        .start(
            &[
                ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()),
                // A batch a span, sent at once: many exports fail while the
                // requests run.
                ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "1"),
                ("OTEL_BSP_SCHEDULE_DELAY", "10"),
                ("LABELWELL_SHUTDOWN_DRAIN_DELAY_SECONDS", "0"),
            ],
            "server",
        )
        .await;
    let api = server.url("");
    let ada = Browser::sign_up(&api, "ada").await;
    for _ in 0..5 {
        let (status, body) = ada.get(&format!("{api}/me")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, _) = ada
        .get(&format!("{api}/projects/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    server.terminate();
    // The flush at the stop gives the collector at most 5 s.
    let status = server.exits_within(Duration::from_secs(30));
    assert!(status.success(), "{}", server.log_text());
    let log = server.log_text();
    assert_eq!(
        log.matches("exporting traces failed").count(),
        1,
        "one warning for a collector that never answers:\n{log}"
    );
}

/// A request's `x-request-id`, as its answer carries it.
fn request_id(headers: &reqwest::header::HeaderMap) -> String {
    headers["x-request-id"].to_str().expect("ASCII").to_owned()
}

/// The value of the string attribute `key`, if there is one.
fn string_attribute<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|attribute| attribute.key == key)
        .and_then(|attribute| attribute.value.as_ref()?.value.as_ref())
        .and_then(|value| match value {
            AnyValue::StringValue(text) => Some(text.as_str()),
            _ => None,
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// One export as the collector received it: its content type and body.
type Export = (String, Vec<u8>);

/// An OTLP/HTTP collector on 127.0.0.1: it keeps the content type and body
/// of each `POST /v1/traces` and answers 200, as a collector does.
struct Collector {
    address: std::net::SocketAddr,
    received: Arc<Mutex<Vec<Export>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Collector {
    async fn start() -> Collector {
        let received: Arc<Mutex<Vec<Export>>> = Arc::default();
        let kept = received.clone();
        let router = axum::Router::new().route(
            "/v1/traces",
            post(move |headers: HeaderMap, body: Bytes| async move {
                let content_type = headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                kept.lock()
                    .expect("the collector's list")
                    .push((content_type, body.to_vec()));
                (
                    AxumStatus::OK,
                    [(header::CONTENT_TYPE, "application/x-protobuf")],
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let address = listener.local_addr().expect("its address");
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("the collector serves");
        });
        Collector {
            address,
            received,
            task,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn exports(&self) -> Vec<Export> {
        self.received.lock().expect("the collector's list").clone()
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.task.abort();
    }
}
