//! The command line of the `labelwell` binary.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use labelwell_transport::SignupRequest;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _};

use crate::config::{Config, DatabaseConfig, LogFormat, SignupMode};
use crate::db::Db;
use crate::lifecycle::Phase;
use crate::services;
use crate::traces::TraceExport;

/// Labelwell: a multi-tenant data annotation server.
///
/// Every flag can also be set by the environment variable shown with it.
#[derive(Parser, Debug)]
#[command(name = "labelwell", version, about, long_about)]
pub struct Cli {
    /// How log lines are written.
    #[arg(long, global = true, env = "LABELWELL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Which log lines are written, as a tracing filter (e.g. `info`, `labelwell_server=debug`).
    #[arg(long, global = true, env = "LABELWELL_LOG", default_value = "info")]
    pub log: String,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "parsed once per process; boxing would only add indirection"
)]
pub enum Command {
    /// Start the server (applying pending migrations first).
    Serve(Config),
    /// Apply pending database migrations, then exit.
    Migrate(DatabaseConfig),
    /// Administer accounts from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Write the OpenAPI document of this server (what `openapi/openapi.json` holds).
    Openapi {
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

/// The `admin` subcommands.
#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an account, whatever the signup mode; the password is read from
    /// `--password`, `LABELWELL_PASSWORD`, or the first line of standard input.
    CreateUser {
        /// Where the database is.
        #[command(flatten)]
        database: DatabaseConfig,
        /// The account's email.
        #[arg(long)]
        email: String,
        /// The account's display name.
        #[arg(long)]
        name: String,
        /// The account's password (at least 10 characters).
        #[arg(long, env = "LABELWELL_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

/// Runs the command line.
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let traces = match &cli.command {
        Command::Serve(config) => TraceExport::start(&config.traces)?,
        _ => None,
    };
    init_logging(cli.log_format, &cli.log, traces.as_ref())?;
    match cli.command {
        Command::Serve(config) => serve(config, traces).await,
        Command::Migrate(database) => {
            database.check()?;
            let db = Db::connect(&database.with_max_connections(1)).await?;
            db.migrate(&database).await?;
            println!(
                "migrations applied to {}",
                crate::db::redact_url(database.migration_url())
            );
            Ok(())
        }
        Command::Admin(AdminCommand::CreateUser {
            database,
            email,
            name,
            password,
        }) => {
            let password = match password {
                Some(password) => password,
                None => read_password_line()?,
            };
            database.check()?;
            let db = Db::connect(&database.with_max_connections(1)).await?;
            db.migrate(&database).await?;
            let request = SignupRequest {
                email,
                password,
                name,
                invitation_token: None,
            };
            let policy = crate::authz::Policy::load().await?;
            let user = services::accounts::sign_up(&db, &policy, SignupMode::Open, request)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe_error(&e)))?;
            println!(
                "created user {} <{}> with id {}",
                user.name, user.email, user.id
            );
            Ok(())
        }
        Command::Openapi { output } => {
            let json = serde_json::to_string_pretty(&crate::openapi())? + "\n";
            match output {
                Some(path) => std::fs::write(&path, json)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{json}"),
            }
            Ok(())
        }
    }
}

