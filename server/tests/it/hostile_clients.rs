//! Clients that try to take the service from the other tenants, on both
//! backends: oversized answers, formulas in CSV cells, exports that fail
//! midway, slow uploads, stalled downloads, hostile NDJSON, imports past
//! their caps, and exports of items larger than their batch budget.

use std::time::{Duration, Instant};

use crate::common::{Auth, Client, TestServer};
use futures_util::StreamExt;
use labelwell_server::config::Config;
use labelwell_server::db::Backend;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

backend_tests![
    a_multi_label_answer_of_millions_of_strings_is_one_small_422,
    csv_cells_a_spreadsheet_would_run_are_text_and_jsonl_keeps_them,
    an_export_that_fails_midway_is_cut_off_and_never_ends_cleanly,
];

backend_tests_with_config!(impatient_with_downloads =>
    twenty_four_stalled_exports_leave_other_tenants_reads_and_writes_alone,
);

backend_tests_with_config!(impatient_with_uploads =>
    slow_uploads_hold_no_lock_nor_connection_and_time_out_writing_nothing,
);

backend_tests_with_config!(few_imports =>
    imports_past_the_organizations_or_the_servers_cap_are_429_and_others_proceed,
    a_line_past_the_limit_is_refused_and_one_at_the_limit_is_imported,
);

backend_tests_with_config!(small_export_batches =>
    an_export_reads_items_larger_than_its_batch_budget_one_by_one_and_misses_none,
);

/// Seconds an export waits on a client that stopped reading, in `impatient_with_downloads`.
const SEND_TIMEOUT_SECONDS: u32 = 6;

/// Seconds the server waits for the next bytes of a request body, in `impatient_with_uploads`.
const BODY_TIMEOUT_SECONDS: u32 = 2;
/// Seconds an import may take in all, in `impatient_with_uploads`.
const IMPORT_TIME_LIMIT_SECONDS: u32 = 5;

/// A server that gives up on stalled readers within seconds, and runs two
/// exports of an organization at once (of four in total, half its pool of 8).
fn impatient_with_downloads(config: &mut Config) {
    config.export_send_timeout_seconds = SEND_TIMEOUT_SECONDS;
    config.max_exports_per_organization = 2;
}

/// A server that gives up on slow uploads within seconds, and lets one
/// organization run as many imports as its pool has connections.
fn impatient_with_uploads(config: &mut Config) {
    config.body_timeout_seconds = BODY_TIMEOUT_SECONDS;
    config.import_time_limit_seconds = IMPORT_TIME_LIMIT_SECONDS;
    config.max_imports = config.database.database_max_connections;
    config.max_imports_per_organization = config.database.database_max_connections;
}

/// The longest NDJSON line, in `few_imports`.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// A server that runs three imports at once, two of an organization, of
/// lines up to [`MAX_LINE_BYTES`], and gives up on slow uploads within seconds.
fn few_imports(config: &mut Config) {
    impatient_with_uploads(config);
    config.max_imports = 3;
    config.max_imports_per_organization = 2;
    config.import_max_line_bytes = MAX_LINE_BYTES;
}

/// Item JSON an export reads at once, in `small_export_batches`.
const EXPORT_BATCH_BYTES: usize = 1000;

/// A server whose exports read about [`EXPORT_BATCH_BYTES`] of items at a time.
fn small_export_batches(config: &mut Config) {
    config.export_batch_bytes = EXPORT_BATCH_BYTES;
}

/// How long another tenant's request may take while hostile clients are at work.
const PROMPTLY: Duration = Duration::from_secs(1);

/// A tenant of its own: an owner, an organization and a project whose
/// annotation UI shows `text` and asks for a sentiment and topics.
struct Tenant {
    owner: Client,
    project: String,
}

impl Tenant {
    /// An API token of the owner, for raw HTTP requests.
    async fn bearer(&self) -> String {
        match self.owner.token(json!({})).await.auth() {
            Auth::Bearer(secret) => secret.clone(),
            other => panic!("not a token: {other:?}"),
        }
    }
}

