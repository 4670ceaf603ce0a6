//! Reading items.

use labelwell_transport::{Item, ItemListQuery};
use sqlx::QueryBuilder;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{ProjectPermit, perm};
use crate::db::items::{ITEM_COLUMNS, ItemRow, push_items_of_project};
use crate::db::types::DbItemStatus;
use crate::db::{Db, Id, Ts, with_db};
use crate::error::{Error, Result};

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
    let row: Option<ItemRow> = with_db!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(item_id)
            .bind(permit.project().id)
            .fetch_optional(pool)
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

/// A page of the permit's project's items, filtered by status and change time.
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
    let rows: Vec<ItemRow> = with_db!(db, |pool| {
        let mut sql = QueryBuilder::new(format!("SELECT {ITEM_COLUMNS} FROM items i WHERE "));
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
        sql.build_query_as().fetch_all(pool).await?
    });
    Ok(page.page(
        rows,
        |row| match by_change {
            true => ItemCursor::ByChange(super::rfc3339(row.updated_at.get()), row.id.0),
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
