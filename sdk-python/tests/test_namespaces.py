"""Every namespace of the client against the real server, on both backends."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import labelwell
from labelwell.types import ItemPriority, ItemStatus, MemberStatus, ReviewStatus, Role, Verdict

from .conftest import PASSWORD, SCHEMA, Accounts, Server, World


def test_accounts_sign_up_log_in_and_log_out(server: Server) -> None:
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    signed_up = labelwell.Client.signup(email, PASSWORD, "Ada", base_url=server.base_url)
    assert signed_up.user is not None and signed_up.user.email == email
    client = labelwell.Client.login(email.upper(), PASSWORD, base_url=server.base_url)
    assert client.me.get().email == email
    org = client.organizations.create("Made with a session")  # unsafe methods send the CSRF token
    assert org.role == Role.OWNER
    client.logout()
    with pytest.raises(labelwell.AuthenticationError):
        client.me.get()


def test_me_and_tokens(accounts: Accounts) -> None:
    session = accounts.session("ada")
    created = session.tokens.create("pipeline", read_only=True, expires_in_days=30)
    assert created.secret.startswith(created.token.prefix)
    assert created.token.read_only and created.token.expires_at is not None
    scripted = labelwell.Client(accounts.server.base_url, created.secret)
    assert session.user is not None
    assert scripted.me.get().id == session.user.id
    assert created.token.id in [token.id for token in session.tokens.list()]
    with pytest.raises(labelwell.PermissionDeniedError) as refused:
        scripted.organizations.create("not with a read-only token")
    assert refused.value.code == "token_read_only"
    session.tokens.revoke(created.token.id)
    with pytest.raises(labelwell.AuthenticationError):
        scripted.me.get()


def test_organizations(accounts: Accounts) -> None:
    owner = accounts.user("owner")
    org = owner.organizations.create("Acme")
    assert owner.organizations.get(org.id) == org
    renamed = owner.organizations.update(org.id, name="Acme Labs")
    assert renamed.name == "Acme Labs" and renamed.id == org.id
    assert org.id in [o.id for o in owner.organizations.list()]
    actions = [entry.action for entry in owner.organizations.audit_log(org.id)]
    assert actions[0] == "organization.renamed"
    [renaming] = owner.organizations.audit_log(org.id, action="organization.renamed", actor_id=owner.me.get().id)
    assert renaming.details == {"from": "Acme", "to": "Acme Labs"}
    assert owner.organizations.audit_log(org.id, action="member.added").to_list() == []
    assert org.grantable_roles == [Role.OWNER, Role.ADMIN, Role.MANAGER, Role.REVIEWER, Role.ANNOTATOR, Role.VIEWER]
    owner.organizations.delete(org.id)
    with pytest.raises(labelwell.NotFoundError):
        owner.organizations.get(org.id)


def test_members(world: World, accounts: Accounts) -> None:
    grace_session = accounts.session("grace")
    assert grace_session.user is not None
    member = world.owner.members.add(world.org.id, email=grace_session.user.email, role="manager")
    assert member.role == Role.MANAGER and member.email == grace_session.user.email
    assert member.status == MemberStatus.PENDING and member.status == "pending"
    [pending] = grace_session.pending_memberships.list()
    assert pending.organization_id == world.org.id and pending.organization_name == "Acme Research"
    assert pending.role == Role.MANAGER and pending.added_by is not None
    assert pending.added_by.user_id == world.owner.me.get().id
    joined = grace_session.pending_memberships.accept(world.org.id)
    assert joined.id == world.org.id and joined.role == Role.MANAGER
    assert grace_session.pending_memberships.list().to_list() == []
    [listed] = [m for m in world.owner.members.list(world.org.id) if m.user_id == member.user_id]
    assert listed.status == MemberStatus.ACTIVE
    changed = world.owner.members.update(world.org.id, member.user_id, role=Role.REVIEWER)
    assert changed.role == "reviewer"
    assert {m.user_id for m in world.owner.members.list(world.org.id)} >= {member.user_id}
    world.owner.members.remove(world.org.id, member.user_id)
    assert member.user_id not in {m.user_id for m in world.owner.members.list(world.org.id)}


def test_pending_memberships_are_declined_or_cancelled(world: World, accounts: Accounts) -> None:
    bob = accounts.session("bob")
    carol = accounts.session("carol")
    assert bob.user is not None and carol.user is not None
    world.owner.members.add(world.org.id, email=bob.user.email, role="annotator")
    with pytest.raises(labelwell.NotFoundError):
        bob.organizations.get(world.org.id)
    bob.pending_memberships.decline(world.org.id)
    assert bob.pending_memberships.list().to_list() == []
    with pytest.raises(labelwell.NotFoundError):
        bob.pending_memberships.accept(world.org.id)
    added = world.owner.members.add(world.org.id, email=carol.user.email, role="viewer")
    world.owner.members.remove(world.org.id, added.user_id)
    with pytest.raises(labelwell.NotFoundError):
        carol.pending_memberships.accept(world.org.id)


def test_a_withdrawn_pending_membership_is_gone(world: World, accounts: Accounts) -> None:
    admin = world.member("admin")
    dave = accounts.session("dave")
    assert dave.user is not None
    admin.members.add(world.org.id, email=dave.user.email, role="manager")
    world.owner.members.remove(world.org.id, admin.me.get().id)
    with pytest.raises(labelwell.GoneError) as withdrawn:
        dave.pending_memberships.accept(world.org.id)
    assert withdrawn.value.code == "membership_withdrawn"


def test_invitations(world: World, accounts: Accounts) -> None:
    bob = accounts.session("bob")
    assert bob.user is not None
    created = world.owner.invitations.create(world.org.id, email=bob.user.email, role="annotator")
    assert created.invitation.status == "pending"
    assert created.invitation.id in [i.id for i in world.owner.invitations.list(world.org.id)]
    joined = bob.invitations.accept(created.token)
    assert joined.id == world.org.id and joined.role == Role.ANNOTATOR
    other = world.owner.invitations.create(world.org.id, email="eve@example.com", role="viewer", expires_in_days=1)
    world.owner.invitations.revoke(world.org.id, other.invitation.id)
    statuses = {i.id: i.status for i in world.owner.invitations.list(world.org.id)}
    assert statuses[other.invitation.id] == "revoked"


def test_projects(world: World) -> None:
    project = world.owner.projects.get(world.project.id)
    assert project.annotation_ui_version == 1 and project.guideline_version == 1
    updated = world.owner.projects.update(project.id, description="Tone of tickets", overlap=2)
    assert updated.description == "Tone of tickets" and updated.overlap == 2
    assert project.id in [p.id for p in world.owner.projects.list(world.org.id)]
    annotator = world.member("annotator")
    annotator_id = annotator.me.get().id
    assigned = world.owner.projects.assign_member(project.id, annotator_id)
    assert assigned.user_id == annotator_id and assigned.role == Role.ANNOTATOR
    assert [m.user_id for m in world.owner.projects.list_members(project.id)] == [annotator_id]
    assert [p.id for p in annotator.projects.list(world.org.id)] == [project.id]
    world.owner.projects.unassign_member(project.id, annotator_id)
    assert world.owner.projects.list_members(project.id).to_list() == []
    assert world.owner.projects.archive(project.id).archived
    assert world.owner.projects.get(project.id).archived
    assert project.id not in [p.id for p in world.owner.projects.list(world.org.id)]
    assert project.id in [p.id for p in world.owner.projects.list(world.org.id, include_archived=True)]
    assert not world.owner.projects.update(project.id, archived=False).archived


def test_a_deleted_project_is_gone(world: World) -> None:
    project_id = world.project.id
    world.owner.projects.delete(project_id)
    with pytest.raises(labelwell.NotFoundError):
        world.owner.projects.get(project_id)
    assert project_id not in [p.id for p in world.owner.projects.list(world.org.id, include_archived=True)]


def test_annotation_ui_and_guidelines(world: World) -> None:
    project_id = world.project.id
    current = world.owner.annotation_ui.get(project_id)
    assert current.version == 1
    assert current.schema.questions[0].kind == "single_label"
    schema = {**SCHEMA, "questions": [*SCHEMA["questions"], {"name": "note", "type": "text", "required": False}]}
    second = world.owner.annotation_ui.publish(project_id, schema)
    assert second.version == 2
    assert [v.version for v in world.owner.annotation_ui.versions(project_id)] == [1, 2]
    again = world.owner.annotation_ui.publish(project_id, second.schema)  # a transport object works too
    assert again.version == 3 and again.schema == second.schema
    guideline = world.owner.guidelines.publish(project_id, text="# v2", annotation_ui_version=2)
    assert guideline.version == 2
    assert world.owner.guidelines.get(project_id) == guideline
    assert world.owner.guidelines.get_version(project_id, 1).text == "# Sentiment"
    assert [g.version for g in world.owner.guidelines.versions(project_id)] == [1, 2]


def test_items(world: World) -> None:
    project_id = world.project.id
    items = world.items(5)
    items[0]["metadata"] = {"source": "zendesk"}
    result = world.owner.items.import_items(project_id, iter(items), batch_size=2)
    assert (result.created, result.updated) == (5, 0)
    again = world.owner.items.import_items(project_id, items[:2])
    assert (again.created, again.updated) == (0, 2)
    listed = world.owner.items.list(project_id).to_list()
    assert [item.external_id for item in listed] == [f"t{i}" for i in range(5)]
    first = world.owner.items.get(listed[0].id)
    assert first.data == {"text": "ticket number 0"} and first.metadata == {"source": "zendesk"}
    assert first.status == ItemStatus.NEW
    changed = world.owner.items.update(first.id, metadata={"source": "email"})
    assert changed.metadata == {"source": "email"} and changed.data == first.data
    since = datetime.now(timezone.utc) - timedelta(minutes=5)
    assert len(world.owner.items.list(project_id, updated_after=since).to_list()) == 5
    assert world.owner.items.list(project_id, status="accepted").to_list() == []
    [found] = world.owner.items.list(project_id, external_id="t3")
    assert found.external_id == "t3"
    assert world.owner.items.list(project_id, external_id="t").to_list() == []
    world.owner.items.delete(first.id)
    with pytest.raises(labelwell.NotFoundError):
        world.owner.items.get(first.id)


def test_priorities_order_the_queue_set_in_bulk_by_external_id(world: World) -> None:
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(6))
    # A model's uncertainty per item, as a mapping; pairs and dicts too.
    uncertainty = {"t4": 0.91, "t1": 0.35, "t5": 0.91}
    assert world.owner.items.set_priorities(project_id, uncertainty).updated == 3
    pairs = iter([("t2", -1.0), ("t0", 0.5)])
    assert world.owner.items.set_priorities(project_id, pairs, batch_size=1).updated == 2
    priorities = {item.external_id: item.priority for item in world.owner.items.list(project_id)}
    assert priorities == {"t0": 0.5, "t1": 0.35, "t2": -1.0, "t3": 0.0, "t4": 0.91, "t5": 0.91}
    annotator = world.member("annotator")
    world.owner.projects.assign_member(project_id, annotator.me.get().id)
    leased = [lease.item.external_id for lease in annotator.queue.lease(project_id, count=5)]
    assert leased == ["t4", "t5", "t0", "t1", "t3"]
    # One item's priority; the rest of the item stays.
    t2 = next(item for item in world.owner.items.list(project_id) if item.external_id == "t2")
    raised = world.owner.items.update(t2.id, priority=7)
    assert raised.priority == 7.0 and raised.data == t2.data and raised.updated_at == t2.updated_at
    # An unknown external id fails its batch, named by its position in the whole input.
    entries: list[Any] = [{"external_id": "t3", "priority": 2.0}, ItemPriority(external_id="t9", priority=1.0)]
    with pytest.raises(labelwell.ValidationError) as unknown:
        world.owner.items.set_priorities(project_id, entries)
    assert [(e.field, e.code) for e in unknown.value.errors] == [("items[1].external_id", "not_found")]
    [t3] = world.owner.items.list(project_id, external_id="t3")
    assert t3.priority == 0.0
    with pytest.raises(labelwell.InvalidRequestError):
        world.owner.items.set_priorities(project_id, [("t3", "high")])  # type: ignore[list-item]


def test_queue_annotations_reviews_and_stats(world: World) -> None:
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(2))
    annotator = world.member("annotator")
    reviewer = world.member("reviewer")
    for member in (annotator, reviewer):
        world.owner.projects.assign_member(project_id, member.me.get().id)
    made = []
    while (lease := annotator.queue.next(project_id)) is not None:
        assert lease.annotation_ui_version == 1 and lease.expires_at > datetime.now(timezone.utc)
        made.append(annotator.annotations.create(lease.item.id, {"sentiment": "negative"}, time_spent_ms=1500))
    assert len(made) == 2
    assert annotator.queue.next(project_id) is None
    first = made[0]
    assert first.value == {"sentiment": "negative"} and first.review_status == ReviewStatus.PENDING
    assert annotator.annotations.get(first.id) == first
    assert [a.id for a in annotator.annotations.list(first.item_id)] == [first.id]
    fixed = annotator.annotations.update(first.id, value={"sentiment": "positive"})
    assert fixed.value == {"sentiment": "positive"}
    review = reviewer.reviews.create(first.id, Verdict.ACCEPT)
    assert review.verdict == "accept" and review.comment == ""
    rejected = reviewer.reviews.create(made[1].id, "reject", comment="positive, really")
    assert rejected.comment == "positive, really"
    assert [r.id for r in reviewer.reviews.list(first.id)] == [review.id]
    stats = world.owner.stats.get(project_id)
    assert (stats.items.total, stats.items.accepted, stats.items.rejected) == (2, 1, 1)
    assert stats.annotators[0].annotations == 2 and stats.annotators[0].time_spent_ms == 3000
    assert stats.agreement[0].question == "sentiment"
    annotator.annotations.delete(made[1].id)
    with pytest.raises(labelwell.NotFoundError):
        annotator.annotations.get(made[1].id)


def test_work_queue_leases_ahead_releases_skips_and_counts_progress(world: World) -> None:
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(4))
    annotator = world.member("annotator")
    other = world.member("annotator", "other")
    for member in (annotator, other):
        world.owner.projects.assign_member(project_id, member.me.get().id)
    leases = annotator.queue.lease(project_id)
    assert len(leases) == 2 and leases[0].item.external_id == "t0"
    assert leases[0].annotation_ui_version == 1 and leases[0].guideline_version == 1
    assert [lease.item.id for lease in annotator.queue.lease(project_id, count=3)][:2] == [
        lease.item.id for lease in leases
    ]
    assert world.owner.annotation_ui.get_version(project_id, 1).version == 1
    with pytest.raises(labelwell.NotFoundError):
        world.owner.annotation_ui.get_version(project_id, 2)
    annotator.queue.release(project_id, leases[1].item.id)
    annotator.queue.skip(leases[0].item.id)
    held = annotator.queue.lease(project_id, count=1)
    assert [lease.item.external_id for lease in held] == ["t2"]
    done = annotator.annotations.create(held[0].item.id, {"sentiment": "neutral"})
    progress = annotator.queue.progress(project_id)
    assert (progress.annotated, progress.skipped, progress.left, progress.rejected) == (1, 1, 2, 0)
    assert [lease.item.external_id for lease in other.queue.lease(project_id, count=5)] == ["t0", "t1", "t3"]
    with pytest.raises(labelwell.ConflictError) as refused:
        annotator.queue.skip(done.item_id)
    assert refused.value.code == "already_annotated"
    with pytest.raises(labelwell.ValidationError) as invalid:
        annotator.queue.lease(project_id, count=9)
    assert invalid.value.errors[0].field == "count"
    assert world.owner.stats.get(project_id).annotators[0].skipped == 1


def test_review_queue_and_history(world: World) -> None:
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(2))
    annotator = world.member("annotator")
    reviewer = world.member("reviewer")
    for member in (annotator, reviewer):
        world.owner.projects.assign_member(project_id, member.me.get().id)
    first, second = (
        annotator.annotations.create(lease.item.id, {"sentiment": "positive"})
        for lease in annotator.queue.lease(project_id)
    )
    assert reviewer.review_queue.progress(project_id).waiting == 2
    lease = reviewer.review_queue.next(project_id)
    assert lease is not None and lease.annotation.id == first.id
    assert lease.other_annotations == [] and lease.agreement[0].question == "sentiment"
    assert (lease.agreement[0].agreeing, lease.agreement[0].annotations) == (1, 1)
    with pytest.raises(labelwell.ValidationError) as invalid:
        reviewer.reviews.create(first.id, "reject")
    assert invalid.value.errors[0].field == "comment"
    reviewer.reviews.create(first.id, "reject", comment="It is neutral.")
    reviewer.review_queue.skip(second.id)
    assert reviewer.review_queue.next(project_id) is None
    progress = reviewer.review_queue.progress(project_id)
    assert (progress.waiting, progress.reviewed) == (0, 1)
    history = annotator.annotations.mine(project_id).to_list()
    assert [entry.annotation.id for entry in history] == [second.id, first.id]
    assert history[0].latest_review is None and history[1].item.id == first.item_id
    to_fix = annotator.annotations.mine(project_id, review_status="rejected", page_size=1).to_list()
    assert [entry.annotation.id for entry in to_fix] == [first.id]
    assert to_fix[0].latest_review is not None and to_fix[0].latest_review.comment == "It is neutral."
    assert annotator.queue.progress(project_id).rejected == 1
