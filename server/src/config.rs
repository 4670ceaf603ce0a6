//! The server's configuration, from flags and `LABELWELL_*` environment variables.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ipnet::IpNet;

use crate::db::{is_postgres_url, redact_url};

/// Where the database is.
#[derive(Args, Clone)]
pub struct DatabaseConfig {
    /// The database: `sqlite://PATH` (created on first start) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        env = "LABELWELL_DATABASE_URL",
        default_value = "sqlite://labelwell.db"
    )]
    pub database_url: String,
    /// The most connections the server opens to the database.
    #[arg(long, env = "LABELWELL_DATABASE_MAX_CONNECTIONS", default_value_t = 16)]
    pub database_max_connections: u32,
    /// Milliseconds a request waits for a PostgreSQL connection (a pooled one
    /// that answers a ping, or a new one); then it is answered 503
    /// `database_unavailable`. It also bounds connecting at start.
    #[arg(
        long,
        env = "LABELWELL_DATABASE_ACQUIRE_TIMEOUT_MS",
        default_value_t = 1000
    )]
    pub database_acquire_timeout_ms: u64,
    /// Seconds one PostgreSQL statement may run before the database cancels
    /// it (`statement_timeout`); 0 for no limit. Migrations run without it.
    #[arg(
        long,
        env = "LABELWELL_DATABASE_STATEMENT_TIMEOUT_SECONDS",
        default_value_t = 30
    )]
    pub database_statement_timeout_seconds: u32,
    /// A streaming replica of the PostgreSQL database (`postgres://...`), for
    /// the reads that may lag behind the latest writes: exports and
    /// statistics. Pooled like the database, with no migrations run on it;
    /// while it does not answer, those reads go to the database.
    #[arg(long, env = "LABELWELL_DATABASE_REPLICA_URL")]
    pub database_replica_url: Option<String>,
    /// Seconds the replica may be behind the database: while its replay lags
    /// more, exports and statistics read the database.
    #[arg(
        long,
        env = "LABELWELL_DATABASE_REPLICA_MAX_LAG_SECONDS",
        default_value_t = 30
    )]
    pub database_replica_max_lag_seconds: u32,
    /// The PostgreSQL database as the role that owns its tables
    /// (`postgres://OWNER@HOST/DB`), which applies the migrations, at start
    /// and with `labelwell migrate`; unset, the database URL's role does.
    #[arg(long, env = "LABELWELL_DATABASE_MIGRATION_URL")]
    pub database_migration_url: Option<String>,
    /// The role every PostgreSQL session of the server acts as (`SET ROLE`),
    /// which the migrations create: it owns nothing, and row-level security
    /// shows each of its transactions one organization's rows. The URL's role
    /// must be a member of it. Empty, sessions act as the URL's role itself:
    /// only to measure what row-level security costs, with a URL whose role
    /// passes it (a superuser).
    #[arg(long, env = "LABELWELL_DATABASE_ROLE", default_value = "labelwell_app")]
    pub database_role: String,
}

impl DatabaseConfig {
    /// The URL that migrations connect with: [`Self::database_migration_url`],
    /// or the database URL when unset.
    pub fn migration_url(&self) -> &str {
        self.database_migration_url
            .as_deref()
            .unwrap_or(&self.database_url)
    }

    /// Refuses a migration URL of another backend, and a role name that
    /// would need quoting: the role is set in each session's start-up options.
    pub fn check(&self) -> anyhow::Result<()> {
        if let Some(migration) = &self.database_migration_url
            && (!is_postgres_url(&self.database_url) || !is_postgres_url(migration))
        {
            anyhow::bail!(
                "LABELWELL_DATABASE_MIGRATION_URL ({}) needs PostgreSQL for both it and \
                 LABELWELL_DATABASE_URL ({}): SQLite has no roles",
                redact_url(migration),
                redact_url(&self.database_url)
            );
        }
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        if !self.database_role.chars().all(plain) {
            anyhow::bail!(
                "LABELWELL_DATABASE_ROLE ({:?}) may hold only lowercase letters, digits and `_`",
                self.database_role
            );
        }
        Ok(())
    }

