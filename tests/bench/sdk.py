"""The SDK rows of the benchmark: pull a project's export into dicts and into
a DataFrame, then import as many items into a new project with the SDK's
batched import.

Called by labelwell-bench with the server, a token, the organization and a
project it built; prints one JSON object of items per second.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from typing import Any

import labelwell

SCHEMA = {
    "fields": [{"name": "text"}],
    "questions": [
        {
            "name": "sentiment",
            "type": "single_label",
            "labels": ["positive", "negative", "neutral"],
        }
    ],
}


def items(count: int) -> Iterator[dict[str, Any]]:
    """The benchmark's items (as `item_line` in main.rs makes them), as dicts."""
    for i in range(count):
        text = f"Customer ticket {i}: the export button greys out after the third retry and the page needs a reload to work again."
        yield {
            "external_id": f"item-{i:08}",
            "data": {"text": text},
            "metadata": {"source": "bench", "shard": i % 16},
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--organization", required=True)
    parser.add_argument("--project", required=True)
    args = parser.parse_args()
    client = labelwell.Client(base_url=args.url, token=args.token, progress=False)
    # Before timing: the rows measure the pull, not importing pandas.
    __import__("pandas")

    started = time.perf_counter()
    count = len(client.export.pull(args.project).to_list())
    dicts = count / (time.perf_counter() - started)

    started = time.perf_counter()
    rows = len(client.export.pull(args.project).to_pandas())
    pandas = rows / (time.perf_counter() - started)

    project = client.projects.create(
        args.organization, name="Tickets, imported by the SDK"
    )
    client.annotation_ui.publish(project.id, SCHEMA)
    started = time.perf_counter()
    imported = client.items.import_items(project.id, items(count)).created
    batched = imported / (time.perf_counter() - started)

    print(
        json.dumps(
            {
                "items": count,
                "dicts_per_second": dicts,
                "pandas_per_second": pandas,
                "import_per_second": batched,
            }
        )
    )


if __name__ == "__main__":
    main()
