//! The data layer: the pool of either backend, transactions, migrations, and
//! the row structs each resource's table decodes into.
//!
//! Every statement runs on a [`Conn`]: the connection of an open transaction
//! ([`Tx::conn`]), begun for a [`Tenancy`] ([`Db::begin`] to write,
//! [`Db::read`] to read): on PostgreSQL, row-level security then shows the
//! transaction only the rows of the organization its permit was granted in,
//! whatever a query forgets to filter (migrations/postgres/0013). A
//! repository function takes a `Conn<'_>`, so it is written once and runs the
//! same in a one-statement read or inside a service's transaction, which must
//! never wait for a second connection of the pool while it holds locks.
//! `with_conn!` repeats one body into the SQLite and the PostgreSQL arm, and
//! SQL sticks to the dialect both understand (`$n` placeholders, `ON
//! CONFLICT`, `RETURNING`, row-value comparisons). What differs lives in this
//! module. Only the pool's own chores (migrations, readiness, sessions) use
//! the pool directly, through `with_db!`.

pub mod annotations;
pub mod api_tokens;
pub mod audit_log;
pub mod invitations;
pub mod items;
pub mod memberships;
pub mod organizations;
pub mod projects;
pub mod replica;
pub mod types;
pub mod users;
pub mod versions;
pub mod webhooks;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::config::DatabaseConfig;

pub use types::{Id, Json, Ts};

/// Repeats `$body` for each backend of a [`Db`], with `$pool` bound to its
/// pool: for the pool's own chores, in this module only.
macro_rules! with_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Repeats `$body` for each backend of a [`Conn`], with `$conn` bound to its
/// `&mut` connection (reborrow it, `&mut *conn`, to run several statements).
macro_rules! with_conn {
    ($connection:expr, |$conn:ident| $body:expr) => {
        match $connection {
            $crate::db::Conn::Sqlite($conn) => $body,
            $crate::db::Conn::Postgres($conn) => $body,
        }
    };
}
pub(crate) use with_conn;

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one file, no setup.
    Sqlite,
    /// For production and for several server instances at once.
    Postgres,
}

/// A connection pool to the Labelwell database.
#[derive(Debug, Clone)]
pub enum Db {
    /// An SQLite database file.
    Sqlite(SqlitePool),
    /// A PostgreSQL database.
    Postgres(PgPool),
}

