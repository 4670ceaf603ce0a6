//! Webhooks, their outbox of deliveries, and the log of attempts.

use std::collections::HashMap;

use labelwell_transport::{Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEventType};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::{Page, PageRequest};
use crate::authz::{OrgPermit, perm};
use crate::db::types::{DbWebhookDeliveryStatus, DbWebhookEventType};
use crate::db::webhooks::{AttemptRow, DeliveryRow, WebhookRow};
use crate::db::{Backend, Conn, Db, Id, Ts, with_conn};
use crate::error::Result;

const WEBHOOK_COLUMNS: &str = "id, organization_id, project_id, url, event_types, description, \
     active, secret, previous_secret, previous_secret_expires_at, created_by, created_at, updated_at";

const DELIVERY_COLUMNS: &str = "webhook_id, event_id, event_type, payload, status, attempt_count, \
     next_attempt_at, last_response_status, created_at";

/// Adds a webhook.
pub async fn insert_webhook(conn: Conn<'_>, row: &WebhookRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO webhooks ({WEBHOOK_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    with_conn!(conn, |conn| {
        sqlx::query(&sql)
            .bind(row.id)
            .bind(row.organization_id)
            .bind(row.project_id)
            .bind(&row.url)
            .bind(&row.event_types)
            .bind(&row.description)
            .bind(row.active)
            .bind(&row.secret)
            .bind(&row.previous_secret)
            .bind(row.previous_secret_expires_at)
            .bind(row.created_by)
            .bind(row.created_at)
            .bind(row.updated_at)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Writes a webhook's settings and secrets as `row` holds them.
pub async fn update_webhook(conn: Conn<'_>, row: &WebhookRow) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE webhooks SET url = $1, event_types = $2, description = $3, active = $4,
                                 secret = $5, previous_secret = $6,
                                 previous_secret_expires_at = $7, updated_at = $8
             WHERE id = $9 AND organization_id = $10",
        )
        .bind(&row.url)
        .bind(&row.event_types)
        .bind(&row.description)
        .bind(row.active)
        .bind(&row.secret)
        .bind(&row.previous_secret)
        .bind(row.previous_secret_expires_at)
        .bind(row.updated_at)
        .bind(row.id)
        .bind(row.organization_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// A webhook of an organization, as stored.
pub async fn find_webhook_row(
    conn: Conn<'_>,
    organization_id: Id,
    webhook_id: Id,
) -> Result<Option<WebhookRow>> {
    let sql =
        format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1 AND organization_id = $2");
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(webhook_id)
            .bind(organization_id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The organization's webhooks, oldest first.
pub async fn list_webhooks(
    db: &Db,
    permit: &OrgPermit<perm::WebhookRead>,
    page: &PageRequest,
) -> Result<Page<Webhook>> {
    let after: Option<Uuid> = page.after()?;
    let sql = format!(
        "SELECT {WEBHOOK_COLUMNS} FROM webhooks
         WHERE organization_id = $1 AND id > $2 ORDER BY id LIMIT $3"
    );
    let rows: Vec<WebhookRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&sql)
            .bind(permit.organization_id())
            .bind(Id(after.unwrap_or(Uuid::nil())))
            .bind(page.fetch_limit())
            .fetch_all(conn)
            .await?
    });
    Ok(page.page(rows, |row| row.id.0, Webhook::from))
}

/// Deletes a webhook with its deliveries; whether there was one.
pub async fn delete_webhook(conn: Conn<'_>, organization_id: Id, webhook_id: Id) -> Result<bool> {
    let deleted = with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM webhooks WHERE id = $1 AND organization_id = $2")
            .bind(webhook_id)
            .bind(organization_id)
            .execute(conn)
            .await?
            .rows_affected()
    });
    Ok(deleted > 0)
}

/// One event, as the outbox receives it.
#[derive(Debug)]
pub struct NewEvent<'a> {
    /// Its id: the `webhook-id` of every attempt at every webhook.
    pub id: Id,
    /// Its organization.
    pub organization_id: Id,
    /// Its project, when it happened in one.
    pub project_id: Option<Id>,
    /// Its type.
    pub event_type: WebhookEventType,
    /// The body to POST.
    pub payload: &'a str,
    /// When it happened.
    pub at: Ts,
}

