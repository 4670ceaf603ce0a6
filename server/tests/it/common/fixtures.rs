//! What many tests set up the same way, over HTTP as a client would: projects
//! with their annotation UI, assignments, imports, annotations and reviews;
//! and a snapshot of every row the API writes.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Answer, Client, TestServer};

/// The annotation UI of most tests: the item field `text` and one sentiment question.
pub fn sentiment_schema() -> Value {
    json!({
        "fields": [{ "name": "text" }],
        "questions": [{ "name": "sentiment", "type": "single_label", "labels": ["positive", "negative"] }]
    })
}

/// Creates a project of `org` as `creator`, with `overlap`, and returns its id.
pub async fn create_project(creator: &Client, org: &str, name: &str, overlap: u32) -> String {
    let created = creator
        .post(
            &format!("/organizations/{org}/projects"),
            json!({ "name": name, "overlap": overlap }),
        )
        .await;
    created.assert_status(201);
    created.id("project")
}

/// A project of `org` with `schema` published as its annotation UI (version 1).
pub async fn project_with_ui(
    creator: &Client,
    org: &str,
    name: &str,
    overlap: u32,
    schema: Value,
) -> String {
    let project = create_project(creator, org, name, overlap).await;
    creator
        .put(
            &format!("/projects/{project}/annotation-ui"),
            json!({ "schema": schema }),
        )
        .await
        .assert_status(200);
    project
}

/// Assigns `member` to `project`.
pub async fn assign(manager: &Client, project: &str, member: &Client) {
    manager
        .post(
            &format!("/projects/{project}/members"),
            json!({ "user_id": member.user_id() }),
        )
        .await
        .assert_status(201);
}

/// Imports one item per `(external_id, text)` and returns their ids in that order.
pub async fn import_texts(client: &Client, project: &str, texts: &[(&str, &str)]) -> Vec<String> {
    let items: Vec<Value> = texts
        .iter()
        .map(|(external_id, text)| json!({ "external_id": external_id, "data": { "text": text } }))
        .collect();
    client
        .post(
            &format!("/projects/{project}/items"),
            json!({ "items": items }),
        )
        .await
        .assert_status(200);
    let by_external_id = item_ids(client, project).await;
    texts
        .iter()
        .map(|(external_id, _)| {
            by_external_id
                .get(*external_id)
                .unwrap_or_else(|| panic!("{external_id} was imported"))
                .clone()
        })
        .collect()
}

/// Every item of a project (its first thousand), by external id.
pub async fn item_ids(client: &Client, project: &str) -> HashMap<String, String> {
    let listed = client
        .get(&format!("/projects/{project}/items?limit=1000"))
        .await;
    listed.assert_status(200);
    listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                item["external_id"]
                    .as_str()
                    .expect("external_id")
                    .to_owned(),
                item["id"].as_str().expect("id").to_owned(),
            )
        })
        .collect()
}

/// Annotates `item` with `value` and returns the annotation's id.
pub async fn annotate(client: &Client, item: &str, value: Value) -> String {
    let created = client
        .post(
            &format!("/items/{item}/annotations"),
            json!({ "value": value }),
        )
        .await;
    created.assert_status(201);
    created.id("annotation")
}

/// Annotates `item` with a sentiment and returns the annotation's id.
pub async fn label(client: &Client, item: &str, sentiment: &str) -> String {
    annotate(client, item, json!({ "sentiment": sentiment })).await
}

/// Reviews `annotation` with `verdict` and `comment`.
pub async fn review(client: &Client, annotation: &str, verdict: &str, comment: &str) -> Answer {
    client
        .post(
            &format!("/annotations/{annotation}/reviews"),
            json!({ "verdict": verdict, "comment": comment }),
        )
        .await
}