    /// The same database, for a command that needs only `connections` connections.
    pub fn with_max_connections(&self, connections: u32) -> DatabaseConfig {
        DatabaseConfig {
            database_max_connections: connections,
            ..self.clone()
        }
    }
}

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("database_url", &redact_url(&self.database_url))
            .field("database_max_connections", &self.database_max_connections)
            .field(
                "database_acquire_timeout_ms",
                &self.database_acquire_timeout_ms,
            )
            .field(
                "database_statement_timeout_seconds",
                &self.database_statement_timeout_seconds,
            )
            .field(
                "database_replica_url",
                &self.database_replica_url.as_deref().map(redact_url),
            )
            .field(
                "database_replica_max_lag_seconds",
                &self.database_replica_max_lag_seconds,
            )
            .field(
                "database_migration_url",
                &self.database_migration_url.as_deref().map(redact_url),
            )
            .field("database_role", &self.database_role)
            .finish()
    }
}

/// Who may create an account.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupMode {
    /// Anyone may sign up.
    Open,
    /// Only with an invitation token.
    Invite,
}

/// How log lines are written.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// For people reading a terminal.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The wire format of OTLP exports: this build speaks protobuf over HTTP only
/// (no gRPC, no JSON), so that a collector expecting another is refused at
/// start rather than sent what it cannot read.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtlpProtocol {
    /// Protobuf over HTTP (OTLP/HTTP), to `/v1/traces`.
    #[value(name = "http/protobuf")]
    HttpProtobuf,
}

/// Where the server's traces go: OTLP/HTTP, off unless an endpoint is set.
/// The variables are the OpenTelemetry SDK's own; the SDK also reads
/// `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT`,
/// `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER` and `OTEL_BSP_*` itself.
#[derive(Args, Clone)]
pub struct TracesConfig {
    /// The OTLP/HTTP collector's base URL, e.g. `http://127.0.0.1:4318`;
    /// traces are sent to its `/v1/traces`. Unset (the default), no traces
    /// are exported. `http://` only: this build has no TLS.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<String>,
    /// The full URL traces are sent to, as is; it takes precedence over
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")]
    pub otlp_traces_endpoint: Option<String>,
    /// The export's wire format: `http/protobuf`, the only one built in.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_PROTOCOL", value_enum)]
    pub otlp_protocol: Option<OtlpProtocol>,
    /// The traces' wire format, over `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf`.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", value_enum)]
    pub otlp_traces_protocol: Option<OtlpProtocol>,
    /// The `service.name` the traces are exported under.
    #[arg(long, env = "OTEL_SERVICE_NAME", default_value = "labelwell")]
    pub otel_service_name: String,
}

impl TracesConfig {
    /// The URL traces are sent to, if any: the traces endpoint as is, or the
    /// endpoint with `/v1/traces` appended, as the SDK specification says.
    /// An empty variable counts as unset, as the specification says too.
    pub fn traces_url(&self) -> anyhow::Result<Option<url::Url>> {
        let traces = given(&self.otlp_traces_endpoint);
        let (variable, url) = match (traces, given(&self.otlp_endpoint)) {
            (Some(url), _) => ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url.to_owned()),
            (None, Some(base)) => (
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                format!("{}/v1/traces", base.trim_end_matches('/')),
            ),
            (None, None) => return Ok(None),
        };
        let parsed = url::Url::parse(&url)
            .map_err(|error| anyhow::anyhow!("{variable} ({}): {error}", redact_url(&url)))?;
        if parsed.scheme() != "http" {
            anyhow::bail!(
                "{variable} ({}) must be an http:// URL: this build exports traces without TLS; \
                 send them to a collector on the host or its network (an OpenTelemetry \
                 Collector on port 4318) that forwards them over TLS",
                redact_url(&url)
            );
        }
        Ok(Some(parsed))
    }
}

/// A variable's value, unless it is unset or empty.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|value| !value.is_empty())
}

impl fmt::Debug for TracesConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |url: &Option<String>| url.as_deref().map(redact_url);
        f.debug_struct("TracesConfig")
            .field("otlp_endpoint", &redacted(&self.otlp_endpoint))
            .field(
                "otlp_traces_endpoint",
                &redacted(&self.otlp_traces_endpoint),
            )
            .field("otlp_protocol", &self.otlp_protocol)
            .field("otlp_traces_protocol", &self.otlp_traces_protocol)
            .field("otel_service_name", &self.otel_service_name)
            .finish()
    }
}

