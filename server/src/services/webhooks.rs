//! Webhooks: subscribing URLs to events, rotating their secrets, redelivering,
//! and publishing an event into the outbox inside the transaction of the
//! change it reports (the worker in `webhook_delivery.rs` sends it).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use labelwell_transport::{
    CreateWebhookRequest, CreatedWebhook, MAX_SECRET_OVERLAP_SECONDS,
    MAX_WEBHOOK_DESCRIPTION_CHARS, MAX_WEBHOOK_URL_CHARS, RotateWebhookSecretRequest,
    RotatedWebhookSecret, UpdateWebhookRequest, Webhook, WebhookDelivery, WebhookDeliveryResponse,
    WebhookDeliveryStatus, WebhookEventType,
};
use rand::RngCore;
use serde_json::json;
use url::Url;

use super::audit::{self, AuditRecord};
use super::validation::Checks;
use crate::authz::{OrgPermit, perm};
use crate::config::WebhookConfig;
use crate::db::webhooks::{WebhookRow, event_types_column};
use crate::db::{Db, Id, Ts, Tx};
use crate::error::{Error, Result};
use crate::repositories::webhooks::NewEvent;
use crate::repositories::{self, Page, PageRequest};
use crate::rfc3339;
use crate::webhook_delivery::refusal_of_address;

/// How long a rotated secret still signs when the rotation names no overlap: a day.
const DEFAULT_SECRET_OVERLAP_SECONDS: u32 = 24 * 60 * 60;

/// A new signing secret: `whsec_` and the base64 of 32 random bytes, the
/// form Standard Webhooks libraries take.
fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    format!("whsec_{}", STANDARD.encode(key))
}

