//! Reading and writing items.

use labelwell_transport::{FieldKind, Item, ItemListQuery, ItemStatus, JsonValue};
use sqlx::QueryBuilder;
use sqlx::types::Json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{ProjectPermit, perm};
use crate::db::items::{
    BY_PROJECT_AND_ID, ITEM_COLUMNS, ItemRow, OF_PROJECT, push_items_of_project,
};
use crate::db::types::DbItemStatus;
use crate::db::{Conn, Db, Id, Ts, is_unique_violation, with_conn};
use crate::error::{Error, Result};
use crate::rfc3339;

/// The transport form of an item row.
pub fn item_from_row(row: ItemRow) -> Item {
    Item {
        id: row.id.0,
        project_id: row.project_id.0,
        external_id: row.external_id,
        data: row.data.0.into(),
        metadata: row.metadata.0.into(),
        status: row.status.0,
        annotation_count: u32::try_from(row.annotation_count).unwrap_or(u32::MAX),
        priority: row.priority,
        created_at: row.created_at.get(),
        updated_at: row.updated_at.get(),
    }
}

/// One item of the permit's project.
pub async fn find_item(
    db: &Db,
    permit: &ProjectPermit<perm::ItemRead>,
    item_id: Id,
) -> Result<Item> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM items i WHERE i.id = $1 AND i.project_id = $2");
    let row: Option<ItemRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(item_id)
            .bind(permit.project().id)
            .fetch_optional(conn)
            .await?
    });
    row.map(item_from_row).ok_or(Error::NotFound("item"))
}

/// Where a page of items starts: after an id, or (when listing changes since a
/// time) after a change time and id.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum ItemCursor {
    ById(Uuid),
    ByChange(String, Uuid),
}

/// A page of the permit's project's items, filtered by status, change time and
/// external id.
/// Without `updated_after` items come in id (import) order; with it, in change
/// order, so that a pipeline can pull what changed since its last pull.
pub async fn list_items(
    db: &Db,
    permit: &ProjectPermit<perm::ItemRead>,
    query: &ItemListQuery,
    page: &PageRequest,
) -> Result<Page<Item>> {
    let by_change = query.updated_after.is_some();
    let after: Option<ItemCursor> = page.after()?;
    let after = match (after, by_change) {
        (None, _) => None,
        (Some(ItemCursor::ById(id)), false) => Some((None, id)),
        (Some(ItemCursor::ByChange(at, id)), true) => {
            let at = OffsetDateTime::parse(&at, &Rfc3339)
                .ok()
                .and_then(|at| Ts::try_from(at).ok())
                .ok_or_else(invalid_cursor)?;
            Some((Some(at), id))
        }
        _ => return Err(invalid_cursor()),
    };
    let updated_after = query
        .updated_after
        .map(|time| super::client_time("updated_after", time))
        .transpose()?;
    let project_id = permit.project().id;
    let status = query.status.map(DbItemStatus);
    let rows: Vec<ItemRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        let mut sql = QueryBuilder::new(format!("SELECT {ITEM_COLUMNS} FROM items i WHERE "));
        // An external id names at most one item: its unique index finds it
        // whatever the other bounds.
        if let Some(external_id) = &query.external_id {
            sql.push("i.external_id = ")
                .push_bind(external_id.as_str())
                .push(" AND ");
        }
        let order = match updated_after {
            None => {
                push_items_of_project(&mut sql, project_id, status, after.map(|(_, id)| Id(id)))
            }
            // Changes come by (updated_at, id), off the index on (project_id, updated_at, id).
            Some(updated_after) => {
                sql.push("i.project_id = ").push_bind(project_id);
                if let Some(status) = status {
                    sql.push(" AND i.status = ").push_bind(status);
                }
                sql.push(" AND i.updated_at > ").push_bind(updated_after);
                if let Some((Some(at), id)) = after {
                    sql.push(" AND (i.updated_at, i.id) > (")
                        .push_bind(at)
                        .push(", ")
                        .push_bind(Id(id))
                        .push(")");
                }
                " ORDER BY i.updated_at, i.id"
            }
        };
        sql.push(order)
            .push(" LIMIT ")
            .push_bind(page.fetch_limit());
        sql.build_query_as().fetch_all(conn).await?
    });
    Ok(page.page(
        rows,
        |row| match by_change {
            true => ItemCursor::ByChange(rfc3339::format(row.updated_at.get()), row.id.0),
            false => ItemCursor::ById(row.id.0),
        },
        item_from_row,
    ))
}

