"""Rows of dicts into tables: pandas DataFrames and Hugging Face datasets.

Both are optional extras (`pip install "labelwell[pandas]"`, `"labelwell[datasets]"`);
the SDK imports them only when asked for a table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._errors import LabelwellError

if TYPE_CHECKING:
    import datasets  # type: ignore[import-untyped]
    import pandas

__all__ = ["flatten", "rows_to_dataset", "rows_to_pandas"]


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A row with nested dicts spread into columns: `{"data": {"text": t}}` -> `{"data.text": t}`.

    Lists are kept as they are; an empty dict becomes no column.
    """
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _require(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError as error:
        raise LabelwellError(f"this needs the `{module}` package: pip install 'labelwell[{extra}]'") from error


def rows_to_pandas(rows: Iterable[dict[str, Any]], *, flatten: bool = True) -> pandas.DataFrame:
    """A DataFrame of the rows (needs pandas), one column per key seen in any row.

    With `flatten`, nested dicts become dotted columns. Top-level columns named
    `*_at` (the API's times) become timezone-aware datetimes.
    """
    pd = _require("pandas", "pandas")
    spread = globals()["flatten"]
    columns: dict[str, list[Any]] = {}
    for count, row in enumerate(rows, start=1):
        if flatten:
            row = spread(row)
        for key, value in row.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = [None] * (count - 1)
            column.append(value)
        for column in columns.values():
            if len(column) < count:
                column.append(None)
    frame: pandas.DataFrame = pd.DataFrame(columns)
    for name in frame.columns:
        if name.endswith("_at") and "." not in name:
            frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    return frame


def rows_to_dataset(rows: Iterable[dict[str, Any]], *, flatten: bool = True) -> datasets.Dataset:
    """A Hugging Face `datasets.Dataset` of the rows (needs `datasets`), as `rows_to_pandas` shapes them."""
    ds = _require("datasets", "datasets")
    frame = rows_to_pandas(rows, flatten=flatten)
    dataset: datasets.Dataset = ds.Dataset.from_pandas(frame, preserve_index=False)
    return dataset