impl TestServer {
    /// Every row the API can write, as sorted text, to show that a request
    /// wrote nothing: equal before and after.
    pub async fn rows(&self) -> Vec<String> {
        const QUERIES: &[&str] = &[
            "SELECT 'u|' || CAST(id AS TEXT) || '|' || email || '|' || name || '|' || CAST(updated_at AS TEXT) FROM users",
            "SELECT 'o|' || CAST(id AS TEXT) || '|' || name || '|' || CAST(updated_at AS TEXT) FROM organizations",
            "SELECT 'm|' || CAST(organization_id AS TEXT) || '|' || CAST(user_id AS TEXT) || '|' || role || '|' || CAST(updated_at AS TEXT) FROM memberships",
            "SELECT 'i|' || CAST(id AS TEXT) || '|' || COALESCE(CAST(accepted_at AS TEXT), '-') || '|' || COALESCE(CAST(revoked_at AS TEXT), '-') FROM invitations",
            "SELECT 't|' || CAST(id AS TEXT) || '|' || name || '|' || COALESCE(CAST(revoked_at AS TEXT), '-') FROM api_tokens",
            "SELECT 'a|' || CAST(id AS TEXT) FROM audit_log",
            "SELECT 'p|' || CAST(id AS TEXT) || '|' || name || '|' || description || '|' || COALESCE(CAST(archived_at AS TEXT), '-') || '|' || CAST(annotation_ui_version AS TEXT) || '|' || CAST(guideline_version AS TEXT) || '|' || CAST(updated_at AS TEXT) FROM projects",
            "SELECT 'pm|' || CAST(project_id AS TEXT) || '|' || CAST(user_id AS TEXT) FROM project_members",
            "SELECT 'it|' || CAST(id AS TEXT) || '|' || CAST(metadata AS TEXT) || '|' || status || '|' || CAST(updated_at AS TEXT) FROM items",
            "SELECT 'an|' || CAST(id AS TEXT) || '|' || CAST(value AS TEXT) || '|' || review_status || '|' || CAST(updated_at AS TEXT) FROM annotations",
            "SELECT 'r|' || CAST(id AS TEXT) FROM reviews",
            "SELECT 'l|' || CAST(item_id AS TEXT) || '|' || CAST(annotator_id AS TEXT) || '|' || CAST(expires_at AS TEXT) FROM leases",
            "SELECT 'is|' || CAST(item_id AS TEXT) || '|' || CAST(annotator_id AS TEXT) FROM item_skips",
            "SELECT 'rl|' || CAST(annotation_id AS TEXT) || '|' || CAST(reviewer_id AS TEXT) || '|' || CAST(expires_at AS TEXT) FROM review_leases",
            "SELECT 'rs|' || CAST(annotation_id AS TEXT) || '|' || CAST(reviewer_id AS TEXT) FROM review_skips",
            "SELECT 'uv|' || CAST(project_id AS TEXT) || '|' || CAST(version AS TEXT) FROM annotation_ui_versions",
            "SELECT 'gv|' || CAST(project_id AS TEXT) || '|' || CAST(version AS TEXT) FROM guideline_versions",
            "SELECT 'w|' || CAST(id AS TEXT) || '|' || url || '|' || COALESCE(description, '-') || '|' || CAST(active AS TEXT) || '|' || secret || '|' || CAST(updated_at AS TEXT) FROM webhooks",
            "SELECT 'pr|' || CAST(id AS TEXT) || '|' || CAST(value AS TEXT) || '|' || CAST(updated_at AS TEXT) FROM predictions",
            // Not the attempts: the delivery worker makes them while the matrix runs.
            "SELECT 'wd|' || CAST(webhook_id AS TEXT) || '|' || CAST(event_id AS TEXT) FROM webhook_deliveries",
        ];
        let mut rows = Vec::new();
        for query in QUERIES {
            let found: Vec<String> = match self.owner_db() {
                labelwell_server::db::Db::Sqlite(pool) => sqlx::query_scalar(query)
                    .fetch_all(pool)
                    .await
                    .expect("snapshot"),
                labelwell_server::db::Db::Postgres(pool) => sqlx::query_scalar(query)
                    .fetch_all(pool)
                    .await
                    .expect("snapshot"),
            };
            rows.extend(found);
        }
        rows.sort();
        rows
    }
}
