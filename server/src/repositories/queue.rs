//! The work queue: where an annotator stands in a project, and the
//! statements on its leases and skips.

use labelwell_transport::{Item, QueueProgress};

use super::items::item_from_row;
use crate::authz::{ProjectPermit, perm};
use crate::db::items::{ITEM_COLUMNS, ItemRow};
use crate::db::{Backend, Conn, Db, Id, Ts, with_conn};
use crate::error::Result;

/// The items of project `$1` its queue still hands out: new and partly
/// annotated ones, and rejected ones below the overlap. The status tells all
/// but the last, so most of the count reads the status index alone.
const OPEN_ITEM: &str = "(i.status IN ('new', 'in_progress')
     OR (i.status = 'rejected' AND i.annotation_count < (SELECT p.overlap FROM projects p WHERE p.id = $1)))";

/// The caller's progress in the permit's project's work queue.
pub async fn queue_progress(
    db: &Db,
    permit: &ProjectPermit<perm::AnnotationCreate>,
) -> Result<QueueProgress> {
    let project = permit.project();
    // Items left = open items, less the open ones the caller annotated or
    // skipped (never both: a skip refuses an annotated item, an annotation
    // clears the skip), counted from the caller's own work rather than by
    // probing every open item.
    let sql = format!(
        "SELECT
             (SELECT COUNT(*) FROM annotations a WHERE a.project_id = $1 AND a.annotator_id = $2),
             (SELECT COUNT(*) FROM annotations a
              WHERE a.project_id = $1 AND a.annotator_id = $2 AND a.review_status = 'rejected'),
             (SELECT COUNT(*) FROM item_skips s WHERE s.project_id = $1 AND s.annotator_id = $2),
             (SELECT COUNT(*) FROM items i WHERE i.project_id = $1 AND {OPEN_ITEM}),
             (SELECT COUNT(*) FROM annotations a JOIN items i ON i.id = a.item_id
              WHERE a.project_id = $1 AND a.annotator_id = $2 AND {OPEN_ITEM}),
             (SELECT COUNT(*) FROM item_skips s JOIN items i ON i.id = s.item_id
              WHERE s.project_id = $1 AND s.annotator_id = $2 AND {OPEN_ITEM})"
    );
    let (annotated, rejected, skipped, open, open_annotated, open_skipped): (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(project.id)
            .bind(permit.user_id())
            .fetch_one(conn)
            .await?
    });
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok(QueueProgress {
        annotated: count(annotated),
        skipped: count(skipped),
        left: count(open - open_annotated - open_skipped),
        rejected: count(rejected),
    })
}

