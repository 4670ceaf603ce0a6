"""Webhooks: an organization's subscriptions to events, their signing secrets,
and the log of their deliveries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Union

from .._base import Id, Resource, operation, segment
from .._native import (
    CreatedWebhook,
    CreateWebhookRequest,
    RotatedWebhookSecret,
    RotateWebhookSecretRequest,
    UpdateWebhookRequest,
    Webhook,
    WebhookDelivery,
    WebhookDeliveryList,
    WebhookDeliveryResponse,
    WebhookDeliveryStatus,
    WebhookEventType,
    WebhookList,
    WebhookResponse,
)
from .._pagination import Pager
from .._transport import request_body

#: An event type, as a `WebhookEventType` or its name (`"annotation.created"`).
WebhookEventTypeLike = Union[WebhookEventType, str]
#: A delivery status, as a `WebhookDeliveryStatus` or its name (`"failed"`).
WebhookDeliveryStatusLike = Union[WebhookDeliveryStatus, str]


class Webhooks(Resource):
    """Webhooks of an organization (owners and admins): `client.webhooks`.

    ```python
    created = client.webhooks.create(org_id, "https://ml.example.com/hooks", events=["release.created"])
    created.secret                                  # 'whsec_...': shown this once, store it
    for delivery in client.webhooks.deliveries(org_id, created.webhook.id, status="failed"):
        client.webhooks.redeliver(org_id, created.webhook.id, delivery.event_id)
    ```

    Each event is POSTed as JSON (`{"type", "timestamp", "data"}`) signed as
    the Standard Webhooks specification says (`webhook-id`,
    `webhook-timestamp`, `webhook-signature`): check it with a Standard
    Webhooks library and the secret, and drop a `webhook-id` already seen.
    """

    @operation("create_webhook")
    def create(
        self,
        org_id: Id,
        url: str,
        *,
        events: Sequence[WebhookEventTypeLike],
        project_id: Id | None = None,
        description: str | None = None,
    ) -> CreatedWebhook:
        """Subscribes `url` (`http` or `https`) to `events` of the organization,
        or of one project with `project_id`. Returns the webhook and its
        signing secret (`.secret`, `whsec_...`), which is never shown again."""
        body = request_body(
            CreateWebhookRequest,
            url=url,
            events=list(events),
            project_id=project_id,
            description=description,
        )
        path = f"/organizations/{segment(org_id)}/webhooks"
        return self._transport.request("POST", path, body=body, decode=CreatedWebhook)

    @operation("list_webhooks")
    def list(self, org_id: Id, *, page_size: int | None = None) -> Pager[Webhook]:
        """The organization's webhooks, oldest first."""
        return Pager(
            self._transport,
            f"/organizations/{segment(org_id)}/webhooks",
            page_type=WebhookList,
            key="webhooks",
            page_size=page_size,
        )

    @operation("get_webhook")
    def get(self, org_id: Id, webhook_id: Id) -> Webhook:
        """One webhook (never its secret)."""
        path = f"/organizations/{segment(org_id)}/webhooks/{segment(webhook_id)}"
        return self._transport.request("GET", path, decode=WebhookResponse).webhook

    @operation("update_webhook")
    def update(
        self,
        org_id: Id,
        webhook_id: Id,
        *,
        url: str | None = None,
        events: Sequence[WebhookEventTypeLike] | None = None,
        description: str | None = None,
        active: bool | None = None,
    ) -> Webhook:
        """Changes a webhook's URL, events or description; `active=False`
        pauses it (events meanwhile are not sent to it), `active=True` resumes it."""
        body = request_body(
            UpdateWebhookRequest,
            url=url,
            events=None if events is None else list(events),
            description=description,
            active=active,
        )
        path = f"/organizations/{segment(org_id)}/webhooks/{segment(webhook_id)}"
        return self._transport.request("PATCH", path, body=body, decode=WebhookResponse).webhook

    @operation("delete_webhook")
    def delete(self, org_id: Id, webhook_id: Id) -> None:
        """Deletes a webhook and its delivery log; nothing more is sent to it."""
        self._transport.request("DELETE", f"/organizations/{segment(org_id)}/webhooks/{segment(webhook_id)}")

    @operation("rotate_webhook_secret")
    def rotate_secret(self, org_id: Id, webhook_id: Id, *, overlap_seconds: int | None = None) -> RotatedWebhookSecret:
        """Gives a webhook a new signing secret (`.secret`, shown this once).
        The old one still signs beside it for `overlap_seconds` (a day by
        default, up to a week; `0` retires it at once), so receivers can switch
        without dropping a delivery."""
        body = request_body(RotateWebhookSecretRequest, overlap_seconds=overlap_seconds)
        path = f"/organizations/{segment(org_id)}/webhooks/{segment(webhook_id)}/rotate-secret"
        return self._transport.request("POST", path, body=body, decode=RotatedWebhookSecret)

    @operation("list_webhook_deliveries")
    def deliveries(
        self,
        org_id: Id,
        webhook_id: Id,
        *,
        status: WebhookDeliveryStatusLike | None = None,
        page_size: int | None = None,
    ) -> Pager[WebhookDelivery]:
        """The webhook's deliveries, newest first: each event's payload, status
        (`pending`, `succeeded`, `failed`), attempts and last HTTP status; only
        those of one `status` when given."""
        return Pager(
            self._transport,
            f"/organizations/{segment(org_id)}/webhooks/{segment(webhook_id)}/deliveries",
            page_type=WebhookDeliveryList,
            key="deliveries",
            query={"status": status},
            page_size=page_size,
        )

    @operation("get_webhook_delivery")
    def delivery(self, org_id: Id, webhook_id: Id, event_id: Id) -> WebhookDeliveryResponse:
        """A delivery (`.delivery`) with every attempt at it (`.attempts`, oldest first)."""
        path = f"/organizations/{segment(org_id)}/webhooks/{segment(webhook_id)}/deliveries/{segment(event_id)}"
        return self._transport.request("GET", path, decode=WebhookDeliveryResponse)

    @operation("redeliver_webhook_delivery")
    def redeliver(self, org_id: Id, webhook_id: Id, event_id: Id) -> WebhookDeliveryResponse:
        """Sends a delivery again, now, whatever came of it before, with the
        same `webhook-id`. Returns it as it stands (the attempt follows shortly)."""
        path = (
            f"/organizations/{segment(org_id)}/webhooks/{segment(webhook_id)}/deliveries/{segment(event_id)}/redeliver"
        )
        return self._transport.request("POST", path, decode=WebhookDeliveryResponse)