fn invalid_cursor() -> Error {
    Error::invalid(
        "cursor",
        "invalid",
        "is not a cursor of this list (with these filters)",
    )
}

/// The external ids of (up to `limit`) items of a project whose `data` lacks
/// `field` or holds a value of another kind. `field` is an identifier (checked
/// by the schema rules), so it can be part of an SQLite JSON path.
pub async fn items_lacking_field(
    conn: Conn<'_>,
    project_id: Id,
    field: &str,
    kind: FieldKind,
    limit: i64,
) -> Result<Vec<String>> {
    Ok(match conn {
        Conn::Postgres(conn) => {
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
                .fetch_all(&mut *conn)
                .await?
        }
        Conn::Sqlite(conn) => {
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
                .fetch_all(&mut *conn)
                .await?
        }
    })
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
    conn: Conn<'_>,
    organization_id: Id,
    project_id: Id,
    items: &[NewItem<'_>],
    now: Ts,
    mode: &mut UpsertMode,
) -> Result<u64> {
    match conn {
        Conn::Postgres(conn) => {
            let columns = ItemArrays::of(items);
            if mode.plain_first {
                match insert_fresh_items_postgres(conn, organization_id, project_id, &columns, now)
                    .await?
                {
                    Some(inserted) => return Ok(inserted),
                    None => mode.plain_first = false,
                }
            }
            let sql = format!("{INSERT_ITEMS_POSTGRES}{ON_CONFLICT_UPDATE_ITEM}");
            let written: Vec<Id> = sqlx::query_scalar(&sql)
                .bind(project_id)
                .bind(now)
                .bind(&columns.ids)
                .bind(&columns.external_ids)
                .bind(&columns.data)
                .bind(&columns.metadata)
                .bind(organization_id)
                .fetch_all(&mut *conn)
                .await?;
            Ok(count_inserted(items, &written))
        }
        Conn::Sqlite(conn) => {
            let mut query = QueryBuilder::new(
                "INSERT INTO items (id, project_id, external_id, data, metadata, status, annotation_count, created_at, updated_at, organization_id) ",
            );
            query.push_values(items, |mut row, item| {
                row.push_bind(item.id)
                    .push_bind(project_id)
                    .push_bind(item.external_id)
                    .push_bind(item.data)
                    .push_bind(item.metadata)
                    .push("'new', 0")
                    .push_bind(now)
                    .push_bind(now)
                    .push_bind(organization_id);
            });
            query.push(ON_CONFLICT_UPDATE_ITEM);
            let written: Vec<Id> = query.build_query_scalar().fetch_all(&mut *conn).await?;
            Ok(count_inserted(items, &written))
        }
    }
}

/// What makes an insert of items an upsert by `external_id`: it keeps the
/// item's id, status and creation, and returns the id of every row written.
const ON_CONFLICT_UPDATE_ITEM: &str =
    " ON CONFLICT (project_id, external_id, organization_id) DO UPDATE
    SET data = excluded.data, metadata = excluded.metadata, updated_at = excluded.updated_at
    RETURNING id";

/// PostgreSQL's insert of a batch of items, from four arrays (see [`ItemArrays`]).
const INSERT_ITEMS_POSTGRES: &str = "INSERT INTO items (id, project_id, external_id, data, metadata, status, annotation_count,
                                 created_at, updated_at, organization_id)
     SELECT u.id, $1, u.external_id, CAST(u.data AS jsonb), CAST(u.metadata AS jsonb), 'new', 0, $2, $2, $7
     FROM UNNEST($3::uuid[], $4::text[], $5::text[], $6::text[]) AS u(id, external_id, data, metadata)";

/// A batch of items as the columns PostgreSQL's `UNNEST` reads.
struct ItemArrays<'a> {
    ids: Vec<Uuid>,
    external_ids: Vec<&'a str>,
    data: Vec<&'a str>,
    metadata: Vec<&'a str>,
}