async fn tenant(server: &TestServer, name: &str) -> Tenant {
    let owner = server.sign_up(name).await;
    let org = server.organization(&owner, name).await;
    let created = owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "Tickets" }),
        )
        .await;
    created.assert_status(201);
    let project = created.id("project");
    let schema = json!({
        "fields": [{ "name": "text" }],
        "questions": [
            { "name": "sentiment", "type": "single_label", "labels": ["positive", "negative"] },
            { "name": "topics", "type": "multi_label", "labels": ["billing", "bug", "praise"], "required": false }
        ]
    });
    owner
        .put(
            &format!("/projects/{project}/annotation-ui"),
            json!({ "schema": schema }),
        )
        .await
        .assert_status(200);
    Tenant { owner, project }
}

/// Imports `items` (JSON values) into the tenant's project.
async fn import(tenant: &Tenant, items: Vec<Value>) -> Value {
    let answer = tenant
        .owner
        .post(
            &format!("/projects/{}/items", tenant.project),
            json!({ "items": items }),
        )
        .await;
    answer.assert_status(200);
    answer.body
}

async fn a_multi_label_answer_of_millions_of_strings_is_one_small_422(server: TestServer) {
    let tenant = tenant(&server, "ada").await;
    import(
        &tenant,
        vec![json!({ "external_id": "a", "data": { "text": "hi" } })],
    )
    .await;
    let items = tenant
        .owner
        .get(&format!("/projects/{}/items", tenant.project))
        .await;
    let item = items.body["items"][0]["id"].as_str().expect("an item");
    // The body of the issue: as many empty strings as fit in 10 MiB.
    let empties = 10 * 1024 * 1024 / 3 - 100;
    let mut body = String::with_capacity(10 * 1024 * 1024);
    body.push_str(r#"{"value": {"sentiment": "positive", "topics": ["#);
    for i in 0..empties {
        body.push_str(if i == 0 { "\"\"" } else { ",\"\"" });
    }
    body.push_str("]}}");
    let started = std::time::Instant::now();
    let answer = tenant
        .owner
        .send_raw(
            reqwest::Method::POST,
            &format!("/items/{item}/annotations"),
            "application/json",
            body.into_bytes(),
        )
        .await;
    answer.assert_problem(422, "validation_failed");
    assert_eq!(
        answer.body["errors"],
        json!([{
            "field": "value.topics",
            "code": "too_many",
            "message": "must choose at most the 3 labels offered, each once",
        }]),
        "answered in {:?}",
        started.elapsed()
    );
    // A hundred problems at most, whatever the answer holds.
    let unknown: serde_json::Map<String, Value> =
        (0..50_000).map(|i| (format!("q{i}"), json!(1))).collect();
    let answer = tenant
        .owner
        .post(
            &format!("/items/{item}/annotations"),
            json!({ "value": unknown }),
        )
        .await;
    answer.assert_problem(422, "validation_failed");
    assert_eq!(answer.body["errors"].as_array().map(Vec::len), Some(100));
    assert_eq!(server.count("SELECT COUNT(*) FROM annotations").await, 0);
}

async fn csv_cells_a_spreadsheet_would_run_are_text_and_jsonl_keeps_them(server: TestServer) {
    let tenant = tenant(&server, "ada").await;
    let formulas = [
        "=HYPERLINK(\"https://evil.example\",\"open\")",
        "@SUM(1+1)",
        "+1",
        "-1",
        "\tcmd",
    ];
    let items = formulas
        .iter()
        .map(|external_id| json!({ "external_id": external_id, "data": { "text": "=1+1" } }))
        .collect();
    import(&tenant, items).await;
    let export = |format: &'static str| {
        let tenant = &tenant;
        let server = &server;
        async move {
            let response = tenant
                .owner
                .http()
                .get(server.url(&format!(
                    "/projects/{}/export?format={format}",
                    tenant.project
                )))
                .send()
                .await
                .expect("the server answers");
            assert_eq!(response.status(), 200);
            response.text().await.expect("the export")
        }
    };
    let csv = export("csv").await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut cells: Vec<String> = reader
        .records()
        .map(|record| record.expect("a CSV row")[1].to_owned())
        .collect();
    cells.sort();
    let mut expected: Vec<String> = formulas.iter().map(|f| format!("'{f}")).collect();
    expected.sort();
    assert_eq!(cells, expected, "{csv}");
    let jsonl = export("jsonl").await;
    let mut kept: Vec<String> = jsonl
        .lines()
        .map(|line| {
            let item: Value = serde_json::from_str(line).expect("a JSON line");
            assert_eq!(item["data"]["text"], "=1+1");
            item["external_id"]
                .as_str()
                .expect("external_id")
                .to_owned()
        })
        .collect();
    kept.sort();
    let mut expected: Vec<String> = formulas.iter().map(|f| (*f).to_owned()).collect();
    expected.sort();
    assert_eq!(kept, expected);
}

