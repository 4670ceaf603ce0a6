"""Every error class, raised by the real server's answers (and the proxy's for 5xx)."""

from __future__ import annotations

import pytest

import labelwell
from labelwell import _retry
from labelwell._transport import RawBody

from .conftest import PASSWORD, Accounts, Server, World
from .faults import Fault, FaultProxy


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry, "INITIAL_BACKOFF", 0.01)


def test_bad_request_400(world: World) -> None:
    with pytest.raises(labelwell.BadRequestError) as raised:
        world.owner._transport.request(
            "POST", f"/organizations/{world.org.id}/projects", body=RawBody(b"{not json", "application/json")
        )
    assert raised.value.status == 400
    assert not isinstance(raised.value, labelwell.ValidationError)


def test_validation_422_carries_the_field_errors(world: World) -> None:
    with pytest.raises(labelwell.ValidationError) as raised:
        world.owner.projects.create(world.org.id, name="", overlap=99)
    error = raised.value
    assert error.status == 422 and error.code == "validation_failed"
    assert error.type == "urn:labelwell:problem:validation_failed"
    assert {field.field for field in error.errors} == {"name", "overlap"}
    assert all(field.code and field.message for field in error.errors)
    assert "name:" in str(error) and "overlap:" in str(error)


def test_a_bad_import_names_items_by_their_position_in_the_whole_import(world: World) -> None:
    items = world.items(7)
    items[5]["data"] = {"title": "no text field"}
    with pytest.raises(labelwell.ValidationError) as raised:
        world.owner.items.import_items(world.project.id, items, batch_size=2)
    assert [field.field for field in raised.value.errors] == ["items[5].data.text"]
    assert "items before position 4 were imported" in raised.value.detail
    assert len(world.owner.items.list(world.project.id).to_list()) == 4


def test_a_request_that_does_not_fit_its_type_is_refused_before_sending(world: World) -> None:
    with pytest.raises(labelwell.InvalidRequestError, match="CreateTokenRequest"):
        world.owner.tokens.create("x", expires_in_days=-1)
    with pytest.raises(labelwell.InvalidRequestError, match=r"item 1: .*missing field `external_id`"):
        world.owner.items.import_items(world.project.id, [{"external_id": "a", "data": {}}, {"data": {}}])
    with pytest.raises(labelwell.InvalidRequestError, match="unknown variant `superuser`"):
        world.owner.members.add(world.org.id, email="x@example.com", role="superuser")


def test_authentication_401(server: Server) -> None:
    client = labelwell.Client(server.base_url, "lw_not_a_real_token")
    with pytest.raises(labelwell.AuthenticationError) as raised:
        client.me.get()
    assert raised.value.status == 401 and raised.value.code == "unauthenticated"


def test_permission_denied_403(world: World) -> None:
    annotator = world.member("annotator")
    with pytest.raises(labelwell.PermissionDeniedError) as raised:
        annotator.organizations.audit_log(world.org.id).to_list()
    assert raised.value.status == 403 and raised.value.code == "permission_denied"


def test_not_found_404_for_another_tenants_project(world: World, accounts: Accounts) -> None:
    stranger = accounts.user("eve")
    with pytest.raises(labelwell.NotFoundError) as raised:
        stranger.projects.get(world.project.id)
    assert raised.value.status == 404


def test_conflict_409(world: World, accounts: Accounts) -> None:
    world.owner.projects.archive(world.project.id)
    with pytest.raises(labelwell.ConflictError) as raised:
        world.owner.items.import_items(world.project.id, world.items(1))
    assert raised.value.status == 409 and raised.value.code == "project_archived"


def test_gone_410_for_an_expired_invitation(world: World, accounts: Accounts, server: Server) -> None:
    bob = accounts.session("bob")
    assert bob.user is not None
    created = world.owner.invitations.create(world.org.id, email=bob.user.email, role="viewer")
    past = "2000-01-01T00:00:00.000000Z"
    server.sql(f"UPDATE invitations SET expires_at = '{past}' WHERE id = '{created.invitation.id}'")
    with pytest.raises(labelwell.GoneError) as raised:
        bob.invitations.accept(created.token)
    assert raised.value.status == 410 and raised.value.code == "invitation_expired"
    assert isinstance(raised.value, labelwell.NotFoundError)


def test_rate_limited_429_with_a_long_retry_after_is_raised_at_once(accounts: Accounts, server: Server) -> None:
    session = accounts.session("ada")
    assert session.user is not None
    for _ in range(5):
        with pytest.raises(labelwell.AuthenticationError):
            labelwell.Client.login(session.user.email, "wrong password!", base_url=server.base_url)
    with pytest.raises(labelwell.RateLimitError) as raised:
        labelwell.Client.login(session.user.email, PASSWORD, base_url=server.base_url)
    error = raised.value
    assert error.status == 429 and error.code == "too_many_requests"
    assert error.retry_after is not None and error.retry_after > _retry.MAX_RETRY_AFTER


def test_server_error_5xx_after_the_retries(world: World) -> None:
    proxy = FaultProxy(world.accounts.server.base_url)
    try:
        client = labelwell.Client(proxy.base_url, world.owner_token, max_retries=2)
        proxy.script(Fault(500), Fault(502), Fault(503))
        with pytest.raises(labelwell.ServerError) as raised:
            client.projects.get(world.project.id)
        assert raised.value.status == 503 and raised.value.code == "injected"
        assert len(proxy.requests) == 3
    finally:
        proxy.close()


def test_timeout(world: World) -> None:
    proxy = FaultProxy(world.accounts.server.base_url)
    try:
        client = labelwell.Client(proxy.base_url, world.owner_token, timeout=0.3, max_retries=1)
        proxy.script(Fault(delay=1.0), Fault(delay=1.0))
        with pytest.raises(labelwell.APITimeoutError):
            client.me.get()
        assert len(proxy.requests) == 2
    finally:
        proxy.close()


def test_errors_pickle(world: World) -> None:
    import pickle

    with pytest.raises(labelwell.NotFoundError) as raised:
        world.owner.items.get("00000000-0000-0000-0000-000000000000")
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is labelwell.NotFoundError and again.code == "not_found" and str(again) == str(raised.value)
