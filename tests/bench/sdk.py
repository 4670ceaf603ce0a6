"""The SDK rows of the benchmark: pull a project's export into dicts and into
a DataFrame, then import as many items into a new project with the SDK's
batched import.

Called by labelwell-bench with the server, a token, the organization and a
project it built; prints one JSON object of items per second. With
`--pull-only SECONDS` (the load run) it pulls the project into dicts again and
again for that long instead, with no retries (an error is the run's to count),
and prints each pull's items and seconds.
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


def pull_repeatedly(url: str, token: str, project: str, seconds: float) -> None:
    """Pulls `project` into dicts until `seconds` have passed (one pull at
    least, each one begun before then), and prints each pull's figures."""
    client = labelwell.Client(base_url=url, token=token, progress=False, max_retries=0)
    deadline = time.perf_counter() + seconds
    pulls = []
    while not pulls or time.perf_counter() < deadline:
        started = time.perf_counter()
        count = len(client.export.pull(project).to_list())
        pulls.append({"items": count, "seconds": time.perf_counter() - started})
    print(json.dumps({"pulls": pulls}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--organization")
    parser.add_argument("--project", required=True)
    parser.add_argument("--pull-only", type=float, metavar="SECONDS")
    args = parser.parse_args()
    if args.pull_only is not None:
        pull_repeatedly(args.url, args.token, args.project, args.pull_only)
        return
    if args.organization is None:
        parser.error("--organization is needed, unless --pull-only")
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
