//! `labelwell-bench`: the data-scale benchmark of Labelwell.
//!
//! For each backend it starts the release `labelwell` binary on a fresh
//! database, builds a project of `--items` items through the API (a third of
//! them with two annotations), measures every row of the README's table, and
//! prints the table. Run it with `scripts/bench` (release build, both backends).
//!
//! Beside each figure it measures, in the same run, the machine's own limit
//! for the same rows (the database engine's `INSERT ... SELECT`, its `COPY`,
//! a commit alone, a trivial route of the server) and prints the figure's
//! share of it: absolute figures differ two or three times from one machine
//! to the next, their shares of the machine's limits much less.
//!
//! With `--load` it runs the load benchmark instead (see [`load`]): several
//! instances behind HAProxy on PostgreSQL, annotators, exports and an SDK
//! pull at once.

mod limits;
mod load;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use clap::{Parser, ValueEnum};
use serde_json::{Value, json};

/// Measures Labelwell at data scale and prints a table.
#[derive(Parser, Debug)]
struct Args {
    /// Items in the project: 1,000,000 by default, 100,000 with `--load`.
    #[arg(long)]
    items: Option<usize>,
    /// Which backends to measure.
    #[arg(long, value_enum, default_value_t = Which::Both)]
    backend: Which,
    /// The `labelwell` binary; the release build by default.
    #[arg(long)]
    binary: Option<PathBuf>,
    /// The PostgreSQL server to create the benchmark database on.
    #[arg(
        long,
        env = "LABELWELL_TEST_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    postgres: String,
    /// Seconds of each throughput measurement: 10 by default, 60 with `--load`.
    #[arg(long)]
    seconds: Option<u64>,
    /// A Python with the `labelwell` SDK installed, for the SDK rows; skipped when absent.
    #[arg(long)]
    python: Option<PathBuf>,
    /// The script the Python runs for the SDK rows (relative to the current
    /// directory, which `scripts/bench` makes the checkout's root).
    #[arg(long, default_value = "tests/bench/sdk.py")]
    sdk_script: PathBuf,
    /// Concurrent connections of the listing throughput measurement.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Measure only the server's memory under hostile imports (no data set).
    #[arg(long)]
    memory_only: bool,
    /// Run the load benchmark instead: `--instances` servers behind HAProxy on
    /// PostgreSQL, `--annotators` leasing and answering, `--exports` full
    /// exports and an SDK pull, all at once for `--seconds`.
    #[arg(long)]
    load: bool,
    /// Load run: server instances behind HAProxy.
    #[arg(long, default_value_t = 2)]
    instances: usize,
    /// Load run: annotators working the queue at once.
    #[arg(long, default_value_t = 200)]
    annotators: usize,
    /// Load run: full JSONL exports running at once, one after the other each.
    #[arg(long, default_value_t = 2)]
    exports: usize,
    /// Load run: the HAProxy binary.
    #[arg(
        long,
        env = "LABELWELL_TEST_HAPROXY",
        default_value = "/usr/sbin/haproxy"
    )]
    haproxy: PathBuf,
    /// Load run: the committed HAProxy configuration the run rewrites for
    /// itself (relative to the current directory, the checkout's root).
    #[arg(long, default_value = "deploy/haproxy.cfg")]
    haproxy_config: PathBuf,
}

impl Args {
    fn items(&self) -> usize {
        self.items
            .unwrap_or(if self.load { 100_000 } else { 1_000_000 })
    }

