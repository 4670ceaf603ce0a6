//! The machine's own limits for the rows the benchmark measures, taken in the
//! same run on the same database: what the database engine itself does with
//! the same rows, with no Labelwell in between. A figure divided by its limit
//! holds from machine to machine where the figure alone does not.

use std::io::Read;
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::Instant;

use anyhow::{Context, Result, ensure};
use futures_util::StreamExt;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Executor};

/// The format of an export and of its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// A project id as an SQL literal (COPY and the sqlite3 shell take no parameters).
fn literal(project: &str) -> Result<String> {
    let id = uuid::Uuid::parse_str(project).context("a project id")?;
    Ok(format!("'{}'", id.hyphenated()))
}

/// A connection to an SQLite database set up as the server's: WAL,
/// `synchronous = NORMAL`, foreign keys on.
async fn sqlite_connection(database_url: &str) -> Result<sqlx::SqliteConnection> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true);
    Ok(sqlx::SqliteConnection::connect_with(&options).await?)
}

/// The bytes of every stored chunk of every dataset release (to tell what a
/// release added to storage).
pub async fn stored_release_bytes(database_url: &str, postgres: bool) -> Result<i64> {
    let sql = "SELECT CAST(COALESCE(SUM(length(content)), 0) AS BIGINT) FROM release_chunks";
    let bytes: i64 = if postgres {
        let mut conn = sqlx::PgConnection::connect(database_url).await?;
        sqlx::query_scalar(sql).fetch_one(&mut conn).await?
    } else {
        let mut conn = sqlite_connection(database_url).await?;
        sqlx::query_scalar(sql).fetch_one(&mut conn).await?
    };
    Ok(bytes)
}

/// PostgreSQL's rate (rows/s) for inserting the project's items again:
/// `INSERT ... SELECT` from a staged copy of them (an unlogged table) into a
/// new table made `LIKE items INCLUDING ALL` (the same columns, defaults,
/// checks and indexes) with the foreign keys of `items` added, a logged
/// table as `items` is, in one transaction, as an import is.
pub async fn postgres_insert(database_url: &str, project: &str) -> Result<f64> {
    let project = literal(project)?;
    let mut conn = sqlx::PgConnection::connect(database_url).await?;
    conn.execute(
        format!(
            "CREATE UNLOGGED TABLE bench_staged_items AS SELECT * FROM items WHERE project_id = {project}"
        )
        .as_str(),
    )
    .await?;
    conn.execute("CREATE TABLE bench_items_copy (LIKE items INCLUDING ALL)")
        .await?;
    let foreign_keys: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint
         WHERE conrelid = 'items'::regclass AND contype = 'f'",
    )
    .fetch_all(&mut conn)
    .await?;
    for key in foreign_keys {
        conn.execute(format!("ALTER TABLE bench_items_copy ADD {key}").as_str())
            .await?;
    }
    conn.execute("CHECKPOINT").await?;
    let started = Instant::now();
    let rows = conn
        .execute("INSERT INTO bench_items_copy SELECT * FROM bench_staged_items")
        .await?
        .rows_affected();
    let seconds = started.elapsed().as_secs_f64();
    conn.execute("DROP TABLE bench_items_copy, bench_staged_items")
        .await?;
    conn.close().await?;
    ensure!(rows > 0, "no items to insert again");
    Ok(rows as f64 / seconds)
}

