"""Pulling labelled data: streamed exports into objects, dicts, DataFrames and datasets."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import labelwell
from labelwell.types import ExportedItem

from .conftest import World
from .faults import Fault, FaultProxy


def annotate(world: World, count: int) -> labelwell.Client:
    """Imports `count` items; an annotator labels each; a reviewer accepts the first."""
    world.owner.items.import_items(world.project.id, world.items(count))
    annotator = world.member("annotator")
    reviewer = world.member("reviewer")
    for member in (annotator, reviewer):
        world.owner.projects.assign_member(world.project.id, member.me.get().id)
    first = None
    while (lease := annotator.queue.next(world.project.id)) is not None:
        label = "negative" if lease.item.external_id.endswith(("0", "2", "4")) else "positive"
        made = annotator.annotations.create(lease.item.id, {"sentiment": label}, time_spent_ms=1000)
        first = first or made
    assert first is not None
    reviewer.reviews.create(first.id, "accept", comment="right")
    return annotator


def test_a_pull_yields_exported_items_with_annotations_and_reviews(world: World) -> None:
    annotate(world, 3)
    items = list(world.owner.export.pull(world.project.id))
    assert all(isinstance(item, ExportedItem) for item in items)
    assert sorted(item.external_id for item in items) == ["t0", "t1", "t2"]
    reviewed = [item for item in items if item.annotations[0].reviews]
    assert len(reviewed) == 1 and reviewed[0].annotations[0].reviews[0].verdict == "accept"
    assert {item.annotations[0].value["sentiment"] for item in items} == {"negative", "positive"}


def test_a_pull_filters_by_status_and_change_time(world: World) -> None:
    annotate(world, 3)
    accepted = world.owner.export.pull(world.project.id, status="accepted").to_list()
    assert len(accepted) == 1 and accepted[0]["status"] == "accepted"
    future = datetime.now(timezone.utc) + timedelta(hours=1)
    assert world.owner.export.pull(world.project.id, updated_after=future).to_list() == []


def test_to_list_gives_dicts_in_the_wire_shape(world: World) -> None:
    annotate(world, 2)
    rows = world.owner.export.pull(world.project.id).to_list()
    # An item without model predictions has no `predictions` on the wire (the object's is empty).
    assert [set(row) for row in rows] == [set(ExportedItem.__wire_fields__) - {"predictions"}] * 2
    assert isinstance(rows[0]["id"], str) and rows[0]["data"] == {"text": "ticket number 0"}
    assert ExportedItem.from_dict(rows[0]).id is not None
    assert ExportedItem.from_dict(rows[0]).predictions == []


def test_to_pandas_one_row_per_item_or_per_annotation(world: World) -> None:
    pytest.importorskip("pandas")
    annotate(world, 5)
    items = world.owner.export.pull(world.project.id).to_pandas()
    assert len(items) == 5
    assert {"id", "external_id", "status", "data.text", "annotations", "created_at"} <= set(items.columns)
    assert str(items["updated_at"].dt.tz) == "UTC"
    labels = world.owner.export.pull(world.project.id).to_pandas(per="annotation")
    assert len(labels) == 5
    assert {"item_id", "data.text", "value.sentiment", "review_status", "annotator_id"} <= set(labels.columns)
    assert sorted(labels["value.sentiment"]) == ["negative"] * 3 + ["positive"] * 2
    nested = world.owner.export.pull(world.project.id).to_pandas(flatten=False)
    assert nested["data"][0] == {"text": "ticket number 0"}


def test_to_dataset(world: World) -> None:
    pytest.importorskip("datasets")
    annotate(world, 4)
    dataset = world.owner.export.pull(world.project.id).to_dataset(per="annotation")
    assert dataset.num_rows == 4
    assert sorted(dataset["value.sentiment"]) == ["negative", "negative", "positive", "positive"]


@pytest.mark.parametrize("format", ["jsonl", "csv", "json"])
def test_download_writes_the_export_to_a_file(world: World, tmp_path: Path, format: str) -> None:
    annotate(world, 3)
    path = tmp_path / f"export.{format}"
    written = world.owner.export.download(world.project.id, path, format=format)  # type: ignore[arg-type]
    assert written == path.stat().st_size > 0
    text = path.read_text()
    if format == "jsonl":
        assert len([json.loads(line) for line in text.splitlines() if line]) == 3
    elif format == "json":
        assert len(json.loads(text)["items"]) == 3
    else:
        assert len(list(csv.DictReader(text.splitlines()))) == 3


def test_progress_bars_show_unless_turned_off(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    world.owner.items.import_items(world.project.id, world.items(3), progress=False)
    monkeypatch.delenv("LABELWELL_NO_PROGRESS", raising=False)
    capsys.readouterr()
    world.owner.export.pull(world.project.id).to_list()
    assert "pulling items" in capsys.readouterr().err
    world.owner.export.pull(world.project.id, progress=False).to_list()
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("LABELWELL_NO_PROGRESS", "1")
    world.owner.items.import_items(world.project.id, world.items(3))
    world.owner.export.pull(world.project.id).to_list()
    assert capsys.readouterr().err == ""
    monkeypatch.delenv("LABELWELL_NO_PROGRESS")
    world.owner.items.import_items(world.project.id, world.items(3), progress=True)
    assert "importing items" in capsys.readouterr().err
    quiet = labelwell.Client(world.accounts.server.base_url, world.owner_token, progress=False)
    quiet.export.pull(world.project.id).to_list()
    assert capsys.readouterr().err == ""


def test_threads_pull_in_parallel_because_the_gil_is_released(world: World) -> None:
    """Four calls, each answered after 0.5 s by a proxy that runs in this same
    process: they overlap only if each call releases the GIL while it waits."""
    world.owner.items.import_items(world.project.id, world.items(20))
    proxy = FaultProxy(world.accounts.server.base_url)
    try:
        client = labelwell.Client(proxy.base_url, world.owner_token, timeout=10)
        proxy.script(*[Fault(delay=0.5)] * 4)
        results: list[int] = []

        def pull() -> None:
            results.append(len(list(client.export.pull(world.project.id))))

        threads = [threading.Thread(target=pull) for _ in range(4)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        assert results == [20] * 4
        assert elapsed < 1.5, f"4 calls of 0.5 s took {elapsed:.2f} s: they did not run in parallel"
    finally:
        proxy.close()


PULL_IN_A_FRESH_PROCESS = textwrap.dedent(
    """
    import json, sys
    import labelwell

    def rss(field):
        for line in open("/proc/self/status"):
            if line.startswith(field):
                return int(line.split()[1]) * 1024
        raise RuntimeError(field)

    client = labelwell.Client(sys.argv[1], sys.argv[2], progress=False)
    pull = client.export.pull(sys.argv[3])
    kind = sys.argv[4]
    client.me.get()
    if kind == "parquet":
        # pyarrow's first use costs about 50 MB, whatever the data: pay it before measuring.
        import io, pyarrow, pyarrow.ipc, pyarrow.parquet
        table = pyarrow.table({"text": ["x"], "n": [1], "list": [[{"a": 1}]]})
        pyarrow.parquet.write_table(table, io.BytesIO())
        with pyarrow.ipc.new_file(pyarrow.BufferOutputStream(), table.schema) as spool:
            spool.write_table(table)
    open("/proc/self/clear_refs", "w").write("5")  # reset the peak
    before = rss("VmRSS")
    count = 0
    if kind == "parquet":
        count = pull.to_parquet(sys.argv[5])
    else:
        for row in pull if kind == "objects" else pull.iter_dicts():
            count += 1
    print(json.dumps({"count": count, "growth": rss("VmHWM") - before}))
    """
)


@pytest.mark.parametrize("kind", ["objects", "dicts", "parquet"])
def test_a_large_pull_streams_with_constant_memory(world: World, kind: str, tmp_path: Path) -> None:
    count, text = 20_000, "x" * 1500  # about 33 MB of export
    limit = 20 * 2**20
    if kind == "parquet":
        pytest.importorskip("pyarrow")
        # Arrow's allocator keeps some of what it frees: a larger export shows the growth is not the export's.
        count, limit = 60_000, 48 * 2**20  # about 90 MB of export
    items = ({"external_id": f"big{i}", "data": {"text": f"{i} {text}"}} for i in range(count))
    world.owner.items.import_items(world.project.id, items)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PULL_IN_A_FRESH_PROCESS,
            world.accounts.server.base_url,
            world.owner_token,
            str(world.project.id),
            kind,
            str(tmp_path / "export.parquet"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["count"] == count
    export_bytes = count * len(text)
    assert result["growth"] < limit, (
        f"pulling {export_bytes / 2**20:.0f} MB grew the process by {result['growth'] / 2**20:.1f} MB"
    )
