"""Lazy, auto-paginating lists across page boundaries."""

from __future__ import annotations

import pytest

import labelwell

from .conftest import Accounts, World
from .faults import FaultProxy


@pytest.mark.parametrize(("count", "page_size"), [(0, 2), (1, 2), (6, 2), (7, 3), (7, 7), (7, 1000)])
def test_lists_cross_page_boundaries(world: World, count: int, page_size: int) -> None:
    world.owner.items.import_items(world.project.id, world.items(count))
    pager = world.owner.items.list(world.project.id, page_size=page_size)
    assert [item.external_id for item in pager] == [f"t{i}" for i in range(count)]
    pages = list(pager.pages())
    assert len(pages) == max(1, -(-count // page_size))
    assert all(len(page.items) <= page_size for page in pages)
    assert pages[-1].pagination.next_cursor is None


def test_iteration_is_lazy(world: World) -> None:
    world.owner.items.import_items(world.project.id, world.items(10))
    proxy = FaultProxy(world.accounts.server.base_url)
    try:
        client = labelwell.Client(proxy.base_url, world.owner_token)
        pager = client.items.list(world.project.id, page_size=3)
        assert proxy.requests == []
        first = pager.first()
        assert first is not None and first.external_id == "t0"
        assert len(proxy.requests) == 1
        iterator = iter(pager)
        [next(iterator) for _ in range(4)]
        assert len(proxy.requests) == 3
        assert "cursor=" in proxy.requests[-1][1] and "limit=3" in proxy.requests[-1][1]
    finally:
        proxy.close()


def test_every_list_pages(world: World, accounts: Accounts) -> None:
    owner = world.owner
    for i in range(3):
        owner.organizations.create(f"Org {i}")
    assert len(owner.organizations.list(page_size=1).to_list()) == 4
    for i in range(2):
        world.member("viewer", f"viewer{i}")
    assert len(owner.members.list(world.org.id, page_size=1).to_list()) == 3
    assert len(owner.organizations.audit_log(world.org.id, page_size=1).to_list()) >= 3
    for i in range(3):
        owner.invitations.create(world.org.id, email=f"inv{i}@example.com", role="viewer")
    assert len(owner.invitations.list(world.org.id, page_size=2).to_list()) == 3
    for i in range(3):
        owner.projects.create(world.org.id, name=f"P{i}")
    assert len(owner.projects.list(world.org.id, page_size=2).to_list()) == 4
    assert len(world.owner_session.tokens.list(page_size=1).to_list()) == 1


def test_to_pandas_of_a_list(world: World) -> None:
    pytest.importorskip("pandas")
    world.owner.items.import_items(world.project.id, world.items(5))
    frame = world.owner.items.list(world.project.id, page_size=2).to_pandas()
    assert list(frame["external_id"]) == [f"t{i}" for i in range(5)]
    assert list(frame["data.text"]) == [f"ticket number {i}" for i in range(5)]
    assert str(frame["created_at"].dt.tz) == "UTC"