/// An open transaction; dropped without [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub enum Tx {
    /// A transaction on SQLite, begun `IMMEDIATE` (see [`Db::begin`]).
    Sqlite(Transaction<'static, Sqlite>),
    /// A transaction on PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

/// Whose rows a transaction may see and change on PostgreSQL, set when it
/// begins from the permit that authorized the request and gone when it ends
/// (`set_config(..., true)`), so that a pooled connection never carries one
/// request's organization into another's. Row-level security
/// (migrations/postgres/0013) holds every tenant table to it. SQLite has no
/// row-level security: there the permit's filters are the only wall.
#[derive(Debug, Clone)]
pub enum Tenancy {
    /// The rows of one organization: what a permit inside it grants.
    Organization(Id),
    /// The organization of the project, item or annotation a path names,
    /// found by its id when the transaction begins (none when there is no
    /// such row): how authorization learns where a request acts.
    OrganizationOfRow(PathRow),
    /// The organization of the invitation whose token hashes to this, found
    /// when the transaction begins: to accept it.
    OrganizationOfInvitation(String),
    /// An account's own memberships (also pending ones) and the
    /// organizations they are in, read only: "my organizations".
    Account(Id),
    /// The organization `organization` when `account` has a membership of
    /// it, also a pending one (none otherwise), with what [`Tenancy::Account`]
    /// reads: to accept or decline it.
    MembershipOf {
        /// The account.
        account: Id,
        /// The organization it was added to.
        organization: Id,
    },
    /// No organization's rows at all: the account tables alone (users,
    /// sessions, API tokens, login failures), for signing in.
    AccountTables,
}

/// A row that a path names by its id alone, in a tenant table.
#[derive(Debug, Clone, Copy)]
pub enum PathRow {
    /// A project.
    Project(Id),
    /// An item.
    Item(Id),
    /// An annotation.
    Annotation(Id),
}

impl Tenancy {
    /// `begin` (a PostgreSQL `BEGIN` with its options) followed by the
    /// statements that set the tenancy, to send in one round trip.
    pub fn postgres_begin(&self, begin: &str) -> String {
        format!("{begin}{}", self.postgres_settings())
    }

    /// The statements that set the tenancy at the start of a PostgreSQL
    /// transaction. Values are UUIDs and a hex digest, still written as
    /// quoted literals.
    fn postgres_settings(&self) -> String {
        let set = |name: &str, value: &str| {
            format!(
                "; SELECT set_config('{name}', {}, true)",
                quote_literal(value)
            )
        };
        // The row's organization is read after the lookup is set: the
        // narrow policy that lets this one row be seen by its id.
        let set_organization_of = |table: &str, column: &str, value: &str| {
            format!(
                "; SELECT set_config('app.organization_id', COALESCE((SELECT organization_id::text \
                 FROM {table} WHERE {column} = {}), ''), true)",
                quote_literal(value)
            )
        };
        match self {
            Tenancy::Organization(id) => set("app.organization_id", &id.0.to_string()),
            Tenancy::OrganizationOfRow(row) => {
                let (table, id) = match row {
                    PathRow::Project(id) => ("projects", id),
                    PathRow::Item(id) => ("items", id),
                    PathRow::Annotation(id) => ("annotations", id),
                };
                let id = id.0.to_string();
                set("app.lookup_id", &id) + set_organization_of(table, "id", &id).as_str()
            }
            Tenancy::OrganizationOfInvitation(token_hash) => {
                set("app.invitation_token_hash", token_hash)
                    + set_organization_of("invitations", "token_hash", token_hash).as_str()
            }
            Tenancy::Account(id) => set("app.account_id", &id.0.to_string()),
            Tenancy::MembershipOf {
                account,
                organization,
            } => {
                let account = account.0.to_string();
                let organization = organization.0.to_string();
                format!(
                    "{}; SELECT set_config('app.organization_id', COALESCE((SELECT organization_id::text \
                     FROM memberships WHERE user_id = {} AND organization_id = {}), ''), true)",
                    set("app.account_id", &account),
                    quote_literal(&account),
                    quote_literal(&organization)
                )
            }
            Tenancy::AccountTables => String::new(),
        }
    }
}

/// `value` as an SQL string literal (`standard_conforming_strings` is on, so
/// only quotes are doubled).
fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// One connection of either backend, borrowed from a [`Tx`]: what every
/// repository function runs its statements on.
#[derive(Debug)]
pub enum Conn<'c> {
    /// An SQLite connection.
    Sqlite(&'c mut SqliteConnection),
    /// A PostgreSQL connection.
    Postgres(&'c mut PgConnection),
}

impl Conn<'_> {
    /// The same connection for a shorter while, to pass it to one function
    /// and keep it for the next.
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Sqlite(conn) => Conn::Sqlite(conn),
            Conn::Postgres(conn) => Conn::Postgres(conn),
        }
    }

    /// Which engine this connection talks to.
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }
}

/// A database URL this server cannot use.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The scheme names neither backend.
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://...")]
    UnsupportedScheme(String),
    /// The driver refused the URL or the connection.
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