/// Everything `labelwell serve` is configured with.
#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Where the database is.
    #[command(flatten)]
    pub database: DatabaseConfig,
    /// The address to listen on.
    #[arg(long, env = "LABELWELL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The address to serve Prometheus metrics on (`GET /metrics`), e.g.
    /// `127.0.0.1:9464`: a listener of its own, apart from the API's, so that
    /// only who reaches this address reads them. None by default: no metrics.
    #[arg(long, env = "LABELWELL_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Who may create an account: anyone (`open`), or only with an invitation (`invite`).
    #[arg(long, env = "LABELWELL_SIGNUP", value_enum, default_value_t = SignupMode::Open)]
    pub signup: SignupMode,
    /// Mark the session cookie `Secure` (send it over HTTPS only) and tell browsers
    /// to use HTTPS only (`Strict-Transport-Security`). Turn on behind TLS.
    #[arg(long, env = "LABELWELL_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
    /// The largest request body accepted, in bytes; larger ones get 413.
    #[arg(long, env = "LABELWELL_BODY_LIMIT", default_value_t = 10 * 1024 * 1024)]
    pub body_limit: usize,
    /// The largest NDJSON item import, in bytes; it is streamed, so this bounds
    /// the work of one request, not the server's memory.
    #[arg(long, env = "LABELWELL_IMPORT_LIMIT", default_value_t = 4 * 1024 * 1024 * 1024)]
    pub import_limit: u64,
    /// Seconds an export waits for its client to take the next chunk; a client
    /// that stopped reading is then given up on, freeing the database
    /// connection and snapshot its export holds.
    #[arg(
        long,
        env = "LABELWELL_EXPORT_SEND_TIMEOUT_SECONDS",
        default_value_t = 30
    )]
    pub export_send_timeout_seconds: u32,
    /// Exports running at once on this server; beyond it, 429. By default half
    /// the database connections, so that other requests always find one.
    #[arg(long, env = "LABELWELL_MAX_EXPORTS")]
    pub max_exports: Option<u32>,
    /// Exports of one organization running at once; beyond it, 429.
    #[arg(
        long,
        env = "LABELWELL_MAX_EXPORTS_PER_ORGANIZATION",
        default_value_t = 4
    )]
    pub max_exports_per_organization: u32,
    /// Seconds a request body may send nothing before the request is ended
    /// with 408 (`body_timeout`).
    #[arg(long, env = "LABELWELL_BODY_TIMEOUT_SECONDS", default_value_t = 30)]
    pub body_timeout_seconds: u32,
    /// Seconds an item import may take in all, reading its body and writing
    /// it; past it the import ends with 408 (`import_timeout`) and writes nothing.
    #[arg(
        long,
        env = "LABELWELL_IMPORT_TIME_LIMIT_SECONDS",
        default_value_t = 1800
    )]
    pub import_time_limit_seconds: u32,
    /// The longest line of an NDJSON import, in bytes; a longer one is refused
    /// (`too_long`). At most the batch budget: with it, it bounds an import's
    /// memory (one line read and parsed, one batch kept).
    #[arg(long, env = "LABELWELL_IMPORT_MAX_LINE_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub import_max_line_bytes: usize,
    /// Bytes of item JSON an import keeps in memory and writes per statement;
    /// larger imports are spooled to a temporary file while they are read.
    #[arg(long, env = "LABELWELL_IMPORT_BATCH_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub import_batch_bytes: usize,
    /// Item imports running at once on this server, from the first byte of
    /// their body to their commit; beyond it, 429. With the line limit and the
    /// batch budget it bounds the memory imports take.
    #[arg(long, env = "LABELWELL_MAX_IMPORTS", default_value_t = 4)]
    pub max_imports: u32,
    /// Item imports of one organization running at once; beyond it, 429.
    #[arg(
        long,
        env = "LABELWELL_MAX_IMPORTS_PER_ORGANIZATION",
        default_value_t = 2
    )]
    pub max_imports_per_organization: u32,
    /// Bytes of item JSON (`data` and `metadata`) an export reads from the
    /// database at once; an item larger than this is read on its own.
    #[arg(long, env = "LABELWELL_EXPORT_BATCH_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub export_batch_bytes: usize,
    /// Items per chunk of a dataset release, on average. Chunks are stored
    /// once per project and shared by every release that holds the same
    /// items, so smaller chunks store less again when little changed, and
    /// take more rows. Only storage depends on it: a release's bytes and
    /// hash are the same whatever it is.
    #[arg(long, env = "LABELWELL_RELEASE_CHUNK_ITEMS", default_value_t = 512,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub release_chunk_items: u64,
    /// The folder of the temporary files imports are spooled to (unnamed
    /// files, gone when the import ends); the system's temporary folder by default.
    #[arg(long, env = "LABELWELL_IMPORT_SPOOL_DIR")]
    pub import_spool_dir: Option<PathBuf>,
    /// Hours a browser session lives without being used.
    #[arg(long, env = "LABELWELL_SESSION_TTL_HOURS", default_value_t = 24 * 14)]
    pub session_ttl_hours: u32,
    /// Failed logins for one email from one client address before further
    /// attempts for that email from there are refused with 429. The same
    /// email from another address is counted apart, so nobody locks its
    /// owner out.
    #[arg(long, env = "LABELWELL_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: u32,
    /// Failed logins from one client address, whatever the email, before
    /// further attempts from there are refused with 429: one address trying a
    /// password on many accounts is slowed down.
    #[arg(
        long,
        env = "LABELWELL_LOGIN_MAX_FAILURES_PER_ADDRESS",
        default_value_t = 50
    )]
    pub login_max_failures_per_address: u32,
    /// Seconds failed logins are counted over, and refused for once too many.
    #[arg(long, env = "LABELWELL_LOGIN_LOCKOUT_SECONDS", default_value_t = 900)]
    pub login_lockout_seconds: u32,
    /// The reverse proxies (HAProxy, a load balancer) whose `X-Forwarded-For`
    /// names the client: comma-separated addresses or networks
    /// (`10.0.0.5,10.1.0.0/16`). A request from any other peer is the peer's,
    /// whatever its headers say. None by default: the socket's peer is the client.
    #[arg(
        long,
        env = "LABELWELL_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = parse_proxy_network
    )]
    pub trusted_proxies: Vec<IpNet>,
    /// Seconds between SIGTERM (or Ctrl-C) and closing the listener: `/readyz`
    /// answers 503 at once and requests are still served, so that a load
    /// balancer checking `/readyz` takes this instance out before it stops.
    #[arg(
        long,
        env = "LABELWELL_SHUTDOWN_DRAIN_DELAY_SECONDS",
        default_value_t = 5
    )]
    pub shutdown_drain_delay_seconds: u32,
    /// Seconds the requests still running when the listener closes have to
    /// finish; past it each is ended: one still being handled (an import)
    /// with 503 `shutting_down` and its transaction rolled back, a response
    /// still streaming (an export) cut off without its end.
    #[arg(
        long,
        env = "LABELWELL_SHUTDOWN_DEADLINE_SECONDS",
        default_value_t = 30
    )]
    pub shutdown_deadline_seconds: u32,
    /// Where traces are exported (OTLP/HTTP), if anywhere.
    #[command(flatten)]
    pub traces: TracesConfig,
    /// How webhooks are delivered.
    #[command(flatten)]
    pub webhooks: WebhookConfig,
}