impl<'a> ItemArrays<'a> {
    /// The columns of `items`.
    fn of(items: &[NewItem<'a>]) -> Self {
        ItemArrays {
            ids: items.iter().map(|item| item.id.0).collect(),
            external_ids: items.iter().map(|item| item.external_id).collect(),
            data: items.iter().map(|item| item.data).collect(),
            metadata: items.iter().map(|item| item.metadata).collect(),
        }
    }
}

/// Inserts a batch of items none of which exists yet, under a savepoint: how
/// many it inserted, or `None` (and nothing written) when one did exist.
async fn insert_fresh_items_postgres(
    conn: &mut sqlx::PgConnection,
    organization_id: Id,
    project_id: Id,
    columns: &ItemArrays<'_>,
    now: Ts,
) -> Result<Option<u64>> {
    sqlx::query("SAVEPOINT items_batch")
        .execute(&mut *conn)
        .await?;
    let plain = sqlx::query(INSERT_ITEMS_POSTGRES)
        .bind(project_id)
        .bind(now)
        .bind(&columns.ids)
        .bind(&columns.external_ids)
        .bind(&columns.data)
        .bind(&columns.metadata)
        .bind(organization_id)
        .execute(&mut *conn)
        .await;
    match plain {
        Ok(done) => {
            sqlx::query("RELEASE SAVEPOINT items_batch")
                .execute(&mut *conn)
                .await?;
            Ok(Some(done.rows_affected()))
        }
        Err(error) if is_unique_violation(&error) => {
            sqlx::query("ROLLBACK TO SAVEPOINT items_batch")
                .execute(&mut *conn)
                .await?;
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// How many of the rows an upsert wrote (`written`, by id) it inserted: a row
/// it inserted has the id given in `items`, a row it updated keeps its own.
fn count_inserted(items: &[NewItem<'_>], written: &[Id]) -> u64 {
    let given: std::collections::HashSet<Id> = items.iter().map(|item| item.id).collect();
    written.iter().filter(|id| given.contains(id)).count() as u64
}

/// Changes an item's data, metadata or priority (those given) in a project;
/// the item as it is now, or `None` when the project has no such item. A
/// change of data or metadata moves `updated_at`; a priority alone does not
/// (see [`set_priorities_by_external_id`]).
pub async fn update_item(
    conn: Conn<'_>,
    project_id: Id,
    item_id: Id,
    data: Option<JsonValue>,
    metadata: Option<JsonValue>,
    priority: Option<f64>,
    now: Ts,
) -> Result<Option<Item>> {
    let changes_data = data.is_some() || metadata.is_some();
    // SQLite's RETURNING cannot name a table alias, so the columns go unqualified.
    let sql = format!(
        "UPDATE items SET data = COALESCE($1, data), metadata = COALESCE($2, metadata),
             priority = COALESCE($6, priority),
             updated_at = CASE WHEN $7 THEN $3 ELSE updated_at END
         WHERE id = $4 AND project_id = $5
         RETURNING {}",
        ITEM_COLUMNS.replace("i.", "")
    );
    let row: Option<ItemRow> = with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(data.map(Json))
            .bind(metadata.map(Json))
            .bind(now)
            .bind(item_id)
            .bind(project_id)
            .bind(priority)
            .bind(changes_data)
            .fetch_optional(conn)
            .await?
    });
    Ok(row.map(item_from_row))
}

/// Sets the priority of the items of a project named by external id
/// (`(external_id, priority)`, each external id once); the external ids the
/// project has no item of. The statement finds each item by the unique index
/// on `(project_id, external_id, ...)`; PostgreSQL reads the batch as two
/// arrays through `UNNEST`, SQLite as a multi-row `VALUES`. Only when fewer
/// rows changed than were named does a second statement look for the missing.
pub async fn set_priorities_by_external_id(
    mut conn: Conn<'_>,
    project_id: Id,
    priorities: &[(&str, f64)],
) -> Result<Vec<String>> {
    let updated = match conn.reborrow() {
        Conn::Postgres(conn) => {
            let (external_ids, values): (Vec<&str>, Vec<f64>) = priorities.iter().copied().unzip();
            sqlx::query(
                "UPDATE items i SET priority = u.priority
                 FROM UNNEST($2::text[], $3::float8[]) AS u(external_id, priority)
                 WHERE i.project_id = $1 AND i.external_id = u.external_id",
            )
            .bind(project_id)
            .bind(&external_ids)
            .bind(&values)
            .execute(conn)
            .await?
            .rows_affected()
        }
        Conn::Sqlite(conn) => {
            let mut query = QueryBuilder::new("WITH u(external_id, priority) AS (");
            query.push_values(priorities, |mut row, (external_id, priority)| {
                row.push_bind(*external_id).push_bind(*priority);
            });
            query
                .push(
                    ") UPDATE items SET priority = u.priority FROM u
                     WHERE items.project_id = ",
                )
                .push_bind(project_id)
                .push(" AND items.external_id = u.external_id");
            query.build().execute(conn).await?.rows_affected()
        }
    };
    if updated == priorities.len() as u64 {
        return Ok(Vec::new());
    }
    let external_ids: Vec<&str> = priorities
        .iter()
        .map(|(external_id, _)| *external_id)
        .collect();
    let unknown = with_conn!(conn, |conn| {
        let mut query = QueryBuilder::new("WITH named(external_id) AS (");
        query.push_values(&external_ids, |mut row, external_id| {
            row.push_bind(*external_id);
        });
        query
            .push(
                ") SELECT external_id FROM named WHERE NOT EXISTS
                   (SELECT 1 FROM items i WHERE i.project_id = ",
            )
            .push_bind(project_id)
            .push(" AND i.external_id = named.external_id)");
        query.build_query_scalar().fetch_all(conn).await?
    });
    Ok(unknown)
}

/// Deletes an item of a project (the database cascades to its annotations
/// and their reviews); its external id, or `None` when there is no such item.
pub async fn delete_item(conn: Conn<'_>, project_id: Id, item_id: Id) -> Result<Option<String>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_scalar(
            "DELETE FROM items WHERE id = $1 AND project_id = $2 RETURNING external_id",
        )
        .bind(item_id)
        .bind(project_id)
        .fetch_optional(conn)
        .await?
    }))
}

