//! The `webhooks`, `webhook_deliveries` and `webhook_attempts` tables.

use labelwell_transport::{
    Webhook, WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEventType,
};

use super::types::{DbWebhookDeliveryStatus, DbWebhookEventType};
use super::{Id, Ts};

/// A row of `webhooks`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookRow {
    /// Primary key.
    pub id: Id,
    /// Its organization.
    pub organization_id: Id,
    /// Its project; `None` for every project.
    pub project_id: Option<Id>,
    /// Where events are POSTed.
    pub url: String,
    /// The event types sent to it, space-separated.
    pub event_types: String,
    /// What it is for.
    pub description: Option<String>,
    /// Whether new events are sent to it.
    pub active: bool,
    /// The signing secret (`whsec_` and base64).
    pub secret: String,
    /// The secret before the last rotation, while it still signs.
    pub previous_secret: Option<String>,
    /// Until when `previous_secret` signs.
    pub previous_secret_expires_at: Option<Ts>,
    /// Who made it.
    pub created_by: Option<Id>,
    /// When it was made.
    pub created_at: Ts,
    /// When it last changed.
    pub updated_at: Ts,
}

/// `events` as `webhooks.event_types` stores them: sorted, space-separated.
pub fn event_types_column(events: &[WebhookEventType]) -> String {
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    events
        .iter()
        .map(|event| event.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl WebhookRow {
    /// The event types of `event_types`; a name this server no longer knows is skipped.
    pub fn events(&self) -> Vec<WebhookEventType> {
        self.event_types
            .split_whitespace()
            .filter_map(|name| name.parse().ok())
            .collect()
    }

    /// The secrets that sign an attempt made at `now`: the current one, and
    /// the previous one while its overlap lasts.
    pub fn signing_secrets(&self, now: Ts) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(previous), Some(until)) =
            (&self.previous_secret, self.previous_secret_expires_at)
            && now.get() < until.get()
        {
            secrets.push(previous);
        }
        secrets
    }
}

impl From<WebhookRow> for Webhook {
    fn from(row: WebhookRow) -> Self {
        let events = row.events();
        let now = Ts::now().get();
        Webhook {
            id: row.id.0,
            organization_id: row.organization_id.0,
            project_id: row.project_id.map(Into::into),
            url: row.url,
            events,
            description: row.description,
            active: row.active,
            previous_secret_expires_at: row
                .previous_secret_expires_at
                .map(Ts::get)
                .filter(|until| *until > now),
            created_by: row.created_by.map(Into::into),
            created_at: row.created_at.get(),
            updated_at: row.updated_at.get(),
        }
    }
}

/// A row of `webhook_deliveries`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    /// The webhook.
    pub webhook_id: Id,
    /// The event: the `webhook-id` of every attempt.
    pub event_id: Id,
    /// The event's type.
    pub event_type: DbWebhookEventType,
    /// The body POSTed, as sent.
    pub payload: String,
    /// Where it stands.
    pub status: DbWebhookDeliveryStatus,
    /// Attempts so far.
    pub attempt_count: i64,
    /// When the next attempt is due (or the claim of one running ends).
    pub next_attempt_at: Ts,
    /// The receiver's status at the last attempt.
    pub last_response_status: Option<i64>,
    /// When the event happened.
    pub created_at: Ts,
}

impl From<DeliveryRow> for WebhookDelivery {
    fn from(row: DeliveryRow) -> Self {
        let pending = row.status.0 == WebhookDeliveryStatus::Pending;
        WebhookDelivery {
            event_id: row.event_id.0,
            webhook_id: row.webhook_id.0,
            event_type: row.event_type.0,
            status: row.status.0,
            attempt_count: u32::try_from(row.attempt_count).unwrap_or(u32::MAX),
            next_attempt_at: pending.then(|| row.next_attempt_at.get()),
            last_response_status: row
                .last_response_status
                .and_then(|status| u16::try_from(status).ok()),
            payload: serde_json::from_str::<serde_json::Value>(&row.payload)
                .unwrap_or(serde_json::Value::String(row.payload))
                .into(),
            created_at: row.created_at.get(),
        }
    }
}

/// A row of `webhook_attempts`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    /// When it started.
    pub attempted_at: Ts,
    /// Whether the receiver answered 2xx.
    pub succeeded: bool,
    /// The receiver's HTTP status.
    pub response_status: Option<i64>,
    /// How long it took.
    pub latency_ms: i64,
    /// Why it failed without an answer.
    pub error: Option<String>,
}

impl From<AttemptRow> for WebhookAttempt {
    fn from(row: AttemptRow) -> Self {
        WebhookAttempt {
            attempted_at: row.attempted_at.get(),
            succeeded: row.succeeded,
            response_status: row
                .response_status
                .and_then(|status| u16::try_from(status).ok()),
            latency_ms: u64::try_from(row.latency_ms).unwrap_or(0),
            error: row.error,
        }
    }
}
