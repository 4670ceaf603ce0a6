//! The SQLite and the PostgreSQL migrations describe one schema.
//!
//! Both are applied to fresh databases, then each database is read back from
//! its own catalog and written as a set of facts (a table, a column with its
//! type family, nullability and default, a primary key, a unique constraint,
//! a foreign key with its actions, an index with its columns). The two sets
//! must be equal but for the differences listed in [`BACKEND_DIFFERENCES`]
//! and [`NULLABLE_SQLITE_KEYS`], so a migration written for one backend and
//! forgotten, or written differently, for the other fails here.
//!
//! Types are compared by family, the storage class SQLite gives them: the
//! repository code stores a `uuid`, a `timestamptz` and a `jsonb` of
//! PostgreSQL as `text` on SQLite, a `boolean` as an `integer`, and a
//! PostgreSQL `bigint` is an SQLite `integer`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::common::{TestBackend, TestServer};
use labelwell_server::db::Db;
use sqlx::{PgPool, SqlitePool};

/// Facts that differ on purpose: (the SQLite fact, the PostgreSQL fact, why).
const BACKEND_DIFFERENCES: &[(&str, &str, &str)] = &[(
    "column sessions.expiry_date: integer not null",
    "column sessions.expiry_date: text not null",
    "tower-sessions' SQLite store writes a session's expiry as Unix seconds, its PostgreSQL store as a timestamptz",
)];

/// Primary-key columns that SQLite lets NULL into: declared `PRIMARY KEY`
/// without `NOT NULL`, which SQLite (unlike PostgreSQL and the SQL standard)
/// reads as nullable, for a column that is not the rowid.
///
/// Adding `NOT NULL` on SQLite takes rebuilding the table. sqlx runs every
/// SQLite migration inside a transaction, where foreign-key enforcement stays
/// on, so a table others refer to is rebuilt only together with them (as
/// migration 0012 rebuilt the tenant tables): dropping it deletes, through ON
/// DELETE CASCADE, the rows of every table that still refers to it. The
/// repositories bind every id from a non-optional Rust value. The list only
/// shrinks: a new table declares its key columns `NOT NULL`.
const NULLABLE_SQLITE_KEYS: &[&str] = &["api_tokens.id", "organizations.id", "users.id"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgresql_migrations_make_the_same_schema() {
    if !TestBackend::Sqlite.selected() || !TestBackend::Postgres.selected() {
        return;
    }
    let sqlite = TestServer::start(TestBackend::Sqlite).await;
    let postgres = TestServer::start(TestBackend::Postgres).await;
    let (Db::Sqlite(sqlite_pool), Db::Postgres(postgres_pool)) = (sqlite.db(), postgres.db())
    else {
        panic!("the test servers run on SQLite and on PostgreSQL");
    };
    let mut on_sqlite = sqlite_schema(sqlite_pool).await;
    let on_postgres = postgres_schema(postgres_pool).await;
    sqlite.stop().await;
    postgres.stop().await;

    // A catalog query that silently found nothing would make any two schemas equal.
    for fact in [
        "table items",
        "column items.external_id: text not null",
        "primary key memberships (organization_id, user_id)",
        "unique items (project_id, external_id, organization_id)",
        "foreign key annotations (item_id, organization_id) references items (id, organization_id) on delete cascade on update no action",
        "index items_project_status_idx on items (project_id, status, id)",
    ] {
        assert!(on_sqlite.contains(fact), "SQLite's schema lacks `{fact}`");
        assert!(
            on_postgres.contains(fact),
            "PostgreSQL's schema lacks `{fact}`"
        );
    }

    let mut report = String::new();
    for key in NULLABLE_SQLITE_KEYS {
        let prefix = format!("column {key}: ");
        let nullable = on_sqlite
            .iter()
            .find(|fact| fact.starts_with(&prefix) && !fact.contains(" not null"))
            .cloned();
        match nullable {
            // Compared as declared: a primary key, not null on both backends.
            Some(fact) => {
                on_sqlite.remove(&fact);
                on_sqlite.insert(fact.replacen(" null", " not null", 1));
            }
            None => {
                let _ = writeln!(
                    report,
                    "`{key}` is no nullable key on SQLite: remove it from NULLABLE_SQLITE_KEYS"
                );
            }
        }
    }
    for (sqlite_fact, postgres_fact, why) in BACKEND_DIFFERENCES {
        if !on_sqlite.contains(*sqlite_fact) || !on_postgres.contains(*postgres_fact) {
            let _ = writeln!(
                report,
                "a listed difference is gone, remove it from BACKEND_DIFFERENCES: `{sqlite_fact}` / `{postgres_fact}` ({why})"
            );
        }
    }
    let expected_sqlite: BTreeSet<&str> = BACKEND_DIFFERENCES.iter().map(|(s, _, _)| *s).collect();
    let expected_postgres: BTreeSet<&str> =
        BACKEND_DIFFERENCES.iter().map(|(_, p, _)| *p).collect();
    for fact in on_sqlite.difference(&on_postgres) {
        if !expected_sqlite.contains(fact.as_str()) {
            let _ = writeln!(report, "only on SQLite:     {fact}");
        }
    }
    for fact in on_postgres.difference(&on_sqlite) {
        if !expected_postgres.contains(fact.as_str()) {
            let _ = writeln!(report, "only on PostgreSQL: {fact}");
        }
    }
    assert!(
        report.is_empty(),
        "the migrations of migrations/sqlite and migrations/postgres differ:\n{report}"
    );
}

/// A column's type family: the storage class SQLite gives a declared type
/// (its "type affinity" rules), or the one a PostgreSQL type is stored as on SQLite.
fn sqlite_family(declared: &str) -> &'static str {
    let declared = declared.to_ascii_lowercase();
    if declared.contains("int") {
        "integer"
    } else if ["char", "clob", "text"]
        .iter()
        .any(|t| declared.contains(t))
    {
        "text"
    } else if declared.is_empty() || declared.contains("blob") {
        "blob"
    } else if ["real", "floa", "doub"]
        .iter()
        .any(|t| declared.contains(t))
    {
        "real"
    } else {
        "numeric"
    }
}

