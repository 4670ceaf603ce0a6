//! Row-level security on PostgreSQL (migrations/postgres/0013) as a wall of
//! its own: statements that forget every filter, run through the server's own
//! connection setup ([`Db::begin`] for a [`Tenancy`]), see and change only the
//! rows of the transaction's organization; the narrow policies let through
//! only what they are written for; and a server whose login role owns nothing
//! serves the whole workflow.

use labelwell_server::db::{Conn, Db, Id, PathRow, Tenancy, Tx};
use serde_json::json;
use sqlx::{Connection, Executor};

use crate::common::fixtures::{
    assign, import_texts, label, project_with_ui, review, sentiment_schema,
};
use crate::common::{
    Client, PASSWORD, PostgresDatabase, TestBackend, TestServer, postgres_admin_url,
};

/// The tables row-level security holds to one organization.
const TENANT_TABLES: &[&str] = &[
    "organizations",
    "memberships",
    "invitations",
    "audit_log",
    "projects",
    "project_members",
    "annotation_ui_versions",
    "guideline_versions",
    "items",
    "annotations",
    "reviews",
    "leases",
    "item_skips",
    "review_leases",
    "review_skips",
    "release_chunks",
    "releases",
    "release_parts",
    "webhooks",
    "webhook_deliveries",
    "webhook_attempts",
    "predictions",
];

/// What one organization holds after [`fill`].
struct Tenant {
    organization: Id,
    project: String,
    owner: Client,
    item: Id,
    invitation_token: String,
}

/// An organization with a row in most tenant tables, made over HTTP: members,
/// an invitation, a project with its UI and guideline, items, annotations, a
/// review, a lease and a skip.
async fn fill(server: &TestServer, name: &str) -> Tenant {
    let owner = server.sign_up(&format!("{name}-owner")).await;
    let organization = server.organization(&owner, name).await;
    let annotator = server
        .member(
            &owner,
            &organization,
            &format!("{name}-annotator"),
            "annotator",
        )
        .await;
    let reviewer = server
        .member(
            &owner,
            &organization,
            &format!("{name}-reviewer"),
            "reviewer",
        )
        .await;
    let project = project_with_ui(&owner, &organization, "p", 1, sentiment_schema()).await;
    owner
        .put(
            &format!("/projects/{project}/guideline"),
            json!({ "text": "Label the sentiment.", "annotation_ui_version": 1 }),
        )
        .await
        .assert_status(200);
    assign(&owner, &project, &annotator).await;
    assign(&owner, &project, &reviewer).await;
    let items = import_texts(
        &owner,
        &project,
        &[("a", "good"), ("b", "bad"), ("c", "so-so"), ("d", "fine")],
    )
    .await;
    let first = label(&annotator, &items[0], "positive").await;
    let second = label(&annotator, &items[1], "negative").await;
    review(&reviewer, &first, "accept", "")
        .await
        .assert_status(201);
    owner
        .post(
            &format!("/projects/{project}/predictions"),
            json!({ "predictions": [{ "external_id": "a", "model": "m", "model_version": "1", "value": { "sentiment": "positive" } }] }),
        )
        .await
        .assert_status(200);
    // A webhook whose name resolves to loopback: each attempt is refused at
    // once, and logged.
    let webhook = owner
        .post(
            &format!("/organizations/{organization}/webhooks"),
            json!({ "url": "http://localhost:9/hook", "events": ["release.created"] }),
        )
        .await;
    webhook.assert_status(201);
    let webhook = webhook.id("webhook");
    owner
        .post(
            &format!("/projects/{project}/releases"),
            json!({ "name": "v1" }),
        )
        .await
        .assert_status(201);
    let deliveries = format!("/organizations/{organization}/webhooks/{webhook}/deliveries");
    let event = owner.get(&deliveries).await.body["deliveries"][0]["event_id"]
        .as_str()
        .expect("the release's delivery")
        .to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while owner.get(&format!("{deliveries}/{event}")).await.body["attempts"]
        .as_array()
        .is_none_or(Vec::is_empty)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the delivery worker attempts the delivery"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // A lease and a skip in each queue.
    annotator
        .post(&format!("/items/{}/skip", items[3]), json!({}))
        .await
        .assert_status(204);
    annotator
        .post(&format!("/projects/{project}/queue/next"), json!({}))
        .await
        .assert_status(200);
    reviewer
        .post(&format!("/projects/{project}/review-queue/next"), json!({}))
        .await
        .assert_status(200);
    owner
        .post(&format!("/annotations/{second}/skip-review"), json!({}))
        .await
        .assert_status(204);
    let invited = owner
        .post(
            &format!("/organizations/{organization}/invitations"),
            json!({ "email": format!("{name}-invited@example.com"), "role": "reviewer" }),
        )
        .await;
    invited.assert_status(201);
    Tenant {
        organization: id(&organization),
        project: project.clone(),
        owner,
        item: id(&items[2]),
        invitation_token: invited.body["token"].as_str().expect("token").to_owned(),
    }
}