/// Queues the event for every active webhook of its organization that
/// subscribes to its type (and to its project, or to every project): one
/// statement, which writes nothing when no webhook wants it. Returns how
/// many deliveries it queued.
pub async fn queue_deliveries_of_event(conn: Conn<'_>, event: &NewEvent<'_>) -> Result<u64> {
    let queued = with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO webhook_deliveries
                 (webhook_id, event_id, event_type, payload, status, attempt_count,
                  next_attempt_at, last_response_status, created_at, organization_id)
             SELECT id, $1, $2, $3, 'pending', 0, $4, NULL, $4, organization_id
             FROM webhooks
             WHERE organization_id = $5 AND active
               AND (project_id IS NULL OR project_id = $6)
               AND ' ' || event_types || ' ' LIKE '% ' || $2 || ' %'",
        )
        .bind(event.id)
        .bind(DbWebhookEventType(event.event_type))
        .bind(event.payload)
        .bind(event.at)
        .bind(event.organization_id)
        .bind(event.project_id)
        .execute(conn)
        .await?
        .rows_affected()
    });
    Ok(queued)
}

/// A webhook's deliveries, newest first, of one status when `status` names one.
pub async fn list_deliveries(
    conn: Conn<'_>,
    organization_id: Id,
    webhook_id: Id,
    status: Option<WebhookDeliveryStatus>,
    page: &PageRequest,
) -> Result<Page<WebhookDelivery>> {
    let before: Option<Uuid> = page.after()?;
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE webhook_id = $1 AND organization_id = $2 AND event_id < $3
           AND ($4 IS NULL OR status = $4)
         ORDER BY event_id DESC LIMIT $5"
    );
    let rows: Vec<DeliveryRow> = with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(webhook_id)
            .bind(organization_id)
            .bind(Id(before.unwrap_or(Uuid::max())))
            .bind(status.map(DbWebhookDeliveryStatus))
            .bind(page.fetch_limit())
            .fetch_all(conn)
            .await?
    });
    Ok(page.page(rows, |row| row.event_id.0, WebhookDelivery::from))
}

/// One delivery of a webhook of an organization, as stored.
pub async fn find_delivery_row(
    conn: Conn<'_>,
    organization_id: Id,
    webhook_id: Id,
    event_id: Id,
) -> Result<Option<DeliveryRow>> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE webhook_id = $1 AND event_id = $2 AND organization_id = $3"
    );
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(&sql)
            .bind(webhook_id)
            .bind(event_id)
            .bind(organization_id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The attempts at a delivery, oldest first.
pub async fn list_attempts(
    conn: Conn<'_>,
    organization_id: Id,
    webhook_id: Id,
    event_id: Id,
) -> Result<Vec<AttemptRow>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT attempted_at, succeeded, response_status, latency_ms, error
             FROM webhook_attempts
             WHERE webhook_id = $1 AND event_id = $2 AND organization_id = $3
             ORDER BY id",
        )
        .bind(webhook_id)
        .bind(event_id)
        .bind(organization_id)
        .fetch_all(conn)
        .await?
    }))
}

/// Makes a delivery pending again, due at `now`, whatever it stood at.
pub async fn schedule_redelivery(
    conn: Conn<'_>,
    organization_id: Id,
    webhook_id: Id,
    event_id: Id,
    now: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1
             WHERE webhook_id = $2 AND event_id = $3 AND organization_id = $4",
        )
        .bind(now)
        .bind(webhook_id)
        .bind(event_id)
        .bind(organization_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// The organizations with deliveries due by `now`, at most `most` of them.
///
/// On PostgreSQL through `labelwell_webhook_due_organizations`, which sees
/// past row-level security and tells organization ids alone (migration 0016).
pub async fn organizations_with_due_deliveries(db: &Db, now: Ts, most: i64) -> Result<Vec<Id>> {
    Ok(match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(
                "SELECT DISTINCT organization_id FROM webhook_deliveries
                 WHERE status = 'pending' AND next_attempt_at <= $1 LIMIT $2",
            )
            .bind(now)
            .bind(most)
            .fetch_all(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT labelwell_webhook_due_organizations($1, $2)")
                .bind(now)
                .bind(most)
                .fetch_all(pool)
                .await?
        }
    })
}

/// A delivery claimed for an attempt, with its webhook.
#[derive(Debug)]
pub struct ClaimedDelivery {
    /// The delivery.
    pub delivery: DeliveryRow,
    /// Its webhook.
    pub webhook: WebhookRow,
}

