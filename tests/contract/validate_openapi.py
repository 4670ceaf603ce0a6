"""Checks the contract as an outside tool reads it: the committed
`openapi/openapi.json` and the document the binary serves at
`/api/v1/openapi.json` are valid OpenAPI documents for an independent validator
(openapi-spec-validator), and they are the same document.

Usage: .venv/bin/python tests/contract/validate_openapi.py path/to/labelwell
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate

from served import Served

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def check(name: str, document: dict[str, Any]) -> None:
    validate(document)
    print(f"{name}: a valid OpenAPI {document['openapi']} document ({len(document['paths'])} paths)")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    committed = json.loads(COMMITTED.read_text())
    check("openapi/openapi.json", committed)
    with (
        Served(Path(sys.argv[1])) as server,
        urllib.request.urlopen(f"{server.base_url}/api/v1/openapi.json") as answer,
    ):
        served = json.load(answer)
    check("the served /api/v1/openapi.json", served)
    if served != committed:
        print("the served document differs from openapi/openapi.json: regenerate it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
