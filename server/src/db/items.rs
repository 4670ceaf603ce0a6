//! The `items` table, and the queries on item JSON that differ by backend.

use labelwell_transport::FieldKind;
use sqlx::types::Json;
use sqlx::{Database, Encode, QueryBuilder, Type};
use uuid::Uuid;

use super::types::DbItemStatus;
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

/// Every item of project `$1` as a range of the index on `(project_id, id)`,
/// for queries on `items i` ordered by [`BY_PROJECT_AND_ID`]; see [`push_items_of_project`].
pub const OF_PROJECT: &str = "(i.project_id, i.id) > ($1, '00000000-0000-0000-0000-000000000000')
     AND (i.project_id, i.id) <= ($1, 'ffffffff-ffff-ffff-ffff-ffffffffffff')";

/// The order of the items of one project by id, as the index on `(project_id, id)` holds them.
pub const BY_PROJECT_AND_ID: &str = " ORDER BY i.project_id, i.id";

/// Restricts a query on `items i` to the items of a project (of one status)
/// after the item `after`, in id order; returns the ORDER BY to append.
///
/// Written as row comparisons bounded on both sides, not as `project_id = ?
/// AND id > ? ORDER BY id`: PostgreSQL's planner takes a project's items for
/// spread evenly over the ids, which are in creation order, so it reads such
/// a page off the primary key and filters out, one by one, every item of the
/// projects created since (over 100 ms a page, or a lease, once another
/// project holds a million items, statistics fresh or not). The bounds are
/// one range of `(project_id, id)`, or `(project_id, status, id)`, which no
/// other index can serve.
pub fn push_items_of_project<'args, DB: Database>(
    sql: &mut QueryBuilder<'args, DB>,
    project_id: Id,
    status: Option<DbItemStatus>,
    after: Option<Id>,
) -> &'static str
where
    Id: Encode<'args, DB> + Type<DB>,
    DbItemStatus: Encode<'args, DB> + Type<DB>,
{
    let (key, order) = match status {
        Some(_) => (
            "(i.project_id, i.status, i.id)",
            " ORDER BY i.project_id, i.status, i.id",
        ),
        None => ("(i.project_id, i.id)", BY_PROJECT_AND_ID),
    };
    let bounds = [
        (" > (", after.unwrap_or(Id(Uuid::nil()))),
        (" <= (", Id(Uuid::max())),
    ];
    for (n, (comparison, id)) in bounds.into_iter().enumerate() {
        if n > 0 {
            sql.push(" AND ");
        }
        sql.push(key).push(comparison).push_bind(project_id);
        if let Some(status) = status {
            sql.push(", ").push_bind(status);
        }
        sql.push(", ").push_bind(id).push(")");
    }
    order
}

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
                "SELECT i.external_id FROM items i
                 WHERE {OF_PROJECT} AND COALESCE(jsonb_typeof(i.data -> $2), 'missing') NOT IN {allowed}
                 {BY_PROJECT_AND_ID} LIMIT $3"
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
                "SELECT i.external_id FROM items i
                 WHERE {OF_PROJECT} AND COALESCE(json_type(i.data, '$.\"' || $2 || '\"'), 'missing') NOT IN {allowed}
                 {BY_PROJECT_AND_ID} LIMIT $3"
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

/// An item to write by [`upsert_items`].
#[derive(Debug)]
pub struct NewItem<'a> {
    /// The id it gets if it is new.
    pub id: Id,
    /// The caller's key; an item of the project with this key is updated instead.
    pub external_id: &'a str,
    /// Its data, as JSON text.
    pub data: &'a str,
    /// Its metadata, as JSON text.
    pub metadata: &'a str,
}

/// How a run of [`upsert_items`] calls writes: fresh items go in with a plain
/// INSERT, much cheaper than an upsert on PostgreSQL, until one batch names an
/// existing item; from then on every batch is an upsert.
#[derive(Debug)]
pub struct UpsertMode {
    plain_first: bool,
}

impl Default for UpsertMode {
    fn default() -> Self {
        UpsertMode { plain_first: true }
    }
}

