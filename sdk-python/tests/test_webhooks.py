"""Webhooks through the SDK, against the real server on both backends: events
delivered to a real HTTP receiver on loopback, each signature checked by an
independent Standard Webhooks library (`standardwebhooks`), retries, secret
rotation, redelivery, and the delivery log."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, TypeVar

import pytest
from standardwebhooks.webhooks import Webhook as Verifier
from standardwebhooks.webhooks import WebhookVerificationError

import labelwell
from labelwell import WebhookDeliveryStatus, WebhookEventType
from labelwell.types import WebhookDelivery, WebhookDeliveryResponse

from .conftest import Accounts, World

#: How long an event may take to arrive (or a delivery to settle).
DEADLINE = 20.0

T = TypeVar("T")


@dataclass(frozen=True)
class Received:
    """One request the receiver got, and the status it answered."""

    headers: dict[str, str]
    body: bytes
    status: int

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    @property
    def type(self) -> str:
        kind: str = json.loads(self.body)["type"]
        return kind

    def verifies_under(self, secret: str) -> bool:
        try:
            Verifier(secret).verify(self.body, self.headers)
        except WebhookVerificationError:
            return False
        return True


class Receiver:
    """A webhook receiver on 127.0.0.1: records every request, and answers
    the statuses queued in `fail_next` first, then 200."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.fail_next: list[int] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                with receiver.lock:
                    status = receiver.fail_next.pop(0) if receiver.fail_next else 200
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    receiver.received.append(Received(headers, body, status))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/hooks"

    def requests(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def of(self, webhook_id: Any) -> list[Received]:
        """The requests carrying this `webhook-id`."""
        return [r for r in self.requests() if r.webhook_id == str(webhook_id)]

    def wait(self, count: int) -> list[Received]:
        """The requests received, once there are at least `count`."""
        return wait_for(f"{count} requests", lambda: self.requests() if len(self.requests()) >= count else None)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    try:
        yield running
    finally:
        running.close()


def wait_for(what: str, check: Callable[[], T | None]) -> T:
    """Polls `check` until it returns something truthy, for up to `DEADLINE` seconds."""
    deadline = time.monotonic() + DEADLINE
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def settled(client: labelwell.Client, org_id: Any, webhook_id: Any, count: int) -> list[WebhookDelivery]:
    """The webhook's deliveries, once there are at least `count` and none is pending."""

    def check() -> list[WebhookDelivery] | None:
        deliveries = client.webhooks.deliveries(org_id, webhook_id).to_list()
        if len(deliveries) >= count and all(d.status != WebhookDeliveryStatus.PENDING for d in deliveries):
            return deliveries
        return None

    return wait_for(f"{count} deliveries to settle", check)


def annotate_and_review(world: World, count: int) -> None:
    """Imports `count` items; an annotator labels the first one (the
    project's overlap is 1, so it completes); the owner accepts the label."""
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(count))
    annotator = world.member("annotator")
    world.owner.projects.assign_member(project_id, annotator.me.get().id)
    lease = annotator.queue.next(project_id)
    assert lease is not None
    annotation = annotator.annotations.create(lease.item.id, {"sentiment": "positive"})
    world.owner.reviews.create(annotation.id, "accept")


def test_every_event_arrives_signed_and_the_delivery_log_shows_it(world: World, receiver: Receiver) -> None:
    org_id = world.org.id
    events = ["annotation.created", "review.created", "item.completed", "import.finished", "release.created"]
    created = world.owner.webhooks.create(org_id, receiver.url, events=events, description="training pipeline")
    webhook = created.webhook
    assert created.secret.startswith("whsec_")
    assert webhook.url == receiver.url and webhook.active and webhook.project_id is None
    assert sorted(e.value for e in webhook.events) == sorted(events)
    assert webhook.previous_secret_expires_at is None

    annotate_and_review(world, 2)
    world.owner.releases.create(world.project.id, "v1")

    receiver.wait(len(events))
    deliveries = settled(world.owner, org_id, webhook.id, len(events))
    got = receiver.requests()
    assert len(deliveries) == len(got) == len(events)
    assert sorted(r.type for r in got) == sorted(events), "one event of each type"
    by_id = {str(d.event_id): d for d in deliveries}
    for request in got:
        assert request.verifies_under(created.secret), f"{request.type}: signature does not verify"
        assert request.headers["content-type"] == "application/json"
        assert len(request.headers["webhook-signature"].split(" ")) == 1
        delivery = by_id[request.webhook_id]
        assert delivery.event_type == request.type
        assert delivery.status == WebhookDeliveryStatus.SUCCEEDED
        assert delivery.attempt_count == 1 and delivery.last_response_status == 200
        assert delivery.payload == json.loads(request.body)
        body = json.loads(request.body)
        assert set(body) == {"type", "timestamp", "data"}
        assert body["data"]["project_id"] == str(world.project.id)
        detail = world.owner.webhooks.delivery(org_id, webhook.id, delivery.event_id)
        assert detail.delivery == delivery
        [attempt] = detail.attempts
        assert attempt.succeeded and attempt.response_status == 200 and attempt.error is None
    assert len(by_id) == len(got), "one webhook-id per event"
    succeeded = world.owner.webhooks.deliveries(org_id, webhook.id, status="succeeded").to_list()
    assert len(succeeded) == len(events)
    assert world.owner.webhooks.deliveries(org_id, webhook.id, status=WebhookDeliveryStatus.FAILED).to_list() == []


