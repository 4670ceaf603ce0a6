//! The load run (`--load`): `--instances` release servers on one fresh
//! PostgreSQL database behind HAProxy, run from the committed
//! `deploy/haproxy.cfg` of the checkout, and through HAProxy at once:
//! `--annotators` annotators each leasing an item and answering it, again and
//! again, `--exports` loops of full JSONL exports, and the SDK pulling the
//! project into dicts, for `--seconds`.
//!
//! It prints each operation's count and p50/p99, the annotations per second
//! beside the same run's limit for HTTP (`GET /healthz` through HAProxy at the
//! same concurrency), every error by operation, status and code, the
//! over-annotations counted in the database afterwards, each instance's pool
//! waits (its Prometheus metrics, sampled through the run) and HAProxy's
//! health-check failures; and it fails when there was any error or any
//! over-annotation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use futures_util::{StreamExt, TryStreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    Api, Args, account, assigned_annotator, free_port, item_line, limits, thousands, throughput_of,
};

/// Annotations each item gets.
const OVERLAP: i64 = 2;
/// Accounts set up at once before the run.
const SETUP_CONCURRENCY: usize = 8;
/// How often each instance's metrics are read during the run.
const SAMPLE_INTERVAL: Duration = Duration::from_millis(200);
/// How long a client waits after an error that names no `Retry-After`.
const ERROR_BACKOFF: Duration = Duration::from_secs(1);
/// The longest the limit for HTTP is measured.
const LIMIT_SECONDS: u64 = 10;
/// How long an instance or HAProxy may take to answer `GET /readyz`.
const START_DEADLINE: Duration = Duration::from_secs(30);

/// Runs the load benchmark on a database of its own, which it drops after.
pub async fn run(args: &Args, binary: &Path) -> Result<()> {
    ensure!(
        args.haproxy.exists(),
        "no HAProxy at {}: `apt-get install haproxy` (scripts/bench does), or give --haproxy",
        args.haproxy.display()
    );
    let committed = std::fs::read_to_string(&args.haproxy_config).with_context(|| {
        format!(
            "reading {} (relative to {}): run from the checkout's root, or give --haproxy-config",
            args.haproxy_config.display(),
            std::env::current_dir().unwrap_or_default().display()
        )
    })?;
    let name = format!("labelwell_load_{}", uuid::Uuid::now_v7().simple());
    let admin = sqlx::PgPool::connect(&args.postgres)
        .await
        .context("connecting to PostgreSQL")?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await?;
    let server = args
        .postgres
        .rsplit_once('/')
        .map_or(args.postgres.as_str(), |(server, _)| server);
    let outcome = measure(args, binary, &committed, &format!("{server}/{name}")).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&admin)
        .await?;
    admin.close().await;
    let report = outcome?;
    report.print(args);
    report.verdict()
}

