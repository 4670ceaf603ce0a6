"""Retries with backoff: on connection errors, 408, 429 and 5xx; never on 409 or other 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import labelwell
from labelwell import _retry

from .conftest import World
from .faults import Fault, FaultProxy


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry, "INITIAL_BACKOFF", 0.01)


@pytest.fixture
def proxy(world: World) -> Iterator[FaultProxy]:
    proxy = FaultProxy(world.accounts.server.base_url)
    yield proxy
    proxy.close()


@pytest.fixture
def client(world: World, proxy: FaultProxy) -> labelwell.Client:
    return labelwell.Client(proxy.base_url, world.owner_token, max_retries=2)


def test_a_503_then_a_200_succeeds(world: World, proxy: FaultProxy, client: labelwell.Client) -> None:
    proxy.script(Fault(503))
    assert client.projects.get(world.project.id).id == world.project.id
    assert len(proxy.requests) == 2


@pytest.mark.parametrize("status", [408, 429, 500, 502, 504])
def test_retried_statuses(status: int, world: World, proxy: FaultProxy, client: labelwell.Client) -> None:
    proxy.script(Fault(status))
    assert client.projects.get(world.project.id).id == world.project.id
    assert len(proxy.requests) == 2


def test_retry_after_is_honoured(world: World, proxy: FaultProxy, client: labelwell.Client) -> None:
    proxy.script(Fault(429, headers={"Retry-After": "0"}), Fault(503, headers={"Retry-After": "0"}))
    assert client.me.get() is not None
    assert len(proxy.requests) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 410, 422])
def test_other_4xx_are_never_retried(status: int, world: World, proxy: FaultProxy, client: labelwell.Client) -> None:
    proxy.script(Fault(status))
    with pytest.raises(labelwell.APIStatusError) as raised:
        client.projects.get(world.project.id)
    assert raised.value.status == status
    assert len(proxy.requests) == 1


def test_a_dropped_connection_is_retried(world: World, proxy: FaultProxy, client: labelwell.Client) -> None:
    proxy.script(Fault(drop=True))
    assert client.items.import_items(world.project.id, world.items(3)).created == 3
    assert len(proxy.requests) == 2


def test_retries_stop_after_max_retries(world: World, proxy: FaultProxy) -> None:
    client = labelwell.Client(proxy.base_url, world.owner_token, max_retries=0)
    proxy.script(Fault(503))
    with pytest.raises(labelwell.ServerError):
        client.me.get()
    assert len(proxy.requests) == 1


def test_every_page_of_a_list_is_retried_on_its_own(world: World, proxy: FaultProxy, client: labelwell.Client) -> None:
    world.owner.items.import_items(world.project.id, world.items(5))
    pager = client.items.list(world.project.id, page_size=2)
    proxy.script(Fault(), Fault(503), Fault(), Fault(502))
    assert [item.external_id for item in pager] == [f"t{i}" for i in range(5)]
    assert len(proxy.requests) == 5


def test_opening_an_export_is_retried(world: World, proxy: FaultProxy, client: labelwell.Client) -> None:
    world.owner.items.import_items(world.project.id, world.items(3))
    proxy.script(Fault(503), Fault(drop=True))
    assert len(list(client.export.pull(world.project.id))) == 3
    assert len(proxy.requests) == 3


def test_a_pull_that_breaks_off_resumes_after_the_last_item_received(
    world: World, proxy: FaultProxy, client: labelwell.Client
) -> None:
    world.owner.items.import_items(world.project.id, world.items(2500))
    proxy.script(Fault(cut_after=0.5), Fault(cut_after=0.5))
    pulled = [item["external_id"] for item in client.export.pull(world.project.id).iter_dicts()]
    assert sorted(pulled) == sorted(f"t{i}" for i in range(2500))
    assert len(proxy.requests) == 3
    assert "after=" not in proxy.requests[0][1]
    assert "after=" in proxy.requests[1][1]
    assert "after=" in proxy.requests[2][1]


@pytest.mark.parametrize("table", ["pandas", "parquet"])
def test_a_table_pull_that_breaks_off_resumes_without_losing_or_repeating_rows(
    world: World, proxy: FaultProxy, client: labelwell.Client, tmp_path: Path, table: str
) -> None:
    world.owner.items.import_items(world.project.id, world.items(2500))
    proxy.script(Fault(cut_after=0.5), Fault(cut_after=0.5))
    pull = client.export.pull(world.project.id)
    if table == "pandas":
        pytest.importorskip("pandas")
        pulled = list(pull.to_pandas()["external_id"])
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        pull.to_parquet(tmp_path / "export.parquet")
        pulled = pq.read_table(tmp_path / "export.parquet")["external_id"].to_pylist()
    assert sorted(pulled) == sorted(f"t{i}" for i in range(2500))
    assert len(proxy.requests) == 3


def test_a_pull_that_keeps_breaking_off_raises(world: World, proxy: FaultProxy) -> None:
    world.owner.items.import_items(world.project.id, world.items(10))
    client = labelwell.Client(proxy.base_url, world.owner_token, max_retries=1)
    proxy.script(Fault(cut_after=0.5), Fault(cut_after=0.5))
    with pytest.raises(labelwell.APIConnectionError, match="the export broke off"):
        list(client.export.pull(world.project.id))
    assert len(proxy.requests) == 2


def test_a_pull_starts_after_an_item(world: World) -> None:
    world.owner.items.import_items(world.project.id, world.items(5))
    ids = sorted(item.id for item in world.owner.items.list(world.project.id))
    assert [item.id for item in world.owner.export.pull(world.project.id, after=ids[1])] == ids[2:]