/// Releases the items an annotator leased in the projects of an organization.
pub async fn delete_leases_in_organization(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "DELETE FROM leases WHERE annotator_id = $1
             AND project_id IN (SELECT id FROM projects WHERE organization_id = $2)",
        )
        .bind(user_id)
        .bind(organization_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Releases every item leased in a project.
pub async fn delete_leases_of_project(conn: Conn<'_>, project_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM leases WHERE project_id = $1")
            .bind(project_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Releases the items an annotator leased in a project.
pub async fn delete_leases_of_annotator(conn: Conn<'_>, project_id: Id, user_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM leases WHERE project_id = $1 AND annotator_id = $2")
            .bind(project_id)
            .bind(user_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Releases an annotator's lease of an item.
pub async fn delete_lease_of_item(conn: Conn<'_>, item_id: Id, annotator_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM leases WHERE item_id = $1 AND annotator_id = $2")
            .bind(item_id)
            .bind(annotator_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Forgets that an annotator skipped an item.
pub async fn delete_skip_of_item(conn: Conn<'_>, item_id: Id, annotator_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM item_skips WHERE item_id = $1 AND annotator_id = $2")
            .bind(item_id)
            .bind(annotator_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Ends the leases of a project's queue that expired by `now`; returns how
/// many. On PostgreSQL it passes over the leases another transaction is
/// ending at the same moment rather than wait for it: leasing counts only
/// unexpired leases, so one left for a moment holds nothing up.
pub async fn delete_expired_leases(conn: Conn<'_>, project_id: Id, now: Ts) -> Result<u64> {
    let sql = match conn.backend() {
        Backend::Postgres => {
            "DELETE FROM leases WHERE (item_id, annotator_id) IN (
                 SELECT item_id, annotator_id FROM leases
                 WHERE project_id = $1 AND expires_at <= $2
                 FOR UPDATE SKIP LOCKED)"
        }
        Backend::Sqlite => "DELETE FROM leases WHERE project_id = $1 AND expires_at <= $2",
    };
    let deleted = with_conn!(conn, |conn| {
        sqlx::query(sql)
            .bind(project_id)
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected()
    });
    Ok(deleted)
}

/// The items an annotator holds unexpired leases of in a project, oldest lease
/// first, and those leased at once in the queue's order.
pub async fn list_held_items(
    conn: Conn<'_>,
    project_id: Id,
    annotator_id: Id,
    now: Ts,
) -> Result<Vec<Item>> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM leases l JOIN items i ON i.id = l.item_id
         WHERE l.project_id = $1 AND l.annotator_id = $2 AND l.expires_at > $3
         ORDER BY l.leased_at, i.priority DESC, l.item_id"
    );
    let rows: Vec<ItemRow> = with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(project_id)
            .bind(annotator_id)
            .bind(now)
            .fetch_all(conn)
            .await?
    });
    Ok(rows.into_iter().map(item_from_row).collect())
}

/// Extends every unexpired lease of an annotator in a project to `expires_at`.
pub async fn renew_leases(
    conn: Conn<'_>,
    project_id: Id,
    annotator_id: Id,
    now: Ts,
    expires_at: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE leases SET expires_at = $1
             WHERE project_id = $2 AND annotator_id = $3 AND expires_at > $4",
        )
        .bind(expires_at)
        .bind(project_id)
        .bind(annotator_id)
        .bind(now)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// What [`lock_next_items`] (and the review queue's next annotation) does
/// about items another transaction holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldItems {
    /// Passes them over (`SKIP LOCKED`): the usual case, where other items are left.
    PassOver,
    /// Waits for them: when only they may be left.
    WaitFor,
}

impl HeldItems {
    /// The clause that locks the item `i` a queue's query picks, as
    /// [`Tx::lock_item`](crate::db::Tx::lock_item) does; none on SQLite,
    /// whose transactions hold the whole database (see `Db::begin`).
    pub fn item_lock_clause(self, backend: Backend) -> &'static str {
        match (backend, self) {
            (Backend::Postgres, HeldItems::PassOver) => "FOR NO KEY UPDATE OF i SKIP LOCKED",
            (Backend::Postgres, HeldItems::WaitFor) => "FOR NO KEY UPDATE OF i",
            (Backend::Sqlite, _) => "",
        }
    }
}

/// Up to `limit` items of a project to hand an annotator next, the highest
/// priority first and ties in id (import) order, each locked like [`Tx::lock_item`](crate::db::Tx::lock_item): open,
/// neither annotated, skipped nor leased by them, and with a slot free under
/// `overlap` counting others' unexpired leases, as far as the statement's
/// snapshot tells; [`insert_lease_if_free`] counts again under the lock.
pub async fn lock_next_items(
    conn: Conn<'_>,
    project_id: Id,
    annotator_id: Id,
    overlap: i64,
    now: Ts,
    limit: i64,
    held: HeldItems,
) -> Result<Vec<Item>> {
    let lock = held.item_lock_clause(conn.backend());
    // `OFFSET 0` keeps PostgreSQL from turning each NOT EXISTS into an anti
    // join: with an annotator its statistics have not seen, it would scan
    // the whole `annotations` index once for the first item (30 ms on a
    // project of 1,000,000 items) instead of probing it per item in the
    // queue's order (a few microseconds). SQLite probes per item anyway, and
    // takes no OFFSET without a LIMIT.
    let per_item = match conn.backend() {
        Backend::Postgres => "OFFSET 0",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM items i
         WHERE i.project_id = $1
           AND i.status IN ('new', 'in_progress', 'rejected')
           AND i.annotation_count < $3
           AND NOT EXISTS (SELECT 1 FROM annotations a
                           WHERE a.item_id = i.id AND a.annotator_id = $2 {per_item})
           AND NOT EXISTS (SELECT 1 FROM item_skips s
                           WHERE s.item_id = i.id AND s.annotator_id = $2 {per_item})
           AND NOT EXISTS (SELECT 1 FROM leases l
                           WHERE l.item_id = i.id AND l.annotator_id = $2 {per_item})
           AND {HAS_FREE_SLOT}
         {IN_QUEUE_ORDER} LIMIT $5 {lock}"
    );
    let rows: Vec<ItemRow> = with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(project_id)
            .bind(annotator_id)
            .bind(overlap)
            .bind(now)
            .bind(limit)
            .fetch_all(conn)
            .await?
    });
    Ok(rows.into_iter().map(item_from_row).collect())
}

