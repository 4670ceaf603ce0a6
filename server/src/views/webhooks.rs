//! `/organizations/{org_id}/webhooks`: subscriptions of URLs to events, their
//! secrets, and the log of their deliveries.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use labelwell_transport::{
    CreateWebhookRequest, CreatedWebhook, PageQuery, Problem, RotateWebhookSecretRequest,
    RotatedWebhookSecret, UpdateWebhookRequest, WebhookDeliveryList, WebhookDeliveryQuery,
    WebhookDeliveryResponse, WebhookList, WebhookResponse,
};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use super::ApiRouter;
use super::extract::{JsonBody, PathIds, QueryParams};
use super::pagination::pagination_of;
use crate::authz::{OrgPermit, perm};
use crate::db::Id;
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::state::AppState;

/// The webhook a path names.
#[derive(Debug, serde::Deserialize)]
pub struct WebhookPath {
    /// The webhook's id.
    pub webhook_id: Uuid,
}

/// The delivery a path names: an event, to a webhook.
#[derive(Debug, serde::Deserialize)]
pub struct DeliveryPath {
    /// The webhook's id.
    pub webhook_id: Uuid,
    /// The event's id (its `webhook-id`).
    pub event_id: Uuid,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(create_webhook))
        .routes(route!(list_webhooks))
        .routes(route!(get_webhook))
        .routes(route!(update_webhook))
        .routes(route!(delete_webhook))
        .routes(route!(rotate_webhook_secret))
        .routes(route!(list_webhook_deliveries))
        .routes(route!(get_webhook_delivery))
        .routes(route!(redeliver_webhook_delivery))
}

/// Subscribe a URL to the organization's events, or to one project's.
///
/// Each event is POSTed as JSON (`{"type", "timestamp", "data"}`) with the
/// Standard Webhooks headers `webhook-id`, `webhook-timestamp` and
/// `webhook-signature` (HMAC-SHA256 under the secret this answer shows, once).
/// Deliveries are retried with exponential backoff for a day; see the
/// deliveries log.
#[utoipa::path(
    post, path = "/organizations/{org_id}/webhooks", tag = "webhooks",
    params(("org_id" = Uuid, Path, description = "The organization's id.")),
    request_body = CreateWebhookRequest,
    responses((status = 201, description = "The webhook and its secret.", body = CreatedWebhook))
)]
pub async fn create_webhook(
    permit: OrgPermit<perm::WebhookCreate>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<CreateWebhookRequest>,
) -> Result<(StatusCode, Json<CreatedWebhook>)> {
    let created =
        services::webhooks::create_webhook(&state.db, &permit, request, &state.config.webhooks)
            .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The organization's webhooks, oldest first.
#[utoipa::path(
    get, path = "/organizations/{org_id}/webhooks", tag = "webhooks",
    params(("org_id" = Uuid, Path, description = "The organization's id."), PageQuery),
    responses((status = 200, description = "A page of webhooks.", body = WebhookList))
)]
pub async fn list_webhooks(
    permit: OrgPermit<perm::WebhookRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<WebhookList>> {
    let page = PageRequest::from_query(&query)?;
    let page = repositories::webhooks::list_webhooks(&state.db, &permit, &page).await?;
    Ok(Json(WebhookList {
        pagination: pagination_of(&uri, &page),
        webhooks: page.items,
    }))
}

/// One webhook.
#[utoipa::path(
    get, path = "/organizations/{org_id}/webhooks/{webhook_id}", tag = "webhooks",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("webhook_id" = Uuid, Path, description = "The webhook's id."),
    ),
    responses((status = 200, description = "The webhook.", body = WebhookResponse))
)]
pub async fn get_webhook(
    permit: OrgPermit<perm::WebhookRead>,
    State(state): State<AppState>,
    path: PathIds<WebhookPath>,
) -> Result<Json<WebhookResponse>> {
    let webhook =
        services::webhooks::get_webhook(&state.db, &permit, Id(path.0.webhook_id)).await?;
    Ok(Json(WebhookResponse { webhook }))
}

/// Change a webhook's URL, events or description, or pause it (`active: false`).
#[utoipa::path(
    patch, path = "/organizations/{org_id}/webhooks/{webhook_id}", tag = "webhooks",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("webhook_id" = Uuid, Path, description = "The webhook's id."),
    ),
    request_body = UpdateWebhookRequest,
    responses((status = 200, description = "The webhook as changed.", body = WebhookResponse))
)]
pub async fn update_webhook(
    permit: OrgPermit<perm::WebhookUpdate>,
    State(state): State<AppState>,
    path: PathIds<WebhookPath>,
    JsonBody(request): JsonBody<UpdateWebhookRequest>,
) -> Result<Json<WebhookResponse>> {
    let webhook = services::webhooks::update_webhook(
        &state.db,
        &permit,
        Id(path.0.webhook_id),
        request,
        &state.config.webhooks,
    )
    .await?;
    Ok(Json(WebhookResponse { webhook }))
}

