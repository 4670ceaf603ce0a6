"""Progress bars (tqdm) for long work, which a parameter or `LABELWELL_NO_PROGRESS=1` turns off."""

from __future__ import annotations

import os
from typing import Any

from tqdm.auto import tqdm

#: Set to 1 (or true, yes, on) to turn every progress bar off.
NO_PROGRESS_ENV = "LABELWELL_NO_PROGRESS"


def progress_enabled(progress: bool | None, default: bool | None = None) -> bool:
    """Whether to show a bar: the call's `progress`, else the client's, else on
    unless `LABELWELL_NO_PROGRESS` is set."""
    if progress is not None:
        return progress
    if default is not None:
        return default
    return os.environ.get(NO_PROGRESS_ENV, "").strip().lower() in ("", "0", "false", "no", "off")


def progress_bar(
    enabled: bool, *, desc: str, total: float | None = None, unit: str = "item", **kwargs: Any
) -> tqdm[Any]:
    """A tqdm bar, or a disabled one that costs nothing when progress is off."""
    return tqdm(total=total, desc=desc, unit=unit, disable=not enabled, dynamic_ncols=True, **kwargs)