/// Imports `count` items of `text_bytes` bytes of text each as NDJSON.
async fn import_ndjson(tenant: &Tenant, count: usize, text_bytes: usize) {
    let text = "x".repeat(text_bytes);
    let body: String = (0..count)
        .map(|i| format!("{{\"external_id\":\"item-{i:05}\",\"data\":{{\"text\":\"{text}\"}}}}\n"))
        .collect();
    tenant
        .owner
        .send_raw(
            reqwest::Method::POST,
            &format!("/projects/{}/items", tenant.project),
            "application/x-ndjson",
            body.into_bytes(),
        )
        .await
        .assert_status(200);
}

async fn an_export_that_fails_midway_is_cut_off_and_never_ends_cleanly(server: TestServer) {
    let tenant = tenant(&server, "ada").await;
    import_ndjson(&tenant, 2_500, 100).await;
    // A timestamp the export cannot convert (on PostgreSQL past what the
    // driver decodes, on SQLite past year 9999 once in UTC), on the last item:
    // the export fails after it sent its first batch.
    let far = match server.backend() {
        Backend::Postgres => "'10000-01-01 00:00:00+00'",
        Backend::Sqlite => "'9999-12-31T23:59:59.000000-01:00'",
    };
    server
        .exec(&format!(
            "UPDATE items SET updated_at = {far} WHERE external_id = 'item-02499'"
        ))
        .await;
    // More times than an organization may export at once: a failed export gives its slot back.
    for _ in 0..3 {
        let response = tenant
            .owner
            .http()
            .get(server.url(&format!("/projects/{}/export", tenant.project)))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status(), 200);
        let body = response.bytes().await;
        assert!(
            body.is_err(),
            "a failed export must not end like a whole one: {} bytes",
            body.map(|b| b.len()).unwrap_or_default()
        );
    }
}

/// Sends a GET of an export on a raw connection with a small receive buffer
/// and reads no more than the answer's head: a client that stopped reading.
/// Returns the status, the `Retry-After` header and the connection.
async fn stalled_export(
    server: &TestServer,
    bearer: &str,
    project: &str,
) -> (u16, Option<String>, TcpStream) {
    let address: std::net::SocketAddr = server
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .expect("an address");
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.set_recv_buffer_size(4096).expect("a small buffer");
    let mut stream = socket.connect(address).await.expect("connect");
    let request = format!(
        "GET /api/v1/projects/{project}/export HTTP/1.1\r\nHost: {address}\r\n\
         Authorization: Bearer {bearer}\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the request");
    let mut head = Vec::new();
    let mut byte = [0_u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream
            .read_exact(&mut byte)
            .await
            .expect("the answer's head");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let retry_after = head
        .lines()
        .find_map(|line| line.strip_prefix("retry-after: "))
        .map(str::to_owned);
    (status, retry_after, stream)
}

/// Another tenant's everyday reads and writes, each of which must be prompt.
async fn everyday_work_is_prompt(server: &TestServer, other: &Tenant, round: usize) {
    let started = Instant::now();
    other.owner.get("/me").await.assert_status(200);
    other
        .owner
        .get(&format!("/projects/{}/items", other.project))
        .await
        .assert_status(200);
    let org = server
        .organization(&other.owner, &format!("Other {round}"))
        .await;
    other
        .owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "Fresh" }),
        )
        .await
        .assert_status(201);
    let login = server
        .anonymous()
        .with_cookies()
        .post(
            "/auth/login",
            json!({ "email": other.owner.email(), "password": crate::common::PASSWORD }),
        )
        .await;
    login.assert_status(200);
    assert!(
        started.elapsed() < PROMPTLY * 4,
        "four requests of another tenant took {:?}",
        started.elapsed()
    );
}

