//! Every tenant row names its organization, and every key between tenant
//! tables carries it (docs/scale-out.md): what a PostgreSQL sharded by
//! organization (Citus) requires of tables distributed by that column, and
//! what row-level security compares.
//!
//! The test reads PostgreSQL's catalog after the migrations. A table is a
//! tenant table unless [`ACCOUNT_TABLES`] lists it, so a new table is held
//! to the rule until someone decides, and writes down why, that it belongs
//! to accounts rather than to an organization.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::common::{TestBackend, TestServer};
use labelwell_server::db::Db;

/// Tables of accounts, not of one organization (reference tables when
/// sharded: copied to every node), and why.
const ACCOUNT_TABLES: &[(&str, &str)] = &[
    (
        "users",
        "an account belongs to no organization and may join several",
    ),
    (
        "sessions",
        "a browser session is an account's, across its organizations",
    ),
    (
        "login_failures",
        "counted per client address and email before anyone is signed in",
    ),
    (
        "api_tokens",
        "a token is its account's; one limited to an organization names it, but is looked up by its hash before any organization is known",
    ),
];

/// A foreign key: its table, name and columns, the table and columns it refers to.
type ForeignKey = (String, String, Vec<String>, String, Vec<String>);

/// The column that names a tenant table's organization: `organizations`
/// is distributed by its own id.
fn tenant_column(table: &str) -> &'static str {
    if table == "organizations" {
        "id"
    } else {
        "organization_id"
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tenant_table_carries_its_organization_in_every_key() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let server = TestServer::start(TestBackend::Postgres).await;
    let Db::Postgres(pool) = server.owner_db() else {
        panic!("a PostgreSQL test server");
    };

    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
           AND table_name <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .expect("the tables");
    let tenant: Vec<&String> = tables
        .iter()
        .filter(|table| !ACCOUNT_TABLES.iter().any(|(name, _)| name == table))
        .collect();
    // A catalog query that found nothing would pass every check below.
    for expected in ["items", "annotations", "reviews", "leases", "projects"] {
        assert!(
            tenant.iter().any(|table| *table == expected),
            "`{expected}` is not among the tenant tables found: {tenant:?}"
        );
    }
    for (listed, _) in ACCOUNT_TABLES {
        assert!(
            tables.iter().any(|table| table == listed),
            "ACCOUNT_TABLES lists `{listed}`, which no longer exists: remove it"
        );
    }

    let not_null: BTreeMap<(String, String), bool> = sqlx::query_as::<_, (String, String, String)>(
        "SELECT table_name::text, column_name::text, is_nullable::text
         FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .fetch_all(pool)
    .await
    .expect("the columns")
    .into_iter()
    .map(|(table, column, nullable)| ((table, column), nullable == "NO"))
    .collect();

    // Every key and unique index, and every foreign key with what it refers to.
    let keys: Vec<(String, String, String, Vec<String>)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text,
                CASE WHEN c.contype = 'p' THEN 'primary key' ELSE 'unique' END,
                ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n)
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype = 'p'
         WHERE n.nspname = current_schema() AND x.indisunique AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("the unique indexes");
    let foreign_keys: Vec<ForeignKey> = sqlx::query_as(
        "SELECT t.relname::text, c.conname::text,
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n),
                r.relname::text,
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND c.contype = 'f'",
    )
    .fetch_all(pool)
    .await
    .expect("the foreign keys");
    server.stop().await;
    assert!(
        keys.iter().any(|(table, ..)| table == "items")
            && foreign_keys
                .iter()
                .any(|(table, ..)| table == "annotations"),
        "the catalog queries found no key of items or no foreign key of annotations"
    );

    let is_tenant = |table: &str| tenant.iter().any(|t| *t == table);
    let mut report = String::new();
    for table in &tenant {
        let column = tenant_column(table);
        if not_null.get(&((*table).clone(), column.to_owned())) != Some(&true) {
            let _ = writeln!(report, "{table}: no NOT NULL `{column}`");
        }
    }
    for (table, index, kind, columns) in &keys {
        if is_tenant(table) && !columns.iter().any(|c| c == tenant_column(table)) {
            let _ = writeln!(
                report,
                "{table}: {kind} {index} ({}) leaves out `{}`",
                columns.join(", "),
                tenant_column(table)
            );
        }
    }
    for (table, name, columns, referenced, referenced_columns) in &foreign_keys {
        if !is_tenant(table) || !is_tenant(referenced) {
            continue;
        }
        let pairs_the_tenants = columns
            .iter()
            .zip(referenced_columns)
            .any(|(from, to)| from == tenant_column(table) && to == tenant_column(referenced));
        if !pairs_the_tenants {
            let _ = writeln!(
                report,
                "{table}: foreign key {name} ({}) -> {referenced} ({}) does not match `{}` with `{}`",
                columns.join(", "),
                referenced_columns.join(", "),
                tenant_column(table),
                tenant_column(referenced)
            );
        }
    }
    assert!(
        report.is_empty(),
        "tenant tables that do not carry their organization as docs/scale-out.md requires:\n{report}"
    );
}
