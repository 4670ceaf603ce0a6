//! Upgrading a database that an earlier release made and filled: the current
//! server starts on it, applies its newer migrations, and loses or changes
//! nothing that release wrote.
//!
//! Each folder of `server/tests/fixtures/upgrade/` is named after the last
//! migration of the release that made it (`0011`: the schema of migrations
//! 0001 to 0011) and holds, per backend, a dump of a database that release's
//! binary filled through its HTTP API (`sqlite.sql`, `postgres.sql`) and what
//! it answered (`sqlite.json`, `postgres.json`: the users, their password, an
//! API token's secret, every table's row count and the reads with their
//! answers). `tests/upgrade/make_fixture.py` makes a folder; its header says how.
//!
//! For every folder, on each backend, the test loads the dump into a fresh
//! database, checks it holds the rows the fixture counted (every table has
//! some), starts the current server on it (which migrates it), and then checks:
//!
//! - every table of the fixture still has as many rows (a table a migration
//!   drops or renames must be listed in [`GONE`], with where its rows went and why);
//! - the migrations the fixture had applied are still recorded (a migration
//!   edited after its release makes the server refuse to start, which fails here too);
//! - signed in as the fixture's users (with their password), every read the
//!   fixture recorded answers the same status and the same body: accounts,
//!   tokens, organizations, members, pending memberships, invitations, the
//!   audit log, projects and their members, annotation UI and guideline
//!   versions, items (data, metadata, status), annotations, reviews, queue
//!   progress, statistics and exports. An answer may carry fields the
//!   fixture's release did not have; every field it had must be there with
//!   the same value, but for what a new session or time alone changes
//!   ([`as_of_now`]);
//! - the fixture's API token (read-only, bound to an organization) reads what
//!   its user read of that organization, and is refused a write.
//!
//! **When a release changes the schema** (a new file in `migrations/`), make a
//! new folder with that release's binary before the next schema change lands
//! (`python3 tests/upgrade/make_fixture.py` names it after the last migration),
//! and keep the old folders: each stands for databases of its release still
//! out there, and every later server must upgrade them all. A new folder is
//! one more name in [`FIXTURES`] (the test fails while the folders and the
//! list differ, so none goes missing unnoticed). Never remake an old folder to
//! make the test pass: an answer that a release changes on purpose (a field
//! removed, a value written otherwise) goes into [`as_of_now`], with why.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr as _;

use serde_json::Value;
use sqlx::Connection as _;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::common::{Client, PASSWORD, PostgresDatabase, TestBackend, TestServer};

/// Every fixture folder, oldest first: each must be there, and each is upgraded.
const FIXTURES: &[&str] = &["0011"];

/// Tables of a fixture that a later migration dropped or renamed: (the
/// table in the fixture, the table its rows are in now or `None` when they
/// are gone on purpose, why). Empty so far: no migration has dropped a table
/// that a fixture has rows in.
const GONE: &[(&str, Option<&str>, &str)] = &[];

/// The table sqlx records applied migrations in: it grows with every upgrade.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    upgrade_every_fixture(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    upgrade_every_fixture(TestBackend::Postgres).await;
}

/// The folder of the fixtures.
fn fixtures_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade")
}