async fn twenty_four_stalled_exports_leave_other_tenants_reads_and_writes_alone(
    server: TestServer,
) {
    // Two tenants with projects larger than every buffer between the export and
    // its client, and a third with a small one.
    let (a, b, c) = (
        tenant(&server, "ada").await,
        tenant(&server, "bob").await,
        tenant(&server, "cy").await,
    );
    import_ndjson(&a, 2_000, 8_000).await;
    import_ndjson(&b, 2_000, 8_000).await;
    let other = tenant(&server, "other").await;
    let per_organization = server.config().max_exports_per_organization as usize;
    let total = server.config().max_exports() as usize;
    assert_eq!(
        (per_organization, total),
        (2, 4),
        "the defaults, for a pool of 8"
    );

    let mut open = Vec::new();
    let mut refused = 0;
    for (tenant, times) in [(&a, 10), (&b, 10), (&c, 4)] {
        let bearer = tenant.bearer().await;
        for _ in 0..times {
            let (status, retry_after, stream) =
                stalled_export(&server, &bearer, &tenant.project).await;
            match status {
                200 => open.push(stream),
                429 => {
                    assert_eq!(retry_after.as_deref(), Some("5"));
                    refused += 1;
                }
                other => panic!("an export answered {other}"),
            }
        }
    }
    assert_eq!((open.len(), refused), (total, 24 - total));
    everyday_work_is_prompt(&server, &other, 1).await;

    // The stalled exports are given up on after the send timeout: their
    // connections are cut without the end of the body, and their slots are free.
    tokio::time::sleep(Duration::from_secs(u64::from(SEND_TIMEOUT_SECONDS) + 1)).await;
    for mut stream in open {
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest).await;
        assert!(
            !rest.ends_with(b"0\r\n\r\n"),
            "a stalled export ended cleanly"
        );
    }
    let fresh = a
        .owner
        .http()
        .get(server.url(&format!("/projects/{}/export?format=csv", a.project)))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(fresh.status(), 200);
    let csv = fresh.text().await.expect("a whole export");
    assert_eq!(csv.lines().count(), 2_001);
    everyday_work_is_prompt(&server, &other, 2).await;
}

