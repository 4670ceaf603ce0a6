"""Bulk writes: any iterable of entries sent as NDJSON in batches, each batch
all-or-nothing and retried as a whole, with a progress bar; the one way
`client.items.import_items`, `client.items.set_priorities` and
`client.predictions.import_items` send many entries."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from ._errors import APIStatusError, InvalidRequestError
from ._native import encode_lines
from ._progress import progress_bar, progress_enabled
from ._transport import RawBody, Transport

__all__ = ["length_of", "send_in_batches"]

_T = TypeVar("_T")

_LINE = re.compile(r"^line\[(\d+)\]")


def send_in_batches(
    transport: Transport,
    path: str,
    entries: Iterable[Any],
    *,
    line_type: type,
    decode: type[_T],
    batch_size: int,
    progress: bool | None,
    desc: str,
    noun: str,
    total: int | None = None,
) -> Iterator[_T]:
    """POSTs `entries` to `path` as NDJSON in batches of `batch_size`, each
    entry checked against the transport type `line_type` (a dict, or an object
    of that type) before it is sent; yields each batch's answer, parsed into
    `decode`. Memory stays bounded by one batch.

    On a failed batch the error's field paths name entries by their position
    in `entries` (`line[3]` of the batch from position 5000 becomes
    `{noun}[5002]`), and its detail says the batches before it were written.
    A `batch_size` below 1 raises `ValueError` at once.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    return _send(transport, path, iter(entries), line_type, decode, batch_size, progress, desc, noun, total)


def _send(
    transport: Transport,
    path: str,
    iterator: Iterator[Any],
    line_type: type,
    decode: type[_T],
    batch_size: int,
    progress: bool | None,
    desc: str,
    noun: str,
    total: int | None,
) -> Iterator[_T]:
    """`send_in_batches`, batch after batch."""
    offset = 0
    enabled = progress_enabled(progress, transport.progress)
    with progress_bar(enabled, desc=desc, total=total) as bar:
        while True:
            batch = list(itertools.islice(iterator, batch_size))
            if not batch:
                return
            try:
                lines = encode_lines(line_type, batch, offset)
            except (ValueError, TypeError) as error:
                raise InvalidRequestError(str(error)) from None
            body = RawBody(lines, "application/x-ndjson")
            try:
                answer = transport.request("POST", path, body=body, decode=decode)
            except APIStatusError as error:
                _renumber(error, offset, noun)
                raise
            offset += len(batch)
            bar.update(len(batch))
            yield answer


def length_of(entries: Iterable[Any]) -> int | None:
    """How many entries there are, if the iterable knows (a list, a dict's items)."""
    return len(entries) if hasattr(entries, "__len__") else None  # type: ignore[arg-type]


def _renumber(error: APIStatusError, offset: int, noun: str) -> None:
    """Names the entries of a failed batch by their position in the whole write."""

    def position(match: re.Match[str]) -> str:
        return f"{noun}[{offset + int(match.group(1)) - 1}]"

    error.detail = f"{error.detail} ({noun} before position {offset} were imported)"
    error.errors = [
        type(field)(field=_LINE.sub(position, field.field), code=field.code, message=field.message)
        for field in error.errors
    ]
    error.args = (error._message(),)