    fn seconds(&self) -> u64 {
        self.seconds.unwrap_or(if self.load { 60 } else { 10 })
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Sqlite,
    Postgres,
    Both,
}

/// What one backend measured, by row of the table; `*_limit` is the
/// machine's own limit for the row beside it.
#[derive(Debug, Default, Clone)]
struct Figures {
    import_ndjson: Option<f64>,
    import_limit: Option<f64>,
    import_sdk: Option<f64>,
    import_peak_rss_mib: Option<f64>,
    /// Exports of the project before it has annotations, and their limits.
    export_items: Exports,
    /// Exports of the project with its annotations and reviews, and their limits.
    export_annotated: Exports,
    sdk_dicts: Option<f64>,
    sdk_pandas: Option<f64>,
    list_first_p50_ms: Option<f64>,
    list_deep_p50_ms: Option<f64>,
    deep_page: Option<usize>,
    annotate_p50_ms: Option<f64>,
    commit_p50_ms: Option<f64>,
    priorities: Option<f64>,
    priorities_limit: Option<f64>,
    /// A first release of every annotation: items read per second, and seconds.
    release_rate: Option<f64>,
    release_seconds: Option<f64>,
    /// The next release, after one item was labelled: seconds, bytes it
    /// stored, and the bytes of the whole release.
    next_release_seconds: Option<f64>,
    next_release_stored_bytes: Option<f64>,
    release_bytes: Option<f64>,
    lease_p50_ms: Option<f64>,
    next_item_p50_ms: Option<f64>,
    listing_rps: Option<f64>,
    healthz_p50_ms: Option<f64>,
    healthz_rps: Option<f64>,
    idle_rss_mib: Option<f64>,
    ready_ms: Option<f64>,
    hostile: Option<HostileFigures>,
}

/// An export's rate in each format, its `COPY`'s, and the server's RSS growth.
#[derive(Debug, Default, Clone, Copy)]
struct Exports {
    jsonl: Option<f64>,
    jsonl_limit: Option<f64>,
    jsonl_rss_growth_mib: Option<f64>,
    csv: Option<f64>,
    csv_limit: Option<f64>,
    csv_rss_growth_mib: Option<f64>,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let binary = match &args.binary {
        Some(binary) => binary.clone(),
        None => {
            let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
            PathBuf::from(target).join("release/labelwell")
        }
    };
    ensure!(
        binary.exists(),
        "no server binary at {}: build it with `cargo build --release -p labelwell-server`",
        binary.display()
    );
    if args.python.is_some() {
        ensure!(
            args.sdk_script.exists(),
            "no SDK script at {} (relative to {}): run the benchmark from the checkout's root, or give --sdk-script",
            args.sdk_script.display(),
            std::env::current_dir()?.display()
        );
    }
    if args.load {
        return load::run(&args, &binary).await;
    }
    let mut results = Vec::new();
    for backend in [Which::Sqlite, Which::Postgres] {
        if args.backend == Which::Both || args.backend == backend {
            let mut figures = match args.memory_only {
                true => Figures::default(),
                false => {
                    eprintln!("== {backend:?}: {} items", args.items());
                    run(&args, &binary, backend).await?
                }
            };
            eprintln!("== {backend:?}: memory under hostile imports");
            figures.hostile = Some(memory_under_hostile_imports(&args, &binary, backend).await?);
            results.push((backend, figures));
        }
    }
    print_table(&args, &results);
    Ok(())
}

/// A running server and its database.
struct Server {
    child: Child,
    base: String,
    dir: PathBuf,
    database_url: String,
    postgres_database: Option<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Server {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }
}

async fn start(args: &Args, binary: &PathBuf, backend: Which) -> Result<(Server, Duration)> {
    let dir =
        std::env::temp_dir().join(format!("labelwell-bench-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir)?;
    let (database_url, postgres_database) = match backend {
        Which::Postgres => {
            let name = format!("labelwell_bench_{}", uuid::Uuid::now_v7().simple());
            let admin = sqlx::PgPool::connect(&args.postgres)
                .await
                .context("connecting to PostgreSQL")?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await?;
            admin.close().await;
            let server = args
                .postgres
                .rsplit_once('/')
                .map_or(args.postgres.as_str(), |(server, _)| server);
            (format!("{server}/{name}"), Some(name))
        }
        _ => (format!("sqlite://{}", dir.join("bench.db").display()), None),
    };
    let port = free_port()?;
    let started = Instant::now();
    let child = Command::new(binary)
        .arg("serve")
        .env("LABELWELL_DATABASE_URL", &database_url)
        .env("LABELWELL_BIND", format!("127.0.0.1:{port}"))
        .env("LABELWELL_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("server.log"))?)
        .spawn()
        .context("starting the server")?;
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        dir,
        database_url,
        postgres_database,
    };
    let http = reqwest::Client::new();
    loop {
        if let Ok(answer) = http.get(format!("{}/readyz", server.base)).send().await
            && answer.status().is_success()
        {
            break;
        }
        ensure!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not become ready"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Ok((server, started.elapsed()))
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The resident set of a process, in MiB.
fn rss_mib(pid: u32) -> Result<f64> {
    status_mib(pid, "VmRSS:")
}

/// The peak resident set of a process over its life (its high-water mark), in MiB.
fn peak_rss_mib(pid: u32) -> Result<f64> {
    status_mib(pid, "VmHWM:")
}

/// A figure of `/proc/PID/status` given in kB, in MiB.
fn status_mib(pid: u32, key: &str) -> Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|l| l.starts_with(key))
        .ok_or_else(|| anyhow!("no {key}"))?;
    let kib: f64 = line
        .split_whitespace()
        .nth(1)
        .ok_or_else(|| anyhow!("no {key} value"))?
        .parse()?;
    Ok(kib / 1024.0)
}

/// Samples a process's RSS every 20 ms until stopped; answers the peak.
struct RssWatch {
    stop: Arc<AtomicBool>,
    peak_kib: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl RssWatch {
    fn start(pid: u32) -> RssWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let peak_kib = Arc::new(AtomicU64::new(0));
        let (s, p) = (stop.clone(), peak_kib.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                if let Ok(mib) = rss_mib(pid) {
                    p.fetch_max((mib * 1024.0) as u64, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        RssWatch {
            stop,
            peak_kib,
            thread,
        }
    }

    fn peak_mib(self) -> f64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.peak_kib.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

/// An HTTP client acting with a bearer token.
#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    server: String,
    token: String,
}

impl Api {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value> {
        let mut request = self
            .http
            .request(method.clone(), format!("{}/api/v1{path}", self.server))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await?;
        let status = answer.status();
        let text = answer.text().await?;
        ensure!(status.is_success(), "{method} {path}: {status} {text}");
        Ok(if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)?
        })
    }

    async fn get(&self, path: &str) -> Result<Value> {
        self.call(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    /// POSTs an NDJSON body (an import, priorities); answers the response's text.
    async fn post_ndjson(&self, path: &str, body: String) -> Result<String> {
        let answer = self
            .http
            .post(format!("{}/api/v1{path}", self.server))
            .bearer_auth(&self.token)
            .header("content-type", "application/x-ndjson")
            .body(body)
            .send()
            .await?;
        let status = answer.status();
        let text = answer.text().await?;
        ensure!(status.is_success(), "POST {path}: {status} {text}");
        Ok(text)
    }
}

/// Signs up an account at `base` (a server's or HAProxy's URL) and answers a
/// client with a fresh API token of it.
async fn account(base: &str, name: &str) -> Result<Api> {
    let http = reqwest::Client::builder().cookie_store(true).build()?;
    let session: Value = http
        .post(format!("{base}/api/v1/auth/signup"))
        .json(&json!({ "email": format!("{name}@bench.example"), "password": "benchmark password", "name": name }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let csrf = session["csrf_token"]
        .as_str()
        .ok_or_else(|| anyhow!("no csrf token"))?;
    let token: Value = http
        .post(format!("{base}/api/v1/me/tokens"))
        .header("x-csrf-token", csrf)
        .json(&json!({ "name": "bench" }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let secret = token["secret"]
        .as_str()
        .ok_or_else(|| anyhow!("no secret"))?
        .to_owned();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .build()?;
    Ok(Api {
        http,
        server: base.to_owned(),
        token: secret,
    })
}

/// One item of about 200 bytes of JSON, as an NDJSON line.
fn item_line(i: usize) -> String {
    format!(
        "{{\"external_id\":\"item-{i:08}\",\"data\":{{\"text\":\"Customer ticket {i}: the export button greys out after the \
         third retry and the page needs a reload to work again.\"}},\"metadata\":{{\"source\":\"bench\",\"shard\":{}}}}}\n",
        i % 16
    )
}

/// Item `i`'s priority as an NDJSON line: a number in [0, 1) spread over the
/// items unlike their import order, as a model's uncertainty would be.
fn priority_line(i: usize) -> String {
    let spread = (i as u64).wrapping_mul(2_654_435_761) % 1_000_003;
    format!(
        "{{\"external_id\":\"item-{i:08}\",\"priority\":{}}}\n",
        spread as f64 / 1_000_003.0
    )
}

/// The longest NDJSON line the server takes by default (`LABELWELL_IMPORT_MAX_LINE_BYTES`).
const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;
/// Organizations sending uploads at once in the hostile run.
const HOSTILE_ORGANIZATIONS: usize = 4;
/// Uploads each of them sends at once: one more than an organization may run.
const UPLOADS_PER_ORGANIZATION: usize = 3;
/// Lines of each upload of the hostile run.
const LINES_PER_UPLOAD: usize = 4;
/// Rounds of uploads.
const HOSTILE_ROUNDS: usize = 2;

/// The server's memory under hostile imports, beside a reference from the same run.
#[derive(Debug, Clone, Copy)]
struct HostileFigures {
    /// RSS of a fresh server at idle.
    idle_mib: f64,
    /// Peak RSS of a server taking the uploads as ordinary lines of about 200 bytes.
    plain_peak_mib: f64,
    /// Peak RSS of a server taking the same bytes as lines of the longest length,
    /// of the JSON that takes the most memory per byte parsed.
    hostile_peak_mib: f64,
    /// Uploads taken and refused (429) per round.
    taken: usize,
    refused: usize,
}

/// A line of exactly [`MAX_LINE_BYTES`] (its newline aside) whose data is
/// mostly a list of zeros: two bytes of text for each 32-byte JSON value.
fn hostile_line(upload: usize, i: usize) -> String {
    let start =
        format!("{{\"external_id\":\"u{upload}-{i}\",\"data\":{{\"text\":\"x\",\"zeros\":[0");
    let end = "]}}\n";
    let zeros = (MAX_LINE_BYTES - start.len() - (end.len() - 1)) / 2;
    let mut line = String::with_capacity(MAX_LINE_BYTES + 1);
    line.push_str(&start);
    for _ in 0..zeros {
        line.push_str(",0");
    }
    line.push_str(end);
    line
}

/// Ordinary lines of about 200 bytes, as many bytes as [`LINES_PER_UPLOAD`] hostile lines.
fn plain_upload(upload: usize) -> String {
    let mut body = String::with_capacity(LINES_PER_UPLOAD * MAX_LINE_BYTES + 256);
    let mut i = 0;
    while body.len() < LINES_PER_UPLOAD * MAX_LINE_BYTES {
        body.push_str(&item_line(upload * 1_000_000 + i));
        i += 1;
    }
    body
}

/// Starts a fresh server for each kind of upload, sends every organization's
/// uploads at once (more than the server runs: some are refused with 429),
/// in rounds, and reads the server's peak RSS.
async fn memory_under_hostile_imports(
    args: &Args,
    binary: &PathBuf,
    backend: Which,
) -> Result<HostileFigures> {
    let mut figures = HostileFigures {
        idle_mib: 0.0,
        plain_peak_mib: 0.0,
        hostile_peak_mib: 0.0,
        taken: 0,
        refused: 0,
    };
    for hostile in [false, true] {
        let (server, _) = start(args, binary, backend).await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let idle = rss_mib(server.pid())?;
        let mut projects = Vec::new();
        for n in 0..HOSTILE_ORGANIZATIONS {
            let owner = account(&server.base, &format!("tenant{n}")).await?;
            let org = owner
                .post("/organizations", json!({ "name": format!("Tenant {n}") }))
                .await?["organization"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let project = owner
                .post(
                    &format!("/organizations/{org}/projects"),
                    json!({ "name": "Uploads" }),
                )
                .await?["project"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            owner
                .call(
                    reqwest::Method::PUT,
                    &format!("/projects/{project}/annotation-ui"),
                    Some(
                        json!({ "schema": { "fields": [{ "name": "text" }], "questions": [
                        { "name": "ok", "type": "single_label", "labels": ["yes", "no"] }
                    ] } }),
                    ),
                )
                .await?;
            projects.push((owner, project));
        }
        let bodies: Vec<String> = (0..UPLOADS_PER_ORGANIZATION * HOSTILE_ORGANIZATIONS)
            .map(|upload| match hostile {
                true => (0..LINES_PER_UPLOAD)
                    .map(|i| hostile_line(upload, i))
                    .collect(),
                false => plain_upload(upload),
            })
            .collect();
        let (mut taken, mut refused) = (0, 0);
        for _ in 0..HOSTILE_ROUNDS {
            let mut uploads = Vec::new();
            for (upload, body) in bodies.iter().enumerate() {
                let (owner, project) = &projects[upload % HOSTILE_ORGANIZATIONS];
                let request = owner
                    .http
                    .post(server.api(&format!("/projects/{project}/items")))
                    .bearer_auth(&owner.token)
                    .header("content-type", "application/x-ndjson")
                    .body(body.clone());
                uploads.push(tokio::spawn(async move {
                    let answer = request.send().await?;
                    let status = answer.status();
                    let text = answer.text().await?;
                    Ok::<_, anyhow::Error>((status, text))
                }));
            }
            for upload in uploads {
                let (status, text) = upload.await??;
                match status.as_u16() {
                    200 => taken += 1,
                    429 => refused += 1,
                    _ => bail!("an upload answered {status}: {text}"),
                }
            }
        }
        let peak = peak_rss_mib(server.pid())?;
        eprintln!(
            "   {} uploads: idle {idle:.1} MiB, peak {peak:.1} MiB, {} taken and {} refused per round",
            if hostile { "hostile" } else { "plain" },
            taken / HOSTILE_ROUNDS,
            refused / HOSTILE_ROUNDS
        );
        ensure!(taken > 0, "no upload was taken");
        if hostile {
            figures.hostile_peak_mib = peak;
            (figures.taken, figures.refused) = (taken / HOSTILE_ROUNDS, refused / HOSTILE_ROUNDS);
        } else {
            figures.plain_peak_mib = peak;
            figures.idle_mib = idle;
        }
        stop(args, server).await?;
    }
    Ok(figures)
}

async fn run(args: &Args, binary: &PathBuf, backend: Which) -> Result<Figures> {
    let mut figures = Figures::default();
    let (server, ready) = start(args, binary, backend).await?;
    figures.ready_ms = Some(ready.as_secs_f64() * 1000.0);
    tokio::time::sleep(Duration::from_secs(1)).await;
    figures.idle_rss_mib = Some(rss_mib(server.pid())?);
    eprintln!(
        "   ready in {:.0} ms, idle RSS {:.1} MiB",
        ready.as_secs_f64() * 1000.0,
        figures.idle_rss_mib.unwrap_or_default()
    );

    // The organization, the project and its people.
    let owner = account(&server.base, "owner").await?;
    let org = owner
        .post("/organizations", json!({ "name": "Bench" }))
        .await?["organization"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let project = owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "Tickets", "overlap": 2 }),
        )
        .await?["project"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let schema = json!({ "fields": [{ "name": "text" }], "questions": [
        { "name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"] }
    ] });
    owner
        .call(
            reqwest::Method::PUT,
            &format!("/projects/{project}/annotation-ui"),
            Some(json!({ "schema": schema })),
        )
        .await?;
    let mut annotators = Vec::new();
    for name in ["ann", "bob"] {
        let (annotator, me) =
            assigned_annotator(&server.base, &owner, &org, &project, name).await?;
        annotators.push((
            annotator,
            me["user"]["id"].as_str().unwrap_or_default().to_owned(),
        ));
    }

    // Import through the API, as one NDJSON stream.
    let body: String = (0..args.items()).map(item_line).collect();
    let watch = RssWatch::start(server.pid());
    let started = Instant::now();
    let text = owner
        .post_ndjson(&format!("/projects/{project}/items"), body)
        .await?;
    let seconds = started.elapsed().as_secs_f64();
    figures.import_ndjson = Some(args.items() as f64 / seconds);
    figures.import_peak_rss_mib = Some(watch.peak_mib());
    eprintln!(
        "   import: {:.0} items/s ({text})",
        args.items() as f64 / seconds
    );
    figures.import_limit = Some(match backend {
        Which::Postgres => limits::postgres_insert(&server.database_url, &project).await?,
        _ => limits::sqlite_insert(&server.database_url, &project).await?,
    });
    eprintln!(
        "   import limit (INSERT ... SELECT): {:.0} items/s",
        figures.import_limit.unwrap_or_default()
    );

    settle(&server, backend).await?;
    figures.export_items = exports(
        &server,
        backend,
        &owner,
        &project,
        args.items(),
        "items alone",
    )
    .await?;

    // A third of the items get two annotations, a sixth of them a review (setup, not measured).
    let owner_id = owner.get("/me").await?["user"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    annotate_a_third(
        &server,
        backend,
        &project,
        &annotators[0].1,
        &annotators[1].1,
        &owner_id,
    )
    .await?;
    settle(&server, backend).await?;
    figures.export_annotated = exports(
        &server,
        backend,
        &owner,
        &project,
        args.items(),
        "with annotations and reviews",
    )
    .await?;

    releases(
        &server,
        backend,
        &owner,
        &project,
        args.items(),
        &mut figures,
    )
    .await?;

    if let Some(python) = &args.python {
        let output = Command::new(python)
            .arg(&args.sdk_script)
            .args([
                "--url",
                &server.base,
                "--token",
                &owner.token,
                "--organization",
                &org,
                "--project",
                &project,
            ])
            .output()
            .context("running the SDK rows")?;
        ensure!(
            output.status.success(),
            "sdk.py: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let measured: Value = serde_json::from_slice(&output.stdout)?;
        figures.sdk_dicts = measured["dicts_per_second"].as_f64();
        figures.sdk_pandas = measured["pandas_per_second"].as_f64();
        figures.import_sdk = measured["import_per_second"].as_f64();
        eprintln!("   SDK: {measured}");
    }

    // A trivial route, beside the others: the server's and the client's own cost of a request.
    let healthz = format!("{}/healthz", server.base);
    figures.healthz_p50_ms = Some(healthz_p50_ms(&owner.http, &healthz, 200).await?);
    eprintln!(
        "   /healthz: p50 {:.2} ms",
        figures.healthz_p50_ms.unwrap_or_default()
    );

    // Listing a page of 100: the first, and deep (page 10,000, or the last there is).
    let first = format!("/projects/{project}/items?limit=100");
    figures.list_first_p50_ms = Some(p50_ms(&owner, &first, 200).await?);
    let mut path = first.clone();
    let mut page = 1;
    while page < 10_000 {
        let answer = owner.get(&path).await?;
        match answer["pagination"]["next"].as_str() {
            Some(next) => {
                path = next.trim_start_matches("/api/v1").to_owned();
                page += 1;
            }
            None => break,
        }
    }
    figures.deep_page = Some(page);
    figures.list_deep_p50_ms = Some(p50_ms(&owner, &path, 200).await?);
    eprintln!(
        "   list: p50 {:.2} ms at page 1, {:.2} ms at page {page}",
        figures.list_first_p50_ms.unwrap_or_default(),
        figures.list_deep_p50_ms.unwrap_or_default()
    );

    // Creating annotations, validated, one at a time.
    let (annotator, _) = &annotators[0];
    let fresh = owner
        .get(&format!("/projects/{project}/items?status=new&limit=300"))
        .await?;
    let mut latencies = Vec::new();
    for item in fresh["items"].as_array().into_iter().flatten() {
        let id = item["id"].as_str().unwrap_or_default();
        let started = Instant::now();
        annotator
            .post(
                &format!("/items/{id}/annotations"),
                json!({ "value": { "sentiment": "neutral" }, "time_spent_ms": 900 }),
            )
            .await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    figures.annotate_p50_ms = median(&mut latencies);
    figures.commit_p50_ms = Some(match backend {
        Which::Postgres => limits::postgres_commit_p50_ms(&server.database_url, 200).await?,
        _ => limits::sqlite_commit_p50_ms(&server.database_url, 200).await?,
    });
    eprintln!(
        "   annotate: p50 {:.2} ms (a one-row INSERT committed alone: {:.2} ms)",
        figures.annotate_p50_ms.unwrap_or_default(),
        figures.commit_p50_ms.unwrap_or_default()
    );

    // A priority for every item, as a model's uncertainty gives them, in one
    // NDJSON stream; then PostgreSQL's or SQLite's own UPDATE of the same rows.
    let body: String = (0..args.items()).map(priority_line).collect();
    let started = Instant::now();
    owner
        .post_ndjson(&format!("/projects/{project}/items/priorities"), body)
        .await?;
    figures.priorities = Some(args.items() as f64 / started.elapsed().as_secs_f64());
    // The limit's UPDATE starts as the server's did: no old row versions to step over.
    settle(&server, backend).await?;
    figures.priorities_limit = Some(match backend {
        Which::Postgres => {
            limits::postgres_update_priorities(&server.database_url, &project).await?
        }
        _ => limits::sqlite_update_priorities(&server.database_url, &project).await?,
    });
    eprintln!(
        "   priorities: {:.0} items/s (UPDATE ... FROM: {:.0} items/s)",
        figures.priorities.unwrap_or_default(),
        figures.priorities_limit.unwrap_or_default()
    );
    settle(&server, backend).await?;

    // Leasing off the whole project by priority: a new annotator's
    // `queue/next`, the lease released after, so that each request picks
    // from the top of the queue (an annotator's own passed-over items cost
    // each lease a few index probes apiece: see the README).
    let (leaser, leaser_me) =
        assigned_annotator(&server.base, &owner, &org, &project, "cai").await?;
    let mut latencies = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let lease = leaser
            .post(&format!("/projects/{project}/queue/next"), json!({}))
            .await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let item = lease["item"]["id"].as_str().context("a leased item")?;
        leaser
            .call(
                reqwest::Method::DELETE,
                &format!("/projects/{project}/queue/leases/{item}"),
                None,
            )
            .await?;
    }
    figures.lease_p50_ms = median(&mut latencies);
    // The database's own pick of the leaser's next item: what the lease's
    // query costs, without the request's other statements.
    let leaser_id = leaser_me["user"]["id"].as_str().context("an id")?;
    figures.next_item_p50_ms = Some(match backend {
        Which::Postgres => {
            limits::postgres_next_item_p50_ms(&server.database_url, &project, leaser_id, 200)
                .await?
        }
        _ => {
            limits::sqlite_next_item_p50_ms(&server.database_url, &project, leaser_id, 200).await?
        }
    });
    eprintln!(
        "   lease: p50 {:.2} ms (the next item's query alone: {:.2} ms)",
        figures.lease_p50_ms.unwrap_or_default(),
        figures.next_item_p50_ms.unwrap_or_default()
    );

    // Throughput of authorized listing, by an assigned annotator, many connections.
    figures.listing_rps = Some(
        throughput(
            annotator,
            &format!("/projects/{project}/items?limit=20"),
            args.connections,
            args.seconds(),
        )
        .await?,
    );
    figures.healthz_rps = Some(
        throughput_of(
            &annotator.http,
            &healthz,
            None,
            args.connections,
            args.seconds(),
        )
        .await?,
    );
    eprintln!(
        "   listing: {:.0} requests/s over {} connections (/healthz: {:.0} requests/s)",
        figures.listing_rps.unwrap_or_default(),
        args.connections,
        figures.healthz_rps.unwrap_or_default()
    );

    stop(args, server).await?;
    Ok(figures)
}

/// Stops a server and drops its PostgreSQL database, if it has one.
async fn stop(args: &Args, server: Server) -> Result<()> {
    let database = server.postgres_database.clone();
    drop(server);
    if let Some(name) = database {
        let admin = sqlx::PgPool::connect(&args.postgres).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&admin)
            .await?;
        admin.close().await;
    }
    Ok(())
}

/// Gives every third item two annotations (one each by `a` and `b`) and the
/// status that follows, and every sixth item's annotation by `a` a review
/// accepting it by `reviewer`, with set-based SQL on the server's database.
async fn annotate_a_third(
    server: &Server,
    backend: Which,
    project: &str,
    a: &str,
    b: &str,
    reviewer: &str,
) -> Result<()> {
    let now = "2026-01-01T00:00:00.000000Z";
    let (uuid, new_id) = match backend {
        Which::Postgres => ("::uuid", "gen_random_uuid()"),
        _ => (
            "",
            "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))",
        ),
    };
    let mut statements: Vec<String> = [(a, "positive", 1200), (b, "negative", 800)]
        .into_iter()
        .map(|(annotator, label, ms)| {
            format!(
                "INSERT INTO annotations (id, item_id, project_id, organization_id, annotator_id, value,
                                          annotation_ui_version, guideline_version, time_spent_ms, review_status,
                                          created_at, updated_at)
                 SELECT {new_id}, i.id, i.project_id, i.organization_id, '{annotator}'{uuid}, '{{\"sentiment\": \"{label}\"}}', 1, NULL, {ms},
                        'pending', '{now}', '{now}'
                 FROM items i
                 WHERE i.project_id = '{project}'{uuid} AND CAST(substr(i.external_id, 6) AS INTEGER) % 3 = 0"
            )
        })
        .collect();
    statements.push("UPDATE items SET annotation_count = 2, status = 'annotated' WHERE id IN (SELECT item_id FROM annotations)".to_owned());
    statements.push(format!(
        "INSERT INTO reviews (id, organization_id, annotation_id, reviewer_id, verdict, comment, created_at)
         SELECT {new_id}, a.organization_id, a.id, '{reviewer}'{uuid}, 'accept', 'Reads right.', '{now}'
         FROM annotations a JOIN items i ON i.id = a.item_id
         WHERE a.annotator_id = '{a}'{uuid} AND CAST(substr(i.external_id, 6) AS INTEGER) % 6 = 0"
    ));
    statements.push(
        "UPDATE annotations SET review_status = 'accepted' WHERE id IN (SELECT annotation_id FROM reviews)"
            .to_owned(),
    );
    match backend {
        Which::Postgres => {
            let pool = sqlx::PgPool::connect(&server.database_url).await?;
            for sql in &statements {
                sqlx::query(sql).execute(&pool).await?;
            }
            pool.close().await;
        }
        _ => {
            let pool = sqlx::SqlitePool::connect(&server.database_url).await?;
            for sql in &statements {
                sqlx::query(sql).execute(&pool).await?;
            }
            // These bulk statements stand in for annotations made one by one,
            // which leave no large write-ahead log behind for the reads after.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&pool)
                .await?;
            pool.close().await;
        }
    }
    Ok(())
}

async fn p50_ms(api: &Api, path: &str, times: usize) -> Result<f64> {
    let mut latencies = Vec::with_capacity(times);
    for _ in 0..times {
        let started = Instant::now();
        api.get(path).await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    median(&mut latencies).ok_or_else(|| anyhow!("no samples"))
}

fn median(samples: &mut [f64]) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(f64::total_cmp);
    Some(samples[samples.len() / 2])
}

async fn throughput(api: &Api, path: &str, connections: usize, seconds: u64) -> Result<f64> {
    let url = format!("{}/api/v1{path}", api.server);
    throughput_of(&api.http, &url, Some(&api.token), connections, seconds).await
}

/// Successful GETs of `url` per second, `connections` at once for `seconds`.
async fn throughput_of(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    connections: usize,
    seconds: u64,
) -> Result<f64> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (http, url, done) = (http.clone(), url.to_owned(), done.clone());
        let token = token.map(str::to_owned);
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let mut request = http.get(&url);
                if let Some(token) = &token {
                    request = request.bearer_auth(token);
                }
                let answer = request.send().await?;
                if !answer.status().is_success() {
                    bail!("{url} answered {}", answer.status());
                }
                answer.bytes().await?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    let started = Instant::now();
    for task in tasks {
        task.await??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

/// The median time of a GET of a route that needs no database (`/healthz`).
async fn healthz_p50_ms(http: &reqwest::Client, url: &str, times: usize) -> Result<f64> {
    let mut latencies = Vec::with_capacity(times);
    for _ in 0..times {
        let started = Instant::now();
        http.get(url)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    median(&mut latencies).ok_or_else(|| anyhow!("no samples"))
}

/// What the database does by itself a while after bulk writes (PostgreSQL's
/// autovacuum, SQLite's checkpoint), done now so that no measurement after
/// it pays for the writes before it.
async fn settle(server: &Server, backend: Which) -> Result<()> {
    match backend {
        Which::Postgres => {
            let pool = sqlx::PgPool::connect(&server.database_url).await?;
            sqlx::query("VACUUM (ANALYZE) items").execute(&pool).await?;
            sqlx::query("VACUUM (ANALYZE) annotations")
                .execute(&pool)
                .await?;
            sqlx::query("VACUUM (ANALYZE) reviews")
                .execute(&pool)
                .await?;
            pool.close().await;
        }
        _ => {
            let pool = sqlx::SqlitePool::connect(&server.database_url).await?;
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&pool)
                .await?;
            pool.close().await;
        }
    }
    Ok(())
}

/// Exports the project in each format, each beside the database's own
/// output of the same rows (PostgreSQL's `COPY`, SQLite's `sqlite3` shell).
async fn exports(
    server: &Server,
    backend: Which,
    owner: &Api,
    project: &str,
    items: usize,
    shape: &str,
) -> Result<Exports> {
    let mut exports = Exports::default();
    for format in [limits::Format::Jsonl, limits::Format::Csv] {
        let limit = match backend {
            Which::Postgres => {
                Some(limits::postgres_copy(&server.database_url, project, items, format).await?)
            }
            _ => {
                let path = server
                    .database_url
                    .trim_start_matches("sqlite://")
                    .to_owned();
                let project = project.to_owned();
                tokio::task::spawn_blocking(move || {
                    limits::sqlite_shell(&path, &project, items, format)
                })
                .await??
            }
        };
        let (rate, growth) = export(server, owner, project, format, items).await?;
        eprintln!(
            "   export {} ({shape}): {rate:.0} items/s; the database alone: {} items/s",
            format.name(),
            limit.map_or("n/a".to_owned(), |limit| format!("{limit:.0}"))
        );
        match format {
            limits::Format::Jsonl => {
                (
                    exports.jsonl,
                    exports.jsonl_limit,
                    exports.jsonl_rss_growth_mib,
                ) = (Some(rate), limit, Some(growth));
            }
            limits::Format::Csv => {
                (exports.csv, exports.csv_limit, exports.csv_rss_growth_mib) =
                    (Some(rate), limit, Some(growth));
            }
        }
    }
    Ok(exports)
}

/// A dataset release of every annotation of the project (all review
/// statuses): its rate in items of the project read per second, beside the
/// database's own JSONL output of them; then one item labelled and the next
/// release made: how long it takes and how many bytes it stores (the chunks
/// it shares with the first are not stored again).
async fn releases(
    server: &Server,
    backend: Which,
    owner: &Api,
    project: &str,
    items: usize,
    figures: &mut Figures,
) -> Result<()> {
    let statuses = json!(["pending", "accepted", "rejected"]);
    let started = Instant::now();
    let first = owner
        .post(
            &format!("/projects/{project}/releases"),
            json!({ "name": "v1", "review_statuses": statuses }),
        )
        .await?;
    let seconds = started.elapsed().as_secs_f64();
    figures.release_seconds = Some(seconds);
    figures.release_rate = Some(items as f64 / seconds);
    figures.release_bytes = first["release"]["byte_count"].as_f64();
    let stored_before =
        limits::stored_release_bytes(&server.database_url, backend == Which::Postgres).await?;

    let fresh = owner
        .get(&format!("/projects/{project}/items?status=new&limit=1"))
        .await?;
    let item = fresh["items"][0]["id"].as_str().context("an item")?;
    owner
        .post(
            &format!("/items/{item}/annotations"),
            json!({ "value": { "sentiment": "neutral" } }),
        )
        .await?;
    let started = Instant::now();
    owner
        .post(
            &format!("/projects/{project}/releases"),
            json!({ "name": "v2", "review_statuses": statuses }),
        )
        .await?;
    figures.next_release_seconds = Some(started.elapsed().as_secs_f64());
    let stored_after =
        limits::stored_release_bytes(&server.database_url, backend == Which::Postgres).await?;
    figures.next_release_stored_bytes = Some((stored_after - stored_before) as f64);
    eprintln!(
        "   release: {:.0} items/s ({seconds:.1} s, {:.1} MiB); the next after one change: {:.1} s, {:.0} KiB stored",
        items as f64 / seconds,
        figures.release_bytes.unwrap_or_default() / 1048576.0,
        figures.next_release_seconds.unwrap_or_default(),
        figures.next_release_stored_bytes.unwrap_or_default() / 1024.0,
    );
    Ok(())
}

/// One export of the project through the API: items/s, and the server's RSS growth (MiB).
async fn export(
    server: &Server,
    owner: &Api,
    project: &str,
    format: limits::Format,
    items: usize,
) -> Result<(f64, f64)> {
    let before = rss_mib(server.pid())?;
    let watch = RssWatch::start(server.pid());
    let started = Instant::now();
    let mut answer = owner
        .http
        .get(server.api(&format!(
            "/projects/{project}/export?format={}",
            format.name()
        )))
        .bearer_auth(&owner.token)
        .send()
        .await?
        .error_for_status()?;
    let mut lines = 0usize;
    while let Some(chunk) = answer.chunk().await? {
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let seconds = started.elapsed().as_secs_f64();
    let exported = match format {
        limits::Format::Csv => lines.saturating_sub(1),
        limits::Format::Jsonl => lines,
    };
    ensure!(
        exported >= items,
        "the {} export has {exported} rows",
        format.name()
    );
    Ok((items as f64 / seconds, watch.peak_mib() - before))
}

/// A number with thousands separated by commas.
fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn rate(value: Option<f64>) -> String {
    value.map_or("n/a".to_owned(), |v| format!("{}/s", thousands(v)))
}

fn ms(value: Option<f64>) -> String {
    value.map_or("n/a".to_owned(), |v| format!("{v:.2} ms"))
}

fn mib(value: Option<f64>) -> String {
    value.map_or("n/a".to_owned(), |v| format!("{v:.1} MiB"))
}

/// A rate beside its limit: "x/s of y/s: z%".
fn share(value: Option<f64>, limit: Option<f64>) -> String {
    match (value, limit) {
        (Some(value), Some(limit)) if limit > 0.0 => format!(
            "{} of {}: {:.0}%",
            rate(Some(value)),
            rate(Some(limit)),
            100.0 * value / limit
        ),
        _ => rate(value),
    }
}

/// A latency beside the one it is compared with, named.
fn beside(value: Option<f64>, floor: Option<f64>, what: &str) -> String {
    match floor {
        Some(floor) => format!("{} ({what} {})", ms(value), ms(Some(floor))),
        None => ms(value),
    }
}

fn print_table(args: &Args, results: &[(Which, Figures)]) {
    let column = |which: Which, value: &dyn Fn(&Figures) -> String| {
        results
            .iter()
            .find(|(w, _)| *w == which)
            .map(|(_, f)| value(f))
            .unwrap_or_else(|| "-".to_owned())
    };
    type Row<'a> = (&'a str, &'a str, Box<dyn Fn(&Figures) -> String + 'a>);
    let rows: Vec<Row> = vec![
        (
            "import, NDJSON through the API (items/s), of the database's INSERT ... SELECT",
            ">= 90%",
            Box::new(|f: &Figures| share(f.import_ndjson, f.import_limit)),
        ),
        (
            "import, the SDK's batches of 5,000 (items/s), of the same INSERT ... SELECT",
            ">= 100,000/s",
            Box::new(|f: &Figures| share(f.import_sdk, f.import_limit)),
        ),
        (
            "server peak RSS during the import",
            "bounded",
            Box::new(|f: &Figures| mib(f.import_peak_rss_mib)),
        ),
        (
            "export JSONL, items alone (items/s), of the database's own output",
            ">= 70%",
            Box::new(|f: &Figures| share(f.export_items.jsonl, f.export_items.jsonl_limit)),
        ),
        (
            "export CSV, items alone (items/s), of the database's own output",
            ">= 70%",
            Box::new(|f: &Figures| share(f.export_items.csv, f.export_items.csv_limit)),
        ),
        (
            "export JSONL, with annotations and reviews (items/s), of the database's own output",
            ">= 70%",
            Box::new(|f: &Figures| share(f.export_annotated.jsonl, f.export_annotated.jsonl_limit)),
        ),
        (
            "server RSS growth during that JSONL export",
            "< 64 MiB",
            Box::new(|f: &Figures| mib(f.export_annotated.jsonl_rss_growth_mib)),
        ),
        (
            "export CSV, with annotations and reviews (items/s), of the database's own output",
            ">= 70%",
            Box::new(|f: &Figures| share(f.export_annotated.csv, f.export_annotated.csv_limit)),
        ),
        (
            "server RSS growth during that CSV export",
            "< 64 MiB",
            Box::new(|f: &Figures| mib(f.export_annotated.csv_rss_growth_mib)),
        ),
        (
            "create a release of every annotation (project items/s), of the database's JSONL output",
            "seconds, not minutes",
            Box::new(|f: &Figures| {
                format!(
                    "{} ({:.1} s)",
                    share(f.release_rate, f.export_annotated.jsonl_limit),
                    f.release_seconds.unwrap_or_default()
                )
            }),
        ),
        (
            "the next release after one item is labelled: time, and bytes stored of the release's",
            "stores what changed",
            Box::new(|f: &Figures| {
                match (
                    f.next_release_seconds,
                    f.next_release_stored_bytes,
                    f.release_bytes,
                ) {
                    (Some(seconds), Some(stored), Some(total)) => format!(
                        "{seconds:.1} s, {:.0} KiB of {:.0} MiB",
                        stored / 1024.0,
                        total / 1048576.0
                    ),
                    _ => "n/a".to_owned(),
                }
            }),
        ),
        (
            "SDK pull into Python dicts (items/s), of the database's JSONL output",
            ">= 100,000/s",
            Box::new(|f: &Figures| share(f.sdk_dicts, f.export_annotated.jsonl_limit)),
        ),
        (
            "SDK pull into a pandas DataFrame (items/s)",
            "close to dicts",
            Box::new(|f: &Figures| rate(f.sdk_pandas)),
        ),
        (
            "GET /healthz, a trivial route (p50)",
            "",
            Box::new(|f: &Figures| ms(f.healthz_p50_ms)),
        ),
        (
            "list a page of 100, page 1 (p50)",
            "< 5 ms",
            Box::new(|f: &Figures| ms(f.list_first_p50_ms)),
        ),
        (
            "list a page of 100, deep page (p50)",
            "< 5 ms",
            Box::new(|f: &Figures| {
                format!(
                    "{} (page {})",
                    ms(f.list_deep_p50_ms),
                    f.deep_page.unwrap_or(0)
                )
            }),
        ),
        (
            "create an annotation (p50), beside a one-row INSERT committed alone",
            "<= 2 ms",
            Box::new(|f: &Figures| beside(f.annotate_p50_ms, f.commit_p50_ms, "commit alone:")),
        ),
        (
            "set priorities by external_id, NDJSON through the API (items/s), of the database's UPDATE ... FROM",
            ">= 100,000/s",
            Box::new(|f: &Figures| share(f.priorities, f.priorities_limit)),
        ),
        (
            "lease the next item by priority (p50), beside the database picking it alone",
            "< 5 ms",
            Box::new(|f: &Figures| beside(f.lease_p50_ms, f.next_item_p50_ms, "the query alone:")),
        ),
        (
            "authorized item listing (requests/s), of GET /healthz's",
            ">= 5,000/s",
            Box::new(|f: &Figures| share(f.listing_rps, f.healthz_rps)),
        ),
        (
            "server RSS at idle",
            "< 40 MiB",
            Box::new(|f: &Figures| mib(f.idle_rss_mib)),
        ),
        (
            "ready on an empty database",
            "< 1 s",
            Box::new(|f: &Figures| ms(f.ready_ms)),
        ),
        (
            "hostile imports: server RSS at idle (reference)",
            "",
            Box::new(|f: &Figures| mib(f.hostile.map(|h| h.idle_mib))),
        ),
        (
            "hostile imports: peak RSS, uploads of 200-byte lines (reference)",
            "",
            Box::new(|f: &Figures| mib(f.hostile.map(|h| h.plain_peak_mib))),
        ),
        (
            "hostile imports: peak RSS, the same bytes as 4 MiB lines of zeros",
            "bounded",
            Box::new(|f: &Figures| {
                f.hostile.map_or("n/a".to_owned(), |h| {
                    format!(
                        "{} ({} taken, {} refused)",
                        mib(Some(h.hostile_peak_mib)),
                        h.taken,
                        h.refused
                    )
                })
            }),
        ),
    ];
    // The server inherits the environment: LABELWELL_DATABASE_ROLE set
    // empty turns PostgreSQL's row-level security off, to measure its cost.
    let row_security = match std::env::var("LABELWELL_DATABASE_ROLE") {
        Ok(role) if role.is_empty() => "off (LABELWELL_DATABASE_ROLE empty)".to_owned(),
        Ok(role) => format!("on (sessions act as {role})"),
        Err(_) => "on (sessions act as labelwell_app)".to_owned(),
    };
    println!(
        "\n{} items, {} connections for throughput, {} s per throughput run; \
         PostgreSQL row-level security {row_security}\n",
        args.items(),
        args.connections,
        args.seconds()
    );
    println!("| what | target | SQLite | PostgreSQL |");
    println!("|---|---|---|---|");
    for (what, target, value) in rows {
        println!(
            "| {what} | {target} | {} | {} |",
            column(Which::Sqlite, &value),
            column(Which::Postgres, &value)
        );
    }
}

/// Signs `name` up, makes them an annotator of the organization and a member
/// of the project; answers their client and their `/me`.
async fn assigned_annotator(
    base: &str,
    owner: &Api,
    org: &str,
    project: &str,
    name: &str,
) -> Result<(Api, Value)> {
    let annotator = account(base, name).await?;
    let me = annotator.get("/me").await?;
    owner
        .post(
            &format!("/organizations/{org}/members"),
            json!({ "email": me["user"]["email"], "role": "annotator" }),
        )
        .await?;
    annotator
        .post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await?;
    owner
        .post(
            &format!("/projects/{project}/members"),
            json!({ "user_id": me["user"]["id"] }),
        )
        .await?;
    Ok((annotator, me))
}