async fn serve(config: Config, traces: Option<TraceExport>) -> anyhow::Result<()> {
    let bind = config.bind;
    let metrics_addr = config.metrics_addr;
    let drain_delay = Duration::from_secs(config.shutdown_drain_delay_seconds.into());
    let deadline = Duration::from_secs(config.shutdown_deadline_seconds.into());
    tracing::info!(?config, "starting");
    if let Some(traces) = &traces {
        tracing::info!(endpoint = traces.endpoint(), "exporting traces (OTLP/HTTP)");
    }
    let started = std::time::Instant::now();
    let state = crate::prepare(config).await?;
    let cleanup = crate::spawn_session_cleanup(&state.db)?;
    let webhooks = tokio::spawn(crate::webhook_delivery::deliver_webhooks(
        state.db.clone(),
        state.config.webhooks.clone(),
        state.lifecycle.clone(),
    ));
    let replica = state.replica.clone();
    let replica_watch = replica.clone().map(|replica| tokio::spawn(replica.watch()));
    let db = state.db.clone();
    let readiness = state.readiness.clone();
    let lifecycle = state.lifecycle.clone();
    let metrics = match metrics_addr {
        Some(address) => Some(serve_metrics(address, &db, replica.as_ref()).await?),
        None => None,
    };
    let app = crate::build_app(state)?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("binding {bind}"))?;
    tracing::info!(address = %listener.local_addr()?, elapsed_ms = started.elapsed().as_millis(), "listening");
    println!(
        "Labelwell is listening on http://{}  (API docs: http://{}/docs)",
        listener.local_addr()?,
        listener.local_addr()?
    );
    let (close_listener, listener_closed) = tokio::sync::oneshot::channel::<()>();
    let mut server = tokio::spawn(crate::serve(listener, app, async {
        let _ = listener_closed.await;
    }));
    let mut signals = StopSignals::listen();
    tokio::select! {
        served = &mut server => {
            served??;
            anyhow::bail!("the server stopped without being told to");
        }
        () = signals.next() => {}
    }
    lifecycle.enter(Phase::Draining);
    tracing::info!(
        drain_delay_seconds = drain_delay.as_secs(),
        "shutting down: /readyz answers 503, requests are still served"
    );
    // Each further signal moves the shutdown one step on, for the operator
    // who does not want to wait (a second Ctrl-C, `systemctl kill`).
    tokio::select! {
        () = tokio::time::sleep(drain_delay) => {}
        () = signals.next() => tracing::info!("told again: the drain delay is cut short"),
    }
    let _ = close_listener.send(());
    tracing::info!(
        deadline_seconds = deadline.as_secs(),
        "listener closed; requests still running have until the deadline"
    );
    let finished = tokio::select! {
        finished = tokio::time::timeout(deadline, &mut server) => {
            if finished.is_err() {
                tracing::warn!("shutdown deadline passed: ending the requests still running");
            }
            finished.ok()
        }
        () = signals.next() => {
            tracing::warn!("told again: ending the requests still running before the deadline");
            None
        }
    };
    match finished {
        Some(served) => served??,
        None => {
            lifecycle.enter(Phase::Stopping);
            // They end at once; what keeps a connection open longer is a
            // client that does not read its answer.
            match tokio::time::timeout(LAST_ANSWERS, &mut server).await {
                Ok(served) => served??,
                Err(_) => server.abort(),
            }
        }
    }
    cleanup.abort();
    // An attempt cut off here is made again when its claim runs out.
    webhooks.abort();
    if let Some(watch) = replica_watch {
        watch.abort();
    }
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    // Every connection is back once the requests are over; the exports'
    // tasks give theirs back when they notice their client is gone.
    let close = async {
        db.close().await;
        readiness.close().await;
        if let Some(replica) = &replica {
            replica.close().await;
        }
    };
    if tokio::time::timeout(LAST_ANSWERS, close).await.is_err() {
        tracing::warn!("closing the database pool took too long; leaving it to exit");
    }
    // Every request's span has ended: the last batch holds them all.
    if let Some(traces) = traces {
        traces.shut_down(LAST_ANSWERS).await;
    }
    tracing::info!("stopped");
    Ok(())
}

/// Installs the metrics recorder and serves `GET /metrics` on `address` in
/// a task of its own, which serves through the drain until it is aborted.
async fn serve_metrics(
    address: std::net::SocketAddr,
    db: &Db,
    replica: Option<&crate::db::replica::Replica>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let handle = crate::telemetry::install_recorder()?;
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("binding the metrics address {address}"))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "serving metrics");
    println!("Labelwell serves metrics on http://{address}/metrics");
    let replica = replica.map(|replica| replica.pool().clone());
    let router = crate::telemetry::metrics_router(handle, db.clone(), replica);
    Ok(tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::warn!(%error, "serving metrics stopped");
        }
    }))
}

/// How long the server waits, past the shutdown deadline, for the requests it
/// ended to send their answer, and then for the pool to close.
const LAST_ANSWERS: Duration = Duration::from_secs(5);

/// Ctrl-C and SIGTERM, the signals that stop the server, listened to for the
/// whole shutdown so that a second one is heard too.
struct StopSignals {
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn listen() -> StopSignals {
        #[cfg(unix)]
        let terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => Some(signal),
                Err(error) => {
                    tracing::warn!(%error, "listening for SIGTERM");
                    None
                }
            };
        StopSignals {
            #[cfg(unix)]
            terminate,
        }
    }

    /// Completes at the next Ctrl-C or SIGTERM.
    async fn next(&mut self) {
        let ctrl_c = async {
            if let Err(error) = tokio::signal::ctrl_c().await {
                tracing::warn!(%error, "listening for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let terminate = async {
            match &mut self.terminate {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {}
            () = terminate => {}
        }
        tracing::info!("told to stop");
    }
}

fn read_password_line() -> anyhow::Result<String> {
    eprintln!("password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn describe_error(error: &crate::error::Error) -> String {
    let problem = error.to_problem();
    let fields: Vec<String> = problem
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    if fields.is_empty() {
        problem.detail
    } else {
        format!("{} ({})", problem.detail, fields.join("; "))
    }
}

/// Writes log lines to stderr, and exports spans to `traces` when given: both
/// take what the log filter lets through.
fn init_logging(
    format: LogFormat,
    filter: &str,
    traces: Option<&TraceExport>,
) -> anyhow::Result<()> {
    let filter =
        EnvFilter::try_new(filter).with_context(|| format!("the log filter `{filter}`"))?;
    // Colours for a person at a terminal only: in a file or a journal the
    // escape codes would stand in every line.
    let lines = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let lines = match format {
        LogFormat::Text => lines.boxed(),
        LogFormat::Json => lines.json().boxed(),
    };
    let spans = traces.map(|traces| {
        tracing_opentelemetry::layer()
            .with_tracer(traces.tracer())
            .with_filter(filter_fn(|metadata| {
                crate::traces::is_exported(metadata.target())
            }))
    });
    tracing_subscriber::registry()
        .with(filter)
        .with(lines)
        .with(spans)
        .try_init()
        .context("installing the log subscriber")?;
    Ok(())
}