/// The family of a PostgreSQL type (`information_schema.columns.data_type`).
fn postgres_family(data_type: &str) -> String {
    match data_type {
        "text"
        | "character varying"
        | "character"
        | "uuid"
        | "jsonb"
        | "json"
        | "timestamp with time zone"
        | "timestamp without time zone"
        | "date" => "text".to_owned(),
        "bigint" | "integer" | "smallint" | "boolean" => "integer".to_owned(),
        "bytea" => "blob".to_owned(),
        "double precision" | "real" => "real".to_owned(),
        "numeric" => "numeric".to_owned(),
        other => format!("unknown type {other}"),
    }
}

/// A column default as both backends can write it: PostgreSQL's casts
/// (`'x'::text`) dropped, booleans as SQLite stores them.
fn normalized_default(default: &str) -> String {
    let default = default.trim();
    let default = match default.split_once("::") {
        Some((value, _)) if value.starts_with('\'') || value.starts_with('(') => value,
        _ => default,
    };
    match default.to_ascii_lowercase().as_str() {
        "true" => "1".to_owned(),
        "false" => "0".to_owned(),
        _ => default.to_owned(),
    }
}

fn column_fact(
    table: &str,
    column: &str,
    family: &str,
    nullable: bool,
    default: Option<&str>,
) -> String {
    let mut fact = format!(
        "column {table}.{column}: {family} {}",
        if nullable { "null" } else { "not null" }
    );
    if let Some(default) = default {
        let _ = write!(fact, " default {}", normalized_default(default));
    }
    fact
}

fn foreign_key_fact(
    table: &str,
    columns: &[String],
    referenced: &str,
    referenced_columns: &[String],
    on_delete: &str,
    on_update: &str,
) -> String {
    format!(
        "foreign key {table} ({}) references {referenced} ({}) on delete {} on update {}",
        columns.join(", "),
        referenced_columns.join(", "),
        on_delete.to_ascii_lowercase(),
        on_update.to_ascii_lowercase(),
    )
}

fn index_fact(table: &str, name: &str, columns: &[String], unique: bool, partial: bool) -> String {
    format!(
        "{}index {name} on {table} ({}){}",
        if unique { "unique " } else { "" },
        columns.join(", "),
        if partial { " where ..." } else { "" }
    )
}

/// A column of `pragma_table_info`: name, declared type, not null, default, place in the primary key.
type SqliteColumn = (String, String, bool, Option<String>, i64);
/// A column pair of `pragma_foreign_key_list`: key id, referenced table, column, referenced column, actions.
type SqliteReference = (i64, String, String, Option<String>, String, String);
/// A PostgreSQL constraint: table, kind, columns, referenced table and columns, actions.
type PostgresConstraint = (
    String,
    String,
    Vec<String>,
    String,
    Vec<String>,
    String,
    String,
);

/// The tables of the schema, without sqlx's bookkeeping.
const OWN_TABLES: &str = "name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'";