def test_a_receiver_that_is_down_gets_every_event_later_and_only_once(world: World, receiver: Receiver) -> None:
    org_id = world.org.id
    receiver.fail_next = [503, 503, 503]
    created = world.owner.webhooks.create(org_id, receiver.url, events=[WebhookEventType.IMPORT_FINISHED])
    webhook_id = created.webhook.id
    world.owner.items.import_items(world.project.id, world.items(1, prefix="a"))
    world.owner.items.import_items(world.project.id, world.items(1, prefix="b"))

    deliveries = settled(world.owner, org_id, webhook_id, 2)
    assert len(deliveries) == 2
    assert all(d.status == WebhookDeliveryStatus.SUCCEEDED for d in deliveries)
    failures = 0
    for delivery in deliveries:
        attempts = world.owner.webhooks.delivery(org_id, webhook_id, delivery.event_id).attempts
        *failed, last = attempts
        assert all(not a.succeeded and a.response_status == 503 for a in failed)
        assert last.succeeded and last.response_status == 200
        assert delivery.attempt_count == len(attempts) and delivery.last_response_status == 200
        failures += len(failed)
    assert failures == 3, "every 503 is in the log"

    # One more event, delivered after those: by then a duplicate would have come too.
    world.owner.items.import_items(world.project.id, world.items(1, prefix="c"))
    assert len(settled(world.owner, org_id, webhook_id, 3)) == 3
    requests = receiver.requests()
    assert len(requests) == 3 + 3
    for delivery in deliveries:
        answers = [r.status for r in receiver.of(delivery.event_id)]
        assert answers[-1] == 200 and answers.count(200) == 1, f"{delivery.event_id} after its 2xx: {answers}"
        assert all(r.verifies_under(created.secret) for r in receiver.of(delivery.event_id))
        assert len({r.body for r in receiver.of(delivery.event_id)}) == 1, "every retry sends the same body"


def test_a_rotated_secret_signs_beside_the_old_one_for_the_overlap(world: World, receiver: Receiver) -> None:
    org_id = world.org.id
    created = world.owner.webhooks.create(org_id, receiver.url, events=["import.finished"])
    webhook_id = created.webhook.id
    old = created.secret

    rotated = world.owner.webhooks.rotate_secret(org_id, webhook_id, overlap_seconds=3600)
    new = rotated.secret
    assert new.startswith("whsec_") and new != old
    assert rotated.webhook.id == webhook_id and rotated.webhook.previous_secret_expires_at is not None
    world.owner.items.import_items(world.project.id, world.items(1, prefix="a"))
    [during] = receiver.wait(1)
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert during.verifies_under(old), "the old secret still signs during the overlap"
    assert during.verifies_under(new), "the new secret signs"

    retired = world.owner.webhooks.rotate_secret(org_id, webhook_id, overlap_seconds=0)
    newest = retired.secret
    assert retired.webhook.previous_secret_expires_at is None
    assert world.owner.webhooks.get(org_id, webhook_id).previous_secret_expires_at is None
    world.owner.items.import_items(world.project.id, world.items(1, prefix="b"))
    _, last = receiver.wait(2)
    assert len(last.headers["webhook-signature"].split(" ")) == 1
    assert last.verifies_under(newest)
    assert not last.verifies_under(new), "with no overlap, the secret before is retired at once"
    assert not last.verifies_under(old)


