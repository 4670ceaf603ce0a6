//! The `items` table, and the queries on item JSON that differ by backend.

use labelwell_transport::FieldKind;
use sqlx::types::Json;

use super::{Id, Ts, Tx};

/// A row of `items`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    /// Primary key; time-ordered.
    pub id: Id,
    /// The project.
    pub project_id: Id,
    /// The caller's key.
    pub external_id: String,
    /// What is annotated.
    pub data: Json<serde_json::Value>,
    /// The caller's extra data.
    pub metadata: Json<serde_json::Value>,
    /// The workflow status.
    pub status: super::types::DbItemStatus,
    /// Number of annotations.
    pub annotation_count: i64,
    /// First import.
    pub created_at: Ts,
    /// Last change of the item, its annotations or reviews.
    pub updated_at: Ts,
}

/// The columns of [`ItemRow`], for queries on `items i`.
pub const ITEM_COLUMNS: &str = "i.id, i.project_id, i.external_id, i.data, i.metadata, i.status, i.annotation_count, i.created_at, i.updated_at";

/// The external ids of (up to `limit`) items of a project whose `data` lacks
/// `field` or holds a value of another kind. `field` is an identifier (checked
/// by the schema rules), so it can be part of an SQLite JSON path.
pub async fn items_lacking_field(
    tx: &mut Tx,
    project_id: Id,
    field: &str,
    kind: FieldKind,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    match tx {
        Tx::Postgres(tx) => {
            let allowed = match kind {
                FieldKind::Text | FieldKind::Image | FieldKind::Audio => "('string')",
                FieldKind::Number => "('number')",
                FieldKind::Json => "('string', 'number', 'object', 'array', 'boolean', 'null')",
            };
            let sql = format!(
                "SELECT external_id FROM items
                 WHERE project_id = $1 AND COALESCE(jsonb_typeof(data -> $2), 'missing') NOT IN {allowed}
                 ORDER BY id LIMIT $3"
            );
            sqlx::query_scalar(&sql)
                .bind(project_id)
                .bind(field)
                .bind(limit)
                .fetch_all(&mut **tx)
                .await
        }
        Tx::Sqlite(tx) => {
            let allowed = match kind {
                FieldKind::Text | FieldKind::Image | FieldKind::Audio => "('text')",
                FieldKind::Number => "('integer', 'real')",
                FieldKind::Json => {
                    "('text', 'integer', 'real', 'object', 'array', 'true', 'false', 'null')"
                }
            };
            let sql = format!(
                "SELECT external_id FROM items
                 WHERE project_id = $1 AND COALESCE(json_type(data, '$.\"' || $2 || '\"'), 'missing') NOT IN {allowed}
                 ORDER BY id LIMIT $3"
            );
            sqlx::query_scalar(&sql)
                .bind(project_id)
                .bind(field)
                .bind(limit)
                .fetch_all(&mut **tx)
                .await
        }
    }
}