/// The status of the item in `items`, from its annotations and the overlap `$2`.
const STATUS_OF_ITEM: &str = "CASE
    WHEN (SELECT COUNT(*) FROM annotations a WHERE a.item_id = items.id AND a.review_status = 'accepted') >= $2
        THEN 'accepted'
    WHEN EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = items.id AND a.review_status = 'rejected')
        THEN 'rejected'
    WHEN (SELECT COUNT(*) FROM annotations a WHERE a.item_id = items.id) >= $2 THEN 'annotated'
    WHEN EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = items.id) THEN 'in_progress'
    ELSE 'new'
END";

/// An item's status before and after [`refresh_item`].
#[derive(Debug, Clone)]
pub struct RefreshedItem {
    /// The item's external id.
    pub external_id: String,
    /// Its status before.
    pub was: ItemStatus,
    /// Its status now.
    pub is: ItemStatus,
}

impl RefreshedItem {
    /// Whether the item just got all the annotations it needs: its status
    /// became `annotated` or `accepted` from one that is neither.
    pub fn completed(&self) -> bool {
        let complete = |status| matches!(status, ItemStatus::Annotated | ItemStatus::Accepted);
        complete(self.is) && !complete(self.was)
    }
}

/// Recomputes an item's annotation count and status after its annotations or
/// reviews changed, and marks it changed at `now`; the status before and after.
pub async fn refresh_item(
    conn: Conn<'_>,
    item_id: Id,
    overlap: i64,
    now: Ts,
) -> Result<RefreshedItem> {
    let sql = format!(
        "UPDATE items SET
             annotation_count = (SELECT COUNT(*) FROM annotations a WHERE a.item_id = items.id),
             status = {STATUS_OF_ITEM},
             updated_at = $3
         WHERE id = $1
         RETURNING external_id, status"
    );
    let mut conn = conn;
    let was: DbItemStatus = with_conn!(conn.reborrow(), |conn| {
        sqlx::query_scalar("SELECT status FROM items WHERE id = $1")
            .bind(item_id)
            .fetch_one(conn)
            .await?
    });
    let (external_id, is): (String, DbItemStatus) = with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(item_id)
            .bind(overlap)
            .bind(now)
            .fetch_one(conn)
            .await?
    });
    Ok(RefreshedItem {
        external_id,
        was: was.0,
        is: is.0,
    })
}

/// Recomputes the status of every item of a project whose status a new overlap changes.
pub async fn refresh_statuses_of_project(
    conn: Conn<'_>,
    project_id: Id,
    overlap: i64,
    now: Ts,
) -> Result<()> {
    let sql = format!(
        "UPDATE items SET status = {STATUS_OF_ITEM}, updated_at = $3
         WHERE project_id = $1 AND status <> {STATUS_OF_ITEM}"
    );
    with_conn!(conn, |conn| {
        sqlx::query(&sql)
            .bind(project_id)
            .bind(overlap)
            .bind(now)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// The data of an item of a project.
pub async fn find_item_data(
    conn: Conn<'_>,
    project_id: Id,
    item_id: Id,
) -> Result<Option<serde_json::Value>> {
    let data: Option<Json<serde_json::Value>> = with_conn!(conn, |conn| {
        sqlx::query_scalar("SELECT data FROM items WHERE id = $1 AND project_id = $2")
            .bind(item_id)
            .bind(project_id)
            .fetch_optional(conn)
            .await?
    });
    Ok(data.map(|data| data.0))
}