def test_a_redelivery_sends_the_same_event_again(world: World, receiver: Receiver) -> None:
    org_id = world.org.id
    created = world.owner.webhooks.create(org_id, receiver.url, events=["import.finished"])
    webhook_id = created.webhook.id
    world.owner.items.import_items(world.project.id, world.items(1))
    [delivery] = settled(world.owner, org_id, webhook_id, 1)
    assert delivery.status == WebhookDeliveryStatus.SUCCEEDED

    again = world.owner.webhooks.redeliver(org_id, webhook_id, delivery.event_id)
    assert again.delivery.event_id == delivery.event_id
    first, second = receiver.wait(2)
    assert first.webhook_id == second.webhook_id == str(delivery.event_id)
    assert first.body == second.body
    assert second.verifies_under(created.secret)

    def two_attempts() -> WebhookDeliveryResponse | None:
        detail = world.owner.webhooks.delivery(org_id, webhook_id, delivery.event_id)
        return detail if len(detail.attempts) == 2 and detail.delivery.status == "succeeded" else None

    detail = wait_for("the redelivery in the log", two_attempts)
    assert [a.response_status for a in detail.attempts] == [200, 200]
    assert detail.delivery.attempt_count == 2


def test_webhooks_are_listed_changed_paused_and_deleted(world: World, receiver: Receiver) -> None:
    org_id = world.org.id
    paused = world.owner.webhooks.create(org_id, receiver.url, events=["import.finished"]).webhook
    other_project = world.owner.projects.create(org_id, name="Elsewhere")
    elsewhere = world.owner.webhooks.create(
        org_id, receiver.url, events=["import.finished"], project_id=other_project.id
    ).webhook
    assert elsewhere.project_id == other_project.id
    active = world.owner.webhooks.create(org_id, receiver.url, events=["import.finished"]).webhook
    assert [w.id for w in world.owner.webhooks.list(org_id, page_size=2)] == [paused.id, elsewhere.id, active.id]
    assert world.owner.webhooks.get(org_id, active.id) == active

    changed = world.owner.webhooks.update(
        org_id,
        paused.id,
        events=[WebhookEventType.IMPORT_FINISHED, "release.created"],
        description="paused for now",
        active=False,
    )
    assert changed.id == paused.id and not changed.active and changed.description == "paused for now"
    assert sorted(e.value for e in changed.events) == ["import.finished", "release.created"]
    assert changed.url == receiver.url and changed.updated_at >= paused.updated_at

    world.owner.items.import_items(world.project.id, world.items(1))
    settled(world.owner, org_id, active.id, 1)
    assert world.owner.webhooks.deliveries(org_id, paused.id).to_list() == [], "a paused webhook gets no events"
    assert world.owner.webhooks.deliveries(org_id, elsewhere.id).to_list() == [], "nor one of another project"

    world.owner.webhooks.delete(org_id, paused.id)
    with pytest.raises(labelwell.NotFoundError):
        world.owner.webhooks.get(org_id, paused.id)
    assert [w.id for w in world.owner.webhooks.list(org_id)] == [elsewhere.id, active.id]


def test_webhook_errors(world: World, accounts: Accounts, receiver: Receiver) -> None:
    org_id = world.org.id
    with pytest.raises(labelwell.ValidationError) as raised:
        world.owner.webhooks.create(org_id, "ftp://example.com/hooks", events=["import.finished"])
    assert raised.value.status == 422
    assert [field.field for field in raised.value.errors] == ["url"]
    with pytest.raises(labelwell.InvalidRequestError, match=r"annotation\.deleted"):
        world.owner.webhooks.create(org_id, receiver.url, events=["annotation.deleted"])

    stranger = accounts.user("stranger")
    their_org = stranger.organizations.create("Elsewhere Inc")
    theirs = stranger.webhooks.create(their_org.id, receiver.url, events=["import.finished"]).webhook
    with pytest.raises(labelwell.NotFoundError):
        world.owner.webhooks.get(org_id, theirs.id)
    with pytest.raises(labelwell.NotFoundError):
        world.owner.webhooks.update(org_id, theirs.id, active=False)
    with pytest.raises(labelwell.NotFoundError):
        world.owner.webhooks.delete(org_id, theirs.id)
    with pytest.raises(labelwell.NotFoundError):
        world.owner.webhooks.deliveries(org_id, theirs.id).to_list()
    assert stranger.webhooks.get(their_org.id, theirs.id).active, "nothing changed it"

    mine = world.owner.webhooks.create(org_id, receiver.url, events=["import.finished"]).webhook
    with pytest.raises(labelwell.NotFoundError):
        world.owner.webhooks.delivery(org_id, mine.id, uuid.uuid4())
    with pytest.raises(labelwell.NotFoundError):
        world.owner.webhooks.redeliver(org_id, mine.id, uuid.uuid4())

    annotator = world.member("annotator")
    with pytest.raises(labelwell.PermissionDeniedError):
        annotator.webhooks.list(org_id).to_list()