/// Sends an NDJSON import whose body is `parts`, each after its pause.
async fn upload(tenant: &Tenant, parts: Vec<(Duration, &'static str)>) -> crate::common::Answer {
    let body = futures_util::stream::iter(parts).then(|(pause, part)| async move {
        tokio::time::sleep(pause).await;
        Ok::<_, std::io::Error>(part)
    });
    tenant
        .owner
        .send_body(
            reqwest::Method::POST,
            &format!("/projects/{}/items", tenant.project),
            "application/x-ndjson",
            reqwest::Body::wrap_stream(body),
        )
        .await
}

async fn slow_uploads_hold_no_lock_nor_connection_and_time_out_writing_nothing(server: TestServer) {
    let (ada, other) = (tenant(&server, "ada").await, tenant(&server, "other").await);
    // As many uploads as the pool has connections, each sending one line and
    // then a byte every 300 ms (never pausing for the body timeout).
    let line = "{\"external_id\": \"a\", \"data\": {\"text\": \"hi\"}}\n";
    let trickle = || {
        let mut parts = vec![(Duration::ZERO, line)];
        parts.extend(std::iter::repeat_n((Duration::from_millis(300), " "), 40));
        parts
    };
    let uploads: Vec<_> = (0..server.config().database.database_max_connections)
        .map(|_| {
            let ada = Tenant {
                owner: ada.owner.clone(),
                project: ada.project.clone(),
            };
            let parts = trickle();
            tokio::spawn(async move { upload(&ada, parts).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    everyday_work_is_prompt(&server, &other, 1).await;
    everyday_work_is_prompt(&server, &other, 2).await;
    // The import time limit ends them, and they wrote nothing.
    for upload in uploads {
        let answer = upload.await.expect("the upload ran");
        answer.assert_problem(408, "import_timeout");
    }
    // A body that stops arriving for the body timeout ends too.
    let stalled = upload(
        &ada,
        vec![
            (Duration::ZERO, line),
            (
                Duration::from_secs(u64::from(BODY_TIMEOUT_SECONDS) + 1),
                line,
            ),
        ],
    )
    .await;
    stalled.assert_problem(408, "body_timeout");
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 0);
}

/// An upload that sends `line`, then a space every 300 ms until the import
/// time limit ends it.
fn trickling(
    tenant: &Tenant,
    line: &'static str,
) -> tokio::task::JoinHandle<crate::common::Answer> {
    let tenant = Tenant {
        owner: tenant.owner.clone(),
        project: tenant.project.clone(),
    };
    let mut parts = vec![(Duration::ZERO, line)];
    parts.extend(std::iter::repeat_n((Duration::from_millis(300), " "), 40));
    tokio::spawn(async move { upload(&tenant, parts).await })
}

/// Asserts a 429 that says when to come back.
#[track_caller]
fn assert_refused(answer: &crate::common::Answer, context: &str) {
    answer.assert_problem(429, "too_many_requests");
    assert_eq!(
        answer
            .headers
            .get("retry-after")
            .and_then(|value| value.to_str().ok()),
        Some("5"),
        "{context}"
    );
}

async fn imports_past_the_organizations_or_the_servers_cap_are_429_and_others_proceed(
    server: TestServer,
) {
    let (ada, bob, cy) = (
        tenant(&server, "ada").await,
        tenant(&server, "bob").await,
        tenant(&server, "cy").await,
    );
    let line = "{\"external_id\": \"a\", \"data\": {\"text\": \"hi\"}}\n";
    let item = |id: &str| json!({ "external_id": id, "data": { "text": "hi" } });
    // Ada's two uploads take her organization's slots while they trickle in.
    let held = [trickling(&ada, line), trickling(&ada, line)];
    tokio::time::sleep(Duration::from_millis(500)).await;
    let third = ada
        .owner
        .post(
            &format!("/projects/{}/items", ada.project),
            json!({ "items": [item("b")] }),
        )
        .await;
    assert_refused(&third, "ada's third import");
    let ndjson = upload(&ada, vec![(Duration::ZERO, line)]).await;
    assert_refused(&ndjson, "ada's third import, as NDJSON");
    // Another organization imports meanwhile.
    import(&bob, vec![item("b")]).await;
    // Bob's upload takes the server's last slot: Cy is refused, though her
    // organization runs no import.
    let bobs = trickling(&bob, line);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let refused = cy
        .owner
        .post(
            &format!("/projects/{}/items", cy.project),
            json!({ "items": [item("c")] }),
        )
        .await;
    assert_refused(&refused, "cy's import on a full server");
    // The time limit ends the uploads, and their slots come back.
    for upload in held.into_iter().chain([bobs]) {
        upload
            .await
            .expect("the upload ran")
            .assert_problem(408, "import_timeout");
    }
    import(&cy, vec![item("c")]).await;
    import(&ada, vec![item("a")]).await;
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 3);
}

async fn a_line_past_the_limit_is_refused_and_one_at_the_limit_is_imported(server: TestServer) {
    let tenant = tenant(&server, "ada").await;
    // A line of exactly the limit's bytes, its newline not counted.
    let line = |id: &str, bytes: usize| {
        let start = format!("{{\"external_id\":\"{id}\",\"data\":{{\"text\":\"");
        let end = "\"}}";
        let text = "x".repeat(bytes - start.len() - end.len());
        format!("{start}{text}{end}\n")
    };
    let send = |body: String| {
        let owner = tenant.owner.clone();
        let path = format!("/projects/{}/items", tenant.project);
        async move {
            owner
                .send_raw(
                    reqwest::Method::POST,
                    &path,
                    "application/x-ndjson",
                    body.into_bytes(),
                )
                .await
        }
    };
    let fits = send(format!("{}{}", line("a", 100), line("b", MAX_LINE_BYTES))).await;
    fits.assert_status(200);
    assert_eq!(fits.body["created"], 2);
    let too_long = send(format!(
        "{}{}",
        line("c", 100),
        line("d", MAX_LINE_BYTES + 1)
    ))
    .await;
    too_long.assert_problem(422, "validation_failed");
    assert_eq!(too_long.body["errors"][0]["field"], "line[2]");
    assert_eq!(too_long.body["errors"][0]["code"], "too_long");
    // Without a newline in sight, the line is refused as soon as it is too
    // long, not when the body ends.
    let endless = upload(
        &tenant,
        vec![
            (
                Duration::ZERO,
                "{\"external_id\":\"e\",\"data\":{\"text\":\"",
            ),
            (Duration::ZERO, "x".repeat(MAX_LINE_BYTES).leak()),
            // Longer than the body timeout: were the line taken whole before
            // its length is checked, this upload would end in 408.
            (
                Duration::from_secs(u64::from(BODY_TIMEOUT_SECONDS) + 1),
                "\"}}\n",
            ),
        ],
    )
    .await;
    endless.assert_problem(422, "validation_failed");
    assert_eq!(endless.body["errors"][0]["code"], "too_long");
    assert_eq!(server.count("SELECT COUNT(*) FROM items").await, 2);
}

async fn an_export_reads_items_larger_than_its_batch_budget_one_by_one_and_misses_none(
    server: TestServer,
) {
    let tenant = tenant(&server, "ada").await;
    // Small items, then items each larger than the budget, then small again.
    let sizes: Vec<usize> = (0..60)
        .map(|i| match i {
            20..40 => EXPORT_BATCH_BYTES * 3,
            _ => 10 + i,
        })
        .collect();
    let items: Vec<Value> = sizes
        .iter()
        .enumerate()
        .map(|(i, size)| {
            json!({
                "external_id": format!("item-{i:02}"),
                "data": { "text": "x".repeat(*size) },
                "metadata": { "i": i },
            })
        })
        .collect();
    import(&tenant, items).await;
    for query in ["", "&status=new", "&updated_after=2000-01-01T00:00:00Z"] {
        let export = tenant
            .owner
            .http()
            .get(server.url(&format!(
                "/projects/{}/export?format=jsonl{query}",
                tenant.project
            )))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(export.status(), 200);
        let text = export.text().await.expect("a whole export");
        let lines: Vec<Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        let external_ids: Vec<&str> = lines
            .iter()
            .map(|line| line["external_id"].as_str().expect("an external_id"))
            .collect();
        let expected: Vec<String> = (0..60).map(|i| format!("item-{i:02}")).collect();
        assert_eq!(external_ids, expected, "{query}");
        for (line, size) in lines.iter().zip(&sizes) {
            assert_eq!(line["data"]["text"].as_str().map(str::len), Some(*size));
        }
    }
}
