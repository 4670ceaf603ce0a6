"""When to retry a request, how long to wait first, and the one loop that does it."""

from __future__ import annotations

import email.utils
import random
import time
from typing import Callable, TypeVar

_T = TypeVar("_T")

#: Statuses retried with backoff: request timeout, too many requests, server errors.
RETRIED_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

#: The first wait, in seconds; each retry doubles it, up to MAX_BACKOFF.
INITIAL_BACKOFF = 0.5
MAX_BACKOFF = 8.0
#: A `Retry-After` longer than this is not waited for: the error is raised at once.
MAX_RETRY_AFTER = 60.0


def is_retried_status(status: int) -> bool:
    """Whether an answer with this status is retried (never 409 or another 4xx but 408, 429)."""
    return status in RETRIED_STATUSES or status >= 500


def retry_after_seconds(headers: list[tuple[str, str]]) -> float | None:
    """The `Retry-After` of an answer in seconds (from seconds or an HTTP date), if any."""
    for name, value in headers:
        if name.lower() != "retry-after":
            continue
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, float(when.timestamp()) - time.time())
    return None


def backoff(attempt: int, retry_after: float | None = None) -> float | None:
    """Seconds to wait before retry number `attempt + 1`, or `None` not to retry.

    Honours the server's `Retry-After` up to MAX_RETRY_AFTER; otherwise waits
    an exponentially growing time with jitter.
    """
    if retry_after is not None:
        return retry_after if retry_after <= MAX_RETRY_AFTER else None
    delay = min(MAX_BACKOFF, INITIAL_BACKOFF * 2.0**attempt)
    return delay * (1.0 - 0.25 * random.random())


class Retry(Exception):
    """Raised by an attempt that failed in a way worth trying again (no answer,
    or a retried status). `error` is what the caller gets when no retry is left;
    `retry_after` is the server's `Retry-After`, in seconds, when it sent one."""

    def __init__(self, error: Exception, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def with_retries(attempt: Callable[[], _T], max_retries: int) -> _T:
    """What `attempt()` returns, calling it again after each `Retry` it raises,
    up to `max_retries` times, with `backoff` between; then raises the last
    `Retry`'s error. Any other exception goes through at once.

    The one retry loop of the SDK: requests, streams until their body starts,
    and pulls that resume after the last item received all run through it.
    """
    retries = 0
    while True:
        try:
            return attempt()
        except Retry as retry:
            delay = backoff(retries, retry.retry_after) if retries < max_retries else None
            if delay is None:
                raise retry.error from None
        time.sleep(delay)
        retries += 1