async fn upgrade_every_fixture(backend: TestBackend) {
    if !backend.selected() {
        return;
    }
    let mut found: Vec<String> = std::fs::read_dir(fixtures_folder())
        .expect("the fixtures folder")
        .map(|entry| {
            entry
                .expect("a fixture folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(
        found, FIXTURES,
        "the fixture folders differ from FIXTURES: list a new one there, and never remove one"
    );
    for fixture in FIXTURES {
        upgrade(fixture, backend).await;
    }
}

/// What a fixture's `<backend>.json` holds (see `tests/upgrade/make_fixture.py`).
struct Expected {
    /// Each user's name (as the reads call them) and email.
    users: BTreeMap<String, String>,
    /// `user`, `organization_id` (it is bound to) and `secret` of a read-only token.
    token: Value,
    /// Every table's rows, as the fixture's release left them.
    row_counts: BTreeMap<String, i64>,
    /// `as` (a user), `path`, `status`, and `body` or, for JSONL, `jsonl` (its lines).
    reads: Vec<Value>,
}

fn read_fixture(fixture: &str, backend: TestBackend) -> (String, Expected) {
    let name = match backend {
        TestBackend::Sqlite => "sqlite",
        TestBackend::Postgres => "postgres",
    };
    let folder = fixtures_folder().join(fixture);
    let dump = std::fs::read_to_string(folder.join(format!("{name}.sql"))).expect("the dump");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join(format!("{name}.json"))).expect("the expectations"),
    )
    .expect("the expectations are JSON");
    let users = serde_json::from_value(json["users"].clone()).expect("users: name -> email");
    let row_counts = serde_json::from_value(json["row_counts"].clone()).expect("row_counts");
    let reads = json["reads"].as_array().expect("reads").clone();
    assert_eq!(json["password"], PASSWORD, "the fixture's users' password");
    (
        dump,
        Expected {
            users,
            token: json["token"].clone(),
            row_counts,
            reads,
        },
    )
}

/// A fresh database of `backend` with `dump` loaded, and its URL; the guard
/// removes it when dropped.
async fn load(backend: TestBackend, dump: &str) -> (String, LoadedDatabase) {
    match backend {
        TestBackend::Sqlite => {
            let folder = tempfile::tempdir().expect("a temporary folder");
            let url = format!("sqlite://{}", folder.path().join("labelwell.db").display());
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
                .expect("a SQLite URL")
                .create_if_missing(true);
            let mut connection = sqlx::SqliteConnection::connect_with(&options)
                .await
                .expect("a new SQLite file");
            // The dump turns foreign keys off first: it inserts the tables in name order.
            sqlx::raw_sql(dump)
                .execute(&mut connection)
                .await
                .expect("the SQLite dump loads");
            connection.close().await.expect("closed");
            (url, LoadedDatabase::Sqlite { _folder: folder })
        }
        TestBackend::Postgres => {
            let database = PostgresDatabase::create().await;
            let url = database.url();
            // One connection of its own, closed after: the dump empties its
            // `search_path`, which a pooled connection would keep.
            let mut connection = sqlx::PgConnection::connect(&url)
                .await
                .expect("the new database");
            sqlx::raw_sql(dump)
                .execute(&mut connection)
                .await
                .expect("the PostgreSQL dump loads");
            connection.close().await.expect("closed");
            (
                url,
                LoadedDatabase::Postgres {
                    _database: database,
                },
            )
        }
    }
}

/// The database a fixture is loaded into, removed when dropped.
enum LoadedDatabase {
    Sqlite { _folder: tempfile::TempDir },
    Postgres { _database: PostgresDatabase },
}

/// Every table's row count, read on a connection of its own.
async fn row_counts(backend: TestBackend, url: &str) -> BTreeMap<String, i64> {
    let mut counts = BTreeMap::new();
    match backend {
        TestBackend::Sqlite => {
            let mut connection = sqlx::SqliteConnection::connect(url).await.expect("SQLite");
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&mut connection)
            .await
            .expect("the tables");
            for table in tables {
                let count = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
                    .fetch_one(&mut connection)
                    .await
                    .expect("a count");
                counts.insert(table, count);
            }
            connection.close().await.expect("closed");
        }
        TestBackend::Postgres => {
            let mut connection = sqlx::PgConnection::connect(url).await.expect("PostgreSQL");
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .fetch_all(&mut connection)
            .await
            .expect("the tables");
            for table in tables {
                let count = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM public.\"{table}\""))
                    .fetch_one(&mut connection)
                    .await
                    .expect("a count");
                counts.insert(table, count);
            }
            connection.close().await.expect("closed");
        }
    }
    counts
}

/// The versions of the migrations recorded as applied.
async fn applied_migrations(backend: TestBackend, url: &str) -> Vec<i64> {
    let query = "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";
    match backend {
        TestBackend::Sqlite => {
            let mut connection = sqlx::SqliteConnection::connect(url).await.expect("SQLite");
            sqlx::query_scalar(query).fetch_all(&mut connection).await
        }
        TestBackend::Postgres => {
            let mut connection = sqlx::PgConnection::connect(url).await.expect("PostgreSQL");
            sqlx::query_scalar(query).fetch_all(&mut connection).await
        }
    }
    .expect("the applied migrations")
}

