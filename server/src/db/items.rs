//! The `items` table, and the pieces of SQL that read a project's items by
//! the index they are kept in.

use sqlx::types::Json;
use sqlx::{Database, Encode, QueryBuilder, Type};
use uuid::Uuid;

use super::types::DbItemStatus;
use super::{Id, Ts};

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
    /// Its place in the work queue: the highest first.
    pub priority: f64,
    /// First import.
    pub created_at: Ts,
    /// Last change of the item, its annotations or reviews.
    pub updated_at: Ts,
}

/// The columns of [`ItemRow`], for queries on `items i`.
pub const ITEM_COLUMNS: &str = "i.id, i.project_id, i.external_id, i.data, i.metadata, i.status, i.annotation_count, i.priority, i.created_at, i.updated_at";

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