/// How webhooks are delivered (see `webhook_delivery.rs`).
#[derive(Args, Debug, Clone)]
pub struct WebhookConfig {
    /// Deliver to loopback, private, link-local and other non-public
    /// addresses too. Off by default: a webhook URL is chosen by an
    /// organization's admin, and must not reach the server's own network.
    #[arg(long, env = "LABELWELL_WEBHOOK_ALLOW_PRIVATE_TARGETS", default_value_t = false, action = clap::ArgAction::Set)]
    pub webhook_allow_private_targets: bool,
    /// Seconds a receiver has to answer one attempt.
    #[arg(long, env = "LABELWELL_WEBHOOK_TIMEOUT_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=300))]
    pub webhook_timeout_seconds: u32,
    /// Milliseconds before the first retry of a failed attempt; each later
    /// retry waits twice as long as the one before, up to an hour.
    #[arg(long, env = "LABELWELL_WEBHOOK_FIRST_RETRY_MS", default_value_t = 5000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_first_retry_ms: u64,
    /// Seconds after an event past which a delivery that keeps failing is
    /// given up (`failed`, redeliverable by hand): a day.
    #[arg(
        long,
        env = "LABELWELL_WEBHOOK_GIVE_UP_AFTER_SECONDS",
        default_value_t = 86_400
    )]
    pub webhook_give_up_after_seconds: u32,
    /// Milliseconds between two looks for due deliveries.
    #[arg(long, env = "LABELWELL_WEBHOOK_POLL_MS", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(10..))]
    pub webhook_poll_ms: u64,
}