/// SQLite's rate (rows/s) for inserting the project's items again:
/// `INSERT ... SELECT` from a staged copy of them (a temporary table) into a
/// new table made from the `CREATE` statements of `items` and its indexes
/// (so the same constraints, foreign keys and indexes), in one transaction,
/// on a connection set up as the server's (WAL, `synchronous = NORMAL`,
/// foreign keys on).
pub async fn sqlite_insert(database_url: &str, project: &str) -> Result<f64> {
    let project = literal(project)?;
    let mut conn = sqlite_connection(database_url).await?;
    let schema: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT type, name, sql FROM sqlite_master
         WHERE tbl_name = 'items' AND sql IS NOT NULL ORDER BY type = 'index'",
    )
    .fetch_all(&mut conn)
    .await?;
    conn.execute(
        format!(
            "CREATE TEMP TABLE bench_staged_items AS SELECT * FROM items WHERE project_id = {project}"
        )
        .as_str(),
    )
    .await?;
    for (kind, name, sql) in &schema {
        let copy = match kind.as_str() {
            "table" => sql.replacen("items", "bench_items_copy", 1),
            _ => sql
                .replacen(name.as_str(), &format!("bench_copy_{name}"), 1)
                .replacen(" ON items", " ON bench_items_copy", 1),
        };
        ensure!(
            copy != *sql,
            "cannot make a copy of the {kind} {name} from: {sql}"
        );
        conn.execute(copy.as_str()).await?;
    }
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
    let started = Instant::now();
    let mut tx = conn.begin().await?;
    let rows = tx
        .execute("INSERT INTO bench_items_copy SELECT * FROM bench_staged_items")
        .await?
        .rows_affected();
    tx.commit().await?;
    let seconds = started.elapsed().as_secs_f64();
    conn.execute("DROP TABLE bench_items_copy").await?;
    conn.execute("DROP TABLE bench_staged_items").await?;
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
    conn.close().await?;
    ensure!(rows > 0, "no items to insert again");
    Ok(rows as f64 / seconds)
}

/// PostgreSQL's rate (rows/s) for setting the priority of each of the
/// project's items itself: one `UPDATE items ... FROM` a staged table of
/// `(external_id, priority)` (unlogged), matched by the same unique index as
/// the server's statement, in one transaction. Each priority becomes one
/// higher than it is, a new value as the server's update wrote (an unchanged
/// indexed value could take PostgreSQL's cheaper heap-only update), and the
/// queue's order stays.
pub async fn postgres_update_priorities(database_url: &str, project: &str) -> Result<f64> {
    let project = literal(project)?;
    let mut conn = sqlx::PgConnection::connect(database_url).await?;
    conn.execute(
        format!(
            "CREATE UNLOGGED TABLE bench_staged_priorities AS
             SELECT external_id, priority + 1 AS priority FROM items WHERE project_id = {project}"
        )
        .as_str(),
    )
    .await?;
    conn.execute("CHECKPOINT").await?;
    let started = Instant::now();
    let rows = conn
        .execute(
            format!(
                "UPDATE items i SET priority = s.priority FROM bench_staged_priorities s
                 WHERE i.project_id = {project} AND i.external_id = s.external_id"
            )
            .as_str(),
        )
        .await?
        .rows_affected();
    let seconds = started.elapsed().as_secs_f64();
    conn.execute("DROP TABLE bench_staged_priorities").await?;
    conn.close().await?;
    ensure!(rows > 0, "no priorities to set");
    Ok(rows as f64 / seconds)
}

/// SQLite's rate (rows/s) for setting the priority of each of the project's
/// items itself: one `UPDATE items ... FROM` a staged temporary table of
/// `(external_id, priority)`, in one transaction, on a connection set up as
/// the server's; each priority one higher than it is, as above.
pub async fn sqlite_update_priorities(database_url: &str, project: &str) -> Result<f64> {
    let project = literal(project)?;
    let mut conn = sqlite_connection(database_url).await?;
    conn.execute(
        format!(
            "CREATE TEMP TABLE bench_staged_priorities AS
             SELECT external_id, priority + 1 AS priority FROM items WHERE project_id = {project}"
        )
        .as_str(),
    )
    .await?;
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
    let started = Instant::now();
    let mut tx = conn.begin().await?;
    let rows = tx
        .execute(
            format!(
                "UPDATE items SET priority = s.priority FROM bench_staged_priorities s
                 WHERE items.project_id = {project} AND items.external_id = s.external_id"
            )
            .as_str(),
        )
        .await?
        .rows_affected();
    tx.commit().await?;
    let seconds = started.elapsed().as_secs_f64();
    conn.execute("DROP TABLE bench_staged_priorities").await?;
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
    conn.close().await?;
    ensure!(rows > 0, "no priorities to set");
    Ok(rows as f64 / seconds)
}