/// The problem of a webhook URL, if it has one: not `http(s)`, credentials in
/// it, no host, or (unless `config` allows private targets) a host that is a
/// literal address outside the public internet. A name is resolved when
/// each attempt is made, and refused then if it leads to such an address.
fn url_problem(url: &str, config: &WebhookConfig) -> Option<(&'static str, String)> {
    if url.chars().count() > MAX_WEBHOOK_URL_CHARS {
        return Some((
            "too_long",
            format!("must be at most {MAX_WEBHOOK_URL_CHARS} characters"),
        ));
    }
    let parsed = match Url::parse(url) {
        Ok(parsed) => parsed,
        Err(error) => return Some(("invalid", format!("is not a URL: {error}"))),
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Some(("invalid", "must be an http or https URL".into()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some((
            "invalid",
            "must not hold credentials: check the signature instead".into(),
        ));
    }
    let address = match parsed.host() {
        None => return Some(("invalid", "must name a host".into())),
        Some(url::Host::Ipv4(address)) => Some(std::net::IpAddr::V4(address)),
        Some(url::Host::Ipv6(address)) => Some(std::net::IpAddr::V6(address)),
        Some(url::Host::Domain(_)) => None,
    };
    if let Some(address) = address
        && !config.webhook_allow_private_targets
        && let Some(refusal) = refusal_of_address(address)
    {
        return Some(("private_target", refusal));
    }
    None
}

/// Checks the fields a webhook is made or changed with.
fn check_fields(
    url: Option<&str>,
    events: Option<&[WebhookEventType]>,
    description: Option<&str>,
    config: &WebhookConfig,
) -> Result<()> {
    let mut checks = Checks::new();
    if let Some((code, message)) = url.and_then(|url| url_problem(url, config)) {
        checks.add("url", code, message);
    }
    match events.map(<[WebhookEventType]>::len) {
        Some(0) => {
            checks.add("events", "too_short", "name at least one event type");
        }
        Some(count) if count > WebhookEventType::ALL.len() => {
            checks.add("events", "too_long", "name each event type at most once");
        }
        _ => {}
    }
    if let Some(description) = description {
        if description.chars().count() > MAX_WEBHOOK_DESCRIPTION_CHARS {
            checks.add(
                "description",
                "too_long",
                format!("must be at most {MAX_WEBHOOK_DESCRIPTION_CHARS} characters"),
            );
        } else if description.contains('\0') {
            checks.add("description", "invalid", "must not contain NUL");
        }
    }
    checks.finish()
}

/// Subscribes a URL to the organization's events (or one project's): the
/// webhook, and its signing secret, shown this once.
pub async fn create_webhook(
    db: &Db,
    permit: &OrgPermit<perm::WebhookCreate>,
    request: CreateWebhookRequest,
    config: &WebhookConfig,
) -> Result<CreatedWebhook> {
    check_fields(
        Some(&request.url),
        Some(&request.events),
        request.description.as_deref(),
        config,
    )?;
    let organization_id = permit.organization_id();
    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    if let Some(project_id) = request.project_id {
        repositories::projects::find_project_row(tx.conn(), organization_id, Id(project_id))
            .await?
            .ok_or_else(|| {
                Error::invalid(
                    "project_id",
                    "unknown_project",
                    "the organization has no such project",
                )
            })?;
    }
    let secret = new_secret();
    let row = WebhookRow {
        id: Id::new(),
        organization_id,
        project_id: request.project_id.map(Id),
        url: request.url,
        event_types: event_types_column(&request.events),
        description: request.description,
        active: true,
        secret: secret.clone(),
        previous_secret: None,
        previous_secret_expires_at: None,
        created_by: Some(permit.user_id()),
        created_at: now,
        updated_at: now,
    };
    repositories::webhooks::insert_webhook(tx.conn(), &row).await?;
    audit::record(
        &mut tx,
        permit,
        AuditRecord {
            action: "webhook.created",
            target_type: "webhook",
            target_id: Some(row.id),
            details: json!({ "url": row.url, "events": row.events(), "project_id": row.project_id.map(|id| id.0) }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedWebhook {
        webhook: row.into(),
        secret,
    })
}

/// One webhook of the permit's organization.
pub async fn get_webhook(
    db: &Db,
    permit: &OrgPermit<perm::WebhookRead>,
    webhook_id: Id,
) -> Result<Webhook> {
    let mut tx = db.read(permit.tenancy()).await?;
    let row = webhook_row(&mut tx, permit.organization_id(), webhook_id).await?;
    Ok(row.into())
}

async fn webhook_row(tx: &mut Tx, organization_id: Id, webhook_id: Id) -> Result<WebhookRow> {
    repositories::webhooks::find_webhook_row(tx.conn(), organization_id, webhook_id)
        .await?
        .ok_or(Error::NotFound("webhook"))
}

/// Changes a webhook's URL, events, description or whether it is active.
pub async fn update_webhook(
    db: &Db,
    permit: &OrgPermit<perm::WebhookUpdate>,
    webhook_id: Id,
    request: UpdateWebhookRequest,
    config: &WebhookConfig,
) -> Result<Webhook> {
    check_fields(
        request.url.as_deref(),
        request.events.as_deref(),
        request.description.as_deref(),
        config,
    )?;
    let mut tx = db.begin(permit.tenancy()).await?;
    let mut row = webhook_row(&mut tx, permit.organization_id(), webhook_id).await?;
    if let Some(url) = request.url {
        row.url = url;
    }
    if let Some(events) = &request.events {
        row.event_types = event_types_column(events);
    }
    if let Some(description) = request.description {
        row.description = Some(description);
    }
    if let Some(active) = request.active {
        row.active = active;
    }
    row.updated_at = Ts::now();
    repositories::webhooks::update_webhook(tx.conn(), &row).await?;
    audit::record(
        &mut tx,
        permit,
        AuditRecord {
            action: "webhook.updated",
            target_type: "webhook",
            target_id: Some(row.id),
            details: json!({ "url": row.url, "events": row.events(), "active": row.active }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Deletes a webhook with its delivery log; nothing more is sent to it.
pub async fn delete_webhook(
    db: &Db,
    permit: &OrgPermit<perm::WebhookDelete>,
    webhook_id: Id,
) -> Result<()> {
    let mut tx = db.begin(permit.tenancy()).await?;
    if !repositories::webhooks::delete_webhook(tx.conn(), permit.organization_id(), webhook_id)
        .await?
    {
        return Err(Error::NotFound("webhook"));
    }
    audit::record(
        &mut tx,
        permit,
        AuditRecord {
            action: "webhook.deleted",
            target_type: "webhook",
            target_id: Some(webhook_id),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives a webhook a new secret; the old one still signs beside it for the
/// overlap (a day unless the request says otherwise), so that receivers can
/// switch without dropping a delivery.
pub async fn rotate_secret(
    db: &Db,
    permit: &OrgPermit<perm::WebhookUpdate>,
    webhook_id: Id,
    request: RotateWebhookSecretRequest,
) -> Result<RotatedWebhookSecret> {
    let overlap = request
        .overlap_seconds
        .unwrap_or(DEFAULT_SECRET_OVERLAP_SECONDS);
    if overlap > MAX_SECRET_OVERLAP_SECONDS {
        return Err(Error::invalid(
            "overlap_seconds",
            "out_of_range",
            format!("must be at most {MAX_SECRET_OVERLAP_SECONDS} (a week)"),
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    let mut row = webhook_row(&mut tx, permit.organization_id(), webhook_id).await?;
    let secret = new_secret();
    row.previous_secret = (overlap > 0).then(|| std::mem::take(&mut row.secret));
    row.previous_secret_expires_at =
        (overlap > 0).then(|| now + time::Duration::seconds(overlap.into()));
    row.secret = secret.clone();
    row.updated_at = now;
    repositories::webhooks::update_webhook(tx.conn(), &row).await?;
    audit::record(
        &mut tx,
        permit,
        AuditRecord {
            action: "webhook.secret_rotated",
            target_type: "webhook",
            target_id: Some(row.id),
            details: json!({ "overlap_seconds": overlap }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(RotatedWebhookSecret {
        webhook: row.into(),
        secret,
    })
}

/// A page of a webhook's deliveries, newest first, of one status when
/// `status` names one; 404 for a webhook the organization does not have,
/// rather than an empty page.
pub async fn list_deliveries(
    db: &Db,
    permit: &OrgPermit<perm::WebhookRead>,
    webhook_id: Id,
    status: Option<WebhookDeliveryStatus>,
    page: &PageRequest,
) -> Result<Page<WebhookDelivery>> {
    let organization_id = permit.organization_id();
    let mut tx = db.read(permit.tenancy()).await?;
    webhook_row(&mut tx, organization_id, webhook_id).await?;
    repositories::webhooks::list_deliveries(tx.conn(), organization_id, webhook_id, status, page)
        .await
}

/// A delivery of a webhook with every attempt at it.
pub async fn get_delivery(
    db: &Db,
    permit: &OrgPermit<perm::WebhookRead>,
    webhook_id: Id,
    event_id: Id,
) -> Result<WebhookDeliveryResponse> {
    let organization_id = permit.organization_id();
    let mut tx = db.read(permit.tenancy()).await?;
    delivery_with_attempts(&mut tx, organization_id, webhook_id, event_id).await
}

async fn delivery_with_attempts(
    tx: &mut Tx,
    organization_id: Id,
    webhook_id: Id,
    event_id: Id,
) -> Result<WebhookDeliveryResponse> {
    let delivery =
        repositories::webhooks::find_delivery_row(tx.conn(), organization_id, webhook_id, event_id)
            .await?
            .ok_or(Error::NotFound("delivery"))?;
    let attempts =
        repositories::webhooks::list_attempts(tx.conn(), organization_id, webhook_id, event_id)
            .await?;
    Ok(WebhookDeliveryResponse {
        delivery: WebhookDelivery::from(delivery),
        attempts: attempts.into_iter().map(Into::into).collect(),
    })
}

/// Sends a delivery again, now, whatever came of it before: with the same
/// `webhook-id`, so a receiver that has it already can tell.
pub async fn redeliver(
    db: &Db,
    permit: &OrgPermit<perm::WebhookUpdate>,
    webhook_id: Id,
    event_id: Id,
) -> Result<WebhookDeliveryResponse> {
    let organization_id = permit.organization_id();
    let mut tx = db.begin(permit.tenancy()).await?;
    repositories::webhooks::find_delivery_row(tx.conn(), organization_id, webhook_id, event_id)
        .await?
        .ok_or(Error::NotFound("delivery"))?;
    repositories::webhooks::schedule_redelivery(
        tx.conn(),
        organization_id,
        webhook_id,
        event_id,
        Ts::now(),
    )
    .await?;
    audit::record(
        &mut tx,
        permit,
        AuditRecord {
            action: "webhook.redelivered",
            target_type: "webhook",
            target_id: Some(webhook_id),
            details: json!({ "event_id": event_id.0 }),
        },
    )
    .await?;
    let delivery = delivery_with_attempts(&mut tx, organization_id, webhook_id, event_id).await?;
    tx.commit().await?;
    Ok(delivery)
}

/// Publishes an event in the transaction of the change it reports: one
/// pending delivery per webhook that wants it, sent once the transaction
/// commits (and never when it rolls back). `data` is the event's `data`.
pub async fn publish(
    tx: &mut Tx,
    organization_id: Id,
    project_id: Option<Id>,
    event_type: WebhookEventType,
    data: serde_json::Value,
) -> Result<()> {
    let at = Ts::now();
    let payload = json!({
        "type": event_type,
        "timestamp": rfc3339::format(at.get()),
        "data": data,
    })
    .to_string();
    let event = NewEvent {
        id: Id::new(),
        organization_id,
        project_id,
        event_type,
        payload: &payload,
        at,
    };
    repositories::webhooks::queue_deliveries_of_event(tx.conn(), &event).await?;
    Ok(())
}