/// The order the queue hands items out in, as the partial index
/// `items_queue_idx` on `(project_id, priority DESC, id)` keeps the items it
/// may hand out (those of the status filter above, word for word, so that
/// both planners see the index covers the query): the scan stops at the
/// first items that pass the checks, however many are finished.
const IN_QUEUE_ORDER: &str = "ORDER BY i.priority DESC, i.id";

/// Item `i` has fewer annotations plus unexpired leases (at `$4`) than the overlap `$3`.
const HAS_FREE_SLOT: &str = "i.annotation_count
     + (SELECT COUNT(*) FROM leases l WHERE l.item_id = i.id AND l.expires_at > $4) < $3";

/// A lease of an item to write by [`insert_lease_if_free`].
#[derive(Debug)]
pub struct NewLease {
    /// The project.
    pub project_id: Id,
    /// The project's organization.
    pub organization_id: Id,
    /// The item leased.
    pub item_id: Id,
    /// Who holds it.
    pub annotator_id: Id,
    /// Since when.
    pub leased_at: Ts,
    /// Until when.
    pub expires_at: Ts,
}

/// Leases an item to an annotator if it is still open with a slot free under
/// `overlap`; whether it did. Run under the item's lock, its count is exact:
/// the statement sees every lease and annotation committed before the lock.
pub async fn insert_lease_if_free(conn: Conn<'_>, lease: &NewLease, overlap: i64) -> Result<bool> {
    // Numbered for HAS_FREE_SLOT: the overlap is $3 and the lease's start $4.
    let sql = format!(
        "INSERT INTO leases (item_id, annotator_id, project_id, organization_id, leased_at, expires_at)
         SELECT $1, $2, $5, $7, $4, $6
         WHERE EXISTS (SELECT 1 FROM items i
                       WHERE i.id = $1 AND i.status IN ('new', 'in_progress', 'rejected')
                         AND {HAS_FREE_SLOT})"
    );
    let inserted = with_conn!(conn, |conn| {
        sqlx::query(&sql)
            .bind(lease.item_id)
            .bind(lease.annotator_id)
            .bind(overlap)
            .bind(lease.leased_at)
            .bind(lease.project_id)
            .bind(lease.expires_at)
            .bind(lease.organization_id)
            .execute(conn)
            .await?
            .rows_affected()
    });
    Ok(inserted == 1)
}

/// Releases an annotator's lease of an item of a project.
pub async fn release_lease(
    conn: Conn<'_>,
    project_id: Id,
    item_id: Id,
    annotator_id: Id,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "DELETE FROM leases WHERE item_id = $1 AND annotator_id = $2 AND project_id = $3",
        )
        .bind(item_id)
        .bind(annotator_id)
        .bind(project_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Whether a project has the item (0 or 1), and whether the annotator annotated it (0 or 1).
pub async fn count_item_and_annotation_of(
    conn: Conn<'_>,
    project_id: Id,
    item_id: Id,
    annotator_id: Id,
) -> Result<(i64, i64)> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT
                 (SELECT COUNT(*) FROM items WHERE id = $1 AND project_id = $3),
                 (SELECT COUNT(*) FROM annotations WHERE item_id = $1 AND annotator_id = $2)",
        )
        .bind(item_id)
        .bind(annotator_id)
        .bind(project_id)
        .fetch_one(conn)
        .await?
    }))
}

/// Records that an annotator passed an item over (once; again changes nothing).
pub async fn insert_skip(
    conn: Conn<'_>,
    organization_id: Id,
    project_id: Id,
    item_id: Id,
    annotator_id: Id,
    now: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO item_skips (item_id, annotator_id, project_id, organization_id, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (item_id, annotator_id, organization_id) DO NOTHING",
        )
        .bind(item_id)
        .bind(annotator_id)
        .bind(project_id)
        .bind(organization_id)
        .bind(now)
        .execute(conn)
        .await?;
    });
    Ok(())
}