/// An id as the API writes it.
fn id(text: &str) -> Id {
    Id(text.parse().expect("a UUID"))
}

/// Counts what `sql` finds in a transaction of the server's pool begun for `tenancy`.
async fn count_as(server: &TestServer, tenancy: Tenancy, sql: &str) -> i64 {
    let mut tx = server.db().read(tenancy).await.expect("a transaction");
    sqlx::query_scalar(sql)
        .fetch_one(postgres(&mut tx))
        .await
        .expect(sql)
}

/// The PostgreSQL connection of a transaction.
fn postgres(tx: &mut Tx) -> &mut sqlx::PgConnection {
    match tx.conn() {
        Conn::Postgres(conn) => conn,
        Conn::Sqlite(_) => panic!("a PostgreSQL server"),
    }
}

/// The rows of `table` that belong to `organization`, counted as the owner.
async fn owned_rows(server: &TestServer, table: &str, organization: Id) -> i64 {
    let column = if table == "organizations" {
        "id"
    } else {
        "organization_id"
    };
    server
        .count(&format!(
            "SELECT COUNT(*) FROM {table} WHERE {column} = '{}'",
            organization.0
        ))
        .await
}

/// A server on PostgreSQL whose pool holds one connection, so that every
/// transaction of a test runs on the same one; `None` when PostgreSQL is not
/// among the selected backends.
async fn postgres_server() -> Option<TestServer> {
    if !TestBackend::Postgres.selected() {
        return None;
    }
    let server = TestServer::start_with(TestBackend::Postgres, |config| {
        config.database.database_max_connections = 1;
    })
    .await;
    Some(server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfiltered_statements_see_and_change_only_the_organization_of_the_transaction() {
    let Some(server) = postgres_server().await else {
        return;
    };
    let a = fill(&server, "alpha").await;
    let b = fill(&server, "beta").await;
    for table in TENANT_TABLES {
        let of_a = owned_rows(&server, table, a.organization).await;
        let of_b = owned_rows(&server, table, b.organization).await;
        assert!(
            of_a > 0 && of_b > 0,
            "{table}: both organizations have rows"
        );
        let seen = count_as(
            &server,
            Tenancy::Organization(a.organization),
            &format!("SELECT COUNT(*) FROM {table}"),
        )
        .await;
        assert_eq!(seen, of_a, "{table}: SELECT * sees alpha's rows alone");
    }

    // An UPDATE and a DELETE without WHERE, committed in alpha's transaction.
    let mut tx = server
        .db()
        .begin(Tenancy::Organization(a.organization))
        .await
        .expect("a transaction");
    let conn = postgres(&mut tx);
    let updated = conn
        .execute("UPDATE items SET external_id = external_id || '-changed'")
        .await
        .expect("update")
        .rows_affected();
    let deleted = conn
        .execute("DELETE FROM reviews")
        .await
        .expect("delete")
        .rows_affected();
    tx.commit().await.expect("commit");
    assert_eq!(updated as i64, 4, "alpha's items changed");
    assert_eq!(deleted as i64, 1, "alpha's review deleted");
    let beta = b.organization.0;
    assert_eq!(
        server
            .count(&format!(
                "SELECT COUNT(*) FROM items WHERE organization_id = '{beta}' AND external_id NOT LIKE '%-changed'"
            ))
            .await,
        4,
        "beta's items are as they were"
    );
    assert_eq!(owned_rows(&server, "reviews", b.organization).await, 1);

    // No row moves into another organization, nor is written there.
    let mut tx = server
        .db()
        .begin(Tenancy::Organization(a.organization))
        .await
        .expect("a transaction");
    let conn = postgres(&mut tx);
    let moved = conn
        .execute(sqlx::query("UPDATE items SET organization_id = $1").bind(b.organization))
        .await
        .expect_err("moving a row out of the organization is refused");
    let code = moved
        .as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.into_owned());
    assert_eq!(code.as_deref(), Some("42501"), "{moved}");
    drop(tx);

    // The tenancy ends with its transaction: the pool's one connection, used
    // next for no organization, sees no tenant row.
    for table in TENANT_TABLES {
        let seen = count_as(
            &server,
            Tenancy::AccountTables,
            &format!("SELECT COUNT(*) FROM {table}"),
        )
        .await;
        assert_eq!(seen, 0, "{table}: nothing without an organization");
    }
    let setting = count_as(
        &server,
        Tenancy::AccountTables,
        "SELECT COUNT(*) FROM (SELECT current_setting('app.organization_id', true) AS s) t WHERE s <> ''",
    )
    .await;
    assert_eq!(setting, 0, "no organization is left set on the connection");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_narrow_policies_let_through_only_what_they_name() {
    let Some(server) = postgres_server().await else {
        return;
    };
    let a = fill(&server, "alpha").await;
    let b = fill(&server, "beta").await;
    let items_of = |organization: Id| {
        format!(
            "SELECT COUNT(*) FROM items WHERE organization_id = '{}'",
            organization.0
        )
    };

    // A path's item opens its own organization, and only that.
    let row = Tenancy::OrganizationOfRow(PathRow::Item(b.item));
    assert_eq!(
        count_as(&server, row.clone(), "SELECT COUNT(*) FROM items").await,
        4
    );
    assert_eq!(count_as(&server, row, &items_of(a.organization)).await, 0);
    let unknown = Tenancy::OrganizationOfRow(PathRow::Item(Id::new()));
    assert_eq!(
        count_as(&server, unknown, "SELECT COUNT(*) FROM items").await,
        0
    );

    // An invitation's token opens its organization; another string, nothing.
    let hash = labelwell_server::secrets::sha256_hex(&b.invitation_token);
    let invited = Tenancy::OrganizationOfInvitation(hash);
    assert_eq!(
        count_as(&server, invited, &items_of(b.organization)).await,
        4
    );
    let forged = Tenancy::OrganizationOfInvitation("' OR true --".to_owned());
    assert_eq!(
        count_as(&server, forged.clone(), "SELECT COUNT(*) FROM items").await,
        0
    );
    assert_eq!(
        count_as(&server, forged, "SELECT COUNT(*) FROM invitations").await,
        0
    );

    // An account reads its own memberships and organizations, no tenant data.
    let owner_a = id(&a.owner.user_id());
    let account = Tenancy::Account(owner_a);
    assert_eq!(
        count_as(&server, account.clone(), "SELECT COUNT(*) FROM memberships").await,
        1
    );
    assert_eq!(
        count_as(
            &server,
            account.clone(),
            "SELECT COUNT(*) FROM organizations"
        )
        .await,
        1
    );
    assert_eq!(
        count_as(&server, account.clone(), "SELECT COUNT(*) FROM items").await,
        0
    );
    assert_eq!(
        count_as(&server, account, "SELECT COUNT(*) FROM projects").await,
        0
    );

    // A membership opens its organization; naming another one opens none.
    let member = Tenancy::MembershipOf {
        account: owner_a,
        organization: a.organization,
    };
    assert_eq!(
        count_as(&server, member, &items_of(a.organization)).await,
        4
    );
    let stranger = Tenancy::MembershipOf {
        account: owner_a,
        organization: b.organization,
    };
    assert_eq!(
        count_as(&server, stranger.clone(), "SELECT COUNT(*) FROM items").await,
        0
    );
    let beta = format!(
        "SELECT COUNT(*) FROM organizations WHERE id = '{}'",
        b.organization.0
    );
    assert_eq!(count_as(&server, stranger, &beta).await, 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_role_owns_nothing_and_every_tenant_table_is_forced() {
    let Some(server) = postgres_server().await else {
        return;
    };
    let Db::Postgres(pool) = server.db() else {
        panic!("PostgreSQL");
    };
    let acting: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(pool)
        .await
        .expect("current_user");
    assert_eq!(
        acting, "labelwell_app",
        "the server's sessions act as its role"
    );
    let (superuser, bypass, login): (bool, bool, bool) = sqlx::query_as(
        "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'labelwell_app'",
    )
    .fetch_one(pool)
    .await
    .expect("the role");
    assert!(
        !superuser && !bypass && !login,
        "an unprivileged group role"
    );
    let owned: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_class WHERE relowner = 'labelwell_app'::regrole",
    )
    .fetch_one(pool)
    .await
    .expect("pg_class");
    assert_eq!(owned, 0, "the role owns no table, index or sequence");
    for table in TENANT_TABLES {
        let (enabled, forced, policies): (bool, bool, i64) = sqlx::query_as(
            "SELECT c.relrowsecurity, c.relforcerowsecurity,
                    (SELECT COUNT(*) FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'organization_rows')
             FROM pg_class c WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace",
        )
        .bind(table)
        .fetch_one(pool)
        .await
        .expect(table);
        assert!(
            enabled && forced,
            "{table}: row-level security enabled and forced"
        );
        assert_eq!(policies, 1, "{table}: the organization policy");
    }
    // Every table with an organization column is in the list above, or is
    // the one account table that names an organization (a token's binding).
    let unlisted: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id'
         WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
           AND c.relname <> ALL($1) AND c.relname <> 'api_tokens'",
    )
    .bind(TENANT_TABLES)
    .fetch_all(pool)
    .await
    .expect("tables");
    assert!(
        unlisted.is_empty(),
        "tenant tables without row-level security: {unlisted:?}"
    );
    server.stop().await;
}

/// The server as production runs it: its URL's role may log in and is a
/// member of `labelwell_app`, owns nothing and is no superuser; the owner
/// migrates. The whole workflow works, and wrote what it says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_whose_login_role_owns_nothing_serves_the_workflow() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let database = PostgresDatabase::create().await;
    let login = format!("labelwell_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
        .await
        .expect("PostgreSQL");
    // The group role may not exist yet on this cluster: the migration that
    // creates it runs once the server starts.
    admin
        .execute(
            "DO $$ BEGIN CREATE ROLE labelwell_app NOLOGIN;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        )
        .await
        .expect("the group role");
    admin
        .execute(format!("CREATE ROLE {login} LOGIN IN ROLE labelwell_app").as_str())
        .await
        .expect("the login role");
    let owner_url = database.url();
    let login_url = owner_url.replacen("postgres@", &format!("{login}@"), 1);
    assert_ne!(login_url, owner_url, "the test URL names the postgres role");

    let server = TestServer::start_on(&login_url, |config| {
        config.database.database_migration_url = Some(owner_url.clone());
    })
    .await;
    let session_user: String = match server.db() {
        Db::Postgres(pool) => sqlx::query_scalar("SELECT session_user::text")
            .fetch_one(pool)
            .await
            .expect("session_user"),
        Db::Sqlite(_) => unreachable!("PostgreSQL"),
    };
    assert_eq!(session_user, login);

    let a = fill(&server, "alpha").await;
    let b = fill(&server, "beta").await;
    let project = &a.project;
    let export = a
        .owner
        .get(&format!("/projects/{project}/export?format=jsonl"))
        .await;
    export.assert_status(200);
    let stats = a.owner.get(&format!("/projects/{project}/stats")).await;
    stats.assert_status(200);
    assert_eq!(stats.body["stats"]["items"]["total"], 4, "{}", stats.body);
    // The invited account signs up with its token and joins beta.
    let joined = server
        .anonymous()
        .post(
            "/auth/signup",
            json!({
                "email": "beta-invited@example.com", "password": PASSWORD,
                "name": "Invited", "invitation_token": b.invitation_token,
            }),
        )
        .await;
    joined.assert_status(201);
    let organizations = a.owner.get("/me/organizations").await;
    organizations.assert_status(200);
    assert_eq!(
        organizations.body["organizations"].as_array().map(Vec::len),
        Some(1)
    );
    // Alpha's owner reaches none of beta's items through any path.
    a.owner
        .get(&format!("/items/{}", b.item.0))
        .await
        .assert_status(404);
    assert_eq!(
        server
            .count(&format!(
                "SELECT COUNT(*) FROM memberships WHERE organization_id = '{}'",
                b.organization.0
            ))
            .await,
        4,
        "beta: its owner, its annotator, and the invited account"
    );

    server.stop().await;
    drop(database);
    admin
        .execute(format!("DROP ROLE {login}").as_str())
        .await
        .expect("the login role goes");
    let _ = admin.close().await;
}