impl Db {
    /// Connects to the database `config` names: `sqlite://PATH` (the file is
    /// created when missing) or `postgres://...`.
    ///
    /// On PostgreSQL only a primary is used (a node in recovery is refused,
    /// see below), and every wait is bounded, so that a database that is gone
    /// (stopped, unreachable or hanging) costs a request its acquire timeout,
    /// not minutes: a pooled connection is pinged before each use and a new
    /// one is opened within the acquire timeout; the database cancels a
    /// statement past the statement timeout, and drops the connections of a
    /// server instance that vanished (TCP keepalive on its side).
    pub async fn connect(config: &DatabaseConfig) -> Result<Db, ConnectError> {
        let url = config.database_url.as_str();
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30));
            let pool = SqlitePoolOptions::new()
                .max_connections(config.database_max_connections)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if is_postgres_url(url) {
            let (options, pool) = postgres_options(config, url)?;
            // Behind one address that fails over (HAProxy), a new connection
            // could reach a node that is not, or no longer, the primary: it is
            // refused, and the pool tries again until its acquire timeout, so
            // that writes are answered 503 and never fail on a read-only node.
            let pool = pool.after_connect(|conn, _| Box::pin(refuse_standby(conn)));
            // It connects on first use: the server's role is created by the
            // migrations ([`Db::migrate`]), which run on a connection of their
            // own before it; [`Db::check_connection`] then tries it.
            Ok(Db::Postgres(pool.connect_lazy_with(options)))
        } else {
            Err(ConnectError::UnsupportedScheme(redact_url(url)))
        }
    }

    /// A pool on the streaming replica `config` names
    /// ([`DatabaseConfig::database_replica_url`]), with the primary's settings
    /// and bounds. It connects on first use: a replica that is down when the
    /// server starts only sends its reads to the primary until it answers.
    pub fn connect_replica(config: &DatabaseConfig) -> Result<Option<Db>, ConnectError> {
        let Some(url) = config.database_replica_url.as_deref() else {
            return Ok(None);
        };
        if !is_postgres_url(url) {
            return Err(ConnectError::UnsupportedScheme(redact_url(url)));
        }
        let (options, pool) = postgres_options(config, url)?;
        Ok(Some(Db::Postgres(pool.connect_lazy_with(options))))
    }

    /// A pool of one connection of its own to the same database, with the
    /// same settings, that connects on first use: what `/readyz` asks, so
    /// that an instance whose pool is busy serving requests still answers its
    /// load balancer's checks instead of looking down.
    pub fn readiness_probe(&self) -> Db {
        match self {
            Db::Sqlite(pool) => Db::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(pool.options().get_acquire_timeout())
                    .connect_lazy_with((*pool.connect_options()).clone()),
            ),
            Db::Postgres(pool) => Db::Postgres(
                PgPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(pool.options().get_acquire_timeout())
                    .test_before_acquire(true)
                    .after_connect(|conn, _| Box::pin(refuse_standby(conn)))
                    .connect_lazy_with((*pool.connect_options()).clone()),
            ),
        }
    }

    /// Which engine this pool talks to.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of this backend that have not run yet.
    ///
    /// On PostgreSQL they run as the role that owns the tables, which
    /// `config` names with [`DatabaseConfig::database_migration_url`] (or, when
    /// unset, the URL's own role), never as [`DatabaseConfig::database_role`].
    pub async fn migrate(
        &self,
        config: &DatabaseConfig,
    ) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => {
                // On a connection of its own without the statement timeout: a
                // migration may rewrite a large table, and an instance started
                // beside another waits on its migration lock for as long as
                // that one migrates.
                let url = config.migration_url();
                let options = PgConnectOptions::from_str(url)?
                    .application_name("labelwell migrate")
                    .options([("statement_timeout", "0")]);
                let connecting = PgConnection::connect_with(&options);
                let mut connection =
                    tokio::time::timeout(pool.options().get_acquire_timeout(), connecting)
                        .await
                        .map_err(|_| sqlx::Error::PoolTimedOut)??;
                sqlx::migrate!("../migrations/postgres")
                    .run(&mut connection)
                    .await?;
                connection.close().await?;
                Ok(())
            }
        }
    }

    /// Whether the database answers and every migration this binary knows has been applied.
    pub async fn is_ready(&self) -> bool {
        let expected = match self {
            Db::Sqlite(_) => sqlx::migrate!("../migrations/sqlite").iter().count(),
            Db::Postgres(_) => sqlx::migrate!("../migrations/postgres").iter().count(),
        };
        let applied: Result<i64, sqlx::Error> = with_db!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                .fetch_one(pool)
                .await
        });
        matches!(applied, Ok(n) if usize::try_from(n).is_ok_and(|n| n >= expected))
    }

    /// Opens one connection of the pool and runs a statement on it: at
    /// start, so that a server whose role cannot connect stops there rather
    /// than failing its first request.
    pub async fn check_connection(&self) -> Result<(), sqlx::Error> {
        with_db!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Begins a transaction to write in, for `tenancy`.
    ///
    /// On SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`):
    /// a deferred transaction that reads and then writes fails with `SQLITE_BUSY`
    /// instead of waiting when another writer committed in between.
    pub async fn begin(&self, tenancy: Tenancy) -> Result<Tx, sqlx::Error> {
        self.begin_with(tenancy, "BEGIN IMMEDIATE", "BEGIN").await
    }

    /// Begins a transaction that writes what it reads from one snapshot, for
    /// `tenancy`: `REPEATABLE READ` on PostgreSQL, so that every statement
    /// sees the database as it was at the first; on SQLite the write lock,
    /// which keeps any other writer out until it ends.
    pub async fn begin_snapshot(&self, tenancy: Tenancy) -> Result<Tx, sqlx::Error> {
        self.begin_with(
            tenancy,
            "BEGIN IMMEDIATE",
            "BEGIN ISOLATION LEVEL REPEATABLE READ",
        )
        .await
    }

    /// Begins a transaction to read in, for `tenancy`: a deferred `BEGIN` on
    /// SQLite, which takes no lock until it reads. Dropped, it ends. A single
    /// write in it must be committed ([`Tx::commit`]).
    pub async fn read(&self, tenancy: Tenancy) -> Result<Tx, sqlx::Error> {
        self.begin_with(tenancy, "BEGIN", "BEGIN").await
    }

    /// Begins a transaction with `sqlite` or `postgres` (a `BEGIN` with its
    /// options), then the tenancy's settings, in one round trip.
    async fn begin_with(
        &self,
        tenancy: Tenancy,
        sqlite: &'static str,
        postgres: &str,
    ) -> Result<Tx, sqlx::Error> {
        let _waiting = crate::telemetry::AcquireWait::start();
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with(sqlite).await?),
            Db::Postgres(pool) => {
                Tx::Postgres(pool.begin_with(tenancy.postgres_begin(postgres)).await?)
            }
        })
    }

    /// Tidies up after a bulk change of a table: refreshes the planner's
    /// statistics, so that the next queries on it are planned for its real
    /// size rather than waiting for autovacuum, and on SQLite empties the
    /// write-ahead log. Until a writer starts it over, every read looks its
    /// pages up in the log first: a million-item import leaves 800 MB there,
    /// and an export read through it took half as long again.
    pub async fn tidy_after_bulk_change(&self, table: &'static str) -> Result<(), sqlx::Error> {
        match self {
            Db::Sqlite(pool) => {
                sqlx::query(&format!("ANALYZE {table}"))
                    .execute(pool)
                    .await?;
                // Emptying the log holds the write lock while it waits for
                // the readers of older snapshots (a long export) to finish:
                // on a connection of its own that gives up after a second,
                // rather than keep writers waiting for the pool's 30.
                let options = (*pool.connect_options())
                    .clone()
                    .busy_timeout(Duration::from_secs(1));
                let mut connection = SqliteConnection::connect_with(&options).await?;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&mut connection)
                    .await?;
                connection.close().await?;
            }
            Db::Postgres(pool) => {
                // ANALYZE is the owner's; the server's role asks the owner's
                // function to run it.
                sqlx::query("SELECT labelwell_analyze($1)")
                    .bind(table)
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// The connections the pool holds open, and how many of them are idle:
    /// the others are lent out.
    pub fn pool_connections(&self) -> (u32, usize) {
        with_db!(self, |pool| (pool.size(), pool.num_idle()))
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        with_db!(self, |pool| pool.close().await)
    }
}

impl Tx {
    /// The transaction's connection, to run statements on.
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(tx) => Conn::Sqlite(tx),
            Tx::Postgres(tx) => Conn::Postgres(tx),
        }
    }

    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    /// Serializes the writers of one organization until this transaction ends, so
    /// that invariants spanning several rows (at least one owner) cannot be broken
    /// by two transactions that each saw the other's row unchanged. SQLite already
    /// serializes every writer (see [`Db::begin`]).
    pub async fn lock_organization(&mut self, organization_id: Id) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
                .bind(organization_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Holds off any change of the project's annotation UI until this
    /// transaction ends, while it checks items against the UI in force; other
    /// transactions doing the same run alongside (see [`Tx::lock_annotation_ui`]).
    ///
    /// Not the project row's lock: an import holds this for as long as its
    /// stream lasts, and the queue must not wait for it. SQLite already
    /// serializes every writer (see [`Db::begin`]).
    pub async fn share_annotation_ui(&mut self, project_id: Id) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT pg_advisory_xact_lock_shared($1)")
                .bind(annotation_ui_lock_key(project_id))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Waits until no transaction checks items against the project's
    /// annotation UI ([`Tx::share_annotation_ui`]), and keeps new ones waiting
    /// until this one ends: a new UI version is checked against every item,
    /// also those of an import that was running. Take it before the project's
    /// row lock: an import's inserts need a share of that row.
    pub async fn lock_annotation_ui(&mut self, project_id: Id) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(annotation_ui_lock_key(project_id))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Serializes the changes of one project itself (its settings, archiving,
    /// publishing versions) with everything else done in it, until this
    /// transaction ends: it waits for the transactions that share the project
    /// ([`Tx::share_project`]) and keeps new ones waiting, then locks the row.
    pub async fn lock_project(&mut self, project_id: Id) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            let (high, low) = project_lock_keys(project_id);
            sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
                .bind(high)
                .bind(low)
                .execute(&mut **tx)
                .await?;
            sqlx::query("SELECT id FROM projects WHERE id = $1 FOR UPDATE")
                .bind(project_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Keeps the project's settings and versions as they are until this
    /// transaction ends ([`Tx::lock_project`] waits for it), while other
    /// transactions that work on the project's items run alongside: they
    /// serialize on each item instead ([`Tx::lock_item`]).
    ///
    /// An advisory lock rather than a share of the row: PostgreSQL queues a
    /// new share behind a waiting [`Tx::lock_project`], where row locks would
    /// let a stream of annotators starve a project change.
    pub async fn share_project(&mut self, project_id: Id) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            let (high, low) = project_lock_keys(project_id);
            sqlx::query("SELECT pg_advisory_xact_lock_shared($1, $2)")
                .bind(high)
                .bind(low)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Serializes the transactions that change who works on an item (its
    /// annotations, reviews, leases and skips) until this one ends, so that
    /// each counts what the previous ones committed: an item never gets more
    /// annotations and leases than the overlap. Statements run after it see
    /// every change committed before it was granted (read committed).
    pub async fn lock_item(&mut self, item_id: Id) -> Result<(), sqlx::Error> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT id FROM items WHERE id = $1 FOR NO KEY UPDATE")
                .bind(item_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// Fails on a node in recovery: only the primary takes connections.
async fn refuse_standby(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    let in_recovery: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
        .fetch_one(&mut *conn)
        .await?;
    match in_recovery {
        true => Err(sqlx::Error::Configuration(
            "the database is a standby (in recovery), not the primary".into(),
        )),
        false => Ok(()),
    }
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres:") || url.starts_with("postgresql:")
}

/// The connection and pool settings of a PostgreSQL database at `url` (the
/// primary's or its replica's), which bound every wait (see [`Db::connect`]).
fn postgres_options(
    config: &DatabaseConfig,
    url: &str,
) -> Result<(PgConnectOptions, PgPoolOptions), sqlx::Error> {
    let statement_timeout = format!("{}s", config.database_statement_timeout_seconds);
    let mut options = PgConnectOptions::from_str(url)?
        .application_name("labelwell")
        .options([
            ("statement_timeout", statement_timeout.as_str()),
            ("tcp_keepalives_idle", "30"),
            ("tcp_keepalives_interval", "10"),
            ("tcp_keepalives_count", "3"),
        ]);
    // Every session acts as the server's role from its start, so that no
    // statement, not even one outside the transactions of [`Db::begin`],
    // runs as the owner or a superuser, who would pass row-level security.
    if !config.database_role.is_empty() {
        options = options.options([("role", config.database_role.as_str())]);
    }
    let pool = PgPoolOptions::new()
        .max_connections(config.database_max_connections)
        .acquire_timeout(Duration::from_millis(config.database_acquire_timeout_ms))
        .test_before_acquire(true);
    Ok((options, pool))
}

/// The advisory lock of a project's annotation UI: the random low half of the
/// project's id. A key that another lock shares (another project's, or the one
/// sqlx's migrations take) only makes the two wait for each other.
fn annotation_ui_lock_key(project_id: Id) -> i64 {
    let bytes = project_id.0.as_bytes();
    let mut low = [0; 8];
    low.copy_from_slice(&bytes[8..]);
    i64::from_be_bytes(low)
}

/// The advisory lock of a project ([`Tx::lock_project`]): the random low half
/// of its id as two 32-bit keys, a key space apart from the one-key locks
/// (the annotation UI's, sqlx's migrations').
fn project_lock_keys(project_id: Id) -> (i32, i32) {
    let key = annotation_ui_lock_key(project_id);
    ((key >> 32) as i32, key as i32)
}

/// Turns the violation of a unique constraint (the one a statement can hit)
/// into a 409 with its code; other errors pass unchanged.
pub trait OrConflict<T> {
    /// The value, or 409 `code` when a unique constraint was violated.
    fn or_conflict(self, code: &'static str, detail: &str) -> crate::error::Result<T>;
}

impl<T> OrConflict<T> for crate::error::Result<T> {
    fn or_conflict(self, code: &'static str, detail: &str) -> crate::error::Result<T> {
        self.map_err(|error| match error {
            crate::error::Error::Database(error) if is_unique_violation(&error) => {
                crate::error::Error::conflict(code, detail)
            }
            error => error,
        })
    }
}

/// Whether the error is the violation of a unique index or constraint.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// The URL without its password, for error messages and logs: the password
/// of the userinfo (`postgres://user:secret@host/db`) and the value of a
/// `password` query parameter (`postgres://user@host/db?password=secret`),
/// which PostgreSQL's URLs accept too. The URL is read as the driver reads it;
/// one that does not parse and might hold a secret is hidden whole.
pub fn redact_url(url: &str) -> String {
    const HIDDEN: &str = "***";
    let Ok(mut parsed) = url::Url::parse(url) else {
        let scheme = url.split_once("://").map_or("", |(scheme, _)| scheme);
        let may_hold_secret = url.contains('@') || url.to_ascii_lowercase().contains("password");
        return match may_hold_secret {
            true => format!("{scheme}://{HIDDEN}"),
            false => url.to_owned(),
        };
    };
    if parsed.password().is_some() {
        // Only URLs that cannot have a password refuse one.
        let _ = parsed.set_password(Some(HIDDEN));
    }
    let is_password = |name: &str| name.trim().eq_ignore_ascii_case("password");
    if parsed.query_pairs().any(|(name, _)| is_password(&name)) {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(name, value)| {
                let value = match is_password(&name) {
                    true => HIDDEN.to_owned(),
                    false => value.into_owned(),
                };
                (name.into_owned(), value)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_removed_from_database_urls() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("sqlite://labelwell.db"), "sqlite://labelwell.db");
    }

    #[test]
    fn a_password_in_the_query_is_removed_too() {
        assert_eq!(
            redact_url("postgres://u@h/db?password=secret&sslmode=require"),
            "postgres://u@h/db?password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://u:one@h/db?sslmode=disable&PASSWORD=two"),
            "postgres://u:***@h/db?sslmode=disable&PASSWORD=***"
        );
        assert!(!redact_url("postgres://u@h/db?pass%77ord=secret").contains("secret"));
        assert!(!redact_url("postgres://u@h/db?password=a@b&x=1").contains("a@b"));
        assert_eq!(
            redact_url("sqlite://labelwell.db?mode=rwc"),
            "sqlite://labelwell.db?mode=rwc"
        );
    }

    #[test]
    fn a_url_that_does_not_parse_is_hidden_when_it_may_hold_a_secret() {
        assert_eq!(redact_url("postgres://u:s@[::1"), "postgres://***");
        assert_eq!(redact_url("nonsense"), "nonsense");
    }
}