/// Inserts items into a project, or updates the data and metadata of those
/// whose `external_id` exists; returns how many it inserted. `items` must not
/// repeat an `external_id`. On PostgreSQL the rows travel as four arrays
/// through `UNNEST` (a handful of parameters and one plan, whatever the batch
/// size), first as a plain INSERT under a savepoint (see [`UpsertMode`]);
/// SQLite takes a multi-row `VALUES` upsert.
///
/// An upsert returns the id of every row it wrote: a row it inserted has the
/// id given here, a row it updated keeps its own. Counting that way costs
/// nothing more and holds under concurrent imports, where counting the
/// project's items before and after would not (and would read the whole
/// project twice per request).
pub async fn upsert_items(
    tx: &mut Tx,
    project_id: Id,
    items: &[NewItem<'_>],
    now: Ts,
    mode: &mut UpsertMode,
) -> Result<u64, sqlx::Error> {
    const ON_CONFLICT: &str = " ON CONFLICT (project_id, external_id) DO UPDATE
        SET data = excluded.data, metadata = excluded.metadata, updated_at = excluded.updated_at
        RETURNING id";
    let inserted = |written: Vec<Id>| -> u64 {
        let given: std::collections::HashSet<Id> = items.iter().map(|item| item.id).collect();
        written.iter().filter(|id| given.contains(id)).count() as u64
    };
    match tx {
        Tx::Postgres(tx) => {
            let insert = "INSERT INTO items (id, project_id, external_id, data, metadata, status, annotation_count,
                                             created_at, updated_at)
                 SELECT u.id, $1, u.external_id, CAST(u.data AS jsonb), CAST(u.metadata AS jsonb), 'new', 0, $2, $2
                 FROM UNNEST($3::uuid[], $4::text[], $5::text[], $6::text[]) AS u(id, external_id, data, metadata)";
            let ids: Vec<uuid::Uuid> = items.iter().map(|item| item.id.0).collect();
            let external_ids: Vec<&str> = items.iter().map(|item| item.external_id).collect();
            let data: Vec<&str> = items.iter().map(|item| item.data).collect();
            let metadata: Vec<&str> = items.iter().map(|item| item.metadata).collect();
            if mode.plain_first {
                sqlx::query("SAVEPOINT items_batch")
                    .execute(&mut **tx)
                    .await?;
                let plain = sqlx::query(insert)
                    .bind(project_id)
                    .bind(now)
                    .bind(&ids)
                    .bind(&external_ids)
                    .bind(&data)
                    .bind(&metadata)
                    .execute(&mut **tx)
                    .await;
                match plain {
                    Ok(done) => {
                        sqlx::query("RELEASE SAVEPOINT items_batch")
                            .execute(&mut **tx)
                            .await?;
                        return Ok(done.rows_affected());
                    }
                    Err(error) if super::is_unique_violation(&error) => {
                        sqlx::query("ROLLBACK TO SAVEPOINT items_batch")
                            .execute(&mut **tx)
                            .await?;
                        mode.plain_first = false;
                    }
                    Err(error) => return Err(error),
                }
            }
            let written = sqlx::query_scalar(&format!("{insert}{ON_CONFLICT}"))
                .bind(project_id)
                .bind(now)
                .bind(&ids)
                .bind(&external_ids)
                .bind(&data)
                .bind(&metadata)
                .fetch_all(&mut **tx)
                .await?;
            Ok(inserted(written))
        }
        Tx::Sqlite(tx) => {
            let mut query = QueryBuilder::new(
                "INSERT INTO items (id, project_id, external_id, data, metadata, status, annotation_count, created_at, updated_at) ",
            );
            query.push_values(items, |mut row, item| {
                row.push_bind(item.id)
                    .push_bind(project_id)
                    .push_bind(item.external_id)
                    .push_bind(item.data)
                    .push_bind(item.metadata)
                    .push("'new', 0")
                    .push_bind(now)
                    .push_bind(now);
            });
            query.push(ON_CONFLICT);
            let written = query.build_query_scalar().fetch_all(&mut **tx).await?;
            Ok(inserted(written))
        }
    }
}