/// Starts the fleet, sets up the project and its annotators, measures the
/// limit, runs the load and counts what it left in the database.
async fn measure(
    args: &Args,
    binary: &Path,
    committed: &str,
    database_url: &str,
) -> Result<Report> {
    let fleet = Fleet::start(args, binary, committed, database_url).await?;
    let base = fleet.proxy.clone();
    eprintln!(
        "== load: {} instances behind HAProxy ({base}), {} items, setting up {} annotators",
        args.instances,
        args.items(),
        args.annotators
    );
    let setup = set_up(args, &base).await?;
    vacuum(database_url).await?;
    let commit_p50_ms = limits::postgres_commit_p50_ms(database_url, 200).await?;

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(4096)
        .connect_timeout(Duration::from_secs(10))
        .build()?;
    let limit_seconds = args.seconds().clamp(1, LIMIT_SECONDS);
    let healthz_rps = throughput_of(
        &http,
        &format!("{base}/healthz"),
        None,
        args.annotators,
        limit_seconds,
    )
    .await
    .context("GET /healthz through HAProxy, the limit for HTTP")?;
    eprintln!(
        "   GET /healthz through HAProxy: {healthz_rps:.0} requests/s over {} connections; a commit alone: {commit_p50_ms:.2} ms",
        args.annotators
    );

    eprintln!("   running the load for {} s", args.seconds());
    let checks_before = fleet.haproxy_servers()?;
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds());
    let sampler = tokio::spawn(sample_pools(http.clone(), fleet.metrics_urls(), deadline));
    let pull = args.python.as_ref().map(|python| {
        let command = sdk_pull(args, python, &base, &setup.owner.token, &setup.project);
        tokio::task::spawn_blocking(move || command_output(command))
    });
    let exporters: Vec<_> = (0..args.exports)
        .map(|_| {
            tokio::spawn(export_until(
                setup.owner.clone(),
                setup.project.clone(),
                args.items(),
                deadline,
            ))
        })
        .collect();
    let annotators: Vec<_> = setup
        .annotators
        .iter()
        .enumerate()
        .map(|(n, token)| {
            let annotator = Api {
                http: http.clone(),
                server: base.clone(),
                token: token.clone(),
            };
            tokio::spawn(annotate_until(
                annotator,
                setup.project.clone(),
                n,
                deadline,
            ))
        })
        .collect();

    let mut tally = Tally::default();
    for annotator in annotators {
        tally.add(annotator.await?);
    }
    let annotating_seconds = started.elapsed().as_secs_f64();
    for exporter in exporters {
        tally.add(exporter.await?);
    }
    if let Some(pull) = pull {
        tally.add(sdk_pull_tally(pull.await??));
    }
    let pools = sampler.await?;
    let checks_after = fleet.haproxy_servers()?;
    let servers = checks_before
        .iter()
        .zip(&checks_after)
        .map(|(before, after)| HaproxyServer {
            name: after.name.clone(),
            requests: after.requests - before.requests,
            checks_failed: after.checks_failed - before.checks_failed,
            taken_out: after.taken_out - before.taken_out,
            status: after.status.clone(),
        })
        .collect();
    drop(fleet);

    let counted = count_annotations(database_url, &setup.project).await?;
    Ok(Report {
        tally,
        annotating_seconds,
        healthz_rps,
        commit_p50_ms,
        counted,
        pools,
        servers,
    })
}

/// The servers and HAProxy in front of them, with their files; all stop and
/// go when it is dropped.
struct Fleet {
    haproxy: Option<Child>,
    instances: Vec<Instance>,
    proxy: String,
    stats_socket: PathBuf,
    dir: PathBuf,
}