/// Claims up to `most` of the organization's deliveries due by `now`, oldest
/// due first: each is moved to `claimed_until`, so no other instance takes it
/// while this one tries, and one that dies trying leaves it due again then.
/// PostgreSQL skips rows another instance is claiming at the same moment.
pub async fn claim_due_deliveries(
    conn: Conn<'_>,
    organization_id: Id,
    now: Ts,
    claimed_until: Ts,
    most: i64,
) -> Result<Vec<ClaimedDelivery>> {
    let lock = match conn.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let claim = format!(
        "UPDATE webhook_deliveries SET next_attempt_at = $1
         WHERE (webhook_id, event_id, organization_id) IN (
             SELECT webhook_id, event_id, organization_id FROM webhook_deliveries
             WHERE organization_id = $2 AND status = 'pending' AND next_attempt_at <= $3
             ORDER BY next_attempt_at LIMIT $4 {lock})
         RETURNING {DELIVERY_COLUMNS}"
    );
    let mut conn = conn;
    let deliveries: Vec<DeliveryRow> = with_conn!(conn.reborrow(), |conn| {
        sqlx::query_as(&claim)
            .bind(claimed_until)
            .bind(organization_id)
            .bind(now)
            .bind(most)
            .fetch_all(conn)
            .await?
    });
    let mut webhook_ids: Vec<Id> = deliveries.iter().map(|d| d.webhook_id).collect();
    webhook_ids.sort_unstable();
    webhook_ids.dedup();
    if webhook_ids.is_empty() {
        return Ok(Vec::new());
    }
    // The webhooks of the batch, read at once: a few, however many deliveries.
    let webhooks: Vec<WebhookRow> = with_conn!(conn, |conn| {
        let mut query = QueryBuilder::new(format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE organization_id = "
        ));
        query.push_bind(organization_id).push(" AND id IN (");
        let mut ids = query.separated(", ");
        for id in &webhook_ids {
            ids.push_bind(*id);
        }
        query.push(")");
        query.build_query_as().fetch_all(conn).await?
    });
    let webhooks: HashMap<Id, WebhookRow> = webhooks.into_iter().map(|w| (w.id, w)).collect();
    Ok(deliveries
        .into_iter()
        .filter_map(|delivery| {
            let webhook = webhooks.get(&delivery.webhook_id)?.clone();
            Some(ClaimedDelivery { delivery, webhook })
        })
        .collect())
}

/// What came of one attempt, and what the delivery becomes.
#[derive(Debug)]
pub struct AttemptOutcome {
    /// When it started.
    pub attempted_at: Ts,
    /// Whether the receiver answered 2xx.
    pub succeeded: bool,
    /// The receiver's HTTP status.
    pub response_status: Option<u16>,
    /// How long it took.
    pub latency_ms: u64,
    /// Why it failed without an answer.
    pub error: Option<String>,
    /// The delivery's status after it.
    pub status: WebhookDeliveryStatus,
    /// When the next attempt is due (the attempt's time when there is none).
    pub next_attempt_at: Ts,
}

/// Logs an attempt at a delivery and moves the delivery on; nothing when the
/// delivery is gone (its webhook deleted meanwhile).
pub async fn record_attempt(
    conn: Conn<'_>,
    organization_id: Id,
    webhook_id: Id,
    event_id: Id,
    outcome: &AttemptOutcome,
) -> Result<()> {
    let response_status = outcome.response_status.map(i64::from);
    let latency_ms = i64::try_from(outcome.latency_ms).unwrap_or(i64::MAX);
    let mut conn = conn;
    let updated = with_conn!(conn.reborrow(), |conn| {
        sqlx::query(
            "UPDATE webhook_deliveries
             SET status = $1, attempt_count = attempt_count + 1, next_attempt_at = $2,
                 last_response_status = $3
             WHERE webhook_id = $4 AND event_id = $5 AND organization_id = $6",
        )
        .bind(DbWebhookDeliveryStatus(outcome.status))
        .bind(outcome.next_attempt_at)
        .bind(response_status)
        .bind(webhook_id)
        .bind(event_id)
        .bind(organization_id)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if updated == 0 {
        return Ok(());
    }
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO webhook_attempts
                 (id, webhook_id, event_id, attempted_at, succeeded, response_status,
                  latency_ms, error, organization_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(Id::new())
        .bind(webhook_id)
        .bind(event_id)
        .bind(outcome.attempted_at)
        .bind(outcome.succeeded)
        .bind(response_status)
        .bind(latency_ms)
        .bind(&outcome.error)
        .bind(organization_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}
