"""The SDK rows of the benchmark: pull a project's export into dicts and into a DataFrame.

Called by labelwell-bench with the server, a token and a project it built;
prints one JSON object of items per second.
"""

from __future__ import annotations

import argparse
import json
import time

import labelwell


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
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

    print(json.dumps({"items": count, "dicts_per_second": dicts, "pandas_per_second": pandas}))


if __name__ == "__main__":
    main()
