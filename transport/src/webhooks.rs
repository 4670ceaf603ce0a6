//! Webhooks: an organization's subscriptions to events, signed as the
//! Standard Webhooks specification says, and the log of their deliveries.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::JsonValue;
use crate::wire::{envelope, wire_enum};

/// The longest webhook URL, in characters.
pub const MAX_WEBHOOK_URL_CHARS: usize = 2000;
/// The longest webhook description, in characters.
pub const MAX_WEBHOOK_DESCRIPTION_CHARS: usize = 500;
/// The longest overlap of a rotated secret with its successor: a week.
pub const MAX_SECRET_OVERLAP_SECONDS: u32 = 7 * 24 * 60 * 60;

wire_enum! {
    /// What happened, as a webhook's event `type` names it.
    #[derive(PartialOrd, Ord)]
    pub enum WebhookEventType {
        /// An annotator annotated an item.
        AnnotationCreated = "annotation.created",
        /// An annotation's value, guideline version or time spent changed.
        AnnotationUpdated = "annotation.updated",
        /// A reviewer accepted or rejected an annotation.
        ReviewCreated = "review.created",
        /// An item got all the annotations it needs (its status became
        /// `annotated`, or `accepted`).
        ItemCompleted = "item.completed",
        /// An import of items finished and committed.
        ImportFinished = "import.finished",
        /// A dataset release was made.
        ReleaseCreated = "release.created",
    }
}

wire_enum! {
    /// Where the delivery of one event to one webhook stands.
    pub enum WebhookDeliveryStatus {
        /// Not delivered yet: the next attempt is at `next_attempt_at`.
        Pending = "pending",
        /// The receiver answered 2xx.
        Succeeded = "succeeded",
        /// Every attempt for a day failed; redeliver it to try again.
        Failed = "failed",
    }
}

/// `POST /organizations/{org_id}/webhooks`: subscribe a URL to events.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// Where events are POSTed: an `http` or `https` URL without credentials,
    /// on a public address unless the server's operator allows private ones.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "https://ml.example.com/hooks/labelwell",
            max_length = 2000,
            pattern = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\u0000-\\u0020]+$"
        )
    )]
    pub url: String,
    /// The events sent to it, at least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 6))]
    pub events: Vec<WebhookEventType>,
    /// Only the events of this project; every project of the organization when absent.
    #[serde(default)]
    pub project_id: Option<Uuid>,
    /// What it is for, up to 500 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 500, pattern = "^[^\\u0000]*$")
    )]
    pub description: Option<String>,
}

/// `PATCH /organizations/{org_id}/webhooks/{webhook_id}`: the fields to change.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    /// A new URL (see `CreateWebhookRequest.url`).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\u0000-\\u0020]+$"
        )
    )]
    pub url: Option<String>,
    /// The events to send from now on, at least one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 6))]
    pub events: Option<Vec<WebhookEventType>>,
    /// A new description, up to 500 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 500, pattern = "^[^\\u0000]*$")
    )]
    pub description: Option<String>,
    /// `false` pauses it: events that happen meanwhile are not sent to it;
    /// deliveries already pending still are.
    #[serde(default)]
    pub active: Option<bool>,
}

/// A subscription of a URL to an organization's (or one project's) events.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// The webhook's id.
    pub id: Uuid,
    /// Its organization.
    pub organization_id: Uuid,
    /// Its project; `null` for every project of the organization.
    pub project_id: Option<Uuid>,
    /// Where events are POSTed.
    pub url: String,
    /// The events sent to it.
    pub events: Vec<WebhookEventType>,
    /// What it is for.
    pub description: Option<String>,
    /// Whether new events are sent to it.
    pub active: bool,
    /// Until when the secret it had before its last rotation still signs
    /// too; `null` when only one secret signs.
    #[serde(with = "time::serde::rfc3339::option")]
    pub previous_secret_expires_at: Option<OffsetDateTime>,
    /// Who made it; `null` when that account is gone.
    pub created_by: Option<Uuid>,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// The answer to `POST /organizations/{org_id}/webhooks`: the webhook and,
/// this once only, its signing secret.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    /// The new webhook.
    pub webhook: Webhook,
    /// The signing secret, as Standard Webhooks libraries take it
    /// (`whsec_` and base64). Store it now: it is never shown again.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    )]
    pub secret: String,
}

envelope! {
    /// `GET /organizations/{org_id}/webhooks/{webhook_id}`.
    pub struct WebhookResponse {
        /// The webhook.
        pub webhook: Webhook,
    }
}

envelope! {
    /// `GET /organizations/{org_id}/webhooks`.
    pub struct WebhookList {
        /// The organization's webhooks, oldest first.
        pub webhooks: Vec<Webhook>,
        pagination,
    }
}

/// `POST /organizations/{org_id}/webhooks/{webhook_id}/rotate-secret`.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RotateWebhookSecretRequest {
    /// How long the old secret still signs beside the new one, in seconds,
    /// up to a week: a day when absent; `0` retires it at once.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 604800))]
    pub overlap_seconds: Option<u32>,
}

/// The answer to a rotation: the new secret, shown this once only.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotatedWebhookSecret {
    /// The webhook, with the end of the overlap.
    pub webhook: Webhook,
    /// The new signing secret (`whsec_` and base64). Store it now: it is never shown again.
    pub secret: String,
}

/// The delivery of one event to one webhook: its payload and where it stands.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// The event's id: the `webhook-id` header of every attempt, the same
    /// in every retry and redelivery, for receivers to drop duplicates.
    pub event_id: Uuid,
    /// The webhook.
    pub webhook_id: Uuid,
    /// The event's type.
    pub event_type: WebhookEventType,
    /// Where it stands.
    pub status: WebhookDeliveryStatus,
    /// Attempts made so far.
    pub attempt_count: u32,
    /// When the next attempt is due; `null` unless pending.
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
    /// The receiver's HTTP status at the last attempt; `null` before any, or
    /// when it did not answer.
    pub last_response_status: Option<u16>,
    /// The body POSTed: `{"type": ..., "timestamp": ..., "data": {...}}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: JsonValue,
    /// When the event happened.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

envelope! {
    /// `GET /organizations/{org_id}/webhooks/{webhook_id}/deliveries`.
    pub struct WebhookDeliveryList {
        /// The webhook's deliveries, newest first.
        pub deliveries: Vec<WebhookDelivery>,
        pagination,
    }
}

/// One attempt at a delivery.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    /// When it started.
    #[serde(with = "time::serde::rfc3339")]
    pub attempted_at: OffsetDateTime,
    /// Whether the receiver answered 2xx.
    pub succeeded: bool,
    /// The receiver's HTTP status; `null` when it did not answer.
    pub response_status: Option<u16>,
    /// How long it took, in milliseconds.
    pub latency_ms: u64,
    /// Why it failed without an answer (refused address, timeout,
    /// connection error); `null` otherwise.
    pub error: Option<String>,
}

/// `GET .../deliveries/{event_id}`: a delivery with every attempt at it.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
)]
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryResponse {
    /// The delivery.
    pub delivery: WebhookDelivery,
    /// Its attempts, oldest first.
    pub attempts: Vec<WebhookAttempt>,
}

/// The query of `GET .../deliveries`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct WebhookDeliveryQuery {
    /// Page size, 1 to 1000; 50 when absent.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; absent for the first page.
    pub cursor: Option<String>,
    /// Only the deliveries that stand so.
    pub status: Option<WebhookDeliveryStatus>,
}
