//! What `labelwell serve` tells its operators, read as they read it: the
//! request id in the log lines of its request (its JSON log), and the
//! Prometheus metrics of `--metrics-addr`, scraped and parsed, that move by
//! what the requests did; the committed Grafana dashboard reads only metrics
//! the server exposes. The real binary, as the metrics recorder is one per
//! process, on both backends.

mod otlp;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::TestBackend;
use crate::common::processes::{Browser, ProcessDatabase, ServerProcess};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_id_is_in_the_log_lines_of_its_request_on_sqlite() {
    request_id_in_log_lines(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_id_is_in_the_log_lines_of_its_request_on_postgres() {
    request_id_in_log_lines(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_move_by_what_the_requests_did_on_sqlite() {
    metrics_move(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_move_by_what_the_requests_did_on_postgres() {
    metrics_move(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_reads_only_metrics_the_server_exposes() {
    if !TestBackend::Sqlite.selected() {
        return;
    }
    let database = ProcessDatabase::create(TestBackend::Sqlite).await;
    let server = start(&database, &[]).await;
    // A request, so that the request metrics have a series.
    Browser::sign_up(&server.url(""), "ada").await;
    let exposed: BTreeSet<String> = Scrape::of(&server)
        .await
        .samples
        .iter()
        .map(|sample| family_of(&sample.name).to_owned())
        .collect();

    let dashboard: Value =
        serde_json::from_str(include_str!("../../../deploy/grafana/labelwell.json"))
            .expect("the dashboard is JSON");
    let mut expressions = Vec::new();
    collect_expressions(&dashboard, &mut expressions);
    assert!(
        expressions.len() >= 8,
        "the dashboard's panels query: {expressions:?}"
    );
    let mut read = BTreeSet::new();
    for expression in &expressions {
        for name in metric_names_in(expression) {
            assert!(
                exposed.contains(family_of(&name)),
                "the dashboard queries {name} ({expression}), which the server does not expose: {exposed:?}"
            );
            read.insert(family_of(&name).to_owned());
        }
    }
    for wanted in [
        "http_requests_total",
        "http_request_duration_seconds",
        "labelwell_db_connections_in_use",
        "labelwell_db_connections_idle",
        "labelwell_db_acquires_waiting",
        "labelwell_queue_leases_granted_total",
        "labelwell_queue_leases_expired_total",
        "labelwell_queue_items_skipped_total",
        "labelwell_items_imported_total",
        "labelwell_items_exported_total",
        "labelwell_export_bytes_total",
        "labelwell_login_failures_total",
    ] {
        assert!(read.contains(wanted), "the dashboard shows {wanted}");
    }
}

/// Text logs (the default format) written to a file, as a redirect or a
/// journal takes them, carry no terminal colour codes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_logs_written_to_a_file_carry_no_colour_codes() {
    if !TestBackend::Sqlite.selected() {
        return;
    }
    let database = ProcessDatabase::create(TestBackend::Sqlite).await;
    let settings = [("LABELWELL_LOG", "info")];
    let server = database.start(&settings, "text").await;
    Browser::sign_up(&server.url(""), "ada").await;
    let log = server.log_text();
    assert!(
        log.contains(" INFO ") && log.contains("listening"),
        "text lines with their level: {log}"
    );
    assert!(!log.contains("\x1b["), "no escape codes: {log:?}");
}

/// An export whose client stops reading is given up on after the send
/// timeout, in a task of its own, logged at INFO (the client's doing, no
/// ERROR); a request fails on a database error; a
/// `/readyz` during the drain after SIGTERM answers 503: their log lines
/// carry the request id their client sent, and the route template; the 503
/// of a drain is logged at INFO.
async fn request_id_in_log_lines(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let database = ProcessDatabase::create(backend).await;
    let mut server = start(
        &database,
        &[
            ("LABELWELL_LOG", "info"),
            ("LABELWELL_EXPORT_SEND_TIMEOUT_SECONDS", "1"),
            ("LABELWELL_SHUTDOWN_DRAIN_DELAY_SECONDS", "2"),
        ],
    )
    .await;
    let api = server.url("");
    let ada = Browser::sign_up(&api, "ada").await;
    let project = project(&ada, &api).await;
    let lines: String = (0..EXPORTED_ITEMS)
        .map(|n| {
            format!(
                "{}\n",
                json!({ "external_id": format!("big-{n}"), "data": { "text": "x".repeat(2000) } })
            )
        })
        .collect();
    let (status, body) = ada.import(&api, &project, lines).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // An export read up to its head, then no more: a small receive buffer
    // keeps the rest on the server's side until it gives up.
    let token = token(&ada, &api).await;
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.set_recv_buffer_size(4096).expect("a small buffer");
    let mut export = socket.connect(server.address()).await.expect("connects");
    let request = format!(
        "GET /api/v1/projects/{project}/export?format=jsonl HTTP/1.1\r\nHost: labelwell\r\nAuthorization: Bearer {token}\r\nx-request-id: stalled-export-1\r\n\r\n"
    );
    export.write_all(request.as_bytes()).await.expect("sent");
    let mut head = vec![0; 1024];
    let read = export.read(&mut head).await.expect("read");
    assert!(
        String::from_utf8_lossy(&head[..read]).starts_with("HTTP/1.1 200"),
        "the export answers"
    );
    let abandoned = log_line(&server, "export abandoned").await;
    assert_eq!(
        request_span(&abandoned)["request_id"],
        "stalled-export-1",
        "{abandoned}"
    );
    assert_eq!(
        request_span(&abandoned)["route"],
        "/api/v1/projects/{project_id}/export",
        "{abandoned}"
    );
    assert_eq!(request_span(&abandoned)["method"], "GET", "{abandoned}");
    assert!(
        !abandoned.to_string().contains(&project),
        "no id of the path in the line: {abandoned}"
    );
    // The client's doing, not a failure of the server: logged at INFO, and
    // once the client reads again, its export ends cut off with nothing
    // logged at ERROR.
    assert_eq!(abandoned["level"], "INFO", "{abandoned}");
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), export.read_to_end(&mut rest))
        .await
        .expect("the connection is closed at the cut")
        .expect("the rest, up to the cut");
    assert!(
        !rest.ends_with(b"\r\n0\r\n\r\n"),
        "the export has no clean end after it was given up on"
    );
    let errors: Vec<Value> = log_lines(&server)
        .into_iter()
        .filter(|line| line["level"] == "ERROR")
        .collect();
    assert_eq!(errors, Vec::<Value>::new(), "nothing failed on the server");

    // A table gone from under the server: the request fails with 500 (a
    // problem+json), and both what the error and the answer log name it.
    database
        .exec("ALTER TABLE leases RENAME TO leases_gone")
        .await;
    let failed = ada
        .http()
        .post(format!("{api}/projects/{project}/queue/leases"))
        .header("x-csrf-token", ada.csrf_token())
        .header("x-request-id", "broken-table-1")
        .json(&json!({ "count": 1 }))
        .send()
        .await
        .expect("answered");
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(failed.headers()["content-type"], "application/problem+json");
    assert_eq!(failed.headers()["x-request-id"], "broken-table-1");
    for message in ["database error", "response failed"] {
        let line = log_line(&server, message).await;
        assert_eq!(
            request_span(&line)["request_id"],
            "broken-table-1",
            "{line}"
        );
        assert_eq!(
            request_span(&line)["route"],
            "/api/v1/projects/{project_id}/queue/leases",
            "{line}"
        );
        assert_eq!(line["level"], "ERROR", "{line}");
    }

    server.terminate();
    let probe = reqwest::Client::new();
    let readiness = async {
        loop {
            let answer = probe
                .get(format!("http://{}/readyz", server.address()))
                .header("x-request-id", "drain-probe-1")
                .send()
                .await
                .expect("still served while draining");
            if answer.status() == StatusCode::SERVICE_UNAVAILABLE {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(1), readiness)
        .await
        .expect("/readyz is 503 at once");
    let draining = log_line(&server, "not ready: shutting down").await;
    assert_eq!(
        request_span(&draining)["request_id"],
        "drain-probe-1",
        "{draining}"
    );
    assert_eq!(request_span(&draining)["route"], "/readyz", "{draining}");
    assert_eq!(draining["level"], "INFO", "{draining}");
    let status = server.exits_within(Duration::from_secs(15));
    assert!(status.success(), "{}", server.log_text());
    let errors: Vec<Value> = log_lines(&server)
        .into_iter()
        .filter(|line| {
            line["level"] == "ERROR" && request_span(line)["request_id"] == "drain-probe-1"
        })
        .collect();
    assert!(errors.is_empty(), "the drain's 503 is no error: {errors:?}");
}

/// Items of the stalled export: a few megabytes, more than the socket buffers
/// between the server and its client hold.
const EXPORTED_ITEMS: usize = 2000;

/// Counters move by what the requests did: failed logins, an import, leases
/// granted, expired and skipped, an export's items and bytes; requests are
/// counted by their route template and timed in a histogram with buckets;
/// `/metrics` is served on the metrics address only.
async fn metrics_move(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let database = ProcessDatabase::create(backend).await;
    let server = start(&database, &[]).await;
    let api = server.url("");
    let public = reqwest::get(format!("http://{}/metrics", server.address()))
        .await
        .expect("answered");
    assert_eq!(
        public.status(),
        StatusCode::NOT_FOUND,
        "no metrics on the public port"
    );

    let before = Scrape::of(&server).await;
    let ada = Browser::sign_up(&api, "ada").await;
    let http = reqwest::Client::new();
    for _ in 0..2 {
        let refused = http
            .post(format!("{api}/auth/login"))
            .json(&json!({ "email": ada.email(), "password": "not the password" }))
            .send()
            .await
            .expect("answered");
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    }
    let project = project(&ada, &api).await;
    let lines: String = (0..5)
        .map(|n| {
            format!(
                "{}\n",
                json!({ "external_id": format!("item-{n}"), "data": { "text": "t" } })
            )
        })
        .collect();
    let (status, body) = ada.import(&api, &project, lines).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let leases = format!("{api}/projects/{project}/queue/leases");
    let (status, held) = ada.post(&leases, json!({ "count": 3 })).await;
    assert_eq!(status, StatusCode::OK, "{held}");
    let skipped = held["leases"][0]["item"]["id"]
        .as_str()
        .expect("an item")
        .to_owned();
    let (status, body) = ada
        .post(&format!("{api}/items/{skipped}/skip"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // The two leases left run out: the next lease request takes them back.
    database
        .exec("UPDATE leases SET expires_at = '2000-01-01T00:00:00.000000Z'")
        .await;
    let (status, held) = ada.post(&leases, json!({ "count": 1 })).await;
    assert_eq!(status, StatusCode::OK, "{held}");

    let export = ada
        .http()
        .get(format!("{api}/projects/{project}/export?format=jsonl"))
        .send()
        .await
        .expect("answered");
    assert_eq!(export.status(), StatusCode::OK);
    let exported = export.bytes().await.expect("the whole export");

    let after = Scrape::of(&server).await;
    let moved = |name: &str, labels: &[(&str, &str)]| {
        after.value(name, labels) - before.value(name, labels)
    };
    assert_eq!(moved("labelwell_login_failures_total", &[]), 2.0);
    assert_eq!(moved("labelwell_items_imported_total", &[]), 5.0);
    assert!(
        after.samples.iter().any(
            |sample| sample.name == "labelwell_queue_leases_granted_total"
                && sample.label("queue") == Some("review")
        ),
        "the review queue's leases are counted apart"
    );
    assert_eq!(
        moved(
            "labelwell_queue_leases_granted_total",
            &[("queue", "annotation")]
        ),
        4.0
    );
    assert_eq!(
        moved(
            "labelwell_queue_items_skipped_total",
            &[("queue", "annotation")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            "labelwell_queue_leases_expired_total",
            &[("queue", "annotation")]
        ),
        2.0
    );
    assert_eq!(moved("labelwell_items_exported_total", &[]), 5.0);
    assert_eq!(
        moved("labelwell_export_bytes_total", &[]),
        exported.len() as f64
    );
    let import_labels = [
        ("method", "POST"),
        ("route", "/api/v1/projects/{project_id}/items"),
        ("status", "200"),
    ];
    assert_eq!(moved("http_requests_total", &import_labels), 1.0);
    assert_eq!(
        moved(
            "http_requests_total",
            &[
                ("method", "POST"),
                ("route", "/api/v1/auth/login"),
                ("status", "401")
            ]
        ),
        2.0
    );
    assert_eq!(
        moved("http_request_duration_seconds_count", &import_labels),
        1.0
    );
    let buckets: Vec<&Sample> = after
        .samples
        .iter()
        .filter(|sample| {
            sample.name == "http_request_duration_seconds_bucket"
                && import_labels
                    .iter()
                    .all(|(key, value)| sample.label(key) == Some(value))
        })
        .collect();
    assert!(
        buckets
            .iter()
            .any(|bucket| bucket.label("le") == Some("0.001"))
            && buckets
                .iter()
                .any(|bucket| bucket.label("le") == Some("10"))
            && buckets
                .iter()
                .any(|bucket| bucket.label("le") == Some("+Inf")),
        "a histogram with buckets from 1 ms to 10 s: {buckets:?}"
    );
    assert!(
        !after.samples.iter().any(|sample| sample
            .labels
            .iter()
            .any(|(_, value)| value.contains(&project))),
        "no id becomes a label"
    );
    assert!(after.value("labelwell_db_connections_idle", &[("database", "primary")]) >= 1.0);
    assert_eq!(after.value("labelwell_db_acquires_waiting", &[]), 0.0);
    assert!(
        after
            .samples
            .iter()
            .any(|sample| sample.name == "labelwell_db_connections_in_use"
                && sample.label("database") == Some("primary")),
        "the primary's connections in use are counted"
    );
    assert_eq!(
        after.value(
            "labelwell_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0
    );
}

/// One sample line of the Prometheus text format.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: Vec<(String, String)>,
    value: f64,
}

impl Sample {
    fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }
}

/// One scrape of a server's metrics address, parsed.
struct Scrape {
    samples: Vec<Sample>,
}

impl Scrape {
    async fn of(server: &ServerProcess) -> Scrape {
        let answer = reqwest::get(server.metrics_url()).await.expect("scraped");
        assert_eq!(answer.status(), StatusCode::OK);
        let content_type = answer.headers()["content-type"]
            .to_str()
            .expect("ASCII")
            .to_owned();
        assert!(
            content_type.starts_with("text/plain; version=0.0.4"),
            "{content_type}"
        );
        let text = answer.text().await.expect("the metrics");
        Scrape {
            samples: text
                .lines()
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(parse_sample)
                .collect(),
        }
    }

    /// The value of the series `name` whose labels include `labels`, summed
    /// over the others; 0 when there is none yet.
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples
            .iter()
            .filter(|sample| {
                sample.name == name
                    && labels
                        .iter()
                        .all(|(key, value)| sample.label(key) == Some(value))
            })
            .map(|sample| sample.value)
            .sum()
    }
}

/// `name{key="value",...} 1.5`, as the exporter writes it.
fn parse_sample(line: &str) -> Sample {
    let (series, value) = line.rsplit_once(' ').expect("a sample line");
    let (name, labels) = match series.split_once('{') {
        Some((name, labels)) => (name, labels.trim_end_matches('}')),
        None => (series, ""),
    };
    let labels = labels
        .split("\",")
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once("=\"").expect("key=\"value\"");
            (key.to_owned(), value.trim_end_matches('"').to_owned())
        })
        .collect();
    Sample {
        name: name.to_owned(),
        labels,
        value: value.parse().expect("a number"),
    }
}

/// The metric family of a sample name: a histogram's `_bucket`, `_sum` and
/// `_count` series are its own name's.
fn family_of(name: &str) -> &str {
    ["_bucket", "_sum", "_count"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name)
}

/// Every `expr` of the dashboard's targets.
fn collect_expressions(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            if let Some(Value::String(expression)) = fields.get("expr") {
                out.push(expression.clone());
            }
            for field in fields.values() {
                collect_expressions(field, out);
            }
        }
        Value::Array(values) => values
            .iter()
            .for_each(|value| collect_expressions(value, out)),
        _ => {}
    }
}

/// The metric names a PromQL expression reads: its identifiers once quoted
/// strings, label matchers (`{...}`), ranges (`[5m]`) and label lists
/// (`by (le, route)`) are taken out, other than functions and keywords.
fn metric_names_in(expression: &str) -> Vec<String> {
    let asides = regex::Regex::new(
        r#""[^"]*"|\{[^}]*\}|\[[^\]]*\]|\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"#,
    )
    .expect("a regex");
    let words = regex::Regex::new(r"[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?").expect("a regex");
    let stripped = asides.replace_all(expression, " ");
    words
        .find_iter(&stripped)
        .map(|word| word.as_str())
        .filter(|word| !word.ends_with('('))
        .filter(|word| !matches!(*word, "and" | "or" | "unless" | "bool" | "offset"))
        .map(str::to_owned)
        .collect()
}

/// Logs one JSON object a line: the lines that are (not the banner).
fn log_lines(server: &ServerProcess) -> Vec<Value> {
    server
        .log_text()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// The request's span among a JSON log line's spans (others, of the
/// libraries it calls, may be inside it); `Null` when there is none.
fn request_span(line: &Value) -> Value {
    line["spans"]
        .as_array()
        .and_then(|spans| spans.iter().find(|span| span["name"] == "request"))
        .cloned()
        .unwrap_or(Value::Null)
}

/// The first log line whose message is `message`, waited for up to 10 s.
async fn log_line(server: &ServerProcess, message: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(line) = log_lines(server)
            .into_iter()
            .find(|line| line["fields"]["message"] == message)
        {
            return line;
        }
        assert!(
            Instant::now() < deadline,
            "no log line `{message}`:\n{}",
            server.log_text()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A new project of a new organization of `owner`'s.
async fn project(owner: &Browser, api: &str) -> String {
    let (status, body) = owner
        .post(&format!("{api}/organizations"), json!({ "name": "Acme" }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let organization = body["organization"]["id"]
        .as_str()
        .expect("an organization");
    let (status, body) = owner
        .post(
            &format!("{api}/organizations/{organization}/projects"),
            json!({ "name": "Tickets", "overlap": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["project"]["id"]
        .as_str()
        .expect("a project")
        .to_owned()
}

/// An API token's secret of `owner`'s.
async fn token(owner: &Browser, api: &str) -> String {
    let (status, body) = owner
        .post(&format!("{api}/me/tokens"), json!({ "name": "export" }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["secret"].as_str().expect("a secret").to_owned()
}

/// Starts `labelwell serve` on `database`, JSON logs, metrics on a port of
/// its choosing, with `settings` besides.
async fn start(database: &ProcessDatabase, settings: &[(&str, &str)]) -> ServerProcess {
    let mut all = vec![
        ("LABELWELL_LOG_FORMAT", "json"),
        ("LABELWELL_METRICS_ADDR", "127.0.0.1:0"),
    ];
    all.extend_from_slice(settings);
    database.start(&all, "server").await
}

#[test]
fn metric_names_are_read_from_promql() {
    let names = metric_names_in(
        r#"histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{instance=~"$instance"}[5m])))"#,
    );
    assert_eq!(names, ["http_request_duration_seconds_bucket"]);
    let names = metric_names_in(
        r#"sum(rate(http_requests_total{status=~"5.."}[$__rate_interval])) / sum(rate(http_requests_total[5m]))"#,
    );
    assert_eq!(names, ["http_requests_total", "http_requests_total"]);
}