async fn sqlite_schema(pool: &SqlitePool) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND {OWN_TABLES} ORDER BY name"
    ))
    .fetch_all(pool)
    .await
    .expect("SQLite's tables");
    for table in tables {
        facts.insert(format!("table {table}"));

        let columns: Vec<SqliteColumn> = sqlx::query_as(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .expect("SQLite's columns");
        let mut primary_key: Vec<(i64, String)> = Vec::new();
        for (name, declared, not_null, default, pk) in &columns {
            let family = sqlite_family(declared);
            // Only an INTEGER PRIMARY KEY (the rowid) is never null; any
            // other PRIMARY KEY column of SQLite accepts NULL unless declared NOT NULL.
            let rowid = *pk > 0 && declared.eq_ignore_ascii_case("integer");
            let nullable = !*not_null && !rowid;
            facts.insert(column_fact(
                &table,
                name,
                family,
                nullable,
                default.as_deref(),
            ));
            if *pk > 0 {
                primary_key.push((*pk, name.clone()));
            }
        }
        primary_key.sort();
        let primary_key: Vec<String> = primary_key.into_iter().map(|(_, name)| name).collect();
        if !primary_key.is_empty() {
            facts.insert(format!("primary key {table} ({})", primary_key.join(", ")));
        }

        let indexes: Vec<(String, bool, String, bool)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .expect("SQLite's indexes");
        for (name, unique, origin, partial) in indexes {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(pool)
                    .await
                    .expect("SQLite's index columns");
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    facts.insert(format!("unique {table} ({})", columns.join(", ")));
                }
                _ => {
                    facts.insert(index_fact(&table, &name, &columns, unique, partial));
                }
            }
        }

        let references: Vec<SqliteReference> = sqlx::query_as(
            "SELECT id, \"table\", \"from\", \"to\", on_delete, on_update \
                 FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .expect("SQLite's foreign keys");
        let mut references = references.into_iter().peekable();
        while let Some((id, referenced, from, to, on_delete, on_update)) = references.next() {
            let mut columns = vec![from];
            let mut referenced_columns = vec![to];
            while let Some((_, _, from, to, _, _)) = references.next_if(|next| next.0 == id) {
                columns.push(from);
                referenced_columns.push(to);
            }
            let referenced_columns: Option<Vec<String>> = referenced_columns.into_iter().collect();
            let referenced_columns = match referenced_columns {
                Some(columns) => columns,
                // `REFERENCES t` without columns: t's primary key.
                None => sqlx::query_scalar(
                    "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk",
                )
                .bind(&referenced)
                .fetch_all(pool)
                .await
                .expect("the referenced primary key"),
            };
            facts.insert(foreign_key_fact(
                &table,
                &columns,
                &referenced,
                &referenced_columns,
                &on_delete,
                &on_update,
            ));
        }
    }
    facts
}

/// A PostgreSQL constraint action (`pg_constraint.confdeltype`) as SQLite names it.
fn postgres_action(code: &str) -> &'static str {
    match code {
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        "r" => "restrict",
        _ => "no action",
    }
}

async fn postgres_schema(pool: &PgPool) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
           AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL's tables");
    for table in tables {
        facts.insert(format!("table {table}"));
    }

    let columns: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, \
                column_default::text \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL's columns");
    for (table, name, data_type, nullable, default) in columns {
        let family = postgres_family(&data_type);
        facts.insert(column_fact(
            &table,
            &name,
            &family,
            nullable == "YES",
            default.as_deref(),
        ));
    }

    // The columns of a list of attribute numbers, in their order.
    const COLUMNS_OF: &str = "ARRAY(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY AS k(attnum, n) \
         JOIN pg_attribute a ON a.attrelid = {relation} AND a.attnum = k.attnum ORDER BY k.n)";
    let columns_of = |keys: &str, relation: &str| {
        COLUMNS_OF
            .replace("{keys}", keys)
            .replace("{relation}", relation)
    };

    let constraints: Vec<PostgresConstraint> = sqlx::query_as(&format!(
        "SELECT t.relname::text, c.contype::text, {}, \
                    COALESCE(r.relname::text, ''), {}, \
                    c.confdeltype::text, c.confupdtype::text \
             FROM pg_constraint c \
             JOIN pg_class t ON t.oid = c.conrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             LEFT JOIN pg_class r ON r.oid = c.confrelid \
             WHERE n.nspname = current_schema() AND c.contype IN ('p', 'u', 'f') \
               AND t.relname <> '_sqlx_migrations'",
        columns_of("c.conkey", "c.conrelid"),
        columns_of("COALESCE(c.confkey, '{}')", "c.confrelid"),
    ))
    .fetch_all(pool)
    .await
    .expect("PostgreSQL's constraints");
    for (table, kind, columns, referenced, referenced_columns, on_delete, on_update) in constraints
    {
        facts.insert(match kind.as_str() {
            "p" => format!("primary key {table} ({})", columns.join(", ")),
            "u" => format!("unique {table} ({})", columns.join(", ")),
            _ => foreign_key_fact(
                &table,
                &columns,
                &referenced,
                &referenced_columns,
                postgres_action(&on_delete),
                postgres_action(&on_update),
            ),
        });
    }

    // Indexes of their own (not those behind a primary key or unique constraint).
    let indexes: Vec<(String, String, Vec<String>, bool, bool)> = sqlx::query_as(&format!(
        "SELECT t.relname::text, i.relname::text, {}, x.indisunique, x.indpred IS NOT NULL \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations' \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c \
                           WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))",
        columns_of("x.indkey::int2[]", "x.indrelid"),
    ))
    .fetch_all(pool)
    .await
    .expect("PostgreSQL's indexes");
    for (table, name, columns, unique, partial) in indexes {
        facts.insert(index_fact(&table, &name, &columns, unique, partial));
    }
    facts
}