/// The work queue's pick of an annotator's next item, as the server's
/// `lock_next_items` words it (one item of the project for the annotator,
/// overlap 2), with the backend's words for probing per item (`per_item`)
/// and its lock clause.
fn next_item_query(
    project: &str,
    annotator: &str,
    now: &str,
    per_item: &str,
    lock: &str,
) -> String {
    format!(
        "SELECT i.id FROM items i
         WHERE i.project_id = {project}
           AND i.status IN ('new', 'in_progress', 'rejected')
           AND i.annotation_count < 2
           AND NOT EXISTS (SELECT 1 FROM annotations a
                           WHERE a.item_id = i.id AND a.annotator_id = {annotator} {per_item})
           AND NOT EXISTS (SELECT 1 FROM item_skips s
                           WHERE s.item_id = i.id AND s.annotator_id = {annotator} {per_item})
           AND NOT EXISTS (SELECT 1 FROM leases l
                           WHERE l.item_id = i.id AND l.annotator_id = {annotator} {per_item})
           AND i.annotation_count
               + (SELECT COUNT(*) FROM leases l WHERE l.item_id = i.id AND l.expires_at > {now}) < 2
         ORDER BY i.priority DESC, i.id LIMIT 1 {lock}"
    )
}

/// The median time (ms) PostgreSQL takes to pick and lock an annotator's
/// next item of the project (overlap 2) by itself, in a transaction rolled
/// back after: the query a lease runs to find its item, without the
/// request's other statements and round trips.
pub async fn postgres_next_item_p50_ms(
    database_url: &str,
    project: &str,
    annotator: &str,
    times: usize,
) -> Result<f64> {
    let sql = next_item_query(
        &literal(project)?,
        &literal(annotator)?,
        "now()",
        "OFFSET 0",
        "FOR NO KEY UPDATE OF i SKIP LOCKED",
    );
    let mut conn = sqlx::PgConnection::connect(database_url).await?;
    let mut samples = Vec::with_capacity(times);
    for _ in 0..times {
        let mut tx = conn.begin().await?;
        let started = Instant::now();
        let picked = tx.fetch_optional(sql.as_str()).await?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        ensure!(picked.is_some(), "no item left to pick");
        tx.rollback().await?;
    }
    conn.close().await?;
    median_of(samples)
}

/// The same for SQLite, which picks without a lock clause (its writers hold
/// the whole database), on a connection of its own.
pub async fn sqlite_next_item_p50_ms(
    database_url: &str,
    project: &str,
    annotator: &str,
    times: usize,
) -> Result<f64> {
    // The server's fixed-width UTC text, in microseconds.
    let now = "strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')";
    let sql = next_item_query(&literal(project)?, &literal(annotator)?, now, "", "");
    let mut conn = sqlx::SqliteConnection::connect(database_url).await?;
    let mut samples = Vec::with_capacity(times);
    for _ in 0..times {
        let started = Instant::now();
        let picked = conn.fetch_optional(sql.as_str()).await?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        ensure!(picked.is_some(), "no item left to pick");
    }
    conn.close().await?;
    median_of(samples)
}

/// The median of some samples.
fn median_of(mut samples: Vec<f64>) -> Result<f64> {
    samples.sort_by(f64::total_cmp);
    samples
        .get(samples.len() / 2)
        .copied()
        .context("no samples")
}