async fn upgrade(fixture: &str, backend: TestBackend) {
    let context = format!("fixture {fixture} on {backend:?}");
    let (dump, expected) = read_fixture(fixture, backend);
    let (url, _database) = load(backend, &dump).await;

    // The dump loaded whole: the rows the fixture counted, some in every table.
    let before = row_counts(backend, &url).await;
    assert_eq!(
        before, expected.row_counts,
        "{context}: the loaded dump's row counts"
    );
    let empty: Vec<&String> = before
        .iter()
        .filter(|(_, count)| **count == 0)
        .map(|(table, _)| table)
        .collect();
    assert!(
        empty.is_empty(),
        "{context}: tables without a row, which this test cannot check: {empty:?}"
    );
    let fixture_migrations = applied_migrations(backend, &url).await;
    let fixture_version: i64 = fixture.parse().expect("a folder named after a migration");
    assert_eq!(
        fixture_migrations.last(),
        Some(&fixture_version),
        "{context}: the folder is named after the last migration of its dump"
    );

    // The current server migrates it on start.
    let server = TestServer::start_on(&url, |_| {}).await;
    let after = row_counts(backend, &url).await;
    let upgraded_migrations = applied_migrations(backend, &url).await;
    assert!(
        upgraded_migrations.starts_with(&fixture_migrations),
        "{context}: the fixture's migrations {fixture_migrations:?} are no longer recorded as applied: {upgraded_migrations:?}"
    );
    let mut problems = Vec::new();
    for (table, count) in &before {
        if table == MIGRATIONS_TABLE {
            continue;
        }
        let now_in = match GONE.iter().find(|(gone, _, _)| gone == table) {
            Some((_, None, _)) => continue,
            Some((_, Some(now_in), _)) => *now_in,
            None => table.as_str(),
        };
        match after.get(now_in) {
            Some(now) if now == count => {}
            Some(now) => problems.push(format!("{now_in}: {count} rows before, {now} after")),
            None => problems.push(format!(
                "{table} is gone: list it in GONE with where its rows went and why"
            )),
        }
    }
    for (gone, _, why) in GONE {
        if before.contains_key(*gone) && after.contains_key(*gone) {
            problems.push(format!("{gone} still exists: remove it from GONE ({why})"));
        }
    }
    assert!(
        problems.is_empty(),
        "{context}: rows changed by the upgrade:\n{}",
        problems.join("\n")
    );

    // Through HTTP, as the fixture's users.
    let mut callers: BTreeMap<&str, Client> = BTreeMap::new();
    for (name, email) in &expected.users {
        callers.insert(name, log_in(&server, email).await);
    }
    let now = OffsetDateTime::now_utc();
    let mut differences = Vec::new();
    for read in &expected.reads {
        let who = read["as"].as_str().expect("as");
        let caller = callers
            .get(who)
            .unwrap_or_else(|| panic!("{context}: no caller {who}"));
        compare_read(&server, caller, who, read, now, &mut differences).await;
    }

    // The API token, unused until now (its `last_used_at` in the reads above
    // is null): it reads what its user read of its organization, and only reads.
    let token_user = expected.token["user"].as_str().expect("token.user");
    let organization = expected.token["organization_id"]
        .as_str()
        .expect("token.organization_id");
    let token = callers[token_user].with_token(expected.token["secret"].as_str().expect("secret"));
    let prefix = format!("/organizations/{organization}");
    let organization_reads: Vec<&Value> = expected
        .reads
        .iter()
        .filter(|read| {
            read["as"] == token_user
                && read["path"]
                    .as_str()
                    .is_some_and(|path| path.starts_with(&prefix))
        })
        .collect();
    assert!(
        !organization_reads.is_empty(),
        "{context}: the fixture reads the token's organization as {token_user}"
    );
    for read in organization_reads {
        compare_read(
            &server,
            &token,
            "the API token",
            read,
            now,
            &mut differences,
        )
        .await;
    }
    let write = token
        .patch(&prefix, serde_json::json!({ "name": "Renamed" }))
        .await;
    if write.status != 403 || write.code() != "token_read_only" {
        differences.push(format!(
            "PATCH {prefix} with the read-only token: {} {}, not 403 token_read_only",
            write.status, write.body
        ));
    }
    server.stop().await;
    assert!(
        differences.is_empty(),
        "{context}: reads that answer otherwise than before the upgrade:\n{}",
        differences.join("\n")
    );
}

