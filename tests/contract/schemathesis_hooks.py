"""What schemathesis needs to speak the API's line-delimited JSON, loaded by
run_schemathesis.py: the body of an NDJSON import, and the lines of a JSONL export."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson_lines(_context: schemathesis.SerializationContext, value: Any) -> bytes:
    """An import's NDJSON body: the generated `ItemInput`, one JSON value per line."""
    values = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(each).encode() + b"\n" for each in values)


@schemathesis.deserializer("application/x-ndjson")
def jsonl_export(_context: schemathesis.DeserializationContext, response: schemathesis.Response) -> Any:
    """A JSONL export: every line must be JSON; the first is checked against the
    line's schema (`ExportedItem`). An empty export has nothing to check."""
    lines = [json.loads(line) for line in response.content.splitlines() if line.strip()]
    if not lines:
        raise NotImplementedError("an empty export has no line to check")
    return lines[0]