/// The median time (ms) PostgreSQL takes to commit a one-row `INSERT` of
/// about an annotation's size, sent by a client on the same machine: the
/// floor of any write a request makes (a commit waits for its WAL to be
/// flushed to disk).
pub async fn postgres_commit_p50_ms(database_url: &str, times: usize) -> Result<f64> {
    let mut conn = sqlx::PgConnection::connect(database_url).await?;
    conn.execute("CREATE TABLE bench_commits (id uuid PRIMARY KEY, value jsonb NOT NULL)")
        .await?;
    let mut latencies = Vec::with_capacity(times);
    for _ in 0..times {
        let started = Instant::now();
        sqlx::query("INSERT INTO bench_commits (id, value) VALUES ($1, $2)")
            .bind(uuid::Uuid::now_v7())
            .bind(serde_json::json!({ "sentiment": "neutral" }))
            .execute(&mut conn)
            .await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    conn.execute("DROP TABLE bench_commits").await?;
    conn.close().await?;
    latencies.sort_by(f64::total_cmp);
    Ok(latencies[latencies.len() / 2])
}

/// The same of SQLite, on a connection set up as the server's.
pub async fn sqlite_commit_p50_ms(database_url: &str, times: usize) -> Result<f64> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
    conn.execute("CREATE TABLE bench_commits (id TEXT PRIMARY KEY, value TEXT NOT NULL)")
        .await?;
    let mut latencies = Vec::with_capacity(times);
    for _ in 0..times {
        let started = Instant::now();
        sqlx::query("INSERT INTO bench_commits (id, value) VALUES ($1, $2)")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind("{\"sentiment\":\"neutral\"}")
            .execute(&mut conn)
            .await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    conn.execute("DROP TABLE bench_commits").await?;
    conn.close().await?;
    latencies.sort_by(f64::total_cmp);
    Ok(latencies[latencies.len() / 2])
}

/// The rows and columns an export reads, joined by the database: every item
/// of the project in id order, each with its annotations in id order, each
/// of those with its reviews (one row per item, annotation and review).
fn export_select(project: &str) -> String {
    format!(
        "SELECT i.id, i.external_id, i.data, i.metadata, i.status, i.created_at, i.updated_at,
                a.id, a.annotator_id, a.value, a.annotation_ui_version, a.guideline_version,
                a.time_spent_ms, a.review_status, a.created_at, a.updated_at,
                r.id, r.reviewer_id, r.verdict, r.comment, r.created_at
         FROM items i
         LEFT JOIN annotations a ON a.item_id = i.id
         LEFT JOIN reviews r ON r.annotation_id = a.id
         WHERE i.project_id = {project}
         ORDER BY i.id, a.id, r.id"
    )
}

/// PostgreSQL's rate (items/s, of the project's `items`) for `COPY (SELECT
/// ...) TO STDOUT` of the rows and columns an export reads, in its text
/// format for JSONL, as CSV for CSV, read to the end by this client.
pub async fn postgres_copy(
    database_url: &str,
    project: &str,
    items: usize,
    format: Format,
) -> Result<f64> {
    let select = export_select(&literal(project)?);
    let copy = match format {
        Format::Jsonl => format!("COPY ({select}) TO STDOUT"),
        Format::Csv => format!("COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)"),
    };
    let mut conn = sqlx::PgConnection::connect(database_url).await?;
    let started = Instant::now();
    let mut lines = 0usize;
    {
        let mut stream = conn.copy_out_raw(&copy).await?;
        while let Some(chunk) = stream.next().await {
            lines += chunk?.iter().filter(|b| **b == b'\n').count();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    conn.close().await?;
    ensure!(lines >= items, "the COPY wrote {lines} lines");
    Ok(items as f64 / seconds)
}

/// SQLite's rate (items/s, of the project's `items`) for the rows and
/// columns an export reads, as the `sqlite3` shell prints them (its list
/// mode for JSONL, CSV for CSV), read to the end by this client; `None`
/// without the `sqlite3` shell.
pub fn sqlite_shell(
    database_path: &str,
    project: &str,
    items: usize,
    format: Format,
) -> Result<Option<f64>> {
    let select = format!("{};", export_select(&literal(project)?));
    let mut shell = Command::new("sqlite3");
    shell.arg("-readonly");
    match format {
        Format::Jsonl => shell.arg("-list"),
        Format::Csv => shell.args(["-csv", "-header"]),
    };
    let started = Instant::now();
    let mut child = match shell
        .arg(database_path)
        .arg(&select)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let mut stdout = child.stdout.take().context("the shell's output")?;
    let mut buffer = vec![0u8; 1 << 16];
    let mut lines = 0usize;
    loop {
        let read = stdout.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        lines += buffer[..read].iter().filter(|b| **b == b'\n').count();
    }
    let output = child.wait_with_output()?;
    let seconds = started.elapsed().as_secs_f64();
    ensure!(
        output.status.success(),
        "sqlite3: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    ensure!(lines >= items, "the sqlite3 shell wrote {lines} lines");
    Ok(Some(items as f64 / seconds))
}
