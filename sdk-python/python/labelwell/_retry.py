"""When to retry a request, and how long to wait first: the one place that decides."""

from __future__ import annotations

import email.utils
import random
import time

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