/// One `labelwell serve` and the address of its metrics.
struct Instance {
    child: Child,
    metrics_port: u16,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        if let Some(haproxy) = &mut self.haproxy {
            let _ = haproxy.kill();
            let _ = haproxy.wait();
        }
        for instance in &mut self.instances {
            let _ = instance.child.kill();
            let _ = instance.child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Fleet {
    /// Starts the instances one after the other (the first applies the
    /// migrations), each ready before the next, then HAProxy in front of them.
    async fn start(
        args: &Args,
        binary: &Path,
        committed: &str,
        database_url: &str,
    ) -> Result<Fleet> {
        let dir =
            std::env::temp_dir().join(format!("labelwell-load-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir)?;
        let http = reqwest::Client::new();
        let mut ports = Vec::new();
        // Made before anything is started, so that what was started is
        // stopped whatever fails after.
        let mut fleet = Fleet {
            haproxy: None,
            instances: Vec::new(),
            proxy: String::new(),
            stats_socket: dir.join("haproxy.sock"),
            dir: dir.clone(),
        };
        for n in 1..=args.instances {
            let (port, metrics_port) = (free_port()?, free_port()?);
            let child = Command::new(binary)
                .arg("serve")
                .env("LABELWELL_DATABASE_URL", database_url)
                .env("LABELWELL_BIND", format!("127.0.0.1:{port}"))
                .env(
                    "LABELWELL_METRICS_ADDR",
                    format!("127.0.0.1:{metrics_port}"),
                )
                .env("LABELWELL_TRUSTED_PROXIES", "127.0.0.1")
                .env("LABELWELL_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(dir.join(format!("app{n}.log")))?)
                .spawn()
                .context("starting an instance")?;
            fleet.instances.push(Instance {
                child,
                metrics_port,
            });
            wait_ready(
                &http,
                &format!("http://127.0.0.1:{port}"),
                &format!("instance {n}"),
            )
            .await?;
            ports.push(port);
        }

        let port = free_port()?;
        let config = dir.join("haproxy.cfg");
        std::fs::write(
            &config,
            haproxy_config(committed, port, &ports, &fleet.stats_socket)?,
        )?;
        let log = std::fs::File::create(dir.join("haproxy.log"))?;
        fleet.haproxy = Some(
            Command::new(&args.haproxy)
                .arg("-db")
                .arg("-f")
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log)
                .spawn()
                .context("starting HAProxy")?,
        );
        fleet.proxy = format!("http://127.0.0.1:{port}");
        wait_ready(&http, &fleet.proxy, "HAProxy")
            .await
            .with_context(|| {
                std::fs::read_to_string(dir.join("haproxy.log")).unwrap_or_default()
            })?;
        Ok(fleet)
    }

    fn metrics_urls(&self) -> Vec<String> {
        self.instances
            .iter()
            .map(|instance| format!("http://127.0.0.1:{}/metrics", instance.metrics_port))
            .collect()
    }

    /// HAProxy's figures of each instance (`show stat` on its stats socket).
    fn haproxy_servers(&self) -> Result<Vec<HaproxyServer>> {
        use std::io::{Read as _, Write as _};
        let mut socket = std::os::unix::net::UnixStream::connect(&self.stats_socket)
            .context("HAProxy's stats socket")?;
        socket.write_all(b"show stat\n")?;
        let mut text = String::new();
        socket.read_to_string(&mut text)?;
        let mut lines = text.lines();
        let header: Vec<&str> = lines
            .next()
            .unwrap_or_default()
            .trim_start_matches("# ")
            .split(',')
            .collect();
        let column = |name: &str| {
            header
                .iter()
                .position(|column| *column == name)
                .ok_or_else(|| anyhow!("no column {name} in HAProxy's statistics"))
        };
        let (proxy, server) = (column("pxname")?, column("svname")?);
        let (total, failed, down, status) = (
            column("stot")?,
            column("chkfail")?,
            column("chkdown")?,
            column("status")?,
        );
        Ok(lines
            .map(|line| line.split(',').collect::<Vec<_>>())
            .filter(|row| {
                row.len() > total.max(failed).max(down).max(status)
                    && row[proxy] == "labelwell"
                    && row[server] != "BACKEND"
                    && row[server] != "FRONTEND"
            })
            .map(|row| HaproxyServer {
                name: row[server].to_owned(),
                requests: row[total].parse().unwrap_or(0),
                checks_failed: row[failed].parse().unwrap_or(0),
                taken_out: row[down].parse().unwrap_or(0),
                status: row[status].to_owned(),
            })
            .collect())
    }
}

/// Waits until `base` answers `GET /readyz` with 200.
async fn wait_ready(http: &reqwest::Client, base: &str, what: &str) -> Result<()> {
    let started = Instant::now();
    loop {
        if let Ok(answer) = http.get(format!("{base}/readyz")).send().await
            && answer.status().is_success()
        {
            return Ok(());
        }
        ensure!(
            started.elapsed() < START_DEADLINE,
            "{what} did not become ready"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The committed HAProxy configuration for this run, as the test suite
/// rewrites it (server/tests/it/common/processes.rs): its `bind` on `port` of
/// 127.0.0.1, one `server` line per instance in place of its own, the stats
/// socket at `stats_socket`, its log on standard output, and without the lines
/// about the host (the chroot, the user to become, going to the background).
fn haproxy_config(
    committed: &str,
    port: u16,
    servers: &[u16],
    stats_socket: &Path,
) -> Result<String> {
    let mut config = String::new();
    let mut servers_written = false;
    for line in committed.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["bind", ..] => config.push_str(&format!("{indent}bind 127.0.0.1:{port}\n")),
            ["server", ..] => {
                if !servers_written {
                    for (index, server) in servers.iter().enumerate() {
                        config.push_str(&format!(
                            "{indent}server app{} 127.0.0.1:{server}\n",
                            index + 1
                        ));
                    }
                    servers_written = true;
                }
            }
            ["stats", "socket", ..] => config.push_str(&format!(
                "{indent}stats socket {} mode 600 level admin\n",
                stats_socket.display()
            )),
            ["log", target, ..] if *target != "global" => {
                config.push_str(&format!("{indent}log stdout format raw local0\n"));
            }
            ["chroot" | "user" | "group" | "daemon", ..] => {}
            _ => {
                config.push_str(line);
                config.push('\n');
            }
        }
    }
    ensure!(
        servers_written,
        "the committed HAProxy configuration lists no servers"
    );
    Ok(config)
}

/// The project the load works on, its owner and its annotators' API tokens.
struct Setup {
    owner: Api,
    project: String,
    annotators: Vec<String>,
}

/// Through HAProxy: the owner's organization and project (overlap
/// [`OVERLAP`], one single-choice question), its items, and the annotators,
/// each a member of both with an API token of their own.
async fn set_up(args: &Args, base: &str) -> Result<Setup> {
    let owner = account(base, "owner").await?;
    let org = id(&owner
        .post("/organizations", json!({ "name": "Load" }))
        .await?["organization"])?;
    let project = id(&owner
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": "Tickets", "overlap": OVERLAP }),
        )
        .await?["project"])?;
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
    let body: String = (0..args.items()).map(item_line).collect();
    let answer = owner
        .http
        .post(format!("{base}/api/v1/projects/{project}/items"))
        .bearer_auth(&owner.token)
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await?;
    let status = answer.status();
    let text = answer.text().await?;
    ensure!(status.is_success(), "import: {status} {text}");
    let annotators = futures_util::stream::iter(0..args.annotators)
        .map(|n| join_as_annotator(base, &owner, &org, &project, n))
        .buffer_unordered(SETUP_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(Setup {
        owner,
        project,
        annotators,
    })
}

/// Signs up annotator `n`, makes them an annotator of the organization and a
/// member of the project, and answers their API token.
async fn join_as_annotator(
    base: &str,
    owner: &Api,
    org: &str,
    project: &str,
    n: usize,
) -> Result<String> {
    let name = format!("annotator{n:04}");
    let (annotator, _) = assigned_annotator(base, owner, org, project, &name).await?;
    Ok(annotator.token)
}

fn id(resource: &Value) -> Result<String> {
    resource["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("no id in {resource}"))
}

/// Brings the statistics of the imported items up to date, as autovacuum
/// would a while after the import, so that the run does not pay for it.
async fn vacuum(database_url: &str) -> Result<()> {
    let pool = sqlx::PgPool::connect(database_url).await?;
    sqlx::query("VACUUM (ANALYZE) items").execute(&pool).await?;
    pool.close().await;
    Ok(())
}

/// An operation of the load, as the figures name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Operation {
    Lease,
    Annotate,
    Export,
    SdkPull,
}

impl Operation {
    fn name(self) -> &'static str {
        match self {
            Operation::Lease => "lease",
            Operation::Annotate => "annotate",
            Operation::Export => "export",
            Operation::SdkPull => "SDK pull",
        }
    }
}

/// What the clients saw: each operation's successful latencies (ms), the
/// errors by operation, status and code, and the annotators the queue ran dry for.
#[derive(Debug, Default)]
struct Tally {
    latencies: BTreeMap<Operation, Vec<f64>>,
    errors: BTreeMap<String, u64>,
    ran_dry: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        for (operation, latencies) in other.latencies {
            self.latencies
                .entry(operation)
                .or_default()
                .extend(latencies);
        }
        for (error, count) in other.errors {
            *self.errors.entry(error).or_default() += count;
        }
        self.ran_dry += other.ran_dry;
    }

    fn done(&mut self, operation: Operation, started: Instant) {
        self.latencies
            .entry(operation)
            .or_default()
            .push(started.elapsed().as_secs_f64() * 1000.0);
    }

    fn error(&mut self, operation: Operation, what: String) {
        *self
            .errors
            .entry(format!("{} {what}", operation.name()))
            .or_default() += 1;
    }

    fn count(&self, operation: Operation) -> usize {
        self.latencies.get(&operation).map_or(0, Vec::len)
    }

    fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// What a client does after an answer that is not the one it asked for:
/// counts it, and waits as long as the answer's `Retry-After` says (or
/// [`ERROR_BACKOFF`]), no longer than the run.
async fn failed(
    tally: &mut Tally,
    operation: Operation,
    answer: reqwest::Response,
    deadline: Instant,
) {
    let status = answer.status();
    let retry_after = answer
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok())
        .map(Duration::from_secs);
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    let code = body["code"].as_str().unwrap_or("(no problem+json)");
    tally.error(operation, format!("{} {code}", status.as_u16()));
    back_off(retry_after.unwrap_or(ERROR_BACKOFF), deadline).await;
}

/// A request that got no answer: counted, then waited after as an error is.
async fn unanswered(
    tally: &mut Tally,
    operation: Operation,
    error: &reqwest::Error,
    deadline: Instant,
) {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "connection failed"
    };
    tally.error(operation, what.to_owned());
    back_off(ERROR_BACKOFF, deadline).await;
}

async fn back_off(wait: Duration, deadline: Instant) {
    let until = (Instant::now() + wait).min(deadline);
    tokio::time::sleep_until(until.into()).await;
}

/// One annotator until `deadline`: lease the next item, answer it, again.
async fn annotate_until(annotator: Api, project: String, n: usize, deadline: Instant) -> Tally {
    let mut tally = Tally::default();
    let lease = format!("{}/api/v1/projects/{project}/queue/next", annotator.server);
    let labels = ["positive", "negative", "neutral"];
    let mut round = n;
    while Instant::now() < deadline {
        let started = Instant::now();
        let answer = match annotator
            .http
            .post(&lease)
            .bearer_auth(&annotator.token)
            .json(&json!({}))
            .send()
            .await
        {
            Ok(answer) => answer,
            Err(error) => {
                unanswered(&mut tally, Operation::Lease, &error, deadline).await;
                continue;
            }
        };
        let item = match answer.status() {
            StatusCode::OK => match answer.json::<Value>().await {
                Ok(lease) => lease["item"]["id"].as_str().unwrap_or_default().to_owned(),
                Err(error) => {
                    unanswered(&mut tally, Operation::Lease, &error, deadline).await;
                    continue;
                }
            },
            StatusCode::NO_CONTENT => {
                tally.ran_dry += 1;
                break;
            }
            _ => {
                failed(&mut tally, Operation::Lease, answer, deadline).await;
                continue;
            }
        };
        tally.done(Operation::Lease, started);
        round += 1;
        let started = Instant::now();
        let answer = annotator
            .http
            .post(format!("{}/api/v1/items/{item}/annotations", annotator.server))
            .bearer_auth(&annotator.token)
            .json(&json!({ "value": { "sentiment": labels[round % labels.len()] }, "time_spent_ms": 900 }))
            .send()
            .await;
        match answer {
            Ok(answer) if answer.status() == StatusCode::CREATED => match answer.bytes().await {
                Ok(_) => tally.done(Operation::Annotate, started),
                Err(error) => unanswered(&mut tally, Operation::Annotate, &error, deadline).await,
            },
            Ok(answer) => failed(&mut tally, Operation::Annotate, answer, deadline).await,
            Err(error) => unanswered(&mut tally, Operation::Annotate, &error, deadline).await,
        }
    }
    tally
}

/// Full JSONL exports of the project, one after the other, each begun before
/// `deadline`; an export with fewer lines than `items` is an error.
async fn export_until(owner: Api, project: String, items: usize, deadline: Instant) -> Tally {
    let mut tally = Tally::default();
    let url = format!(
        "{}/api/v1/projects/{project}/export?format=jsonl",
        owner.server
    );
    while Instant::now() < deadline {
        let started = Instant::now();
        let mut answer = match owner.http.get(&url).bearer_auth(&owner.token).send().await {
            Ok(answer) if answer.status().is_success() => answer,
            Ok(answer) => {
                failed(&mut tally, Operation::Export, answer, deadline).await;
                continue;
            }
            Err(error) => {
                unanswered(&mut tally, Operation::Export, &error, deadline).await;
                continue;
            }
        };
        let mut lines = 0usize;
        let read = loop {
            match answer.chunk().await {
                Ok(Some(chunk)) => lines += chunk.iter().filter(|b| **b == b'\n').count(),
                Ok(None) => break Ok(()),
                Err(error) => break Err(error),
            }
        };
        match read {
            Err(error) => unanswered(&mut tally, Operation::Export, &error, deadline).await,
            Ok(()) if lines < items => {
                tally.error(Operation::Export, format!("cut short at {lines} lines"))
            }
            Ok(()) => tally.done(Operation::Export, started),
        }
    }
    tally
}

/// `sdk.py --pull-only`: the SDK pulling the project into dicts through
/// HAProxy, again and again for the run's length.
fn sdk_pull(args: &Args, python: &Path, base: &str, token: &str, project: &str) -> Command {
    let mut command = Command::new(python);
    command
        .arg(&args.sdk_script)
        .args(["--url", base, "--token", token, "--project", project])
        .args(["--pull-only", &args.seconds().to_string()]);
    command
}

fn command_output(mut command: Command) -> Result<std::process::Output> {
    command.output().context("running the SDK pull")
}

/// The SDK's pulls as the tally counts them; the script failing is an error
/// (it pulls without retries, so one failed answer ends it), its output shown.
fn sdk_pull_tally(output: std::process::Output) -> Tally {
    let mut tally = Tally::default();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        eprintln!("   the SDK pull failed:\n{stderr}");
        let last = stderr.lines().last().unwrap_or("no output").to_owned();
        tally.error(Operation::SdkPull, last);
        return tally;
    }
    let pulls: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    for pull in pulls["pulls"].as_array().into_iter().flatten() {
        if let Some(seconds) = pull["seconds"].as_f64() {
            tally
                .latencies
                .entry(Operation::SdkPull)
                .or_default()
                .push(seconds * 1000.0);
        }
    }
    tally
}

/// One instance's pool through the run: how many requests waited for a
/// connection and how many connections were in use, at each sample.
#[derive(Debug, Default)]
struct PoolSamples {
    waiting: Vec<f64>,
    in_use: Vec<f64>,
    unread: usize,
}

/// Reads every instance's metrics each [`SAMPLE_INTERVAL`] until `deadline`.
async fn sample_pools(
    http: reqwest::Client,
    urls: Vec<String>,
    deadline: Instant,
) -> Vec<PoolSamples> {
    let mut pools: Vec<PoolSamples> = urls.iter().map(|_| PoolSamples::default()).collect();
    while Instant::now() < deadline {
        for (url, pool) in urls.iter().zip(&mut pools) {
            let text = match http.get(url).send().await {
                Ok(answer) => answer.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            match (
                gauge(&text, "labelwell_db_acquires_waiting", ""),
                gauge(
                    &text,
                    "labelwell_db_connections_in_use",
                    "{database=\"primary\"}",
                ),
            ) {
                (Some(waiting), Some(in_use)) => {
                    pool.waiting.push(waiting);
                    pool.in_use.push(in_use);
                }
                _ => pool.unread += 1,
            }
        }
        tokio::time::sleep(SAMPLE_INTERVAL).await;
    }
    pools
}

/// The value of the series `name` with exactly `labels` in a Prometheus text page.
fn gauge(text: &str, name: &str, labels: &str) -> Option<f64> {
    text.lines().find_map(|line| {
        line.strip_prefix(name)?
            .strip_prefix(labels)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

/// HAProxy's figures of one instance.
#[derive(Debug, Clone)]
struct HaproxyServer {
    name: String,
    requests: u64,
    /// Failed `/readyz` checks.
    checks_failed: u64,
    /// Times HAProxy took it out of the rotation.
    taken_out: u64,
    status: String,
}

/// The annotations the run left in the database.
#[derive(Debug)]
struct Counted {
    annotations: i64,
    /// Items with more annotations than the overlap.
    over_annotated: i64,
    /// Items an annotator annotated more than once.
    annotated_twice_by_one: i64,
}

async fn count_annotations(database_url: &str, project: &str) -> Result<Counted> {
    let pool = sqlx::PgPool::connect(database_url).await?;
    let project = uuid::Uuid::parse_str(project)?;
    let annotations: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM annotations WHERE project_id = $1")
            .bind(project)
            .fetch_one(&pool)
            .await?;
    let over_annotated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT item_id FROM annotations WHERE project_id = $1
                               GROUP BY item_id HAVING COUNT(*) > $2) AS over",
    )
    .bind(project)
    .bind(OVERLAP)
    .fetch_one(&pool)
    .await?;
    let annotated_twice_by_one: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT item_id FROM annotations WHERE project_id = $1
                               GROUP BY item_id, annotator_id HAVING COUNT(*) > 1) AS twice",
    )
    .bind(project)
    .fetch_one(&pool)
    .await?;
    pool.close().await;
    Ok(Counted {
        annotations,
        over_annotated,
        annotated_twice_by_one,
    })
}

/// Everything the run measured.
struct Report {
    tally: Tally,
    annotating_seconds: f64,
    healthz_rps: f64,
    commit_p50_ms: f64,
    counted: Counted,
    pools: Vec<PoolSamples>,
    servers: Vec<HaproxyServer>,
}

impl Report {
    fn print(&self, args: &Args) {
        let annotations = self.tally.count(Operation::Annotate);
        let requests = (annotations + self.tally.count(Operation::Lease)) as f64;
        println!(
            "\n{} instances behind HAProxy on PostgreSQL, {} annotators (lease, annotate, repeat), {} full JSONL \
             exports and {} at once for {} s; {} items, overlap {OVERLAP}\n",
            args.instances,
            args.annotators,
            args.exports,
            if args.python.is_some() {
                "an SDK pull"
            } else {
                "no SDK pull"
            },
            args.seconds(),
            thousands(args.items() as f64),
        );
        println!("| what | figure |");
        println!("|---|---|");
        println!(
            "| annotations (per second) | {} ({}/s) |",
            thousands(annotations as f64),
            thousands(annotations as f64 / self.annotating_seconds)
        );
        println!(
            "| the annotators' requests (lease and annotate) per second, of GET /healthz's through HAProxy at {} \
             connections | {}/s of {}/s: {:.1}% |",
            args.annotators,
            thousands(requests / self.annotating_seconds),
            thousands(self.healthz_rps),
            100.0 * requests / self.annotating_seconds / self.healthz_rps
        );
        for (operation, what) in [
            (Operation::Lease, "lease, POST queue/next"),
            (Operation::Annotate, "create an annotation"),
            (Operation::Export, "full export, JSONL"),
            (Operation::SdkPull, "SDK pull into dicts"),
        ] {
            let mut latencies = self
                .tally
                .latencies
                .get(&operation)
                .cloned()
                .unwrap_or_default();
            latencies.sort_by(f64::total_cmp);
            let extra = match operation {
                Operation::Annotate => format!(
                    " (a one-row INSERT committed alone: {:.2} ms)",
                    self.commit_p50_ms
                ),
                Operation::Export | Operation::SdkPull => {
                    quantile(&latencies, 0.5).map_or(String::new(), |p50| {
                        format!(
                            " ({}/s at p50)",
                            thousands(args.items() as f64 / p50 * 1000.0)
                        )
                    })
                }
                Operation::Lease => String::new(),
            };
            println!(
                "| {what}: done, p50, p99 | {}, {}, {}{extra} |",
                thousands(latencies.len() as f64),
                duration(quantile(&latencies, 0.5)),
                duration(quantile(&latencies, 0.99)),
            );
        }
        let errors = match self.tally.errors.is_empty() {
            true => "0".to_owned(),
            false => self
                .tally
                .errors
                .iter()
                .map(|(what, count)| format!("{what}: {}", thousands(*count as f64)))
                .collect::<Vec<_>>()
                .join("; "),
        };
        println!("| errors | {errors} |");
        println!(
            "| over-annotations: items with more than {OVERLAP} annotations | {} |",
            self.counted.over_annotated
        );
        println!(
            "| items annotated twice by one annotator | {} |",
            self.counted.annotated_twice_by_one
        );
        println!(
            "| annotations in the database, of those acknowledged (201) | {} of {} |",
            thousands(self.counted.annotations as f64),
            thousands(annotations as f64)
        );
        for (n, pool) in self.pools.iter().enumerate() {
            let mean = pool.waiting.iter().sum::<f64>() / pool.waiting.len().max(1) as f64;
            let waited = pool.waiting.iter().filter(|w| **w > 0.0).count();
            println!(
                "| instance {}: requests waiting for a database connection (mean, max; {} samples, {} with a wait), \
                 connections in use (max) | {mean:.1}, {:.0}; {:.0} |",
                n + 1,
                pool.waiting.len(),
                waited,
                pool.waiting.iter().copied().fold(0.0, f64::max),
                pool.in_use.iter().copied().fold(0.0, f64::max),
            );
        }
        let servers = self
            .servers
            .iter()
            .map(|server| {
                format!(
                    "{}: {} requests, {} failed /readyz checks, out of the rotation {} times, {} at the end",
                    server.name,
                    thousands(server.requests as f64),
                    server.checks_failed,
                    server.taken_out,
                    server.status
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        println!("| HAProxy, each instance during the run | {servers} |");
        if self.tally.ran_dry > 0 {
            println!(
                "\n{} annotators found nothing left to annotate before the end: the rate above is low; give more --items",
                self.tally.ran_dry
            );
        }
    }

    /// Fails the run on any error, over-annotation or lost annotation.
    fn verdict(&self) -> Result<()> {
        let acknowledged = self.tally.count(Operation::Annotate) as i64;
        ensure!(acknowledged > 0, "no annotation was made");
        let mut failures = Vec::new();
        if self.tally.error_count() > 0 {
            failures.push(format!("{} errors", self.tally.error_count()));
        }
        if self.counted.over_annotated > 0 {
            failures.push(format!(
                "{} items over-annotated",
                self.counted.over_annotated
            ));
        }
        if self.counted.annotated_twice_by_one > 0 {
            failures.push(format!(
                "{} items annotated twice by one annotator",
                self.counted.annotated_twice_by_one
            ));
        }
        if self.counted.annotations < acknowledged {
            failures.push(format!(
                "{} acknowledged annotations missing from the database",
                acknowledged - self.counted.annotations
            ));
        }
        if !failures.is_empty() {
            bail!("the load run failed its bar: {}", failures.join(", "));
        }
        Ok(())
    }
}

/// The `q` quantile of sorted samples (the nearest rank).
fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// A latency in ms, or in s from a second on.
fn duration(ms: Option<f64>) -> String {
    match ms {
        None => "n/a".to_owned(),
        Some(ms) if ms >= 1000.0 => format!("{:.2} s", ms / 1000.0),
        Some(ms) => format!("{ms:.1} ms"),
    }
}