/// A trusted proxy: an address (`10.0.0.5`) or a network (`10.1.0.0/16`).
fn parse_proxy_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is neither an IP address nor a network like 10.0.0.0/8"))
}

impl Config {
    /// Exports running at once on this server: `--max-exports`, or half the
    /// database connections (at least one).
    pub fn max_exports(&self) -> u32 {
        self.max_exports
            .unwrap_or((self.database.database_max_connections / 2).max(1))
    }

    /// Refuses settings that contradict each other.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.import_max_line_bytes > self.import_batch_bytes {
            anyhow::bail!(
                "LABELWELL_IMPORT_MAX_LINE_BYTES ({}) exceeds LABELWELL_IMPORT_BATCH_BYTES ({}): \
                 a line must fit in a batch, so that the budget bounds an import's memory",
                self.import_max_line_bytes,
                self.import_batch_bytes
            );
        }
        self.database.check()?;
        if let Some(replica) = &self.database.database_replica_url
            && (!is_postgres_url(&self.database.database_url) || !is_postgres_url(replica))
        {
            anyhow::bail!(
                "LABELWELL_DATABASE_REPLICA_URL ({}) needs PostgreSQL for both it and \
                     LABELWELL_DATABASE_URL ({}): a replica is a PostgreSQL streaming \
                     replica of the database (SQLite has none)",
                redact_url(replica),
                redact_url(&self.database.database_url)
            );
        }
        self.traces.traces_url()?;
        Ok(())
    }

    /// The configuration with every default, for the given database.
    pub fn with_defaults(database_url: &str) -> Config {
        #[derive(clap::Parser)]
        struct Defaults {
            #[command(flatten)]
            config: Config,
        }
        let parsed = <Defaults as clap::Parser>::try_parse_from([
            "labelwell",
            "--database-url",
            database_url,
        ]);
        match parsed {
            Ok(defaults) => defaults.config,
            Err(error) => panic!("the defaults of Config parse: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_limit_past_the_import_batch_budget_is_refused() {
        let mut config = Config::with_defaults("sqlite://labelwell.db");
        assert!(config.check().is_ok(), "the defaults agree");
        config.import_max_line_bytes = config.import_batch_bytes + 1;
        let error = config.check().expect_err("a line that fits no batch");
        assert!(
            error
                .to_string()
                .contains("LABELWELL_IMPORT_MAX_LINE_BYTES")
        );
    }

    #[test]
    fn a_replica_is_refused_unless_both_urls_are_postgresql() {
        let replica = Some("postgres://u:secret@replica/db".to_owned());
        let mut config = Config::with_defaults("postgres://u@primary/db");
        config.database.database_replica_url = replica.clone();
        assert!(config.check().is_ok(), "PostgreSQL and its replica");
        config.database.database_url = "postgresql://u@primary/db".to_owned();
        assert!(config.check().is_ok(), "either spelling of the scheme");

        let mut config = Config::with_defaults("sqlite://labelwell.db");
        config.database.database_replica_url = replica;
        let error = config
            .check()
            .expect_err("SQLite has no replica")
            .to_string();
        assert!(error.contains("LABELWELL_DATABASE_REPLICA_URL"), "{error}");
        assert!(!error.contains("secret"), "{error}");

        let mut config = Config::with_defaults("postgres://u@primary/db");
        config.database.database_replica_url = Some("sqlite://replica.db".to_owned());
        assert!(config.check().is_err(), "a replica of another backend");
    }
}
