"""Runs schemathesis against the OpenAPI document a built `labelwell` serves,
once per caller: the owner, a manager, an annotator, a viewer of a seeded
organization (world.py), and an outsider (the owner of another organization),
each with its API token. Checks: no server error, and every response conforms
to the document (a documented status code, its schema, its content type and
headers). Exits non-zero on any failure.

Every caller runs the fuzzing phase (`--max-examples` cases per operation);
the callers of `--coverage-for` also run the coverage phase (every boundary and
type of every parameter and field, about 2,000 cases). `--jobs` callers run at
once, each against the same server.

Usage: .venv/bin/python tests/contract/run_schemathesis.py path/to/labelwell
           [--max-examples N] [--roles owner,manager,...] [--coverage-for owner|all]
           [--jobs N] [--seed N]

CI runs it with its defaults; a longer run is in the README ("The contract, as
outside tools read it").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from served import Served
from world import sacrificial, seed

HERE = Path(__file__).resolve().parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)
CALLERS = ("owner", "manager", "annotator", "viewer", "outsider")


def command(base_url: str, token: str, phases: str, arguments: argparse.Namespace) -> list[str]:
    run = [
        str(SCHEMATHESIS),
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--phases",
        phases,
        "--max-examples",
        str(arguments.max_examples),
        "--generation-database",
        "none",
        "--no-color",
    ]
    if arguments.seed is not None:
        run += ["--seed", str(arguments.seed)]
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", type=Path)
    parser.add_argument("--max-examples", type=int, default=10, help="cases per operation in fuzzing")
    parser.add_argument("--roles", default=",".join(CALLERS))
    parser.add_argument("--coverage-for", default="owner", help="callers that also run the coverage phase, or `all`")
    parser.add_argument("--jobs", type=int, default=2, help="callers tested at once")
    parser.add_argument("--seed", type=int, default=None, help="schemathesis' random seed, to repeat a run")
    arguments = parser.parse_args()
    roles = arguments.roles.split(",")
    with_coverage = roles if arguments.coverage_for == "all" else arguments.coverage_for.split(",")

    started = time.monotonic()
    results: dict[str, tuple[int, float, str]] = {}
    with Served(arguments.binary) as server, tempfile.TemporaryDirectory() as logs:
        world = seed(server.base_url)
        waiting = []
        for role in roles:
            env = dict(os.environ)
            env.update(
                LW_ORG_ID=world.org_id,
                LW_PROJECT_ID=world.project_id,
                LW_ITEM_ID=world.item_id,
                LW_ANNOTATION_ID=world.annotation_id,
                SCHEMATHESIS_HOOKS=str(HERE / "schemathesis_hooks.py"),
                **sacrificial(world),
            )
            phases = "examples,coverage,fuzzing" if role in with_coverage else "examples,fuzzing"
            waiting.append((role, command(server.base_url, world.tokens[role], phases, arguments), env))
        running: list[tuple[str, subprocess.Popen[bytes], float, Path]] = []
        while waiting or running:
            while waiting and len(running) < arguments.jobs:
                role, run, env = waiting.pop(0)
                log = Path(logs) / f"{role}.log"
                with open(log, "wb") as output:
                    process = subprocess.Popen(
                        run, env=env, cwd=server.workdir, stdout=output, stderr=subprocess.STDOUT
                    )
                running.append((role, process, time.monotonic(), log))
            for entry in list(running):
                role, process, began, log = entry
                if process.poll() is not None:
                    running.remove(entry)
                    results[role] = (process.returncode, time.monotonic() - began, log.read_text(errors="replace"))
                    print(f"\n== schemathesis as {role}\n{results[role][2]}", flush=True)
            time.sleep(0.2)
        if server.process is not None and server.process.poll() is not None:
            print(f"the server died:\n{server.logs()}", file=sys.stderr)
            return 1
    timings = ", ".join(f"{role} {seconds:.0f} s" for role, (_, seconds, _) in results.items())
    print(f"\nschemathesis: {time.monotonic() - started:.0f} s in all; per caller: {timings}")
    failed = [role for role, (code, _, _) in results.items() if code != 0]
    if failed:
        print(f"schemathesis found failures as: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