/// Delete a webhook with its delivery log; nothing more is sent to it.
#[utoipa::path(
    delete, path = "/organizations/{org_id}/webhooks/{webhook_id}", tag = "webhooks",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("webhook_id" = Uuid, Path, description = "The webhook's id."),
    ),
    responses((status = 204, description = "Deleted."))
)]
pub async fn delete_webhook(
    permit: OrgPermit<perm::WebhookDelete>,
    State(state): State<AppState>,
    path: PathIds<WebhookPath>,
) -> Result<StatusCode> {
    services::webhooks::delete_webhook(&state.db, &permit, Id(path.0.webhook_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Give a webhook a new signing secret, shown this once.
///
/// The old secret still signs beside the new one for the overlap (a day
/// unless `overlap_seconds` says otherwise): attempts carry both signatures
/// in `webhook-signature`, so receivers switch without dropping one.
#[utoipa::path(
    post, path = "/organizations/{org_id}/webhooks/{webhook_id}/rotate-secret", tag = "webhooks",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("webhook_id" = Uuid, Path, description = "The webhook's id."),
    ),
    request_body = RotateWebhookSecretRequest,
    responses((status = 200, description = "The new secret.", body = RotatedWebhookSecret))
)]
pub async fn rotate_webhook_secret(
    permit: OrgPermit<perm::WebhookUpdate>,
    State(state): State<AppState>,
    path: PathIds<WebhookPath>,
    JsonBody(request): JsonBody<RotateWebhookSecretRequest>,
) -> Result<Json<RotatedWebhookSecret>> {
    let rotated =
        services::webhooks::rotate_secret(&state.db, &permit, Id(path.0.webhook_id), request)
            .await?;
    Ok(Json(rotated))
}

/// A webhook's deliveries, newest first: one per event, with where it stands.
#[utoipa::path(
    get, path = "/organizations/{org_id}/webhooks/{webhook_id}/deliveries", tag = "webhooks",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("webhook_id" = Uuid, Path, description = "The webhook's id."),
        WebhookDeliveryQuery,
    ),
    responses((status = 200, description = "A page of deliveries.", body = WebhookDeliveryList))
)]
pub async fn list_webhook_deliveries(
    permit: OrgPermit<perm::WebhookRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    path: PathIds<WebhookPath>,
    QueryParams(query): QueryParams<WebhookDeliveryQuery>,
) -> Result<Json<WebhookDeliveryList>> {
    let page = PageRequest::from_query(&PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    })?;
    let page = services::webhooks::list_deliveries(
        &state.db,
        &permit,
        Id(path.0.webhook_id),
        query.status,
        &page,
    )
    .await?;
    Ok(Json(WebhookDeliveryList {
        pagination: pagination_of(&uri, &page),
        deliveries: page.items,
    }))
}

/// One delivery with every attempt at it: when, the receiver's status, the
/// latency, or why there was no answer.
#[utoipa::path(
    get, path = "/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}", tag = "webhooks",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("webhook_id" = Uuid, Path, description = "The webhook's id."),
        ("event_id" = Uuid, Path, description = "The event's id (its `webhook-id`)."),
    ),
    responses((status = 200, description = "The delivery and its attempts.", body = WebhookDeliveryResponse))
)]
pub async fn get_webhook_delivery(
    permit: OrgPermit<perm::WebhookRead>,
    State(state): State<AppState>,
    path: PathIds<DeliveryPath>,
) -> Result<Json<WebhookDeliveryResponse>> {
    let delivery = services::webhooks::get_delivery(
        &state.db,
        &permit,
        Id(path.0.webhook_id),
        Id(path.0.event_id),
    )
    .await?;
    Ok(Json(delivery))
}

/// Send a delivery again, now, whatever came of it before, with the same
/// `webhook-id`.
#[utoipa::path(
    post, path = "/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}/redeliver", tag = "webhooks",
    params(
        ("org_id" = Uuid, Path, description = "The organization's id."),
        ("webhook_id" = Uuid, Path, description = "The webhook's id."),
        ("event_id" = Uuid, Path, description = "The event's id (its `webhook-id`)."),
    ),
    responses(
        (status = 202, description = "Due again at once.", body = WebhookDeliveryResponse),
        (status = 404, description = "No such delivery.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn redeliver_webhook_delivery(
    permit: OrgPermit<perm::WebhookUpdate>,
    State(state): State<AppState>,
    path: PathIds<DeliveryPath>,
) -> Result<(StatusCode, Json<WebhookDeliveryResponse>)> {
    let delivery = services::webhooks::redeliver(
        &state.db,
        &permit,
        Id(path.0.webhook_id),
        Id(path.0.event_id),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(delivery)))
}
