"""How fast a pull is: N items imported, then exported into objects, dicts, a DataFrame and a Parquet file.

    LABELWELL_URL=http://127.0.0.1:8080 LABELWELL_TOKEN=lw_... python benchmarks/pull.py [N]

Creates an organization and a project of N items (default 100,000; about 300
bytes of export JSON each), then times each way of reading them back: the wall time, bounded by the server's export,
and this process's CPU time, the SDK's own cost. `download` (the raw export written to /dev/null)
is the server's and the network's share; the rest adds the SDK's parsing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Callable
from uuid import UUID

import pandas  # noqa: F401  (imported before timing)
import pyarrow.parquet  # noqa: F401

import labelwell


def timed(name: str, count: int, work: Callable[[], int]) -> None:
    """Wall time (the server's work overlaps the SDK's) and this process's CPU time (the SDK's alone)."""
    started, cpu = time.perf_counter(), time.process_time()
    got = work()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{name:<26} {got:>9,} in {elapsed:5.2f} s = {count / elapsed:>9,.0f} items/s;"
        f" SDK CPU {cpu:5.2f} s = {count / max(cpu, 1e-9):>9,.0f} items/s"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    client = labelwell.Client(progress=False)
    org = client.organizations.create("Pull benchmark")
    project = client.projects.create(org.id, name="Pull benchmark")
    client.annotation_ui.publish(
        project.id,
        {
            "fields": [{"name": "text"}],
            "questions": [{"name": "sentiment", "type": "single_label", "labels": ["positive", "negative"]}],
        },
    )
    items = (
        {"external_id": f"item-{i}", "data": {"text": f"ticket {i}: the app crashes on start"}, "metadata": {"n": i}}
        for i in range(count)
    )
    timed("import (NDJSON batches)", count, lambda: client.items.import_items(project.id, items).created)
    pull = client.export.pull(project.id)
    timed("download (raw bytes)", count, lambda: _download(client, project.id, count))
    timed("pull -> ExportedItem", count, lambda: sum(1 for _ in pull))
    timed("pull -> dicts", count, lambda: len(pull.to_list()))
    timed("pull -> pandas DataFrame", count, lambda: len(pull.to_pandas()))
    with tempfile.TemporaryDirectory() as scratch:
        timed("pull -> Parquet file", count, lambda: pull.to_parquet(Path(scratch) / "export.parquet"))
    timed("list items (pages of 1000)", count, lambda: sum(1 for _ in client.items.list(project.id, page_size=1000)))
    client.organizations.delete(org.id)


def _download(client: labelwell.Client, project_id: UUID, count: int) -> int:
    client.export.download(project_id, "/dev/null")
    return count


if __name__ == "__main__":
    main()