/// Repeats one recorded read as `caller` and adds to `differences` where
/// the answer differs from the recorded one.
async fn compare_read(
    server: &TestServer,
    caller: &Client,
    who: &str,
    read: &Value,
    now: OffsetDateTime,
    differences: &mut Vec<String>,
) {
    let path = read["path"].as_str().expect("path");
    let (status, body, recorded) = if read.get("jsonl").is_some() {
        let (status, lines) = get_jsonl(server, caller, path).await;
        (status, lines, read["jsonl"].clone())
    } else {
        let answer = caller.get(path).await;
        (answer.status.as_u16(), answer.body, read["body"].clone())
    };
    let request = format!("GET {path} as {who}");
    if read["status"] != status {
        differences.push(format!(
            "{request}: status {status}, was {}",
            read["status"]
        ));
        return;
    }
    contains(
        &as_of_now(path, recorded, now),
        &body,
        &request,
        differences,
    );
}

/// Signs in with the fixture's password.
async fn log_in(server: &TestServer, email: &str) -> Client {
    let client = server.anonymous().with_cookies();
    let session = client
        .post(
            "/auth/login",
            serde_json::json!({ "email": email, "password": PASSWORD }),
        )
        .await;
    session.assert_status(200);
    client.signed_in(&session.body)
}

/// A JSONL answer (an export): its status and its lines' values.
async fn get_jsonl(server: &TestServer, caller: &Client, path: &str) -> (u16, Value) {
    let mut request = caller.http().get(server.url(path));
    if let crate::common::Auth::Bearer(secret) = caller.auth() {
        request = request.bearer_auth(secret);
    }
    let answer = request.send().await.expect("the server answers");
    let status = answer.status().as_u16();
    let text = answer.text().await.expect("a body");
    let lines = text
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    (status, Value::Array(lines))
}

/// What the upgraded server must answer for a recorded answer: the same but
/// for what the fixture's sessions and time alone change. `GET /me` carries
/// the CSRF token of the session it is asked in, which is the test's own
/// sign-in, not the fixture's. An invitation pending when the fixture was
/// made reads `expired` once its `expires_at` has passed (at most 30 days
/// after). Nothing else the fixture reads changes with time.
fn as_of_now(path: &str, mut recorded: Value, now: OffsetDateTime) -> Value {
    if path == "/me"
        && let Some(session) = recorded.as_object_mut()
    {
        session.remove("csrf_token");
    }
    if path.contains("/invitations")
        && let Some(invitations) = recorded["invitations"].as_array_mut()
    {
        for invitation in invitations {
            let expires_at = invitation["expires_at"]
                .as_str()
                .and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok())
                .expect("an invitation's expires_at");
            if invitation["status"] == "pending" && expires_at <= now {
                invitation["status"] = Value::from("expired");
            }
        }
    }
    recorded
}

/// Adds to `differences` where `actual` lacks what `expected` has: every
/// member of an object (an answer may have more), every element of an array
/// in order (and no more), every other value equal.
fn contains(expected: &Value, actual: &Value, at: &str, differences: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                match actual.get(key) {
                    Some(found) => contains(value, found, &format!("{at}.{key}"), differences),
                    None => differences.push(format!("{at}.{key}: missing, was {value}")),
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) if expected.len() == actual.len() => {
            for (index, (value, found)) in expected.iter().zip(actual).enumerate() {
                contains(value, found, &format!("{at}[{index}]"), differences);
            }
        }
        _ if expected == actual => {}
        _ => differences.push(format!("{at}: {actual}, was {expected}")),
    }
}
